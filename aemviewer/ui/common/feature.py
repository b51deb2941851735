"""What a feature adds to the window, as data the shell assembles.

A feature never reaches into the window's menu bar, tab widget or layout: it declares its tabs, its
menu entries (with the menu they go into and their shortcut on the action itself), its banners and
what to do when the window closes, and the shell puts them in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from aemviewer.delivery.errors import DeliveryError


class MenuName(Enum):
    """The window's menus, in the order of the menu bar."""

    FILE = "&File"
    EDIT = "&Edit"
    VIEW = "&View"
    FAVOURITES = "F&avourites"
    SETTINGS = "&Settings"
    HELP = "&Help"


@dataclass(frozen=True)
class Tab:
    """A tab beside the preview."""

    widget: QWidget
    title: str


@dataclass(frozen=True)
class MenuEntry:
    """An action (or a submenu) in one of the window's menus."""

    menu: MenuName
    item: QAction | QMenu


@dataclass(frozen=True)
class Feature:
    """A feature's contribution to the window."""

    tabs: tuple[Tab, ...] = ()
    menu_entries: tuple[MenuEntry, ...] = ()
    menus: tuple[tuple[MenuName, QMenu], ...] = ()
    """Whole menus the feature owns (filled when they are shown)."""
    shortcuts: tuple[QAction, ...] = ()
    """Actions inside the feature's own menus whose shortcut works anywhere in the window."""
    banners: tuple[QWidget, ...] = ()
    """Window-wide banners, shown under the asset bar."""
    explain_error: Callable[[DeliveryError], bool] | None = None
    """Shows an error better than the generic banner would; True if it did."""
    shutdown: Callable[[], None] | None = None
    """Runs when the window closes."""
