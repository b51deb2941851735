"""The menu bar, built from the menu entries the shell and the features declare."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from aemviewer.ui.common.feature import Feature, MenuEntry, MenuName

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def make_action(
    window: QMainWindow, menu: MenuName, text: str, shortcut: Shortcut, slot: Callable[[], object]
) -> MenuEntry:
    """A menu entry of the shell's own, triggering `slot`."""
    return MenuEntry(menu, new_action(window, text, shortcut, slot))


def new_action(window: QMainWindow, text: str, shortcut: Shortcut, slot: Callable[[], object]) -> QAction:
    """An action of the window triggering `slot`."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def build_menu_bar(
    window: QMainWindow, head: Iterable[MenuEntry], features: Iterable[Feature], tail: Iterable[MenuEntry]
) -> dict[MenuName, QMenu]:
    """Fill the window's menu bar in `MenuName` order: in each menu the shell's `head` entries, then
    the features' entries, then the shell's `tail` entries. Every action is also added to the
    window, so its shortcut works wherever the focus is."""
    features = list(features)
    owned = {name: menu for feature in features for name, menu in feature.menus}
    entries: dict[MenuName, list[QAction | QMenu]] = {name: [] for name in MenuName}
    for entry in [*head, *(entry for feature in features for entry in feature.menu_entries), *tail]:
        entries[entry.menu].append(entry.item)
    menus: dict[MenuName, QMenu] = {}
    for name in MenuName:
        if name in owned:
            menus[name] = owned[name]
            window.menuBar().addMenu(owned[name])
            continue
        if not entries[name]:
            continue
        menu = menus[name] = window.menuBar().addMenu(name.value)
        for item in entries[name]:
            if isinstance(item, QMenu):
                menu.addMenu(item)
            else:
                menu.addAction(item)
                window.addAction(item)
    for feature in features:
        for action in feature.shortcuts:
            window.addAction(action)
    return menus
