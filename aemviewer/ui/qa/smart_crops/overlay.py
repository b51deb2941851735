"""The original image with every smart crop's rectangle drawn on it, in the crop's colour and with its
name: the quickest way to see a crop that cuts off a face or a product.

It is a `PreviewCanvas` (zoom, pan, fit) that paints the rectangles on top; they are fractions of
the stored image, so they fit whatever width the original was fetched at.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen

from aemviewer.ui.qa.smart_crops.model import SheetCrop
from aemviewer.ui.widgets.canvas_painting import paint_crop_shade
from aemviewer.ui.widgets.image_canvas import PreviewCanvas

FADED_ALPHA = 90
"""Opacity of the other crops while one is highlighted: still there, clearly not the one."""


class CropOverlay(PreviewCanvas):
    """The original with the crops' rectangles; `highlight` shades the picture outside one of them,
    draws it thick and on top, and fades the others."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("smartCropOverlay")
        self.crops: list[SheetCrop] = []
        self.highlight: str | None = None
        self.clear("The original with each smart crop's rectangle appears here.")

    def set_crops(self, crops: Sequence[SheetCrop]) -> None:
        self.crops = list(crops)
        self.update()

    def set_highlight(self, name: str | None) -> None:
        self.highlight = name
        self.update()

    def crop_rect_on_widget(self, crop: SheetCrop) -> QRectF | None:
        """Where `crop`'s rectangle is drawn, in widget coordinates (None without a rectangle)."""
        if crop.rect is None or self.image.isNull():
            return None
        left, top, width, height = crop.rect
        w, h = self.image.width(), self.image.height()
        return QRectF(
            self.image_to_widget(QPointF(left * w, top * h)),
            self.image_to_widget(QPointF((left + width) * w, (top + height) * h)),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.image.isNull() or not self.crops:
            return
        highlighted = next((crop for crop in self.crops if crop.name == self.highlight), None)
        focus = self.crop_rect_on_widget(highlighted) if highlighted is not None else None
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if focus is not None:
                paint_crop_shade(painter, self.image_rect_on_widget(), focus)
            labels: list[QRectF] = []
            boxes: dict[str, tuple[QRectF, QRectF]] = {}
            # The highlighted name takes its corner first; its crop is painted last, on top.
            ordered = sorted(self.crops, key=lambda crop: crop.name != self.highlight)
            for crop in ordered:
                rect = self.crop_rect_on_widget(crop)
                if rect is not None:
                    boxes[crop.name] = (rect, _label_box(painter, crop.name, rect, labels))
            for crop in reversed(ordered):
                if crop.name in boxes:
                    rect, box = boxes[crop.name]
                    faded = focus is not None and crop.name != self.highlight
                    self._paint_smart_crop(
                        painter, crop, rect, box, bold=crop.name == self.highlight, faded=faded
                    )

    def _paint_smart_crop(
        self,
        painter: QPainter,
        crop: SheetCrop,
        rect: QRectF,
        box: QRectF,
        *,
        bold: bool,
        faded: bool,
    ) -> None:
        color = QColor(crop.color)
        if faded:
            color.setAlpha(FADED_ALPHA)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 40 if faded else 140), 7 if bold else 3.5))
        painter.drawRect(rect)
        painter.setPen(QPen(color, 4 if bold else 2))
        painter.drawRect(rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(box, 3, 3)
        text = _text_on(crop.color)
        if faded:
            text.setAlpha(FADED_ALPHA + 60)
        painter.setPen(text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, crop.name)


def _label_box(painter: QPainter, name: str, rect: QRectF, taken: list[QRectF]) -> QRectF:
    """Where `name` goes: the crop's top left corner, below the names already in `taken`."""
    metrics = painter.fontMetrics()
    box = QRectF(rect.left() + 2, rect.top() + 2, metrics.horizontalAdvance(name) + 12, metrics.height() + 4)
    # Crops often share a corner: stack their names instead of printing one over another.
    while any(box.intersects(other) for other in taken):
        box.translate(0, box.height() + 2)
    taken.append(box)
    return box


def _text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on `color`."""
    luminance = 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
    return QColor(0, 0, 0) if luminance > 150 else QColor(255, 255, 255)
