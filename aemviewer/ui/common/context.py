"""The narrow, typed context a feature of the window receives — never the window itself.

A feature (metadata, compare, downloads, …) gets the shared `DeliveryService`, `OperationRunner` and
`RequestLimiter`, the preview's state as a `PreviewModel`, a way to report (status line, the
preview's banner), a way to navigate (open an asset, apply modifiers to the preview, show a tab), the
save-path chooser, the settings and a parent for its dialogs. The shell builds one context and implements its protocols;
features talk to each other only through it and its signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QWidget

from aemviewer.delivery.client_pool import HostPolicy
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.common.preview_model import PreviewModel
from aemviewer.ui.common.request_limiter import RequestLimiter
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.widgets.banner import BannerKind

SavePathChooser = Callable[[QWidget, str, str], Path | None]
"""Asks where to save: (parent, suggested file name, dialog title saying what is saved) → path, or
None when cancelled."""

BannerAction = tuple[str, Callable[[], None]]


def ask_save_path(parent: QWidget, suggested: str, title: str) -> Path | None:
    """The platform's save dialog titled with what is saved; it asks before replacing a file."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested)
    return Path(name) if name else None


class StatusReporter(Protocol):
    """Where a feature says what happened."""

    def show_message(self, text: str, timeout_ms: int) -> None:
        """A passing message in the status bar."""

    def show_error(self, error: DeliveryError) -> None:
        """An expected failure in the preview's banner, with what to do about it."""

    def show_banner(
        self, kind: BannerKind, title: str, message: str, actions: Sequence[BannerAction] = ()
    ) -> None:
        """A message of the feature's own in the preview's banner."""


class Navigation(Protocol):
    """How a feature moves the user: open an asset, change the preview, show a tab."""

    def open_text(self, text: str) -> bool:
        """Open an id or URL as if typed into the asset bar; False (the bar says why) if invalid."""

    def open_reference(self, ref: AssetRef, text: str) -> None:
        """Open a parsed reference (`text` is what is remembered in the recent list)."""

    def open_url(self, url: str, accept: str | None = None) -> bool:
        """Open `url` on the Preview tab (with `accept` as its Accept header when given)."""

    def apply_modifiers(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        """Set modifiers and format in the modifier panel and request the preview."""

    def show_preview(self) -> None:
        """Switch to the Preview tab."""

    def show_video(self) -> None:
        """Switch to the Video tab."""

    def show_tab(self, widget: QWidget) -> None:
        """Switch to the tab of `widget`."""

    def set_tab_title(self, widget: QWidget, title: str) -> None:
        """Retitle the tab of `widget` (e.g. with a count)."""


class Environments(Protocol):
    """The profiles a feature may ask besides the active one (Compare's B side)."""

    def names(self) -> list[str]:
        """The profiles' names, the active one included."""

    def policy(self, name: str) -> HostPolicy:
        """Where profile `name`'s requests go, with its token (for its host only), trust and proxy.
        Raises `DeliveryError` when the profile is unknown or unusable."""


@dataclass(frozen=True)
class FeatureContext:
    """Everything a feature may use of the window."""

    service: DeliveryService
    runner: OperationRunner
    limiter: RequestLimiter
    """Every request a feature makes takes a slot of its host here (the live preview goes first)."""
    settings: WindowSettings
    preview: PreviewModel
    status: StatusReporter
    navigation: Navigation
    dialog_parent: QWidget
    """The parent of the feature's dialogs (they are window-modal to it)."""
    choose_save_path: SavePathChooser = ask_save_path
    environments: Environments | None = None
    """The saved profiles (None: only the active host is known, e.g. a window given a bare URL)."""
