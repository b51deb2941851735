"""Light and dark palettes for the Fusion style.

The window looks the same on every desktop with Fusion; the dark palette is explicit rather than
left to the platform theme so screenshots and `--dark` give one predictable result.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_ACCENT = QColor(52, 120, 206)


def dark_palette() -> QPalette:
    """A neutral dark palette with a blue accent."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: QColor(40, 42, 46),
        role.WindowText: QColor(230, 230, 230),
        role.Base: QColor(30, 31, 34),
        role.AlternateBase: QColor(46, 48, 53),
        role.ToolTipBase: QColor(55, 57, 62),
        role.ToolTipText: QColor(235, 235, 235),
        role.PlaceholderText: QColor(150, 152, 158),
        role.Text: QColor(230, 230, 230),
        role.Button: QColor(52, 54, 59),
        role.ButtonText: QColor(230, 230, 230),
        role.BrightText: QColor(255, 90, 90),
        role.Light: QColor(70, 72, 78),
        role.Midlight: QColor(60, 62, 68),
        role.Mid: QColor(45, 47, 51),
        role.Dark: QColor(25, 26, 28),
        role.Shadow: QColor(10, 10, 10),
        role.Highlight: _ACCENT,
        role.HighlightedText: QColor(255, 255, 255),
        role.Link: QColor(110, 165, 240),
        role.LinkVisited: QColor(160, 130, 230),
    }
    for color_role, color in colors.items():
        palette.setColor(color_role, color)
    for color_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, color_role, QColor(120, 122, 128))
    palette.setColor(group.Disabled, role.Base, QColor(36, 37, 40))
    palette.setColor(group.Disabled, role.Button, QColor(44, 46, 50))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette with the same accent as the dark one."""
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, _ACCENT)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    return palette


def apply_theme(app: QApplication, *, dark: bool) -> None:
    """Fusion style with the light or dark palette."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
