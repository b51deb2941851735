"""Switching variants in every state of the player (playing, paused, ended, errored), and Retry:
each checked on the frames reaching the player's video sink and on what the window says."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.video import backend as video_backend
from aemviewer.ui.video.panel import VideoPanel
from aemviewer.ui.widgets.banner import BannerKind
from tests.support.video_library import PUBLIC_VIDEO, RESTRICTED_VIDEO
from tests.ui.helpers import WAIT_MS, SaveChooser, make_window
from tests.ui.video.test_video_panel import close_after, open_video, wait_for  # noqa: F401 - fixture

if TYPE_CHECKING:
    from aemviewer.ui.video.player import VideoPlayer

pytestmark = pytest.mark.skipif(video_backend.missing() is not None, reason="QtMultimedia is not available")

FAST = 8.0
"""The six-second demo videos end in under a second."""


def note_of(panel: VideoPanel, url: str) -> str:
    row = panel.model.row_of(url)
    assert row is not None
    return str(panel.model.index(row, panel.model.columnCount() - 1).data())


def ended(player: VideoPlayer) -> bool:
    from PySide6.QtMultimedia import QMediaPlayer

    return player.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia


def playing(player: VideoPlayer) -> bool:
    from PySide6.QtMultimedia import QMediaPlayer

    return player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState


def row_url(panel: VideoPanel, name: str) -> str:
    url = next(row.url for row in panel.model.rows if row.name == name)
    assert url is not None
    return url


def wait_for_failure(qtbot: QtBot, panel: VideoPanel) -> None:
    qtbot.waitUntil(
        lambda: not panel.banner.isHidden() and "Playback failed" in panel.banner.title_label.text(),
        timeout=WAIT_MS,
    )


def assert_new_frames_of(qtbot: QtBot, panel: VideoPanel, width: int) -> None:
    """Frames of the picked variant reach the sink, the player plays, and nothing failed."""
    wait_for(qtbot, panel, lambda player: player.frames >= 3 and player.frame_size.width() == width)
    wait_for(qtbot, panel, playing)
    assert panel.banner.isHidden() or panel.banner.kind is not BannerKind.ERROR, (
        panel.banner.message_label.text()
    )
    assert panel.player is not None and panel.player.stack.currentWidget() is panel.player.video


def test_picking_a_variant_after_all_variants_ended_plays_it(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    assert panel.player is not None and panel.video is not None
    panel.player.set_rate(FAST)
    panel.play_variant(0)  # All variants
    wait_for(qtbot, panel, ended)
    master = panel.video.manifests.master.url
    assert note_of(panel, master) == "ended"  # not "▶ playing" once it stopped
    panel.refresh_stats()
    assert panel.stats.value("Playing").endswith("(ended)")
    small = row_url(panel, "320×180")
    panel.play(small)
    assert_new_frames_of(qtbot, panel, 320)
    assert note_of(panel, small) == "▶ playing" and note_of(panel, master) == "click to play"
    assert "Failed to seek" not in panel.banner.message_label.text()


def test_picking_a_variant_while_paused_plays_it_from_there(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    assert panel.player is not None
    panel.player.set_rate(1.0)
    large = row_url(panel, "1280×720")
    panel.play(large)
    wait_for(qtbot, panel, lambda player: player.player.position() >= 800)
    panel.player.pause()
    wait_for(qtbot, panel, lambda player: not playing(player))
    assert note_of(panel, large) == "paused"
    panel.play(row_url(panel, "320×180"))
    assert_new_frames_of(qtbot, panel, 320)
    assert panel.player.player.position() >= 700  # from where it was paused, not from the start


def test_picking_a_variant_while_playing_switches(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    assert panel.player is not None
    panel.player.set_rate(1.0)
    panel.play(row_url(panel, "320×180"))
    wait_for(qtbot, panel, lambda player: player.frames >= 3)
    panel.play(row_url(panel, "640×360"))
    assert_new_frames_of(qtbot, panel, 640)


def test_after_a_failure_picking_a_variant_or_retry_plays_again(
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    tokens: dict[str, str],
    close_after: list[MainWindow],  # noqa: F811 - the fixture
) -> None:
    window = make_window(qtbot, emulator.base_url, settings, SaveChooser(), token=tokens["editor"])
    close_after.append(window)
    panel = open_video(qtbot, window, RESTRICTED_VIDEO)
    assert panel.player is not None
    panel.player.set_rate(1.0)
    window.service.token = StaticToken(None)  # the token goes away: playback fails
    medium = row_url(panel, "640×360")
    panel.play(medium)
    wait_for_failure(qtbot, panel)
    assert note_of(panel, medium) == "failed"
    window.service.token = StaticToken(tokens["editor"])
    panel.play(row_url(panel, "320×180"))  # picking another variant after the failure
    assert_new_frames_of(qtbot, panel, 320)
    assert panel.banner.isHidden()
    # It fails again; Retry (the banner's button) resumes playback of the same variant.
    window.service.token = StaticToken(None)
    panel.play(medium)
    wait_for_failure(qtbot, panel)
    window.service.token = StaticToken(tokens["editor"])
    retry = next(button for button in panel.banner.action_buttons if button.text() == "Retry")
    retry.click()
    assert_new_frames_of(qtbot, panel, 640)
    assert note_of(panel, medium) == "▶ playing"
