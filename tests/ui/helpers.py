"""Helpers shared by the GUI tests: picking demo assets, making windows, waiting for previews."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import Asset
from aemviewer.ui.common.preview_model import Preview
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.modifiers.controls import ChoiceControl
from aemviewer.ui.shell.main_window import MainWindow

WAIT_MS = 15_000


@dataclass(frozen=True)
class DemoAssets:
    """Ids from the demo library, picked by what each test needs (not hard-coded)."""

    public_image: Asset
    with_smart_crops: Asset
    with_alpha: Asset | None
    restricted: Asset | None


@dataclass
class SaveChooser:
    """Stands in for the file dialog: answers with a path chosen by the test."""

    path: Path | None = None
    suggested: list[str] | None = None
    titles: list[str] | None = None
    """The dialogs' titles (the metadata export passes none: its dialog is its own)."""

    def __call__(self, parent: QWidget, suggested: str, title: str = "") -> Path | None:
        self.suggested = [*(self.suggested or []), suggested]
        self.titles = [*(self.titles or []), title]
        return self.path


def make_window(
    qtbot: QtBot, base_url: str, settings: WindowSettings, chooser: SaveChooser, token: str | None = None
) -> MainWindow:
    service = DeliveryService(DeliveryEndpoints(base_url), StaticToken(token), profile_name="Test emulator")
    window = MainWindow(service, settings, choose_save_path=chooser)
    # Every save dialog of the window answers from the test, never a real (modal) dialog.
    window.metadata_tab.panel.choose_save_path = chooser
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_for_preview(qtbot: QtBot, window: MainWindow, url_part: str = "") -> Preview:
    """Wait until the painted preview is the newest URL (containing `url_part`) and not busy."""

    def painted() -> bool:
        preview = window.controller.last_preview
        return (
            preview is not None
            and preview.url == window.controller.url
            and url_part in preview.url
            and not window.controller.busy
        )

    qtbot.waitUntil(painted, timeout=WAIT_MS)
    preview = window.controller.last_preview
    assert preview is not None
    return preview


def open_and_wait(qtbot: QtBot, window: MainWindow, text: str) -> Preview:
    assert window.open_text(text), window.asset_bar.message.text()
    return wait_for_preview(qtbot, window)


def choose(control: ChoiceControl, value: str | None) -> None:
    """Pick an item the way a user does (activated is the user-only signal)."""
    index = control.combo.findData(value)
    assert index >= 0, value
    control.combo.setCurrentIndex(index)
    control.combo.activated.emit(index)
