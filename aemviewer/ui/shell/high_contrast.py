"""A high-contrast palette: white on black, yellow selection, for low vision and bright rooms.

Every text colour is at least 7:1 against the background it is drawn on (WCAG AAA), disabled
text included; a test measures the pairs and saves a screenshot to look at.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

BLACK, WHITE = QColor(0, 0, 0), QColor(255, 255, 255)
YELLOW = QColor(255, 230, 0)
"""The selection: black text on it reads at 17:1."""
CYAN = QColor(0, 230, 255)
DISABLED = QColor(190, 190, 190)
"""Dimmed, not faint: 11:1 on black."""


def high_contrast_palette() -> QPalette:
    """White text on black, yellow highlight with black text, cyan links, light grey when disabled."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: BLACK,
        role.WindowText: WHITE,
        role.Base: BLACK,
        role.AlternateBase: QColor(28, 28, 28),
        role.ToolTipBase: BLACK,
        role.ToolTipText: WHITE,
        role.PlaceholderText: DISABLED,
        role.Text: WHITE,
        role.Button: BLACK,
        role.ButtonText: WHITE,
        role.BrightText: YELLOW,
        # Fusion draws frames and button edges with these: white outlines every control.
        role.Light: WHITE,
        role.Midlight: QColor(200, 200, 200),
        role.Mid: QColor(160, 160, 160),
        role.Dark: WHITE,
        role.Shadow: WHITE,
        role.Highlight: YELLOW,
        role.HighlightedText: BLACK,
        role.Link: CYAN,
        role.LinkVisited: QColor(255, 140, 255),
    }
    for color_role, color in colors.items():
        palette.setColor(color_role, color)
    for color_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, color_role, DISABLED)
    return palette


SLIDER_STYLE = """
QSlider::groove:horizontal { border: 1px solid white; height: 4px; background: black; }
QSlider::sub-page:horizontal { background: rgb(255, 230, 0); }
QSlider::handle:horizontal { background: white; border: 1px solid black; width: 10px; margin: -6px 0; }
"""
"""Fusion draws a slider's groove in a shade of the window colour: black on black, so it is drawn here."""


def apply_high_contrast(app: QApplication) -> None:
    """The high-contrast palette, and the slider grooves the palette alone cannot show."""
    app.setPalette(high_contrast_palette())
    app.setStyleSheet(app.styleSheet() + SLIDER_STYLE)
