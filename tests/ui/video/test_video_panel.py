"""The Video tab against the emulator: frames from the player's video sink, variant locking seen in
the emulator's request log, restricted videos through the proxy, manifests, errors in place."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import m3u8
import pytest
import qasync
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import MalformedManifest, NotAVideo
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer, Library, load_library
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.video import backend as video_backend
from aemviewer.ui.video.panel import VideoPanel
from aemviewer.ui.video.variants import DASH_NOTE
from aemviewer.ui.widgets.banner import BannerKind
from tests.support.video_library import (
    BROKEN_LINE,
    BROKEN_MASTER,
    MISSING_SEGMENT,
    PUBLIC_VIDEO,
    RESTRICTED_VIDEO,
    write_broken_videos,
)
from tests.ui.helpers import WAIT_MS, SaveChooser, make_window

if TYPE_CHECKING:
    from aemviewer.ui.video.player import VideoPlayer  # imports QtMultimedia, which may be missing

pytestmark = pytest.mark.skipif(video_backend.missing() is not None, reason="QtMultimedia is not available")

RATE = 4.0
"""Playback rate in these tests: the six-second videos play in a second and a half."""


def open_video(qtbot: QtBot, window: MainWindow, asset_id: str) -> VideoPanel:
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.video_loaded, timeout=WAIT_MS):
        assert window.open_text(asset_id)
    assert panel.player is not None
    panel.player.set_rate(RATE)
    return panel


def wait_for_frames(qtbot: QtBot, panel: VideoPanel, count: int = 5) -> None:
    wait_for(qtbot, panel, lambda player: player.frames >= count)


def wait_for(qtbot: QtBot, panel: VideoPanel, condition: Callable[[VideoPlayer], bool]) -> None:
    player = panel.player
    assert player is not None
    try:
        qtbot.waitUntil(lambda: condition(player), timeout=WAIT_MS)
    except TimeoutError as error:  # say what the player was doing, not only that it timed out
        raise AssertionError(describe(panel)) from error


def describe(panel: VideoPanel) -> str:
    player = panel.player
    assert player is not None
    return (
        f"frames={player.frames} status={player.player.mediaStatus().name} "
        f"state={player.player.playbackState().name} error={player.player.errorString()!r} "
        f"source={player.source!r} position={player.player.position()} "
        f"exchanges={[(e.url.rsplit('/', 2)[-2:], e.status, e.error) for e in panel.counter.failures]} "
        f"segments={dict(panel.counter.segments)} banner={panel.banner.title_label.text()!r}"
    )


def segment_requests(log: list[str], asset_id: str) -> list[str]:
    return [line for line in log if asset_id in line and line.endswith(".ts")]


@pytest.fixture
def close_after(run: Callable[[Coroutine[Any, Any, None]], None]) -> Iterator[list[MainWindow]]:
    """Windows made in a test, shut down at its end (players stopped, proxies closed)."""
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        window.video_panel.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


def test_public_video_plays_and_frames_reach_the_video_sink(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo: Library
) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    assert panel.player is not None and not panel.player.poster.pixmap().isNull()  # the poster arrived
    assert panel.player.stack.currentWidget() is panel.player.poster  # the poster, before playing
    before = len(emulator.request_log)
    panel.toggle_play()  # the play button with nothing open: all variants, from the master
    wait_for_frames(qtbot, panel)
    assert panel.playing_url is not None and panel.playing_url.endswith(f"{PUBLIC_VIDEO}/manifest.m3u8")
    assert panel.player.stack.currentWidget() is panel.player.video
    assert panel.player.frame_size.width() in (1280, 640, 320)
    new = emulator.request_log[before:]
    assert f"GET /adobe/assets/{PUBLIC_VIDEO}/manifest.m3u8" in new  # through the proxy, to the emulator
    qtbot.waitUntil(lambda: panel.counter.total_segments >= 1, timeout=WAIT_MS)
    panel.refresh_stats()
    assert panel.stats.value("Frames shown") != "–" and int(panel.stats.value("Frames shown")) >= 5
    assert re.search(r"\d+×\d+ decoded", panel.stats.value("Resolution"))
    assert panel.model.rows[0].fetched == panel.counter.total_segments


def test_locking_a_variant_fetches_only_its_segments_and_keeps_the_position(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer
) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    assert panel.player is not None
    panel.player.set_rate(1.0)  # slow enough to switch in the middle
    panel.play_variant(1)  # 1280×720
    wait_for(qtbot, panel, lambda player: player.player.position() >= 1200)
    before = len(emulator.request_log)
    panel.counter.reset()
    row = panel.model.row_of(next(r.url for r in panel.model.rows if r.name == "320×180") or "")
    assert row is not None
    panel.table.selectRow(row)  # choosing the row in the table plays it
    wait_for(qtbot, panel, lambda player: player.frame_size.width() == 320)
    assert panel.player.player.position() >= 1000  # it went on from where it was, not from the start
    assert panel.playing_url is not None and panel.playing_url.endswith("/hls/180p/index.m3u8")
    qtbot.waitUntil(lambda: panel.counter.total_segments >= 2, timeout=WAIT_MS)
    segments = segment_requests(emulator.request_log[before:], PUBLIC_VIDEO)
    assert segments and all("/hls/180p/segment" in line for line in segments), segments
    assert panel.model.rows[row].fetched == panel.counter.total_segments
    assert "320×180" in panel.stats.value("Playing") or panel.refresh_stats() is None


def test_restricted_video_plays_through_the_proxy_with_a_token(
    qtbot: QtBot,
    event_loop_qt: qasync.QEventLoop,
    emulator: EmulatorServer,
    settings: WindowSettings,
    tokens: dict[str, str],
    close_after: list[MainWindow],
) -> None:
    window = make_window(qtbot, emulator.base_url, settings, SaveChooser(), token=tokens["editor"])
    close_after.append(window)
    panel = open_video(qtbot, window, RESTRICTED_VIDEO)
    before = len(emulator.request_log)
    panel.play_variant(3)  # 320×180
    wait_for_frames(qtbot, panel)
    assert panel.player is not None and panel.player.frame_size.width() == 320
    assert segment_requests(emulator.request_log[before:], RESTRICTED_VIDEO)
    # The token goes away (profile switched, token revoked): the next playback fails, and says so.
    window.service.token = StaticToken(None)
    panel.player.close_media()
    panel.play_variant(2)
    # The player's error and the proxy's 404 arrive in either order; the banner ends up with both.
    qtbot.waitUntil(
        lambda: (
            "Playback failed" in panel.banner.title_label.text()
            and "404" in panel.banner.message_label.text()
        ),
        timeout=WAIT_MS,
    )
    message = panel.banner.message_label.text()
    assert "404" in message and "restricted video requested without a token" in message
    assert tokens["editor"] not in message


def test_restricted_video_without_a_token_is_not_found(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.load_failed, timeout=WAIT_MS) as failed:
        assert window.open_text(RESTRICTED_VIDEO)
    assert failed.args[0].exit_code == 3
    assert panel.banner.kind is BannerKind.ERROR and "Not found (404)" in panel.banner.title_label.text()
    assert "restricted" in panel.banner.message_label.text()


def test_variant_table_and_dash_rows_match_the_manifests(
    qtbot: QtBot, window: MainWindow, demo: Library
) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    video = demo.assets[PUBLIC_VIDEO].video
    assert video is not None
    reference = m3u8.load(str(video.folder / "manifest.m3u8"))
    rows = panel.model.rows
    hls = [row for row in rows if row.kind == "HLS"][1:]
    assert [
        (r.bandwidth, r.average_bandwidth, r.resolution, r.codecs, r.frame_rate, r.audio_group) for r in hls
    ] == [
        (
            p.stream_info.bandwidth,
            p.stream_info.average_bandwidth,
            p.stream_info.resolution,
            p.stream_info.codecs,
            p.stream_info.frame_rate,
            p.stream_info.audio,
        )
        for p in reference.playlists
    ]
    assert [r.segments for r in hls] == [3, 3, 3] and rows[0].segments == 9
    dash = [row for row in rows if row.kind == "DASH"]
    assert [r.name for r in dash] == [
        "1280×720 (video)",
        "640×360 (video)",
        "320×180 (video)",
        "audio (audio)",
    ]
    assert all(not r.playable and r.note == DASH_NOTE for r in dash)
    model = panel.model
    dash_row = rows.index(dash[0])
    assert model.data(model.index(dash_row, model.COLUMNS.index("Playback"))) == DASH_NOTE
    assert model.data(model.index(1, model.COLUMNS.index("Bandwidth"))).endswith("kbit/s")
    # The manifest view: master, three media playlists, the MPD; and the summary of each.
    view = panel.manifest_view
    assert [d.title for d in view.documents] == [
        "Master playlist",
        "Media playlist · 1280×720",
        "Media playlist · 640×360",
        "Media playlist · 320×180",
        "DASH manifest",
    ]
    assert view.text.toPlainText() == (video.folder / "manifest.m3u8").read_text()
    view.chooser.setCurrentIndex(4)
    assert view.text.toPlainText().startswith('<?xml version="1.0"')
    summary = [[view.summary.item(r, c).text() for c in range(4)] for r in range(view.summary.rowCount())]
    assert summary[:3] == [[label, "2 s", "3", "6.000 s"] for label in ("1280×720", "640×360", "320×180")]
    assert [row[0] for row in summary[3:]] == ["DASH 720p", "DASH 360p", "DASH 180p", "DASH audio"]


def test_player_container(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    container = panel.container
    play_url = f"{window.service.endpoints.base_url}/adobe/assets/{PUBLIC_VIDEO}/play"
    assert container.url_field.text() == play_url
    # Without a token the metadata is minimal (no title): the iframe's title is then the asset id.
    snippet = container.snippet.toPlainText()
    assert snippet.startswith(f'<iframe src="{play_url}" title="{PUBLIC_VIDEO}"') and snippet.endswith(
        "</iframe>"
    )
    opened: list[str] = []
    monkeypatch.setattr(
        "aemviewer.ui.video.container.QDesktopServices.openUrl",
        lambda url: opened.append(url.toString()) or True,
    )
    container.open_button.click()
    assert opened == [play_url]
    container.copy_snippet_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == container.snippet.toPlainText()


def test_an_image_is_not_a_video(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.load_failed, timeout=WAIT_MS) as failed:
        assert window.open_text("urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4")  # Chelsea the cat
    assert isinstance(failed.args[0], NotAVideo)
    assert panel.banner.title_label.text() == "Not a video"
    assert "(image/jpeg)" in panel.banner.message_label.text()
    assert panel.model.rowCount() == 0


def test_an_image_after_a_video_keeps_nothing_of_the_video(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    panel.toggle_play()
    wait_for(qtbot, panel, lambda player: player.frames >= 3 and player.player.duration() > 0)
    player = panel.player
    assert player is not None
    qtbot.waitUntil(lambda: player.time_label.text().endswith("/ 0:06.0"), timeout=WAIT_MS)
    panel.refresh_stats()
    assert panel.stats.value("Frames shown") != "–"

    with qtbot.waitSignal(panel.load_failed, timeout=WAIT_MS):
        assert window.open_text("urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4")  # Chelsea the cat
    assert panel.banner.title_label.text() == "Not a video"
    assert player.poster.text() == "No video."
    assert player.time_label.text() == "0:00.0 / 0:00.0"
    assert (player.seek.value(), player.seek.maximum()) == (0, 0)
    panel.refresh_stats()
    assert panel.stats.value("Frames shown") == "–"
    assert panel.model.rowCount() == 0 and panel.playing_url is None
    # The player's own late signals (it stops asynchronously) do not bring the old numbers back.
    qtbot.waitUntil(lambda: player.player.source().isEmpty(), timeout=WAIT_MS)
    assert player.time_label.text() == "0:00.0 / 0:00.0"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, demo: Library) -> Iterator[EmulatorServer]:
    folder = tmp_path_factory.mktemp("broken-videos")
    write_broken_videos(folder, demo)
    with EmulatorServer(load_library(folder)) as server:
        yield server


def test_a_malformed_manifest_names_its_line(
    qtbot: QtBot, broken: EmulatorServer, settings: WindowSettings, close_after: list[MainWindow]
) -> None:
    window = make_window(qtbot, broken.base_url, settings, SaveChooser())
    close_after.append(window)
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.load_failed, timeout=WAIT_MS) as failed:
        assert window.open_text(BROKEN_MASTER)
    error = failed.args[0]
    assert isinstance(error, MalformedManifest) and error.line == BROKEN_LINE
    assert panel.banner.title_label.text() == f"The manifest cannot be read (line {BROKEN_LINE})"
    assert "BANDWIDTH must be a whole number" in panel.banner.message_label.text()
    assert panel.tabs.currentWidget() is panel.manifest_view
    assert panel.manifest_view.marked_line() == BROKEN_LINE
    assert "BANDWIDTH=fast" in panel.manifest_view.text.toPlainText()


def test_a_failing_segment_is_reported_in_place(
    qtbot: QtBot, broken: EmulatorServer, settings: WindowSettings, close_after: list[MainWindow]
) -> None:
    window = make_window(qtbot, broken.base_url, settings, SaveChooser())
    close_after.append(window)
    panel = open_video(qtbot, window, MISSING_SEGMENT)
    panel.play_variant(2)  # 640×360, whose segment1.ts is missing
    qtbot.waitUntil(
        lambda: "A segment failed (404): segment1.ts" in panel.banner.title_label.text(), timeout=WAIT_MS
    )
    assert panel.banner.kind in (BannerKind.WARNING, BannerKind.ERROR)
    assert panel.counter.failures and panel.counter.failures[0].url.endswith("/hls/360p/segment1.ts")


def test_without_qtmultimedia_the_tab_says_what_to_install(
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    monkeypatch: pytest.MonkeyPatch,
    close_after: list[MainWindow],
) -> None:
    missing = video_backend.describe_import_error(
        ImportError("libpulse.so.0: cannot open shared object file")
    )
    monkeypatch.setattr(video_backend, "missing", lambda: missing)
    window = make_window(qtbot, emulator.base_url, settings, SaveChooser())
    close_after.append(window)
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.video_loaded, timeout=WAIT_MS):
        assert window.open_text(PUBLIC_VIDEO)
    assert panel.player is None
    label = panel.findChild(type(panel.stats.labels["Playing"]), "videoUnavailable")
    assert label is not None and "apt-get install libpulse0" in label.text()
    assert panel.model.rowCount() == 8  # the manifests are shown all the same
    assert "libpulse.so.0" in panel.banner.title_label.text()


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (
            "libpulse.so.0: cannot open shared object file: No such file or directory",
            "apt-get install libpulse0",
        ),
        ("libEGL.so.1: cannot open shared object file", "install the package that provides libEGL.so.1"),
        ("No module named 'PySide6.QtMultimedia'", "pip install PySide6-Addons=="),
        ("something else entirely", "Reinstall PySide6-Addons"),
    ],
)
def test_describe_import_error(message: str, words: str) -> None:
    error = video_backend.describe_import_error(ImportError(message))
    assert words in error.hint and error.message.startswith("Video playback is unavailable")


def test_stats_before_anything_plays(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    panel.refresh_stats()
    assert panel.stats.value("Playing") == "nothing yet"
    assert panel.stats.value("Segments").startswith("0 fetched (1280×720: 0 · 640×360: 0 · 320×180: 0)")
