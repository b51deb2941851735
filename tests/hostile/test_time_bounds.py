"""A server that keeps sending, one byte at a time, each in time for the read timeout: documents,
images and playlists end at about the timeout (the whole exchange is bounded), while a download
goes on for as long as bytes keep coming."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import ExitCode, Timeout
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import trickle
from tests.support.servers import LoopbackServer

from .payloads import ASSET, BASE, IMAGE_PATH, METADATA_PATH
from .support import READ_TIMEOUT, CliResult, banner_text, call_error, open_expecting_failure

INTERVAL = READ_TIMEOUT / 5
"""Every byte comes well within the read timeout…"""
SLOW_LENGTH = 40
"""…but the whole answer takes SLOW_LENGTH × INTERVAL = 8 read timeouts."""
DOCUMENT = (b'{"assetId": "%s"}' % ASSET.encode()).ljust(SLOW_LENGTH)
PLAYLIST = b"#EXTM3U\n#EXT-X-VERSION:3\n".ljust(SLOW_LENGTH, b"#")
BYTES = bytes(range(SLOW_LENGTH))
TOO_SLOWLY = "it kept sending, too slowly"


@pytest.mark.parametrize("what", ["metadata", "image", "playlist"])
def test_a_slow_answer_ends_at_about_the_timeout(hostile: LoopbackServer, what: str) -> None:
    hostile.on(METADATA_PATH, trickle(DOCUMENT, INTERVAL, "application/json"))
    image_url = hostile.on(IMAGE_PATH, trickle(BYTES, INTERVAL))
    playlist_url = hostile.on(
        f"{BASE}/manifest.m3u8", trickle(PLAYLIST, INTERVAL, "application/vnd.apple.mpegurl")
    )
    calls: dict[str, Callable[[DeliveryClient], Awaitable[object]]] = {
        "metadata": lambda client: client.metadata(ASSET),
        "image": lambda client: client.fetch(image_url),
        "playlist": lambda client: client.fetch(playlist_url),
    }

    error = call_error(hostile, calls[what], Timeout)

    assert TOO_SLOWLY in error.message
    assert error.exit_code == ExitCode.NETWORK_OR_SERVER


def test_cli_meta_of_a_slow_document_exits_5(hostile: LoopbackServer, cli: Callable[..., CliResult]) -> None:
    url = hostile.on(METADATA_PATH, trickle(DOCUMENT, INTERVAL, "application/json"))

    result = cli("meta", url)

    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    assert TOO_SLOWLY in result.err


def test_a_slow_download_goes_on_while_bytes_arrive(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, trickle(BYTES, INTERVAL))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert (downloads / "photo.jpg").read_bytes() == BYTES


def test_the_window_ends_a_slow_image_at_about_the_timeout(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, trickle(BYTES, INTERVAL))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is Timeout
    assert TOO_SLOWLY in banner_text(window)
