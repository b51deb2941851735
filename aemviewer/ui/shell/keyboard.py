"""The window's keys for moving about: tabs by order or number, smart crops one by one.

Qt's own Ctrl+Tab works only while the focus is inside the tab widget; these work anywhere in the
window, and each is a menu entry, so the menus show the key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

from aemviewer.ui.common.feature import MenuEntry, MenuName
from aemviewer.ui.modifiers.panel import ModifierPanel
from aemviewer.ui.shell.menus import make_action, new_action

RESET_MODIFIERS = "Ctrl+Shift+Backspace"
"""Not Ctrl+R: that is Refresh on GNOME (and Shift+Cmd+R on a Mac), which reloads the preview."""
NEXT_TAB, PREVIOUS_TAB = "Ctrl+PgDown", "Ctrl+PgUp"
NEXT_CROP, PREVIOUS_CROP = "Ctrl+]", "Ctrl+["
MAX_NUMBERED_TABS = 9
"""Alt+1 … Alt+9 go straight to the first nine tabs."""


def tab_entries(window: QMainWindow, tabs: QTabWidget) -> list[MenuEntry]:
    """Next and previous tab (wrapping round), and a Tabs submenu with Alt+number for each tab."""

    def step(by: int) -> None:
        tabs.setCurrentIndex((tabs.currentIndex() + by) % tabs.count())

    menu = QMenu("Go to tab", window)
    for index in range(min(tabs.count(), MAX_NUMBERED_TABS)):
        action = new_action(window, tabs.tabText(index), f"Alt+{index + 1}", _show(tabs, index))
        menu.addAction(action)
        window.addAction(action)  # the menu bar adds only top-level actions to the window
    return [
        make_action(window, MenuName.VIEW, "Next tab", NEXT_TAB, lambda: step(1)),
        make_action(window, MenuName.VIEW, "Previous tab", PREVIOUS_TAB, lambda: step(-1)),
        MenuEntry(MenuName.VIEW, menu),
    ]


def _show(tabs: QTabWidget, index: int) -> Callable[[], None]:
    return lambda: tabs.setCurrentIndex(index)


def smart_crop_entries(
    window: QMainWindow, panel: ModifierPanel, say: Callable[[str, int], None]
) -> list[MenuEntry]:
    """Next and previous smart crop of the asset (through "none"), said in the status bar."""

    def step(by: int) -> None:
        if panel.rows.smartcrop.combo.count() < 2:
            say("This asset has no smart crops to step through.", 4000)
            return
        name = panel.step_smart_crop(by)
        say(f"Smart crop: {name or 'none (the whole image)'}", 4000)

    return [
        make_action(window, MenuName.EDIT, "Next smart crop", NEXT_CROP, lambda: step(1)),
        make_action(window, MenuName.EDIT, "Previous smart crop", PREVIOUS_CROP, lambda: step(-1)),
    ]
