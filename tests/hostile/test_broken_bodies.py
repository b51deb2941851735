"""Bodies that do not arrive as announced: shorter than `Content-Length`, reset midway, without any
length, or one byte a second. Nothing half-written may stay on disk, an existing file must survive,
and every layer says what happened to which URL."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode, NetworkError, Timeout
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination
from aemviewer.saving.transfer import download as transfer
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.banner import BannerKind
from tests.support.behaviours import reset_after, short_body, trickle, without_length
from tests.support.servers import Behaviour, LoopbackServer

from .payloads import IMAGE_PATH, jpeg
from .support import (
    CliResult,
    banner_text,
    client_of,
    fetch_error,
    files_under,
    open_expecting_failure,
    open_expecting_preview,
    run_async,
)

PHOTO = jpeg(640, 480)
CUTS: dict[str, Callable[[bytes], Behaviour]] = {
    "short": lambda body: short_body(body[:1000], claimed=len(body)),
    "reset": lambda body: reset_after(body, sent=1000),
}
REASONS = {
    "short": f"peer closed connection without sending complete message body (received 1000 bytes, expected {len(PHOTO)}).",
    "reset": "[Errno 104] Connection reset by peer.",
}


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_client_reports_a_cut_body_after_retrying(hostile: LoopbackServer, cut: str) -> None:
    url = hostile.on(IMAGE_PATH, CUTS[cut](PHOTO))

    error = fetch_error(hostile, url)

    assert type(error) is NetworkError
    assert error.message == f"The connection to 127.0.0.1 was cut while transferring {url}: {REASONS[cut]}"
    assert error.url == url
    assert len(hostile.requests_for(IMAGE_PATH)) == 3  # retried: a cut is worth another try


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_client_download_of_a_cut_body_leaves_no_file(
    hostile: LoopbackServer, cut: str, downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, CUTS[cut](PHOTO))

    async def download() -> None:
        async with client_of(hostile) as client:
            await transfer(ClientSource(client, url), Destination(downloads, "photo.jpg"))

    with pytest.raises(NetworkError) as caught:
        run_async(download())

    assert caught.value.message == (
        f"The connection to 127.0.0.1 was cut while transferring {url} after 1000 bytes: "
        f"{REASONS[cut]} Nothing was kept."
    )
    assert files_under(downloads) == []


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_cli_get_of_a_cut_body_exits_5_and_leaves_nothing(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, cut: str
) -> None:
    url = hostile.on(IMAGE_PATH, CUTS[cut](PHOTO))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    # How many bytes arrived before the cut depends on the read sizes; the message says it when known.
    said = re.escape(f"aemviewer: error: The connection to 127.0.0.1 was cut while transferring {url}")
    reason = re.escape(f": {REASONS[cut]} Nothing was kept.\n  hint: Try again")
    assert re.match(rf"{said}( after \d+ bytes)?{reason}", result.err), result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert files_under(downloads.parent) == []


def test_cli_get_force_keeps_the_existing_file_when_the_body_is_cut(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, short_body(PHOTO[:1000], claimed=len(PHOTO)))
    existing = downloads / "photo.jpg"
    existing.write_bytes(b"the user's own file")

    result = cli("get", url, "-o", str(existing), "--force")

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert existing.read_bytes() == b"the user's own file"
    assert files_under(downloads) == ["photo.jpg"]


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_window_shows_a_cut_body_in_the_banner_and_no_image(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot, cut: str
) -> None:
    url = hostile.on(IMAGE_PATH, CUTS[cut](PHOTO))

    error, failed_url = open_expecting_failure(qtbot, window, url)

    assert type(error) is NetworkError
    assert failed_url == url
    assert window.banner.kind is BannerKind.ERROR
    assert window.banner.title_label.text() == "No answer from the server"
    assert f"was cut while transferring {url}" in banner_text(window)
    assert window.canvas.image.isNull()
    assert window.controller.last_preview is None


# --- no Content-Length: legal, and nothing may be lost -------------------------------------------


def test_client_reads_a_body_without_length_to_the_end(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, without_length(PHOTO))

    async def fetch() -> bytes:
        async with client_of(hostile) as client:
            return (await client.fetch(url)).body

    assert run_async(fetch()) == PHOTO


def test_cli_get_saves_every_byte_of_a_body_without_length(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, without_length(PHOTO))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert result.out.strip() == str(downloads / "photo.jpg")
    assert (downloads / "photo.jpg").read_bytes() == PHOTO
    assert files_under(downloads.parent) == ["downloads/photo.jpg"]


def test_window_paints_a_body_without_length(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, without_length(PHOTO))

    preview = open_expecting_preview(qtbot, window, url)

    assert preview.delivery.body == PHOTO
    # The delivered size; a JPEG is decoded at the size the canvas shows.
    assert (preview.size.width(), preview.size.height()) == (640, 480)
    assert window.canvas.image_size == preview.size
    assert not window.banner.isVisible()


# --- one byte a second: the read timeout ends it --------------------------------------------------


def test_client_times_out_on_a_trickle_without_retrying(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, trickle(PHOTO))

    error = fetch_error(hostile, url)

    assert type(error) is Timeout
    assert error.message.startswith(f"127.0.0.1 stopped answering for 0.5 s while sending {url}")
    assert len(hostile.requests_for(IMAGE_PATH)) == 1  # the user already waited a whole timeout


def test_cli_get_of_a_trickle_times_out_and_removes_the_part_file(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, trickle(PHOTO))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.err.startswith(
        f"aemviewer: error: 127.0.0.1 stopped answering for 0.5 s while sending {url}"
    )
    assert "  hint: Try again" in result.err
    assert files_under(downloads.parent) == []


def test_window_shows_a_trickle_as_a_timeout(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, trickle(PHOTO))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is Timeout
    assert window.banner.title_label.text() == "No answer from the server"
    assert f"stopped answering for 0.5 s while sending {url}" in banner_text(window)
    assert [button.text() for button in window.banner.action_buttons] == ["Retry"]
