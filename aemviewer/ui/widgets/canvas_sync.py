"""Two preview canvases that zoom and pan together (the A/B compare view).

Side A leads: whatever happens to its view (zoom, pan, fit, a resize, a new image) is copied to
side B. What the user does on side B is copied back to A, which then leads again. A non-user change
on B (its own resize or a new image, which would recompute its own fit) is undone by copying A's
view over it, so the two never drift apart.

Both images are shown at the same displayed width: B's scale is A's times `A.width / B.width`. With
equal pixel sizes (the usual case: the same asset in two formats or qualities) this is the same
zoom on both sides at every level, 100 % included; with different sizes the split view still
overlays the same part of the picture, and each side's pill shows its own real zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from aemviewer.ui.widgets.canvas_view import CanvasView, ZoomMode
from aemviewer.ui.widgets.image_canvas import PreviewCanvas


class CanvasLink(QObject):
    """Keeps `follower`'s zoom and pan equal to `leader`'s, in both directions."""

    def __init__(self, leader: PreviewCanvas, follower: PreviewCanvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.leader = leader
        self.follower = follower
        self._syncing = False
        leader.view_changed.connect(self._leader_changed)
        follower.view_changed.connect(self._follower_changed)

    def ratio(self) -> float:
        """Follower pixels per leader pixel of displayed width (1.0 while either image is missing)."""
        a, b = self.leader.image, self.follower.image
        if a.isNull() or b.isNull() or b.width() <= 0:
            return 1.0
        return a.width() / b.width()

    def sync_follower(self) -> None:
        """Give the follower the leader's view now."""
        if self._syncing:
            return
        view = self.leader.view()
        self._syncing = True
        try:
            self.follower.set_view(CanvasView(view.mode, view.scale * self.ratio(), view.offset))
        finally:
            self._syncing = False

    def _leader_changed(self, _by_user: bool) -> None:
        self.sync_follower()

    def _follower_changed(self, by_user: bool) -> None:
        if self._syncing:
            return
        if not by_user:
            self.sync_follower()
            return
        view = self.follower.view()
        if view.mode is ZoomMode.FIT:
            # "Fit" means fitting the leader; its own emission then brings the follower along.
            self.leader.fit()
            return
        self._syncing = True
        try:
            self.leader.set_view(CanvasView(view.mode, view.scale / self.ratio(), view.offset))
        finally:
            self._syncing = False
