"""Every kind of request reaches History with the Accept sent and the type delivered: the preview,
metadata, a search, and downloads streamed to disk."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.saving.download_job import JobState
from aemviewer.ui.browse.query import BrowseQuery
from aemviewer.ui.common.accept import WEBP_ACCEPT
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.qa.history.model import ACCEPT, TYPE
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.history import SEARCH_OPERATION, HistoryEntry
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, make_window, open_and_wait

Run = Callable[[Coroutine[Any, Any, Any]], Any]


@pytest.fixture
def viewer_window(
    event_loop_qt: qasync.QEventLoop,
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    tokens: dict[str, str],
    run: Run,
) -> Iterator[MainWindow]:
    window = make_window(qtbot, emulator.base_url, settings, save_chooser, token=tokens["viewer"])
    yield window
    window.controller.shutdown()
    window.runner.cancel_all()
    run(window.service.aclose())


def entries(window: MainWindow, operation: str) -> list[HistoryEntry]:
    return [entry for entry in window.history_panel.history.entries if entry.operation == operation]


def test_preview_and_metadata_rows_carry_the_accept_sent_and_the_type_delivered(
    qtbot: QtBot, viewer_window: MainWindow, demo_assets: DemoAssets
) -> None:
    window = viewer_window
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    qtbot.waitUntil(lambda: bool(entries(window, "metadata")), timeout=WAIT_MS)

    image = next(entry for entry in entries(window, "image") if entry.url == preview.url)
    assert image.accept == WEBP_ACCEPT
    assert image.content_type == preview.delivery.media_type == "image/webp"  # negotiated, not .jpg
    metadata = entries(window, "metadata")[-1]
    assert metadata.accept == "application/json" and metadata.content_type == "application/json"
    model = window.history_panel.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, TYPE).data() == "image/webp")
    assert model.index(row, ACCEPT).data() == WEBP_ACCEPT


def test_a_search_reaches_history(viewer_window: MainWindow, run: Run, demo: Library) -> None:
    window = viewer_window
    page = run(window.service.search(BrowseQuery(text="cat").body(limit=5), sorted(demo.api_keys)[0]))

    (search,) = entries(window, SEARCH_OPERATION)
    assert search.status == 200 and search.url.endswith("/search")
    assert search.content_type == "application/json" and search.accept == "application/json"
    assert search.byte_count == page.delivery.byte_count


def test_a_saved_original_reaches_history_with_what_was_saved(
    qtbot: QtBot,
    viewer_window: MainWindow,
    demo_assets: DemoAssets,
    save_chooser: SaveChooser,
    tmp_path: Path,
) -> None:
    window = viewer_window
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    qtbot.waitUntil(lambda: window.controller.metadata is not None, timeout=WAIT_MS)
    folder = tmp_path / "out"
    folder.mkdir()
    save_chooser.path = folder / "original.jpg"

    window.downloads.save_original_action.trigger()
    qtbot.waitUntil(lambda: bool(entries(window, "original")), timeout=WAIT_MS)

    (job,) = window.downloads.jobs()
    assert job.state is JobState.DONE and job.saved is not None
    saved = [entry for entry in entries(window, "original") if entry.byte_count is not None]
    assert saved[-1].status == 200
    assert saved[-1].byte_count == save_chooser.path.stat().st_size
    assert saved[-1].content_type == job.saved.content_type.split(";")[0]
