"""The preview canvas: shows the delivered image, zooms, pans, and lets the user draw a crop.

It paints a QPixmap made once per image (painting a scaled QImage on every frame is slow for large
images), a checkerboard behind transparent pixels, a busy indicator over the old image while a new
one is on its way, and the delivered pixel size. In crop mode it shows the uncropped image and turns
a mouse drag into a crop rectangle given as fractions of that image.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from aemviewer.ui.widgets.canvas_marks import paint_approximate_mark
from aemviewer.ui.widgets.canvas_painting import (
    checker_tile,
    paint_crop_marks,
    paint_pill,
    paint_placeholder,
    paint_spinner,
)
from aemviewer.ui.widgets.canvas_view import (
    FIT_MARGIN,
    ZOOM_STEP,
    CanvasView,
    ZoomMode,
    bounded_zoom,
    clamped_offset,
    fit_scale,
    from_fractions,
    point_inside,
    to_fractions,
)


class PreviewCanvas(QWidget):
    """Paints one image with zoom, pan, a busy indicator and an optional crop-drawing mode."""

    zoom_changed = Signal(float)
    view_changed = Signal(bool)
    """Zoom or pan changed: True when the user did it (wheel, keys, drag, fit / 100 %), False after a
    resize or a new image. Not emitted by `set_view`, so two canvases can follow each other."""
    crop_drawn = Signal(QRectF)
    """The drawn crop as fractions (0–1) of the shown image: x, y, width, height."""
    crop_mode_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 200)  # the Preview tab fits a 1024×700 window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image = QImage()
        self._pixmap = QPixmap()
        self._size = QSize(0, 0)
        """The image's size in delivered pixels: zoom, pan and crops count in these. The pixmap may
        have fewer (decoded at the size shown, or a live approximation), and is stretched over it."""
        self._approximate = False
        self._mode = ZoomMode.FIT
        self._scale = 1.0
        self._offset = QPointF(0, 0)
        self._pan_from: QPointF | None = None
        self._busy = False
        self._spin = 0
        self._spinner = QTimer(self)
        self._spinner.setInterval(40)
        self._spinner.timeout.connect(self._advance_spinner)
        self._empty_text = "Open an asset id or paste a delivery URL"
        self._crop_mode = False
        self._crop_from: QPointF | None = None
        self._crop_rect: QRectF | None = None
        """The rectangle being drawn or the current crop, in image pixels."""
        self._checker = checker_tile()

    # --- state -------------------------------------------------------------------------------

    @property
    def image(self) -> QImage:
        return self._image

    @property
    def image_size(self) -> QSize:
        """The shown image's size in delivered pixels (its pixmap may hold fewer)."""
        return QSize(self._size)

    @property
    def approximate(self) -> bool:
        """True while the canvas shows a local approximation, not a delivered image."""
        return self._approximate

    @property
    def zoom(self) -> float:
        return self._scale

    @property
    def zoom_mode(self) -> ZoomMode:
        return self._mode

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def crop_mode(self) -> bool:
        return self._crop_mode

    def set_image(self, image: QImage, size: QSize | None = None) -> None:
        """Show `image` as `size` delivered pixels (default: its own size); keeps the zoom (fit stays
        fit, a manual zoom stays where it was)."""
        self._show(image, size, approximate=False)

    def show_approximation(self, image: QImage, size: QSize) -> None:
        """Show a local stand-in for the image on its way, `size` pixels, marked as approximate until
        the next `set_image`."""
        self._show(image, size, approximate=True)

    def _show(self, image: QImage, size: QSize | None, *, approximate: bool) -> None:
        if image.isNull():
            self._pixmap = QPixmap()
        elif image.cacheKey() != self._image.cacheKey() or self._pixmap.isNull():
            # The same pixels shown at another size (a live approximation) keep their pixmap.
            self._pixmap = QPixmap.fromImage(image)
        self._image = image
        self._size = QSize(0, 0) if image.isNull() else QSize(size or image.size())
        self._approximate = approximate and not image.isNull()
        self._relayout()
        self.update()

    def fit_box(self) -> QSize:
        """The device pixels an image fitted into the view can use: decoding more is wasted."""
        ratio = self.devicePixelRatioF()
        return QSize(
            round((self.width() - 2 * FIT_MARGIN) * ratio), round((self.height() - 2 * FIT_MARGIN) * ratio)
        )

    def wants_more_pixels(self) -> bool:
        """True when the view shows the image larger than its pixmap has pixels (zoomed past what
        was decoded)."""
        if self._pixmap.isNull():
            return False
        shown = min(self._size.width(), round(self._size.width() * self._scale * self.devicePixelRatioF()))
        return self._pixmap.width() < shown - 1  # a pixel of rounding in the scaled decode

    def clear(self, text: str | None = None) -> None:
        if text is not None:
            self._empty_text = text
        self.set_image(QImage())

    def set_busy(self, busy: bool) -> None:
        """While busy the old image stays visible under a spinner."""
        self._busy = busy
        if busy:
            self._spinner.start()
        else:
            self._spinner.stop()
        self.update()

    def fit(self) -> None:
        self._mode = ZoomMode.FIT
        self._relayout(by_user=True)
        self.update()

    def view(self) -> CanvasView:
        """The current zoom and pan."""
        return CanvasView(self._mode, self._scale, QPointF(self._offset))

    def set_view(self, view: CanvasView) -> None:
        """Show the image at exactly `view` (no clamping; e.g. to follow another canvas)."""
        self._mode = view.mode
        self._scale = bounded_zoom(view.scale)
        self._offset = QPointF(view.offset)
        self.zoom_changed.emit(self._scale)
        self.update()

    def actual_size(self) -> None:
        self._zoom_to(1.0, self._view_center())

    def zoom_in(self) -> None:
        self._zoom_to(self._scale * ZOOM_STEP, self._view_center())

    def zoom_out(self) -> None:
        self._zoom_to(self._scale / ZOOM_STEP, self._view_center())

    def image_to_widget(self, point: QPointF) -> QPointF:
        return QPointF(self._offset.x() + point.x() * self._scale, self._offset.y() + point.y() * self._scale)

    def widget_to_image(self, point: QPointF) -> QPointF:
        return QPointF(
            (point.x() - self._offset.x()) / self._scale, (point.y() - self._offset.y()) / self._scale
        )

    def image_rect_on_widget(self) -> QRectF:
        """Where the image is painted, in widget coordinates."""
        return QRectF(self._offset, self._scaled_size())

    # --- crop drawing ------------------------------------------------------------------------

    def begin_crop(self, uncropped: QImage, current: QRectF | None = None) -> None:
        """Show `uncropped` and let the user drag a crop on it; `current` (fractions) is shown first."""
        self._crop_mode = True
        self._crop_from = None
        self.set_image(uncropped)
        if current is not None and not uncropped.isNull():
            self._crop_rect = from_fractions(current, self._size)
        else:
            self._crop_rect = None
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.crop_mode_changed.emit(True)
        self.update()

    def end_crop(self) -> None:
        if not self._crop_mode:
            return
        self._crop_mode = False
        self._crop_from = None
        self._crop_rect = None
        self.unsetCursor()
        self.crop_mode_changed.emit(False)
        self.update()

    # --- geometry ----------------------------------------------------------------------------

    def _scaled_size(self) -> QSize:
        return QSize(round(self._size.width() * self._scale), round(self._size.height() * self._scale))

    def _view_center(self) -> QPointF:
        return QPointF(self.width() / 2, self.height() / 2)

    def _relayout(self, *, by_user: bool = False) -> None:
        if self._mode is ZoomMode.FIT:
            self._scale = 1.0 if self._image.isNull() else fit_scale(self._size, self.size())
        self._clamp_offset(center=self._mode is ZoomMode.FIT)
        self.zoom_changed.emit(self._scale)
        self.view_changed.emit(by_user)

    def _clamp_offset(self, *, center: bool = False) -> None:
        self._offset = clamped_offset(self._offset, self._scaled_size(), self.size(), center=center)

    def _zoom_to(self, scale: float, anchor: QPointF) -> None:
        if self._image.isNull():
            return
        scale = bounded_zoom(scale)
        fixed = self.widget_to_image(anchor)
        self._mode = ZoomMode.MANUAL
        self._scale = scale
        # Keep the image point under the anchor (the cursor, or the view's centre) where it was.
        self._offset = QPointF(anchor.x() - fixed.x() * scale, anchor.y() - fixed.y() * scale)
        self._clamp_offset()
        self.zoom_changed.emit(self._scale)
        self.view_changed.emit(True)
        self.update()

    # --- events ------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self._zoom_to(self._scale * (ZOOM_STEP**steps), event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_Escape and self._crop_mode:
            self.end_crop()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._image.isNull():
            return
        position = event.position()
        if self._crop_mode and event.button() == Qt.MouseButton.LeftButton:
            self._crop_from = self._image_point(position)
            self._crop_rect = QRectF(self._crop_from, self._crop_from)
            self.update()
        elif event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._pan_from = position
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        # Drags are tracked from the press, not from event.buttons(): synthetic events may omit them.
        if self._crop_from is not None:
            corner = self._image_point(position)
            self._crop_rect = QRectF(self._crop_from, corner).normalized()
            self.update()
        elif self._pan_from is not None:
            delta = position - self._pan_from
            self._pan_from = position
            self._offset += delta
            self._clamp_offset()
            self.view_changed.emit(True)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._crop_from is not None:
            corner = self._image_point(event.position())
            rect = QRectF(self._crop_from, corner).normalized()
            self._crop_from = None
            self._crop_rect = rect
            self.update()
            # A click without a drag is not a crop.
            if rect.width() * self._scale >= 4 and rect.height() * self._scale >= 4:
                self.crop_drawn.emit(to_fractions(rect, self._size))
        elif self._pan_from is not None:
            self._pan_from = None
            if self._crop_mode:
                self.setCursor(Qt.CursorShape.CrossCursor)
            else:
                self.unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._crop_mode:
            return
        if self._mode is ZoomMode.FIT:
            self._zoom_to(1.0, event.position())
        else:
            self.fit()

    def _image_point(self, position: QPointF) -> QPointF:
        return point_inside(self.widget_to_image(position), self._size)

    # --- painting ----------------------------------------------------------------------------

    def _advance_spinner(self) -> None:
        self._spin = (self._spin + 12) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            background = self.palette().color(QPalette.ColorRole.Window).darker(108)
            painter.fillRect(self.rect(), background)
            if self._pixmap.isNull():
                color = self.palette().color(QPalette.ColorRole.PlaceholderText)
                paint_placeholder(painter, self.rect(), self.font(), color, self._empty_text)
            else:
                target = self.image_rect_on_widget()
                if self._image.hasAlphaChannel():
                    painter.fillRect(target, QBrush(self._checker))
                drawn_scale = target.width() / max(1, self._pixmap.width())
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, drawn_scale < 1.0)
                painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
                if self._approximate:
                    paint_approximate_mark(painter, target)
                if self._crop_mode:
                    paint_crop_marks(painter, target, self._crop_on_widget(), self._crop_rect, self.height())
                self._paint_size(painter)
            if self._busy:
                paint_spinner(painter, self.width(), self._spin)

    def _crop_on_widget(self) -> QRectF | None:
        crop = self._crop_rect
        if crop is None:
            return None
        return QRectF(self.image_to_widget(crop.topLeft()), self.image_to_widget(crop.bottomRight()))

    def _paint_size(self, painter: QPainter) -> None:
        zoom = "fit" if self._mode is ZoomMode.FIT else "zoom"
        text = f"{self._size.width()} × {self._size.height()} px  ·  {zoom} {self._scale * 100:.0f} %"
        paint_pill(painter, text, self.height(), top=False)
