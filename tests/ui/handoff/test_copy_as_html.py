"""Edit → Copy as HTML… in the real window over the emulator: markup, strip, totals, clipboard."""

from __future__ import annotations

import os
from collections.abc import Callable, Coroutine
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from aemviewer.ui.handoff.markup_dialog import MarkupDialog
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.accessibility_support import unnamed_interactive_elements
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait

Run = Callable[[Coroutine[Any, Any, Any]], Any]


class PictureUrls(HTMLParser):
    """Every URL of a `<picture>`: each srcset candidate and the img's src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.media: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])
        if tag == "img" and values.get("src"):
            self.urls.append(values["src"] or "")
        if values.get("media"):
            self.media.append(values["media"] or "")


def open_dialog(qtbot: QtBot, window: MainWindow) -> MarkupDialog:
    window.handoff.copy_html_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.handoff.dialog, MarkupDialog), timeout=WAIT_MS)
    dialog = window.handoff.dialog
    assert isinstance(dialog, MarkupDialog)
    qtbot.waitUntil(lambda: dialog.built is not None, timeout=WAIT_MS)
    return dialog


def rebuild(qtbot: QtBot, dialog: MarkupDialog) -> None:
    dialog.built = None
    dialog.build_button.click()
    qtbot.waitUntil(lambda: dialog.built is not None, timeout=WAIT_MS)


def test_markup_with_art_direction_every_url_delivers(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, run: Run, tmp_path: Path
) -> None:
    asset = demo_assets.with_smart_crops
    names = [crop.name for crop in asset.smart_crops]
    open_and_wait(qtbot, window, asset.id)
    window.modifier_panel.rows.control("quality").spin.setValue(70)
    qtbot.waitUntil(lambda: "quality=70" in window.controller.url)
    dialog = open_dialog(qtbot, window)
    assert dialog.built is not None
    assert len(dialog.built.strip) == 1  # no art direction yet: one breakpoint
    assert dialog.totals.rowCount() == 3  # avif, webp, jpg

    dialog.widths.setText("200, 400")
    dialog.art.add_row("(max-width: 599px)", names[0])
    dialog.art.fallback.setCurrentIndex(dialog.art.fallback.findData(names[-1]))
    rebuild(qtbot, dialog)

    result = dialog.built
    assert result is not None
    html = dialog.markup.toPlainText()
    assert html == result.picture.to_html()
    parsed = PictureUrls()
    parsed.feed(html)
    assert parsed.media == ["(max-width: 599px)"] * 3
    assert parsed.urls and all("quality=70" in url for url in parsed.urls)
    assert any(f"smartcrop={names[0]}" in url for url in parsed.urls)
    assert any(f"smartcrop={names[-1]}" in url for url in parsed.urls)

    async def fetch_all() -> list[int]:
        async with httpx.AsyncClient() as client:
            return [(await client.get(url)).status_code for url in parsed.urls]

    assert set(run(fetch_all())) == {200}
    # One strip image and three totals per breakpoint, with the bytes actually delivered.
    assert [image.breakpoint.smart_crop for image in result.strip] == [names[0], names[-1]]
    assert dialog.totals.rowCount() == 6
    assert all(weight.total_bytes > 0 for weight in result.weights)
    assert dialog.totals.item(0, 4).text().endswith(f"({result.weights[0].total_bytes:,} bytes)")
    # Every fetch went through the service: History saw it.
    history_urls = {entry.url for entry in window.history_panel.history.entries}
    assert set(result.picture.urls) <= history_urls

    assert unnamed_interactive_elements(dialog) == []
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == html
    dialog.grab().save(str(Path(os.environ.get("AEMVIEWER_SCREENSHOTS", tmp_path)) / "copy-as-html.png"))


def test_invalid_widths_are_refused_in_the_dialog(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    dialog = open_dialog(qtbot, window)
    before = len(window.history_panel.history.entries)

    dialog.widths.setText("320,abc")
    dialog.build_button.click()

    assert dialog.banner.isVisible()
    assert "abc" in dialog.banner.title_label.text()
    assert len(window.history_panel.history.entries) == before


def test_without_an_asset_the_status_bar_says_so(window: MainWindow) -> None:
    window.handoff.copy_html_action.trigger()

    assert window.handoff.dialog is None
    assert window.statusBar().currentMessage() == "Open an asset first."
