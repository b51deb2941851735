"""`aemviewer video-check`: every variant of the demo videos decodes; broken ones fail cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from aemviewer.emulator import EmulatorServer, Library, load_library
from aemviewer.ui.video import backend as video_backend
from tests.support.video_library import (
    BROKEN_LINE,
    BROKEN_MASTER,
    MISSING_SEGMENT,
    PUBLIC_VIDEO,
    RESTRICTED_VIDEO,
    write_broken_videos,
)

from .cli_support import Result, run_process

Run = Callable[..., Result]
needs_multimedia = pytest.mark.skipif(
    video_backend.missing() is not None, reason="QtMultimedia is not available"
)


@pytest.fixture(autouse=True)
def _one_qt_application(qapp: object) -> None:
    """In-process checks reuse the test session's QApplication; without one, the check would create a
    QGuiApplication that later widget tests cannot use."""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, demo: Library) -> Iterator[EmulatorServer]:
    folder = tmp_path_factory.mktemp("broken-videos")
    write_broken_videos(folder, demo)
    with EmulatorServer(load_library(folder)) as server:
        yield server


@needs_multimedia
def test_every_variant_of_the_public_video_decodes(run: Run, emulator: EmulatorServer) -> None:
    result = run("video-check", PUBLIC_VIDEO, "--seconds", "0.4", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (
        report["ok"]
        and report["manifest"] == f"{emulator.base_url}/adobe/assets/{PUBLIC_VIDEO}/manifest.m3u8"
    )
    assert [item["variant"] for item in report["variants"]] == ["1280×720", "640×360", "320×180"]
    for item in report["variants"]:
        assert item["resolution"] == item["declared_resolution"]
        assert item["frames"] > 0 and item["segments_fetched"] >= 1 and item["error"] is None
        assert 0 < item["first_frame_seconds"] < 5
        assert "127.0.0.1" in item["url"] and "/hls/" in item["url"]  # the delivery URL, not the proxy's


@needs_multimedia
def test_the_restricted_video_decodes_with_a_token(
    run: Run, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", tokens["editor"])
    result = run("video-check", RESTRICTED_VIDEO, "--seconds", "0.3")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].endswith("manifest.m3u8: 3 variants, 0.3 s each")
    assert [line.split()[0] for line in lines[2:]] == ["1280×720", "640×360", "320×180"]
    assert all(line.split()[1] == line.split()[0] and line.endswith("ok") for line in lines[2:])
    assert tokens["editor"] not in result.out + result.err


def test_without_a_token_the_restricted_video_is_not_found(run: Run) -> None:
    result = run("video-check", RESTRICTED_VIDEO)
    assert result.code == 3 and result.out == ""
    assert "was not found" in result.err and "(404)" in result.err


def test_an_image_is_not_found_and_the_server_says_why(run: Run) -> None:
    result = run("video-check", "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4")
    assert result.code == 3
    assert (
        "The server says: Asset urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4 is not a video"
        in result.err
    )


def test_a_broken_manifest_fails_cleanly_naming_the_line(broken: EmulatorServer) -> None:
    # A real process: the exit code and stderr as a shell sees them, and no Qt needed to get there.
    result = run_process("--base-url", broken.base_url, "video-check", BROKEN_MASTER)
    assert result.code == 5 and result.out == ""
    [first, hint] = result.err.splitlines()
    assert (
        first.startswith("aemviewer: error: The playlist at ")
        and f"malformed at line {BROKEN_LINE}:" in first
    )
    assert "BANDWIDTH must be a whole number" in first and hint.startswith("  hint: ")
    assert "Traceback" not in result.err


@needs_multimedia
def test_a_missing_segment_fails_the_check(run: Run, broken: EmulatorServer) -> None:
    result = run("--base-url", broken.base_url, "video-check", MISSING_SEGMENT, "--seconds", "0.5", "--json")
    assert result.code == 5
    report = json.loads(result.out)
    assert [item["ok"] for item in report["variants"]] == [True, False, True]
    failed = report["variants"][1]
    assert failed["error"].endswith("/hls/360p/segment1.ts → the server answered 404")
    assert "1 of 3 variants" in result.err and "640×360" in result.err


@needs_multimedia
def test_a_variant_playlist_url_is_checked_alone(run: Run, emulator: EmulatorServer) -> None:
    url = f"{emulator.base_url}/adobe/assets/{PUBLIC_VIDEO}/hls/360p/index.m3u8"
    result = run("video-check", url, "--seconds", "0.3", "--json")
    assert result.code == 0, result.err
    [item] = json.loads(result.out)["variants"]
    assert (item["variant"], item["url"], item["resolution"]) == ("media playlist", url, [640, 360])


@pytest.mark.parametrize("seconds", ["0", "-1", "601"])
def test_seconds_out_of_range(run: Run, seconds: str) -> None:
    result = run("video-check", PUBLIC_VIDEO, "--seconds", seconds)
    assert result.code == 2 and "--seconds" in result.err


def test_the_command_line_loads_no_qt_until_a_video_plays() -> None:
    code = (
        "import sys, aemviewer.cli.main, aemviewer.cli.video_check; "
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'aemviewer.ui'))); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
