"""Standard style icons tinted for the current theme."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QWidget


def tinted_icon(widget: QWidget, kind: QStyle.StandardPixmap) -> QIcon:
    """The style's standard icon `kind` in `widget`'s palette text colour, sized for a small tool
    button: the style's glyphs are dark, and vanish on a dark theme."""
    size = widget.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 4
    ratio = widget.devicePixelRatioF()
    pixmap = widget.style().standardIcon(kind).pixmap(QSize(size, size), ratio)
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), widget.palette().color(QPalette.ColorRole.WindowText))
    painter.end()
    return QIcon(pixmap)
