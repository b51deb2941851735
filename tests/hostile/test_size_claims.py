"""Answers that claim to be enormous: a `Content-Length` beyond the free disk, a 50 MB metadata
document, an image header of 100 000 × 100 000 pixels. Each is refused before the memory or the
disk is spent, with a message that says how large and what to do."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader
from pytestqt.qtbot import QtBot

from aemviewer.delivery.client import DEFAULT_MAX_METADATA_BYTES
from aemviewer.delivery.errors import ExitCode, LocalFileError, TooLarge
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination
from aemviewer.saving.transfer import download as transfer
from aemviewer.ui.common import image_decoding
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer, claims_length, generated
from tests.support.servers import LoopbackServer

from .payloads import (
    ASSET,
    CLAIMED,
    IMAGE_PATH,
    METADATA_PATH,
    PNG_PATH,
    avif_claiming,
    jpeg,
    json_document,
    png_claiming,
    webp_claiming,
)
from .support import (
    WAIT_MS,
    CliResult,
    banner_text,
    client_of,
    files_under,
    open_expecting_failure,
    run_async,
)

PETABYTE = 10**15
HUGE_DOCUMENT = 50_000_000


# --- a Content-Length beyond the free disk --------------------------------------------------------


def test_client_download_refuses_a_length_beyond_the_free_disk(
    hostile: LoopbackServer, downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, claims_length(PETABYTE, b"\xff\xd8\xff"))

    async def download() -> None:
        async with client_of(hostile) as client:
            await transfer(ClientSource(client, url), Destination(downloads, "photo.jpg"))

    with pytest.raises(LocalFileError) as caught:
        run_async(download())

    assert caught.value.message.startswith(f"{downloads} has ")
    assert f"bytes free; the file needs {PETABYTE:,}" in caught.value.message
    assert caught.value.hint == "Free some space or choose a folder on another disk."
    assert files_under(downloads.parent) == []


def test_cli_get_exits_6_before_writing_when_the_disk_is_too_small(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, claims_length(PETABYTE, b"\xff\xd8\xff"))
    free = shutil.disk_usage(downloads).free

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.LOCAL_FILE
    first_line = result.err.splitlines()[0]
    assert first_line.startswith(f"aemviewer: error: {downloads} has ")
    assert f"the file needs {PETABYTE:,}" in first_line
    assert abs(int(first_line.split(" has ")[1].split(" bytes")[0].replace(",", "")) - free) < 2**30
    assert files_under(downloads.parent) == []


def test_cli_get_force_keeps_the_existing_file_when_the_disk_is_too_small(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, claims_length(PETABYTE, b"\xff\xd8\xff"))
    existing = downloads / "photo.jpg"
    existing.write_bytes(b"keep me")

    result = cli("get", url, "-o", str(existing), "--force")

    assert result.code == ExitCode.LOCAL_FILE
    assert existing.read_bytes() == b"keep me"
    assert files_under(downloads) == ["photo.jpg"]


def test_window_refuses_a_preview_that_claims_a_petabyte(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, claims_length(PETABYTE, b"\xff\xd8\xff"))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is TooLarge
    assert error.message == (
        f"The answer at {url} is larger than this tool reads at once (512 MiB): it announces {PETABYTE} bytes."
    )
    assert window.banner.title_label.text() == "The answer cannot be shown"
    assert window.canvas.image.isNull()


# --- a 50 MB metadata document (the client reads at most 20 MB) ----------------------------------


@pytest.mark.parametrize(
    ("announced", "why"), [(True, "it announces 50000000 bytes"), (False, "more than 20000000 bytes arrived")]
)
def test_client_refuses_a_huge_metadata_document(hostile: LoopbackServer, announced: bool, why: str) -> None:
    url = hostile.on(
        METADATA_PATH, generated(json_document(HUGE_DOCUMENT), length=HUGE_DOCUMENT if announced else None)
    )
    assert DEFAULT_MAX_METADATA_BYTES == 20_000_000

    async def metadata() -> object:
        async with client_of(hostile) as client:
            return await client.metadata(ASSET)

    with pytest.raises(TooLarge) as caught:
        run_async(metadata())

    assert (
        caught.value.message
        == f"The metadata at {url} is larger than this tool reads at once (20 MB): {why}."
    )
    assert len(hostile.requests_for(METADATA_PATH)) == 1  # too large stays too large: no retry


def test_cli_meta_of_a_huge_document_exits_5(hostile: LoopbackServer, cli: Callable[..., CliResult]) -> None:
    url = hostile.on(METADATA_PATH, generated(json_document(HUGE_DOCUMENT), length=None))

    result = cli("meta", url, "--json")

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.out == ""
    assert result.err == (
        f"aemviewer: error: The metadata at {url} is larger than this tool reads at once (20 MB): "
        "more than 20000000 bytes arrived.\n"
        "  hint: Download it instead, or raise the limit in the settings.\n"
    )


def test_window_previews_beside_a_huge_metadata_document(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    hostile.on(METADATA_PATH, generated(json_document(HUGE_DOCUMENT), length=HUGE_DOCUMENT))
    url = hostile.on(IMAGE_PATH, answer(200, jpeg(300, 200)))

    failures: list[Exception] = []
    window.controller.metadata_failed.connect(failures.append)
    with qtbot.waitSignals(
        [window.controller.preview_ready, window.controller.metadata_failed], timeout=WAIT_MS
    ):
        assert window.open_text(url)

    [error] = failures
    assert type(error) is TooLarge
    assert "is larger than this tool reads at once (20 MB): it announces 50000000 bytes" in error.message
    assert window.controller.metadata is None
    assert window.canvas.image.width() == 300
    assert not window.banner.isVisible()


# --- an image header claiming 100 000 × 100 000 pixels -------------------------------------------

BOMBS = {"png": png_claiming, "webp": webp_claiming, "avif": avif_claiming}
REFUSALS = {
    # Qt reads the PNG header; libavif's extents are read before Pillow; the WebP canvas, which Qt
    # cannot size from a header alone, is read from its VP8X chunk.
    "png": f"The image claims {CLAIMED}×{CLAIMED} pixels, more than this viewer decodes.",
    "avif": f"The image claims {CLAIMED}×{CLAIMED} pixels, more than this viewer decodes.",
    "webp": f"The image claims {CLAIMED}×{CLAIMED} pixels, more than this viewer decodes.",
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_decoding_refuses_an_absurd_header_before_any_pixel(kind: str) -> None:
    with pytest.raises(TooLarge) as caught:
        image_decoding.decode_now(BOMBS[kind](), f"image/{kind}")

    assert caught.value.message.startswith(REFUSALS[kind])
    assert caught.value.hint == "Ask for a smaller width or size."


def test_both_library_guards_stand_behind_the_header_check() -> None:
    # Pillow's decompression-bomb guard is on (never disabled for convenience)...
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png_claiming()))
    # ...and Qt's allocation limit refuses the pixel buffer even when asked to decode directly.
    assert QImageReader.allocationLimit() == image_decoding.ALLOCATION_LIMIT_MB
    data = QByteArray(png_claiming())
    device = QBuffer(data)
    device.open(QIODevice.OpenModeFlag.ReadOnly)
    assert QImageReader(device, b"png").read().isNull()


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_window_refuses_an_absurd_image_in_place(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot, kind: str
) -> None:
    path = PNG_PATH.replace(".png", f".{kind}")
    url = hostile.on(path, answer(200, BOMBS[kind](), content_type=f"image/{kind}"))

    error, failed_url = open_expecting_failure(qtbot, window, url)

    assert type(error) is TooLarge
    assert failed_url.split("?")[0] == url
    assert window.banner.title_label.text() == "The answer cannot be shown"
    assert REFUSALS[kind] in banner_text(window)
    assert window.canvas.image.isNull()
