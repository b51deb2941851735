"""The Browse tab against the emulator's search: pages by cursor while scrolling, filters and sort,
lazy thumbnails, opening a result, and what it says without a token or an API key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.emulator.visibility import caller_from, is_delivered
from aemviewer.ui.browse.model import STATE_ROLE
from aemviewer.ui.browse.panel import BrowsePanel
from aemviewer.ui.browse.query import BrowseQuery, MediaKind, SortField, metadata_field
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.banner import BannerKind
from aemviewer.workspace.profiles import DEMO_PROFILE, Profile, TokenKind
from tests.support.keyring import MemoryKeyring
from tests.ui.helpers import WAIT_MS, wait_for_preview
from tests.ui.profiles_support import (
    close_windows,  # noqa: F401 - a fixture
    profiled_window,
    settings_in,
)


def visible_to(library: Library, token: str) -> list[str]:
    caller = caller_from(library, f"Bearer {token}")
    return [asset.id for asset in library.assets.values() if is_delivered(asset, caller)]


def browse_window(
    qtbot: QtBot, tmp_path: Path, emulator: EmulatorServer, tokens: dict[str, str], page_size: int
) -> tuple[MainWindow, BrowsePanel]:
    window = profiled_window(
        qtbot, settings_in(tmp_path), emulator, DEMO_PROFILE, demo_token=tokens["viewer"]
    )
    panel = window.browse.panel
    panel.page_size = page_size
    window.tabs.setCurrentWidget(panel)
    return window, panel


def test_search_pages_by_cursor_while_scrolling_and_opens_a_result(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    window, panel = browse_window(qtbot, tmp_path, emulator, tokens, page_size=2)
    close_windows(window)
    window.resize(900, 640)  # a few rows fit: the grid fills, then waits for scrolling
    panel.search_button.click()
    qtbot.waitUntil(lambda: panel.pages_loaded >= 1 and not panel.loading, timeout=WAIT_MS)
    # Pages come until the view is full (there is no scroll bar to scroll before that).
    qtbot.waitUntil(
        lambda: panel.view.verticalScrollBar().maximum() > 0 or panel.next_cursor is None, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: not panel.loading, timeout=WAIT_MS)
    assert panel.total == len(visible_to(demo, tokens["viewer"]))
    loaded = panel.model.rowCount()
    assert loaded == 2 * panel.pages_loaded < panel.total, "the first pages only, not everything"
    assert panel.next_cursor is not None
    assert f"{loaded} of {panel.total} assets · scroll for more" == panel.status_label.text()

    # Scrolling to the end loads the next pages, by cursor, until every hit is there.
    while panel.next_cursor is not None:
        pages = panel.pages_loaded
        panel.view.verticalScrollBar().setValue(panel.view.verticalScrollBar().maximum())
        qtbot.waitUntil(lambda pages=pages: panel.pages_loaded > pages and not panel.loading, timeout=WAIT_MS)
    ids = [hit.asset_id for hit in panel.model.hits]
    assert len(ids) == len(set(ids)) == panel.total
    assert set(ids) == set(visible_to(demo, tokens["viewer"]))
    assert panel.status_label.text() == f"{panel.total} of {panel.total} assets"

    # Thumbnails: asked for when drawn, small, cached per host and id.
    qtbot.waitUntil(lambda: panel.model.index(0).data(STATE_ROLE) == "ready", timeout=WAIT_MS)
    thumbnail = panel.model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(thumbnail, QImage) and thumbnail.width() <= 256
    image_requests = [line for line in emulator.request_log if "/as/" in line and "width=256" in line]
    assert image_requests

    # Opening a result (Enter on the selected card) shows it in the Preview tab.
    first = panel.model.hits[0]
    panel.view.setCurrentIndex(panel.model.index(0))
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    preview = wait_for_preview(qtbot, window, first.asset_id)
    assert preview.asset_id == first.asset_id
    assert window.tabs.currentIndex() == 0
    assert window.asset_bar.text() == first.asset_id


def test_the_library_shows_on_first_open_without_pressing_enter(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    window, panel = browse_window(qtbot, tmp_path, emulator, tokens, page_size=50)
    close_windows(window)
    assert panel.text_edit.text() == ""
    qtbot.waitUntil(lambda: panel.pages_loaded == 1 and not panel.loading, timeout=WAIT_MS)
    assert {hit.asset_id for hit in panel.model.hits} == set(visible_to(demo, tokens["viewer"]))
    assert panel.status_label.text() == f"{panel.total} of {panel.total} assets"
    # Coming back to the tab keeps the results (and the scroll place) rather than searching again.
    searches = [line for line in emulator.request_log if "/search" in line]
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentWidget(panel)
    assert [line for line in emulator.request_log if "/search" in line] == searches


def test_filters_and_sort_reach_the_search(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    window, panel = browse_window(qtbot, tmp_path, emulator, tokens, page_size=50)
    close_windows(window)
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(MediaKind.IMAGE))
    panel.format_combo.setCurrentIndex(panel.format_combo.findData("image/png"))
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(SortField.SIZE))
    panel.direction_button.setChecked(True)
    panel.search_button.click()
    qtbot.waitUntil(lambda: panel.pages_loaded == 1 and not panel.loading, timeout=WAIT_MS)
    hits = panel.model.hits
    assert hits and all(hit.media_type == "image/png" for hit in hits)
    sizes = [hit.size or 0 for hit in hits]
    assert sizes == sorted(sizes, reverse=True)
    assert hits[0].detail().startswith("PNG · ")

    # One metadata field = value: the keyword of one asset finds it.
    chelsea = next(
        asset for asset in demo.assets.values() if "cat" in asset.asset_metadata.get("dc:subject", [])
    )
    panel.format_combo.setCurrentIndex(0)
    panel.field_combo.setCurrentText("dc:subject")
    panel.value_edit.setText("cat")
    panel.search()
    qtbot.waitUntil(lambda: not panel.loading and panel.pages_loaded == 1, timeout=WAIT_MS)
    assert chelsea.id in [hit.asset_id for hit in panel.model.hits]

    # A field without a value is refused before anything is sent.
    panel.value_edit.clear()
    panel.search()
    assert panel.banner.isVisible() and panel.banner.kind is BannerKind.WARNING
    assert "has no value" in panel.banner.message_label.text()


def test_without_a_token_or_api_key_search_says_what_is_missing(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    bare = Profile(name="Bare", base_url=emulator.base_url)
    keyed = Profile(
        name="Keyed", base_url=emulator.base_url, token_kind=TokenKind.KEYRING, api_key="wrong-key"
    )
    for profile in (bare, keyed):
        settings.profiles.save_profile(profile)
    memory_keyring.passwords[("aemviewer", "Keyed")] = tokens["viewer"]
    window = profiled_window(qtbot, settings, emulator, bare)
    close_windows(window)
    panel = window.browse.panel
    window.tabs.setCurrentWidget(panel)
    assert panel.banner.isVisible()
    assert panel.banner.title_label.text() == "Search needs a token and an API key"
    assert "Profile “Bare” has no token and no API key" in panel.banner.message_label.text()
    requests = len(emulator.request_log)
    panel.search_button.click()
    assert len(emulator.request_log) == requests, "nothing is sent"
    (edit,) = panel.banner.action_buttons
    edit.click()
    assert window.profiles_ui.dialog is not None and window.profiles_ui.dialog.isVisible()
    window.profiles_ui.dialog.close()

    # With a token but a key the server refuses: the server's reason and what to check.
    window.profiles_ui.switch_to(keyed)
    assert not panel.banner.isVisible()
    panel.search_button.click()
    qtbot.waitUntil(lambda: panel.banner.isVisible(), timeout=WAIT_MS)
    assert panel.banner.title_label.text() == "Search was refused (401)"
    assert "X-Api-Key" in panel.banner.message_label.text()


@pytest.mark.parametrize(
    ("query", "body"),
    [
        (BrowseQuery(), {"query": [], "limit": 5}),
        (
            BrowseQuery(text=" space cat ", kind=MediaKind.VIDEO, sort=SortField.NAME),
            {
                "query": [
                    {"match": {"text": "space cat"}},
                    {"match": {"text": "video", "fields": ["metadata.repositoryMetadata.dc:format"]}},
                ],
                "limit": 5,
                "orderBy": "metadata.repositoryMetadata.repo:name asc",
            },
        ),
        (
            BrowseQuery(field="brand", value="X", sort=SortField.DATE, descending=True),
            {
                "query": [{"term": {"metadata.assetMetadata.brand": ["X"]}}],
                "limit": 5,
                "orderBy": "metadata.repositoryMetadata.repo:modifyDate desc",
            },
        ),
    ],
)
def test_the_search_body(query: BrowseQuery, body: dict[str, object]) -> None:
    assert query.body(5) == body
    assert query.body(5, "next")["cursor"] == "next"


def test_metadata_field_names() -> None:
    assert metadata_field("dc:subject") == "metadata.assetMetadata.dc:subject"
    assert metadata_field("repo:size") == "metadata.repositoryMetadata.repo:size"
    assert metadata_field("repositoryMetadata.x") == "metadata.repositoryMetadata.x"
    assert metadata_field("assetId") == "assetId"


def test_a_video_result_opens_in_the_video_tab_when_there_is_one(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    videos = [asset for asset in demo.assets.values() if asset.media_type.startswith("video/")]
    if not videos:
        pytest.skip("the demo library has no video")
    window, panel = browse_window(qtbot, tmp_path, emulator, tokens, page_size=10)
    close_windows(window)
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(MediaKind.VIDEO))
    panel.search()
    qtbot.waitUntil(lambda: panel.pages_loaded == 1 and not panel.loading, timeout=WAIT_MS)
    assert [hit.asset_id for hit in panel.model.hits] == [
        video.id for video in videos if video.id in visible_to(demo, tokens["viewer"])
    ]
    panel.open_row(0)
    titles = [window.tabs.tabText(index).replace("&", "") for index in range(window.tabs.count())]
    expected = titles.index("Video") if "Video" in titles else 0
    assert window.tabs.currentIndex() == expected
    assert window.asset_bar.text() == videos[0].id
