"""What the preview canvas paints besides the image: the checkerboard behind transparent pixels,
the shade around a crop being drawn and its caption, the pill-shaped captions, the busy spinner and
what an empty canvas says."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

CHECKER = 8
"""Side of one checkerboard square, in logical pixels."""


def checker_tile() -> QPixmap:
    """A 2×2 checkerboard tile to fill behind transparent images."""
    tile = QPixmap(2 * CHECKER, 2 * CHECKER)
    tile.fill(QColor(204, 204, 204))
    with QPainter(tile) as painter:
        painter.fillRect(0, 0, CHECKER, CHECKER, QColor(245, 245, 245))
        painter.fillRect(CHECKER, CHECKER, CHECKER, CHECKER, QColor(245, 245, 245))
    return tile


def paint_crop_shade(painter: QPainter, target: QRectF, crop: QRectF) -> None:
    """Darken `target` outside `crop` (both in widget coordinates) and outline the crop."""
    shade = QColor(0, 0, 0, 120)
    painter.fillRect(QRectF(target.left(), target.top(), target.width(), crop.top() - target.top()), shade)
    painter.fillRect(
        QRectF(target.left(), crop.bottom(), target.width(), target.bottom() - crop.bottom()), shade
    )
    painter.fillRect(QRectF(target.left(), crop.top(), crop.left() - target.left(), crop.height()), shade)
    painter.fillRect(QRectF(crop.right(), crop.top(), target.right() - crop.right(), crop.height()), shade)
    painter.setPen(QPen(QColor(255, 255, 255), 1.5, Qt.PenStyle.DashLine))
    painter.drawRect(crop)


def paint_pill(painter: QPainter, text: str, height_of_widget: int, *, top: bool) -> None:
    """A rounded caption at the top left, or the bottom left, of a widget."""
    metrics = painter.fontMetrics()
    padding_x, padding_y = 10, 4
    width = metrics.horizontalAdvance(text) + 2 * padding_x
    height = metrics.height() + 2 * padding_y
    y = 10 if top else height_of_widget - height - 10
    pill = QRectF(10, y, width, height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(20, 20, 20, 170))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(QColor(250, 250, 250))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)


def paint_spinner(painter: QPainter, width_of_widget: int, angle: int) -> None:
    """The busy indicator in the top right corner, its arc turned by `angle` degrees."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    radius = 14
    center = QPointF(width_of_widget - radius - 22, radius + 22)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(20, 20, 20, 170))
    painter.drawEllipse(center, radius + 8, radius + 8)
    pen = QPen(QColor(255, 255, 255), 3)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    box = QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius)
    painter.drawArc(box, -angle * 16, 270 * 16)


def paint_crop_marks(
    painter: QPainter, target: QRectF, crop: QRectF | None, pixels: QRectF | None, height: int
) -> None:
    """Over an image painted at `target`: the shade outside `crop` (widget coordinates) and its size
    (`pixels`, the crop in image pixels); without a crop, how to draw one."""
    if crop is None or pixels is None:
        paint_pill(painter, "Drag on the image to draw the crop · Esc cancels", height, top=True)
        return
    paint_crop_shade(painter, target, crop)
    w, h = pixels.width(), pixels.height()
    paint_pill(painter, f"crop {round(w)} × {round(h)} px of the uncropped image", height, top=True)


def paint_placeholder(painter: QPainter, area: QRect, font: QFont, color: QColor, text: str) -> None:
    """`text` centred in `area`, wrapped, a little larger than `font`: what an empty canvas says."""
    painter.setPen(color)
    larger = QFont(font)
    larger.setPointSizeF(larger.pointSizeF() * 1.15)
    painter.setFont(larger)
    painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
