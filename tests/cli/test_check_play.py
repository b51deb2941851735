"""`check --play`: `video_plays` confirmed by decoding every variant offscreen, as video-check does.
Without it a missing later segment goes unnoticed (only first segments are fetched); with it, the
variant fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer, Library, load_library
from aemviewer.ui.video import backend as video_backend
from tests.support.video_library import MISSING_SEGMENT, RESTRICTED_VIDEO, write_broken_videos

pytestmark = pytest.mark.skipif(video_backend.missing() is not None, reason="QtMultimedia is not available")


@pytest.fixture(autouse=True)
def _one_qt_application(qapp: object) -> None:
    """The player reuses the test session's QApplication (see tests/cli/test_video_check.py)."""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, demo: Library) -> Iterator[EmulatorServer]:
    folder = tmp_path_factory.mktemp("broken-videos")
    write_broken_videos(folder, demo)
    with EmulatorServer(load_library(folder)) as server:
        yield server


def checks_file(folder: Path, ref: str) -> str:
    path = folder / "video.toml"
    path.write_text(f'[[asset]]\nref = "{ref}"\nname = "video"\nvideo_plays = true\n', encoding="utf-8")
    return str(path)


def test_playing_finds_a_missing_segment_that_fetching_does_not(
    run, broken: EmulatorServer, tmp_path: Path
) -> None:
    file = checks_file(tmp_path, MISSING_SEGMENT)

    fetched = run("check", file, "--base-url", broken.base_url)
    played = run("check", file, "--base-url", broken.base_url, "--play", "0.5")

    assert fetched.code == 0, fetched.out
    assert played.code == ExitCode.CHECKS_FAILED, played.out + played.err
    assert "/hls/360p/" in played.out and "FAIL" in played.out


def test_a_restricted_video_plays_with_the_token(
    run, tokens: dict[str, str], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", tokens["editor"])

    result = run("check", checks_file(tmp_path, RESTRICTED_VIDEO), "--play", "0.3")

    assert result.code == 0, result.out + result.err
    assert "variants decoded: " in result.out
    assert tokens["editor"] not in result.out + result.err
