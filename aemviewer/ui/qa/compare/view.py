"""The A/B picture: two linked preview canvases, as a split view with a draggable divider or side by
side.

The same two `PreviewCanvas` widgets serve both layouts. In the split view they lie on top of each
other with the same geometry, and B is masked to the part right of the divider (a masked widget lets
the mouse through outside its mask, so dragging or zooming on the left works on A, on the right on
B; the link keeps both in step). Side by side, each takes half of the width.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QRegion, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from aemviewer.ui.widgets.canvas_sync import CanvasLink
from aemviewer.ui.widgets.image_canvas import PreviewCanvas

HANDLE_WIDTH = 24
"""Width of the divider's grab area, in logical pixels (the line itself is 2)."""
GAP = 6
"""Space between the two canvases side by side."""


class CompareMode(Enum):
    SPLIT = "split"
    SIDE_BY_SIDE = "side by side"


class DividerHandle(QWidget):
    """The split view's divider: a line with a round grip, dragged horizontally."""

    moved = Signal(float)
    """The x position (in the parent's coordinates) the divider was dragged to."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("compareDivider")
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setToolTip("Drag to move the divider between A (left) and B (right)")
        self._dragging = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self.moved.emit(self.mapToParent(event.position()).x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            middle = self.width() / 2
            painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
            painter.drawLine(QPointF(middle, 0), QPointF(middle, self.height()))
            center = QPointF(middle, self.height() / 2)
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.setBrush(QColor(30, 30, 30, 200))
            painter.drawEllipse(center, 10, 10)
            painter.setPen(QPen(QColor(255, 255, 255), 1.5))
            for direction in (-1, 1):
                tip = QPointF(middle + direction * 6, center.y())
                painter.drawLine(tip, QPointF(middle + direction * 2, center.y() - 4))
                painter.drawLine(tip, QPointF(middle + direction * 2, center.y() + 4))


def _tag(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(f"compareTag{text}")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(
        "QLabel { background: rgba(20, 20, 20, 170); color: white; font-weight: 600;"
        " border-radius: 11px; padding: 2px 9px; }"
    )
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    label.adjustSize()
    return label


class CompareView(QWidget):
    """Two linked canvases (A left, B right) in the split or the side-by-side layout."""

    divider_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 240)
        self.canvas_a = PreviewCanvas(self)
        self.canvas_b = PreviewCanvas(self)
        for canvas in (self.canvas_a, self.canvas_b):
            canvas.setMinimumSize(120, 120)
        self.link = CanvasLink(self.canvas_a, self.canvas_b, self)
        self.handle = DividerHandle(self)
        self.handle.moved.connect(self._handle_moved)
        self.tag_a = _tag("A", self)
        self.tag_b = _tag("B", self)
        self._mode = CompareMode.SPLIT
        self._divider = 0.5

    @property
    def mode(self) -> CompareMode:
        return self._mode

    def divider_x(self) -> int:
        return round(self.width() * self._divider)

    def set_mode(self, mode: CompareMode) -> None:
        self._mode = mode
        self._arrange()

    def set_divider(self, fraction: float) -> None:
        self._divider = min(1.0, max(0.0, fraction))
        self._arrange()
        self.divider_moved.emit(self._divider)

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def _handle_moved(self, x: float) -> None:
        if self.width() > 0:
            self.set_divider(x / self.width())

    def _arrange(self) -> None:
        width, height = self.width(), self.height()
        margin = 10
        if self._mode is CompareMode.SPLIT:
            whole = QRect(0, 0, width, height)
            self.canvas_a.setGeometry(whole)
            self.canvas_b.setGeometry(whole)
            x = self.divider_x()
            self.canvas_b.setMask(QRegion(QRect(x, 0, max(0, width - x), height)))
            self.handle.setGeometry(x - HANDLE_WIDTH // 2, 0, HANDLE_WIDTH, height)
            self.handle.show()
            self.handle.raise_()
            self.tag_a.move(max(margin, x - self.tag_a.width() - margin), margin)
            self.tag_b.move(min(width - self.tag_b.width() - margin, x + margin), margin)
        else:
            half = (width - GAP) // 2
            self.canvas_a.setGeometry(0, 0, half, height)
            self.canvas_b.setGeometry(width - half, 0, half, height)
            self.canvas_b.clearMask()
            self.handle.hide()
            self.tag_a.move(margin, margin)
            self.tag_b.move(width - half + margin, margin)
        self.canvas_b.raise_()
        self.tag_a.raise_()
        self.tag_b.raise_()
        if self._mode is CompareMode.SPLIT:
            self.handle.raise_()
        self.link.sync_follower()
