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
from aemviewer.ui.widgets.image_canvas import PreviewCanvas


class CropOverlay(PreviewCanvas):
    """The original with the crops' rectangles; `highlight` draws one of them bolder."""

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
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            metrics = painter.fontMetrics()
            labels: list[QRectF] = []
            for crop in self.crops:
                rect = self.crop_rect_on_widget(crop)
                if rect is None:
                    continue
                bold = crop.name == self.highlight
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor(0, 0, 0, 140), 4.5 if bold else 3.5))
                painter.drawRect(rect)
                painter.setPen(QPen(crop.color, 3 if bold else 2))
                painter.drawRect(rect)
                label = crop.name
                box = QRectF(
                    rect.left() + 2,
                    rect.top() + 2,
                    metrics.horizontalAdvance(label) + 12,
                    metrics.height() + 4,
                )
                # Crops often share a corner: stack their names instead of printing one over another.
                while any(box.intersects(other) for other in labels):
                    box.translate(0, box.height() + 2)
                labels.append(box)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(crop.color)
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(_text_on(crop.color))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def _text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on `color`."""
    luminance = 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
    return QColor(0, 0, 0) if luminance > 150 else QColor(255, 255, 255)
