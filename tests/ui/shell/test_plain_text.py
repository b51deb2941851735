"""User and server text is shown as written, never as markup: `<b>` and `<script>` stay text."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.plain_text import plain_tooltip
from tests.ui.helpers import WAIT_MS, DemoAssets

MARKUP = "<b>bold</b><script>alert(1)</script>"


def test_the_asset_fields_message_shows_typed_markup_as_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bar = window.asset_bar
    bar.set_text(MARKUP)
    assert bar.message.isVisibleTo(window)
    assert bar.message.textFormat() is Qt.TextFormat.PlainText
    # (The parser drops the outer angle brackets a pasted <URL> comes in; the rest is quoted.)
    assert "b>bold</b><script>alert(1)</script" in bar.message.text()
    bar.grab().save(str(tmp_path / "asset-bar-markup.png"))


def test_server_text_with_markup_stays_text_in_banner_panel_and_tooltips(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    url = f"{emulator.base_url}/adobe/assets/{demo_assets.public_image.id}/as/x.jpg?smartcrop={quote(MARKUP)}"
    assert window.open_text(url)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)
    banner = window.banner
    assert "400" in banner.title_label.text()
    # The banner's message is rich text built by the app: the server's part of it arrives escaped.
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;script&gt;" in banner.message_label.text()
    assert "<b>bold" not in banner.message_label.text()
    note = window.response_panel.type_note
    assert note.textFormat() is Qt.TextFormat.PlainText
    assert "<b>bold</b>" in note.text().replace("\u200b", "")
    assert window.response_panel.url_field.toolTip() == plain_tooltip(window.controller.url)
    assert "<script>" not in window.response_panel.url_field.toolTip()


def test_recent_items_show_their_text_as_written_in_tooltips(window: MainWindow) -> None:
    window.asset_bar.set_recent([MARKUP])
    action = window.asset_bar.recent_menu.actions()[0]
    assert action.text() == MARKUP
    assert action.toolTip() == plain_tooltip(MARKUP)
    assert "&lt;script&gt;" in action.toolTip()
