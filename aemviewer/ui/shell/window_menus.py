"""The shell's own menu entries (opening, copying, zoom, tabs, theme, about, quit); the features add
theirs beside them (`menus.build_menu_bar`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from aemviewer.ui.common.feature import MenuEntry, MenuName
from aemviewer.ui.shell.keyboard import RESET_MODIFIERS, smart_crop_entries, tab_entries
from aemviewer.ui.shell.menus import make_action

if TYPE_CHECKING:
    from aemviewer.ui.shell.main_window import MainWindow


def shell_menu_entries(window: MainWindow) -> tuple[list[MenuEntry], list[MenuEntry]]:
    """(the entries before the features' ones, the entries after them) of a started window."""
    canvas, preview = window.preview_tab.canvas, window.preview_tab
    file, edit, view, help_ = MenuName.FILE, MenuName.EDIT, MenuName.VIEW, MenuName.HELP
    refresh = QKeySequence.StandardKey.Refresh
    head = [
        make_action(window, file, "Open asset or URL…", "Ctrl+L", window.asset_bar.focus_field),
        make_action(window, edit, "Copy request URL", "Ctrl+Shift+C", preview.copy_url),
        make_action(window, edit, "Copy as curl (token redacted)", None, lambda: preview.copy_curl(False)),
        make_action(window, edit, "Reset all modifiers", RESET_MODIFIERS, preview.modifier_panel.reset_all),
        *smart_crop_entries(window, preview.modifier_panel, window.show_message),
        make_action(window, view, "Fit", "Ctrl+0", canvas.fit),
        make_action(window, view, "Actual size (100 %)", "Ctrl+1", canvas.actual_size),
        make_action(window, view, "Zoom in", QKeySequence.StandardKey.ZoomIn, canvas.zoom_in),
        make_action(window, view, "Zoom out", QKeySequence.StandardKey.ZoomOut, canvas.zoom_out),
        make_action(window, view, "Reload preview", refresh, window.controller.request_now),
        *tab_entries(window, window.tabs),
        MenuEntry(view, window.theme_switch.menu),
        make_action(window, help_, "About aemviewer", None, window.show_about),
    ]
    tail = [make_action(window, file, "Quit", QKeySequence.StandardKey.Quit, window.close)]
    return head, tail
