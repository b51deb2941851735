"""Real-world delivery URLs pasted into the real asset bar open (offscreen, against the emulator).

A sample of the corpus (tests/data/real_world_urls.toml) keeps each URL's shape — prefix, raw or
percent-encoded id, vanity id, spaces and accents in the name, renditions/original, unknown
parameters — while its host and id are swapped for the emulator's and a demo asset's, so that
nothing leaves the machine.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.ui.shell.main_window import MainWindow
from tests.delivery.real_world import URLS
from tests.ui.helpers import WAIT_MS, wait_for_preview

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
CHELSEA_VANITY = "urn:avid:aem:chelsea-the-cat"
_SERVED_PREFIXES = ("/adobe/assets/", "/adobe/dynamicmedia/deliver/", "/adobe/experimental/")
_ORIGIN = re.compile(r"^https?://[^/]+")


def _sample() -> list[dict[str, Any]]:
    """One entry per shape the emulator serves: operation, id spelling, prefix, query or not."""
    chosen: dict[tuple[object, ...], dict[str, Any]] = {}
    for entry in URLS:
        path = _ORIGIN.sub("", entry["url"])
        if entry["operation"] not in ("image", "original") or not path.startswith(_SERVED_PREFIXES):
            continue
        shape = (
            entry["operation"],
            "%3A" in entry["url"],
            entry["id"].startswith("urn:avid"),
            path.split("/")[2],
            "/renditions/" in path,
            "?" in entry["url"],
            " " in entry["url"],
            "widht" in entry["url"],
        )
        chosen.setdefault(shape, entry)
    return list(chosen.values())


SAMPLE = _sample()


def on_emulator(entry: dict[str, Any], base_url: str) -> str:
    """The entry's URL on the emulator, about a demo asset, in the same spelling."""
    url = _ORIGIN.sub(base_url, entry["url"])
    encoded = entry["id"].replace(":", "%3A")
    demo = CHELSEA_VANITY if entry["id"].startswith("urn:avid") else CHELSEA
    return url.replace(encoded, demo.replace(":", "%3A")).replace(entry["id"], demo)


def test_the_sample_covers_the_shapes_of_the_issue() -> None:
    urls = [entry["url"] for entry in SAMPLE]
    assert len(SAMPLE) >= 8
    for needle in (
        "urn:avid:aem:",
        "%3A",
        "/renditions/original/as/",
        "/dynamicmedia/deliver/",
        " ",
        "widht",
    ):
        assert any(needle in url for url in urls), needle


@pytest.mark.parametrize("entry", SAMPLE, ids=[entry["url"][-50:] for entry in SAMPLE])
def test_a_pasted_real_world_url_opens(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, entry: dict[str, Any]
) -> None:
    url = on_emulator(entry, emulator.base_url)
    QGuiApplication.clipboard().setText(url)
    field = window.asset_bar.field
    field.setFocus()
    QTest.keySequence(field, QKeySequence(QKeySequence.StandardKey.Paste))

    preview = wait_for_preview(qtbot, window)
    assert window.asset_bar.message.text().startswith("✓"), window.asset_bar.message.text()
    assert preview.delivery.status == 200
    assert not preview.image.isNull()
    expected_id = CHELSEA_VANITY if entry["id"].startswith("urn:avid") else CHELSEA
    assert window.windowTitle().startswith(expected_id)
    assert " " not in window.asset_bar.url_field.text(), "built URLs are percent-encoded"
    unknown = [name for name, _ in entry.get("kept", []) if name in ("widht", "assetname", "timestamp")]
    if unknown:
        note = window.response_panel.type_note
        qtbot.waitUntil(
            lambda: all(name in note.text().replace("\u200b", "") for name in unknown), timeout=WAIT_MS
        )


def test_a_vanity_url_is_starred_as_pasted(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer
) -> None:
    url = f"{emulator.base_url}/adobe/assets/{CHELSEA_VANITY}/as/cat.jpg?width=200"
    assert window.open_text(url)
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: window.asset_bar.favourite_button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(window.asset_bar.favourite_button, Qt.MouseButton.LeftButton)
    assert [item.text for item in window.settings.favourites] == [url]
