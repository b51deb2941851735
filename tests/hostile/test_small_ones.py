"""Numbers that are not numbers (`nan`, `0`, `-1`, `70000`, Unicode digits), Ctrl-C in a batch, and
the retry library's own lines on stderr. Ctrl-C and stderr need a real process: pytest captures
what an in-process run would print, and only the main thread of a process receives SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer, load_library
from aemviewer.resources import demo_library
from tests.support.behaviours import answer
from tests.support.servers import Behaviour, Connection, LoopbackServer, Request

from .payloads import BASE, IMAGE_PATH, jpeg
from .support import CliResult

PHOTO = jpeg(64, 48)
ARABIC_300 = "\u0663\u0660\u0660"  # ٣٠٠
FULLWIDTH_300 = "\uff13\uff10\uff10"  # ３００
SUPERSCRIPT_TWO = "\u00b2"  # "²".isdigit() is True, int("²") raises


def _usage_error(run: Callable[[], object]) -> str:
    with pytest.raises(SystemExit) as caught:
        run()
    assert caught.value.code == ExitCode.BAD_INPUT
    return str(caught.value)


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "1e3", ARABIC_300, "", "  "])
def test_a_timeout_that_is_no_duration_is_a_usage_error(
    cli: Callable[..., CliResult], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    _usage_error(lambda: cli("--timeout", value, "url", "urn:aaid:aem:1"))

    assert "is not a timeout" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["70000", "-1", ARABIC_300, FULLWIDTH_300, "8e3"])
def test_serve_refuses_a_port_that_does_not_exist(
    cli: Callable[..., CliResult], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    _usage_error(lambda: cli("serve", "--port", value))

    assert "is not a port" in capsys.readouterr().err


@pytest.mark.parametrize(
    "option", [("--jobs", FULLWIDTH_300[0]), ("--width", ARABIC_300), ("--quality", "\u0668\u0660")]
)
def test_cli_numbers_in_other_scripts_are_refused(
    hostile: LoopbackServer,
    cli: Callable[..., CliResult],
    downloads: Path,
    capsys: pytest.CaptureFixture[str],
    option: tuple[str, str],
) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))
    try:
        result = cli("get", url, "-o", str(downloads), *option)
    except SystemExit as exit_:
        assert exit_.code == ExitCode.BAD_INPUT
    else:
        assert result.code == ExitCode.BAD_INPUT, result.err
    assert hostile.requests_for(IMAGE_PATH) == [], "nothing was sent"


@pytest.mark.parametrize("value", ["nan", "\u0662", "inf"])
def test_video_check_seconds_are_plain_numbers(
    cli: Callable[..., CliResult], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    _usage_error(lambda: cli("video-check", "urn:aaid:aem:1", "--seconds", value))

    assert "is not a number" in capsys.readouterr().err


@pytest.fixture(scope="module")
def emulator() -> Iterator[tuple[str, str]]:
    """The demo emulator's base URL and one of its images."""
    library = load_library(demo_library())
    image = next(
        asset_id for asset_id, asset in library.assets.items() if asset.media_type.startswith("image/")
    )
    with EmulatorServer(library) as server:
        yield server.base_url, image


@pytest.mark.parametrize(
    "query",
    [
        f"width={ARABIC_300}",
        f"height={FULLWIDTH_300}",
        f"quality={ARABIC_300[:2]}",
        f"crop=0,0,{ARABIC_300},{ARABIC_300}",
        "rotate=\u0669\u0660",
    ],
)
def test_the_emulator_refuses_numbers_in_other_scripts(emulator: tuple[str, str], query: str) -> None:
    base_url, image = emulator

    refused = httpx.get(f"{base_url}/adobe/assets/{image}/as/photo.jpg?{query}", timeout=10)

    assert refused.status_code == 400, refused.text[:200]


def test_a_retry_after_in_other_digits_does_not_crash(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(
        IMAGE_PATH,
        answer(503, b"busy", ("Retry-After", SUPERSCRIPT_TWO), content_type="text/plain"),
        answer(200, PHOTO),
    )

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err


# --- real processes ---------------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONUNBUFFERED": "1"}
    environment.pop("AEMVIEWER_TOKEN", None)
    environment.pop("AEMVIEWER_BASE_URL", None)
    return environment


def _aemviewer(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "aemviewer", *argv],
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_retry_lines_of_the_retry_library_stay_off_stderr(hostile: LoopbackServer, downloads: Path) -> None:
    url = hostile.on(
        IMAGE_PATH,
        answer(503, b"busy", ("Retry-After", "0"), content_type="text/plain"),
        answer(200, PHOTO),
    )

    process = _aemviewer("--timeout", "10", "get", url, "-o", str(downloads))
    _, err = process.communicate(timeout=60)

    assert process.returncode == ExitCode.OK, err
    assert len(hostile.requests_for(IMAGE_PATH)) == 2, "it was retried"
    assert "stamina" not in err and "retry_scheduled" not in err, err


def _held(started: threading.Event) -> Behaviour:
    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", "image/jpeg"), ("Content-Length", str(len(PHOTO)))])
        await connection.send(PHOTO[:10])
        started.set()
        await connection.wait_until_closed(30)

    return behave


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a console process group member")
def test_ctrl_c_in_a_batch_still_prints_the_summary(
    hostile: LoopbackServer, downloads: Path, tmp_path: Path
) -> None:
    started = threading.Event()
    saved_url = hostile.on(f"{BASE}/as/first.jpg", answer(200, PHOTO))
    held_url = hostile.on(IMAGE_PATH, _held(started))
    listing = tmp_path / "list.txt"
    listing.write_text(f"{saved_url}\n{held_url}\n")

    process = _aemviewer(
        "--timeout", "30", "get", "--from-file", str(listing), "-o", str(downloads), "--jobs", "1"
    )
    try:
        assert started.wait(30), "the second download never started"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait(10)

    assert process.returncode == 130, err
    assert "1 of 2 files saved" in err, err
    assert "line 2" in err and "Run the same command again" in err
    assert "Traceback" not in err
