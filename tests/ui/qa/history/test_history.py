"""The History tab: every request the window makes is recorded (preview, metadata, smart crops, the QA
views), kept across sessions in the history file, filtered, re-opened, copied, exported as a list
for `aemviewer get --from-file`, and never with a token."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.qa.history.model import ACCEPT, TYPE, HistoryFilter
from aemviewer.ui.qa.history.panel import HistoryPanel
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.history import HistoryStore
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait, wait_for_preview

UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000beef"
Opener = Callable[..., MainWindow]


@pytest.fixture
def open_window(
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[Opener]:
    """Windows with a history file (each call is a new session on the same file, unless told)."""
    made: list[MainWindow] = []

    def make(path: Path, token: str | None = None) -> MainWindow:
        service = DeliveryService(
            DeliveryEndpoints(emulator.base_url), StaticToken(token), profile_name="Test"
        )
        window = MainWindow(service, settings, history_path=path)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.history_panel.history.loaded, timeout=WAIT_MS)
        made.append(window)
        return window

    yield make
    for window in made:
        service = window.service
        if shiboken6.isValid(window):  # a window a test closed may be gone already
            window.controller.shutdown()
            window.runner.cancel_all()
        run(service.aclose())


def urls(panel: HistoryPanel) -> list[str]:
    return [entry.url for entry in panel.filter.entries()]


def test_every_request_of_the_window_is_recorded_newest_first(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    window = open_window(tmp_path / "history.jsonl")
    asset = demo_assets.public_image
    preview = open_and_wait(qtbot, window, asset.id)
    panel = window.history_panel
    qtbot.waitUntil(lambda: len(panel.history.entries) >= 3, timeout=WAIT_MS)
    kinds = {entry.operation for entry in panel.history.entries}
    assert {"image", "metadata", "smart_crops"} <= kinds
    image = next(e for e in panel.history.entries if e.url == preview.url)
    assert (image.asset_id, image.status, image.content_type) == (asset.id, 200, preview.delivery.media_type)
    assert image.byte_count == preview.delivery.byte_count and image.seconds is not None
    newest = panel.model.entry(0)
    assert newest is panel.history.entries[-1]
    assert panel.model.rowCount() == len(panel.history.entries)
    assert f"{len(panel.history.entries):,} requests" in panel.count.text()

    window.tabs.setCurrentWidget(window.compare_panel)  # the QA views' requests are recorded too
    qtbot.waitUntil(lambda: all(r is not None for r in window.compare_panel.results), timeout=WAIT_MS)
    assert len(panel.history.entries) >= 5


def test_failures_are_recorded_and_filtered(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    window = open_window(tmp_path / "history.jsonl")
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    assert window.open_text(UNKNOWN)
    panel = window.history_panel
    qtbot.waitUntil(
        lambda: any(e.asset_id == UNKNOWN and e.operation == "image" for e in panel.history.entries),
        timeout=WAIT_MS,
    )
    failed = [e for e in panel.history.entries if e.asset_id == UNKNOWN]
    assert failed and all(e.status == 404 and not e.ok and e.error for e in failed)

    panel.outcome.setCurrentIndex(panel.outcome.findData(HistoryFilter.FAILED))
    assert set(urls(panel)) == {e.url for e in failed}
    assert panel.table.model().index(0, 3).data() == "✗ 404"  # in words as well as in red
    panel.outcome.setCurrentIndex(panel.outcome.findData(HistoryFilter.SUCCESSFUL))
    assert urls(panel) and all(UNKNOWN not in url for url in urls(panel))
    panel.outcome.setCurrentIndex(panel.outcome.findData(HistoryFilter.ALL))
    panel.filter_edit.setText("beef metadata")
    assert urls(panel) == [e.url for e in reversed(failed) if e.operation == "metadata"]


def test_the_accept_sent_tells_apart_rows_with_one_url_and_different_types(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    path = tmp_path / "history.jsonl"
    window = open_window(path)
    url = f"{window.service.endpoints.base_url}/adobe/assets/{demo_assets.public_image.id}/as/a.jpg?width=90"
    open_and_wait(qtbot, window, url)
    matrix = window.format_matrix_panel
    window.tabs.setCurrentWidget(matrix)  # shown: it runs for the preview's state
    qtbot.waitUntil(
        lambda: bool(matrix.model.rows) and matrix.model.done == len(matrix.model.rows), timeout=60_000
    )
    panel = window.history_panel
    by_url: dict[str, dict[str, str]] = {}
    for entry in panel.history.entries:
        if entry.operation == "image" and entry.ok:
            by_url.setdefault(entry.url, {})[entry.accept] = entry.content_type
    # One URL, several Accepts, several delivered types: each row says which Accept it was.
    url_of_many, types_by_accept = next(
        (u, accepts) for u, accepts in by_url.items() if len(set(accepts.values())) > 1
    )
    assert "" not in types_by_accept
    window.tabs.setCurrentWidget(panel)
    panel.filter_edit.setText(url_of_many)
    table = panel.table.model()
    shown = {
        table.index(row, ACCEPT).data(): table.index(row, TYPE).data() for row in range(table.rowCount())
    }
    assert shown == types_by_accept
    # Kept in the file, and re-opening a row asks with the Accept it was sent with.
    window.close()
    stored = {e.accept for e in HistoryStore(path).load() if e.url == url_of_many}
    assert stored == set(types_by_accept)
    second = open_window(path)
    history = second.history_panel
    history.filter_edit.setText(url_of_many)
    entry = history.filter.entries()[-1]
    assert history.reopen(entry)
    assert second.controller.accept == entry.accept
    preview = wait_for_preview(qtbot, second, url_of_many)
    assert preview.delivery.media_type == entry.content_type


def test_the_history_is_kept_across_sessions(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    path = tmp_path / "history.jsonl"
    first = open_window(path)
    preview = open_and_wait(qtbot, first, demo_assets.public_image.id)
    history = first.history_panel.history
    qtbot.waitUntil(lambda: len(history.entries) >= 3, timeout=WAIT_MS)
    recorded = list(history.entries)
    first.close()  # what was not yet written is written now
    assert HistoryStore(path).load() == recorded

    second = open_window(path)  # the next session
    assert second.history_panel.history.entries == recorded
    assert second.history_panel.model.rowCount() == len(recorded)
    assert urls(second.history_panel)[-1] == recorded[0].url
    assert preview.url in urls(second.history_panel)


def test_the_file_stays_bounded(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    path = tmp_path / "history.jsonl"
    window = open_window(path)
    history = window.history_panel.history
    history.store.limit = 4  # instead of 5 000: a few requests go past it
    base = f"{window.service.endpoints.base_url}/adobe/assets/{demo_assets.public_image.id}/as/a.jpg"
    for width in (50, 60, 70):
        open_and_wait(qtbot, window, f"{base}?width={width}")
    qtbot.waitUntil(lambda: len(history.entries) == 4, timeout=WAIT_MS)
    window.close()
    assert len(HistoryStore(path, limit=4).load()) == 4
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 4


def test_reopen_copy_and_export_for_get_from_file(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    window = open_window(tmp_path / "history.jsonl")
    asset = demo_assets.public_image
    first = open_and_wait(
        qtbot, window, f"{window.service.endpoints.base_url}/adobe/assets/{asset.id}/as/a.jpg?width=70"
    )
    open_and_wait(
        qtbot, window, f"{window.service.endpoints.base_url}/adobe/assets/{asset.id}/as/a.jpg?width=80"
    )
    panel = window.history_panel
    window.tabs.setCurrentWidget(panel)
    panel.filter_edit.setText("width=70")
    assert urls(panel) == [first.url]
    panel.table.selectRow(0)
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == first.url
    panel.reopen_button.click()
    assert window.tabs.currentIndex() == 0 and window.controller.url == first.url

    panel.filter_edit.setText("")
    target = tmp_path / "urls.txt"
    panel.choose_export_path = lambda _parent, suggested: (
        target if suggested == "aemviewer-urls.txt" else None
    )
    wait_for_preview(qtbot, window)  # the re-opened preview's requests are in the history first
    shown = list(dict.fromkeys(urls(panel)))
    panel.export_button.click()
    qtbot.waitUntil(lambda: panel.exported == [target], timeout=WAIT_MS)
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# aemviewer request history: ") and lines[1].startswith("# ")
    listed = [line for line in lines if line and not line.startswith("#")]  # as get --from-file reads it
    assert listed == shown and first.url in listed and len(listed) == len(set(listed))


def test_no_token_reaches_the_history_file(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets, tokens: dict[str, str]
) -> None:
    restricted = demo_assets.restricted
    assert restricted is not None
    token = tokens["editor"]
    path = tmp_path / "history.jsonl"
    window = open_window(path, token)
    preview = open_and_wait(qtbot, window, restricted.id)
    authorization = dict((k.lower(), v) for k, v in preview.delivery.request_headers)["authorization"]
    assert authorization.startswith("Bearer")  # the token was sent…
    window.close()
    text = path.read_text(encoding="utf-8")
    assert restricted.id in text
    assert (
        token not in text and "authorization" not in text.lower() and "bearer" not in text.lower()
    )  # …not kept


def test_clear_asks_first_and_empties_the_file(
    qtbot: QtBot, open_window: Opener, tmp_path: Path, demo_assets: DemoAssets
) -> None:
    path = tmp_path / "history.jsonl"
    window = open_window(path)
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    panel = window.history_panel
    qtbot.waitUntil(lambda: len(panel.history.entries) >= 3, timeout=WAIT_MS)
    panel.confirm_clear = lambda _parent: False
    panel.clear_button.click()
    assert panel.history.entries
    panel.confirm_clear = lambda _parent: True
    panel.clear_button.click()
    assert panel.history.entries == [] and panel.model.rowCount() == 0
    qtbot.waitUntil(lambda: path.exists() and path.read_text(encoding="utf-8") == "", timeout=WAIT_MS)


def test_a_window_without_a_history_file_keeps_the_session_only(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    panel = window.history_panel
    assert panel.history.store.path is None and panel.history.entries
    assert panel.where.text() == "This session only (no history file)"
