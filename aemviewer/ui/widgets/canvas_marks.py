"""The mark over a live approximation: a dashed frame around the image and a caption saying that
what is shown was made locally and the delivered image is on its way.

Kept apart from `canvas_painting` so that the canvas's crop and caption drawing and this mark can
change independently.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from aemviewer.ui.widgets.canvas_painting import paint_pill

APPROXIMATE_CAPTION = "Approximate · the delivered image is on its way"
_FRAME = QColor(245, 166, 35)


def paint_approximate_mark(painter: QPainter, target: QRectF) -> None:
    """Frame `target` (the image, in widget coordinates) with a dashed amber line and caption it."""
    painter.save()
    pen = QPen(_FRAME, 2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.drawRect(target.adjusted(1, 1, -1, -1))
    device = painter.device()
    height = device.height() if device is not None else int(target.bottom())
    paint_pill(painter, APPROXIMATE_CAPTION, height, top=True)
    painter.restore()
