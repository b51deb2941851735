"""Without an audio device the Video tab says that sound cannot play, and the picture still plays."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaDevices
from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import MainWindow
from tests.support.video_library import PUBLIC_VIDEO
from tests.ui.video.test_video_panel import open_video, wait_for_frames


def test_no_audio_device_is_said_while_the_picture_plays(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    if QMediaDevices.audioOutputs():
        pytest.skip("this machine has an audio output: the note is for machines without one")
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    player = panel.player
    assert player is not None
    panel.toggle_play()
    wait_for_frames(qtbot, panel)
    assert player.audio_note.isVisibleTo(window)
    assert player.audio_note.text() == "No audio device"
    assert "the picture is not affected" in player.audio_note.toolTip()
    assert not player.volume.isEnabled() and not player.mute_button.isEnabled()
    player.grab().save(str(tmp_path / "video-no-audio.png"))
