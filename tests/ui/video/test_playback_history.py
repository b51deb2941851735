"""A playback reaches History as one row: its playlists, segments and bytes, not a row per segment."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.video import backend as video_backend
from aemviewer.ui.video.playback_log import PLAYBACK_OPERATION
from aemviewer.workspace.history import HistoryEntry
from tests.support.video_library import PUBLIC_VIDEO
from tests.ui.helpers import WAIT_MS
from tests.ui.video.test_video_panel import open_video, wait_for_frames

pytestmark = pytest.mark.skipif(video_backend.missing() is not None, reason="QtMultimedia is not available")


def playbacks(window: MainWindow) -> list[HistoryEntry]:
    entries = window.history_panel.history.entries
    return [entry for entry in entries if entry.operation == PLAYBACK_OPERATION]


def test_each_playback_is_one_history_row_with_its_counts(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_video(qtbot, window, PUBLIC_VIDEO)
    panel.toggle_play()
    wait_for_frames(qtbot, panel)
    qtbot.waitUntil(lambda: panel.counter.total_segments >= 1, timeout=WAIT_MS)
    assert playbacks(window) == []  # still playing: nothing summarised yet
    first_url = panel.playing_url
    segments, fetched = panel.counter.total_segments, panel.counter.bytes

    panel.play_variant(3)  # another variant: the first playback ends
    (row,) = playbacks(window)
    assert row.url == first_url and row.asset_id == PUBLIC_VIDEO and row.ok
    assert row.summary.endswith(f"{segments} segment{'s' * (segments != 1)}")
    assert row.byte_count is not None and row.byte_count >= fetched > 0
    model = window.history_panel.table.model()
    assert any(str(model.index(r, 2).data()).startswith("playback: ") for r in range(model.rowCount()))

    wait_for_frames(qtbot, panel, 2)
    qtbot.waitUntil(lambda: panel.counter.total_segments > segments, timeout=WAIT_MS)
    panel.shutdown()  # the window closes: the second playback ends too
    assert [entry.url for entry in playbacks(window)] == [first_url, panel.model.rows[3].url]
