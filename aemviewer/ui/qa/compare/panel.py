"""The Compare tab: two deliveries of one asset (or of two assets) as a split view with a draggable
divider or side by side, zoom and pan in step, and under each side its URL, status, delivered type,
bytes, pixel size and time, with the difference in bytes.

Both sides start from the preview's state when the tab is first shown; after that they change only
when the user edits them ("From preview" copies the preview again). A side given as a query string
follows the asset open in the preview. Each side is requested through the window's
`DeliveryService` as a turn of its own runner line, so a newer request for a side cancels the older
one and its answer is never shown.

Side B can come from another profile ("B from"): the same asset id, modifiers, format and Accept
asked of that profile's host with its own token (stage against production, or the emulator against
a real host). Once both sides have answered, the differences panel lists what differs and shows the
absolute difference image; an asset missing (404) on one side is stated as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError, NotFound
from aemviewer.delivery.reference import AssetRef
from aemviewer.qa.diff import Side
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.common.image_decoding import decode
from aemviewer.ui.qa.compare.differences import DifferencesPanel
from aemviewer.ui.qa.compare.environment import OtherEnvironment, SideBSource
from aemviewer.ui.qa.compare.side import SideEditor, SideResult, SideSpec, SideStats, byte_difference
from aemviewer.ui.qa.compare.view import CompareMode, CompareView
from aemviewer.ui.widgets.image_canvas import PreviewCanvas

if TYPE_CHECKING:
    from aemviewer.delivery.endpoints import DeliveryEndpoints

SIDES = ("A", "B")


def _line(side: str) -> str:
    """The runner line of one side's requests."""
    return f"compare-{side}"


class ComparePanel(QWidget):
    """A/B compare over the window's service and runner."""

    def __init__(self, context: FeatureContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self._context = context
        self.specs: list[SideSpec | None] = [None, None]
        self.results: list[SideResult | None] = [None, None]
        self.urls: list[str] = ["", ""]
        self.missing = [False, False]
        """Whether a side's last answer was 404."""
        self._stale = False
        self.editors = [SideEditor(name) for name in SIDES]
        self.stats = [SideStats(name) for name in SIDES]
        self.b_source = SideBSource(context)
        self.b_source.changed.connect(self._b_source_changed)
        self.b_source.refused.connect(self.editors[1].show_error)
        self.view = CompareView()
        self.differences = DifferencesPanel()
        self._build()
        for index, editor in enumerate(self.editors):
            editor.committed.connect(lambda index=index: self._side_edited(index))
            editor.take_from_preview.connect(lambda index=index: self.take_from_preview(index))
            editor.copy_url.connect(lambda index=index: self.copy_url(index))
        context.preview.asset_opened.connect(self._asset_opened)

    def _build(self) -> None:
        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        self.mode_buttons = QButtonGroup(self)
        for mode, text, tip in (
            (CompareMode.SPLIT, "Split", "One picture, A left of the divider and B right of it"),
            (CompareMode.SIDE_BY_SIDE, "Side by side", "A and B next to each other"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setChecked(mode is CompareMode.SPLIT)
            button.clicked.connect(lambda _checked, mode=mode: self.set_mode(mode))
            self.mode_buttons.addButton(button)
            toolbar.addWidget(button)
        toolbar.addSpacing(8)
        self.swap_button = self._tool(toolbar, "Swap A ⇄ B", "Exchange the two sides", self.swap)
        toolbar.addSpacing(8)
        canvas = self.view.canvas_a  # A leads; B follows through the link
        self._tool(toolbar, "Fit", "Fit both images into the view", canvas.fit)
        self._tool(toolbar, "100 %", "One image pixel per screen pixel on both sides", canvas.actual_size)
        self._tool(toolbar, "−", "Zoom out (mouse wheel on either side)", canvas.zoom_out)
        self._tool(toolbar, "+", "Zoom in (mouse wheel on either side)", canvas.zoom_in)
        self._tool(toolbar, "Reload", "Request both sides again", self.refresh)
        toolbar.addSpacing(8)
        toolbar.addWidget(QLabel("B from:"))
        self.environment_combo = self.b_source.combo
        toolbar.addWidget(self.environment_combo)
        toolbar.addStretch(1)
        self.difference = QLabel("—")
        self.difference.setObjectName("compareDifference")
        self.difference.setStyleSheet("font-weight: 600;")
        toolbar.addWidget(self.difference)

        stats = QHBoxLayout()
        stats.setSpacing(16)
        for side in self.stats:
            stats.addWidget(side, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        for editor in self.editors:
            layout.addWidget(editor)
        layout.addLayout(toolbar)
        pictures = QWidget()
        column = QVBoxLayout(pictures)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        column.addLayout(stats)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(pictures)
        # Scrolled when the window is short: the differences never make the window taller.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(self.differences)
        scroller.setMinimumHeight(48)
        splitter.addWidget(scroller)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def _tool(self, row: QHBoxLayout, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- state ---------------------------------------------------------------------------------

    def set_mode(self, mode: CompareMode) -> None:
        self.view.set_mode(mode)
        for button in self.mode_buttons.buttons():
            button.setChecked(button.text() == ("Split" if mode is CompareMode.SPLIT else "Side by side"))

    def take_from_preview(self, index: int) -> None:
        """Set side `index` to the preview's modifiers, format and Accept, and request it."""
        state = self._context.preview.state()
        if state is None:
            self.editors[index].show_error("Open an asset in the preview first.")
            return
        self.specs[index] = SideSpec.from_preview(state)
        self._show_spec(index)
        self.request(index)

    def swap(self) -> None:
        """Exchange A and B: specs, pictures and facts (B's environment stays B's)."""
        if self.other is not None:
            return
        for side in SIDES:
            # A request in flight was for the other side: never shown on this one.
            self._context.runner.cancel(_line(side))
        self.specs.reverse()
        self.results.reverse()
        self.urls.reverse()
        self.missing.reverse()
        for index in range(2):
            self._show_spec(index)
            self._show_result(index)
        self._show_difference()
        for index, result in enumerate(self.results):
            # A request in flight was for the other side: ask again for this one.
            if result is None and self.urls[index]:
                self.request(index)

    def refresh(self) -> None:
        """Request both sides (from the preview first, for sides never set)."""
        state = self._context.preview.state()
        for index in range(2):
            if self.specs[index] is None and state is not None:
                self.specs[index] = SideSpec.from_preview(state)
                self._show_spec(index)
            self.request(index)
        self._stale = False

    def copy_url(self, index: int) -> None:
        url = self.urls[index] or self._url_for(index)
        if url:
            QGuiApplication.clipboard().setText(url)
            self._context.status.show_message(f"URL of side {SIDES[index]} copied", 4000)

    # --- requests ------------------------------------------------------------------------------

    def _target(self, index: int) -> tuple[AssetRef, DeliveryEndpoints] | None:
        spec = self.specs[index]
        if spec is None:
            return None
        asset = spec.target(self._context.preview.state())
        if asset is None:
            return None
        if index == 1 and self.other is not None:
            return self.other.target(asset)
        return asset, self._context.service.endpoints_for(asset)

    def _url_for(self, index: int) -> str:
        target = self._target(index)
        spec = self.specs[index]
        if target is None or spec is None:
            return ""
        try:
            return spec.url(target[1], target[0])
        except DeliveryError:
            return ""

    def request(self, index: int) -> None:
        """Request side `index` now (a running request of that side is cancelled)."""
        spec, target = self.specs[index], self._target(index)
        if spec is None or target is None:
            return
        asset, endpoints = target
        try:
            url = spec.url(endpoints, asset)
        except DeliveryError as error:
            self.editors[index].show_error(error.message)
            return
        self.urls[index] = url
        self.missing[index] = False
        self.stats[index].show_pending(url)
        self._canvas(index).set_busy(True)
        other = self.other if index == 1 else None

        async def load() -> SideResult:
            async with self._context.limiter.slot(endpoints.base_url):
                delivery = await self._fetch(other, endpoints, url, spec.accept)
            image = await decode(delivery.body, delivery.content_type)
            return SideResult(url, delivery, image)

        def arrived(result: SideResult) -> None:
            self.results[index] = result
            self._show_result(index)
            self._show_difference()

        def failed(error: DeliveryError) -> None:
            self.results[index] = None
            self.missing[index] = isinstance(error, NotFound)
            self._canvas(index).set_busy(False)
            self._canvas(index).clear(f"Side {SIDES[index]}: {error.message}")
            self.stats[index].show_error(url, error)
            self._show_difference()

        # A newer request of the side (or a swap) supersedes this one: its answer is never shown.
        ticket = self._context.runner.ticket(_line(SIDES[index]))
        self._context.runner.run(load(), ticket=ticket, on_success=arrived, on_failure=failed)

    async def _fetch(
        self, other: OtherEnvironment | None, endpoints: DeliveryEndpoints, url: str, accept: str | None
    ) -> Delivery:
        # Whole answers on both sides (no 304 confirming a stored one): their headers are diffed.
        if other is not None:
            return await other.fetch(url, accept)
        return await self._context.service.fetch(endpoints, url, accept=accept, revalidate=False)

    # --- side B's environment --------------------------------------------------------------------

    def _b_source_changed(self) -> None:
        other = self.other
        self._context.runner.cancel(_line(SIDES[1]))
        self.swap_button.setEnabled(other is None)
        self.swap_button.setToolTip(
            "Exchange the two sides" if other is None else "Swap is off while B comes from another profile"
        )
        self.results[1] = None
        self.stats[1].name_environment(other.name if other else None)
        if self.specs[1] is None:
            self.refresh()
        else:
            self._show_spec(1)
            self.request(1)

    @property
    def other(self) -> OtherEnvironment | None:
        """Where side B comes from when it is not the active profile."""
        return self.b_source.other

    def _side_label(self, index: int) -> str:
        if index == 1 and self.other is not None:
            return self.other.name
        return self._context.service.profile_name

    # --- showing -------------------------------------------------------------------------------

    def _canvas(self, index: int) -> PreviewCanvas:
        return self.view.canvas_a if index == 0 else self.view.canvas_b

    def _show_spec(self, index: int) -> None:
        spec = self.specs[index]
        if spec is None:
            return
        target = self._target(index)
        self.editors[index].write(spec, target[1] if target else None)

    def _show_result(self, index: int) -> None:
        canvas = self._canvas(index)
        result = self.results[index]
        canvas.set_busy(False)
        if result is None:
            canvas.clear(f"Side {SIDES[index]}: nothing yet")
            self.stats[index].clear()
            if self.urls[index]:
                self.stats[index].show_pending(self.urls[index])
            return
        canvas.set_image(result.image)
        self.stats[index].show_result(result)
        # A new image on A changes the ratio the link maps with; bring B along at once.
        self.view.link.sync_follower()

    def _show_difference(self) -> None:
        a, b = self.results
        if a is None or b is None:
            self.difference.setText("—")
        else:
            self.difference.setText(byte_difference(a.delivery.byte_count, b.delivery.byte_count))
        answered = [
            result is not None or missing for result, missing in zip(self.results, self.missing, strict=True)
        ]
        sides = [
            Side(self._side_label(index), self.urls[index], result.delivery if result else None)
            for index, result in enumerate(self.results)
        ]
        self.differences.compare(self._context.runner, (sides[0], sides[1]) if all(answered) else None)

    def _side_edited(self, index: int) -> None:
        editor = self.editors[index]
        try:
            spec = editor.read()
        except DeliveryError as error:
            editor.show_error(error.message)
            return
        self.specs[index] = spec
        self._show_spec(index)  # canonical text, and the format of a pasted URL
        self.request(index)

    def _asset_opened(self, _ref: AssetRef) -> None:
        # The preview's URL changes right after this signal: read it when it is asked for.
        self._stale = True
        if self.isVisible():
            QTimer.singleShot(0, self, self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        if not self._stale:
            return
        self._stale = False
        for index, spec in enumerate(self.specs):
            if spec is None or spec.asset is None:
                if spec is None:
                    state = self._context.preview.state()
                    if state is None:
                        continue
                    self.specs[index] = SideSpec.from_preview(state)
                self._show_spec(index)
                self.request(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.b_source.refill()
        if self.specs == [None, None]:
            self.refresh()
        else:
            self._refresh_if_stale()

    def feature(self) -> Feature:
        """The Compare tab."""
        return Feature(tabs=(Tab(self, "Compare"),))
