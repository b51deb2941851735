"""File → Export report… of a video: the window runs `video-check` in a child process and the
report lists every variant's result."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.cli.video_check import MAX_SECONDS
from aemviewer.delivery.errors import PlaybackFailed
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE, StaticToken, TokenHeader
from aemviewer.emulator import EmulatorServer
from aemviewer.handoff.report import ReportSection
from aemviewer.ui.handoff import video_check_process
from aemviewer.ui.handoff.report_dialog import ReportDialog
from aemviewer.ui.handoff.video_check_process import child_environment, run_video_check, video_check_command
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.video_library import PUBLIC_VIDEO, RESTRICTED_VIDEO
from tests.ui.helpers import DemoAssets, SaveChooser

CHECK_WAIT_MS = 240_000
"""The child plays every variant for 2 s each on a machine that may be busy."""
STOP_WAIT_MS = 15_000
"""A killed child is gone (and reaped) well within this."""


def video_check_children() -> list[int]:
    """The ids of this process's children that run `video-check` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent's id is the 4th field after the command name in parentheses.
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # the process ended while it was being read
        if parent == os.getpid() and b"video-check" in command:
            found.append(int(entry.name))
    return found


def export_video_report(
    qtbot: QtBot, window: MainWindow, asset_id: str, target: Path, *, problems: bool = False
) -> str:
    assert window.open_text(asset_id)

    def opened() -> bool:
        state = window.handoff.context.preview.state()
        return state is not None and state.asset_id == asset_id

    qtbot.waitUntil(opened, timeout=CHECK_WAIT_MS)
    window.handoff.report_action.trigger()
    dialog = window.handoff.dialog
    assert isinstance(dialog, ReportDialog)
    for section, box in dialog.boxes.items():
        box.setChecked(section in (ReportSection.METADATA, ReportSection.VIDEO))
    dialog.export_button.click()
    if not problems:  # the check takes seconds: its step is shown while the child plays
        qtbot.waitUntil(
            lambda: dialog.progress.text() == "Playing every variant of the video…", timeout=CHECK_WAIT_MS
        )
    qtbot.waitUntil(lambda: dialog.written == target, timeout=CHECK_WAIT_MS)
    assert dialog.banner.isVisible() is problems, dialog.banner.message_label.text()
    return target.read_text(encoding="utf-8")


@pytest.fixture
def editor_window(
    window_with_token: Callable[[str | None], MainWindow], tokens: dict[str, str]
) -> MainWindow:
    """A window whose profile sends the editor's token (it sees the restricted video)."""
    return window_with_token(tokens["editor"])


def test_the_public_video_report_lists_every_variant(
    qtbot: QtBot, window: MainWindow, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    save_chooser.path = tmp_path / "video.html"
    html = export_video_report(qtbot, window, PUBLIC_VIDEO, save_chooser.path)

    assert "every variant played" in html
    for decoded in ("1280 × 720", "640 × 360", "320 × 180"):
        assert decoded in html
    assert "FAILED" not in html and "Not checked" not in html


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the child processes from /proc")
def test_closing_the_dialog_while_the_check_runs_stops_the_child(
    qtbot: QtBot,
    window: MainWindow,
    save_chooser: SaveChooser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each variant plays for the longest time video-check accepts: the child cannot end by itself
    # while the test waits, so only closing the dialog can stop it.
    monkeypatch.setattr(video_check_process, "CHECK_SECONDS", MAX_SECONDS)
    assert video_check_children() == []
    save_chooser.path = tmp_path / "closed.html"
    assert window.open_text(PUBLIC_VIDEO)
    qtbot.waitUntil(lambda: window.handoff.context.preview.state() is not None, timeout=CHECK_WAIT_MS)
    window.handoff.report_action.trigger()
    dialog = window.handoff.dialog
    assert isinstance(dialog, ReportDialog)
    for section, box in dialog.boxes.items():
        box.setChecked(section is ReportSection.VIDEO)
    dialog.export_button.click()
    qtbot.waitUntil(
        lambda: dialog.progress.text() == "Playing every variant of the video…", timeout=CHECK_WAIT_MS
    )
    qtbot.waitUntil(lambda: len(video_check_children()) == 1, timeout=CHECK_WAIT_MS)
    (child,) = video_check_children()

    dialog.close()

    # Killed and reaped: no process with its id is left, not even a zombie.
    qtbot.waitUntil(lambda: not Path(f"/proc/{child}").exists(), timeout=STOP_WAIT_MS)
    assert video_check_children() == []
    assert not dialog.isVisible() and dialog.written is None
    assert not save_chooser.path.exists()


def test_the_restricted_video_is_checked_with_the_profiles_token(
    qtbot: QtBot, editor_window: MainWindow, tokens: dict[str, str], save_chooser: SaveChooser, tmp_path: Path
) -> None:
    window = editor_window
    save_chooser.path = tmp_path / "restricted.html"
    html = export_video_report(qtbot, window, RESTRICTED_VIDEO, save_chooser.path)

    assert "every variant played" in html
    assert "320 × 180" in html
    assert tokens["editor"] not in html


def test_a_token_the_check_cannot_send_is_a_problem_not_a_bearer_token(
    qtbot: QtBot, editor_window: MainWindow, tokens: dict[str, str], save_chooser: SaveChooser, tmp_path: Path
) -> None:
    window = editor_window
    service = window.service
    service.repoint(
        service.endpoints,
        StaticToken(tokens["editor"]),
        "Delivery token",
        token_header=TokenHeader.DELIVERY_TOKEN,
    )
    save_chooser.path = tmp_path / "header.html"
    html = export_video_report(qtbot, window, RESTRICTED_VIDEO, save_chooser.path, problems=True)

    dialog = window.handoff.dialog
    assert isinstance(dialog, ReportDialog)
    assert TokenHeader.DELIVERY_TOKEN.value in dialog.banner.message_label.text()
    assert "Not checked" in html and tokens["editor"] not in html


def test_a_check_that_prints_no_report_fails_with_its_error(
    emulator: EmulatorServer, demo_assets: DemoAssets, run: Callable[[Coroutine[Any, Any, Any]], Any]
) -> None:
    image = demo_assets.public_image.id
    manifest = f"{emulator.base_url}/adobe/assets/{image}/manifest.m3u8"
    with pytest.raises(PlaybackFailed) as raised:
        run(run_video_check(manifest, emulator.base_url, None))
    assert manifest in raised.value.message and "exit code 3" in raised.value.message


def test_the_token_is_only_in_the_childs_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEFAULT_TOKEN_VARIABLE, "from-the-shell")
    assert DEFAULT_TOKEN_VARIABLE not in child_environment(None)
    assert child_environment("profile-token")[DEFAULT_TOKEN_VARIABLE] == "profile-token"
    command = video_check_command("http://host/manifest.m3u8", "http://host")
    assert not any("token" in part for part in command)
