"""Fonts shared by the views."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication


def monospace_font(scale: float = 1.0) -> QFont:
    """The application font's monospace sibling, `scale` times its size (URLs read best in it)."""
    font = QGuiApplication.font()
    font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
    font.setPointSizeF(font.pointSizeF() * scale)
    return font
