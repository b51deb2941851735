"""The themes: light and dark palettes for the Fusion style, "system" following the desktop, and the
View menu's switch between them (remembered in the settings).

The window looks the same on every desktop with Fusion; the dark palette is explicit rather than
left to the platform theme so screenshots and `--theme dark` give one predictable result. A new
palette is one more `Theme` in `THEMES` (and its name in `window_options.THEMES`, the command line's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.high_contrast import SLIDER_STYLE, high_contrast_palette

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


def system_palette() -> QPalette:
    """The dark palette when the desktop prefers dark colours, else the light one."""
    app = QApplication.instance()
    prefers_dark = isinstance(app, QApplication) and app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return dark_palette() if prefers_dark else light_palette()


@dataclass(frozen=True)
class Theme:
    """One choice of the theme switch."""

    name: str
    """As on the command line (`--theme NAME`) and in the settings."""
    label: str
    """In the View menu."""
    palette: Callable[[], QPalette]
    style_sheet: str = ""
    """What the palette alone cannot show (the high-contrast slider grooves)."""


THEMES: tuple[Theme, ...] = (
    Theme("system", "&System", system_palette),
    Theme("light", "&Light", light_palette),
    Theme("dark", "&Dark", dark_palette),
    Theme("high-contrast", "&High contrast", high_contrast_palette, SLIDER_STYLE),
)


def theme_named(name: str) -> Theme:
    """The theme called `name`; the first ("system") for a name no theme has (an old settings file)."""
    return next((theme for theme in THEMES if theme.name == name), THEMES[0])


def apply_theme(app: QApplication, name: str) -> None:
    """Fusion style with the palette of the theme called `name`."""
    theme = theme_named(name)
    app.setStyle("Fusion")
    app.setPalette(theme.palette())
    app.setStyleSheet(theme.style_sheet)


class ThemeSwitch(QObject):
    """The View menu's Theme submenu: one checkable entry per theme; a choice applies at once and
    is remembered. While "system" is chosen, the palette follows the desktop's colour scheme."""

    def __init__(self, settings: WindowSettings, current: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self.current = theme_named(current).name
        self.menu = QMenu("&Theme", parent)
        self.menu.setObjectName("themeMenu")
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for theme in THEMES:
            action = self.menu.addAction(theme.label)
            action.setCheckable(True)
            action.setChecked(theme.name == self.current)
            action.setData(theme.name)
            action.triggered.connect(lambda _checked=False, name=theme.name: self.choose(name))
            group.addAction(action)
            self.actions[theme.name] = action
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.styleHints().colorSchemeChanged.connect(self._desktop_changed)

    def choose(self, name: str) -> None:
        """Apply the theme called `name` and remember it for the next start."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.current = theme_named(name).name
        self.actions[self.current].setChecked(True)
        apply_theme(app, self.current)
        self._settings.theme = self.current

    def _desktop_changed(self, _scheme: Qt.ColorScheme) -> None:
        app = QApplication.instance()
        if self.current == "system" and isinstance(app, QApplication):
            apply_theme(app, "system")
