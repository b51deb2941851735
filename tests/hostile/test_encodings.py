"""Compressed answers: a download that arrives gzipped although it asked for identity is refused
(nothing left behind), and a document that inflates without bound (a gzip bomb) is stopped at its
decoded cap without ever being inflated whole in memory."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode, NotFound, TooLarge, UnexpectedResponse
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .payloads import ASSET, IMAGE_PATH, METADATA_PATH, jpeg
from .support import CliResult, call_error, client_of, files_under, run_async

PHOTO = jpeg(320, 240)
BOMB_DECODED = 200 * 1024 * 1024
CAP = 1_000_000


def gzip_bomb(size: int = BOMB_DECODED) -> bytes:
    """`size` zero bytes, gzipped (about a thousandth of that on the wire)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1024 * 1024)
    parts = [packer.compress(zeros) for _ in range(size // len(zeros))]
    return b"".join(parts) + packer.flush()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "gzip, identity"])
def test_a_download_sent_encoded_is_refused_and_leaves_nothing(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, coding: str
) -> None:
    body = gzip.compress(PHOTO) if coding.startswith("gzip") else zlib.compress(PHOTO)
    url = hostile.on(IMAGE_PATH, answer(200, body, ("Content-Encoding", coding)))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    assert "encoded as" in result.err and "nothing was saved" in result.err
    assert files_under(downloads.parent) == []
    [request] = hostile.requests_for(IMAGE_PATH)
    assert request.header("Accept-Encoding") == "identity"


def test_a_plain_identity_download_still_saves(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO, ("Content-Encoding", "identity")))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert (downloads / "photo.jpg").read_bytes() == PHOTO


def _peak_while(run: Callable[[], object]) -> tuple[object, int]:
    """What `run()` returns and the most memory Python held meanwhile (all threads)."""
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_a_gzip_bomb_of_metadata_is_stopped_at_the_cap_without_inflating_it(
    hostile: LoopbackServer, bomb: bytes
) -> None:
    hostile.on(
        METADATA_PATH, answer(200, bomb, ("Content-Encoding", "gzip"), content_type="application/json")
    )

    error, peak = _peak_while(
        lambda: call_error(hostile, lambda client: client.metadata(ASSET), TooLarge, max_metadata_bytes=CAP)
    )

    assert peak < 16 * CAP, f"{peak:,} bytes were held for a {CAP:,}-byte cap"
    assert "once decoded" in str(error)


def test_a_gzip_bomb_as_a_problem_body_is_read_only_as_far_as_quoted(
    hostile: LoopbackServer, bomb: bytes
) -> None:
    hostile.on(
        METADATA_PATH,
        answer(404, bomb, ("Content-Encoding", "gzip"), content_type="application/problem+json"),
    )

    error, peak = _peak_while(lambda: call_error(hostile, lambda client: client.metadata(ASSET), NotFound))

    assert peak < 16 * CAP, f"{peak:,} bytes were held for an error excerpt"
    assert isinstance(error, NotFound)


def test_cli_meta_on_a_gzip_bomb_exits_5(
    hostile: LoopbackServer, cli: Callable[..., CliResult], bomb: bytes
) -> None:
    url = hostile.on(
        METADATA_PATH, answer(200, bomb, ("Content-Encoding", "gzip"), content_type="application/json")
    )

    result = cli("meta", url)

    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    assert "larger than this tool reads at once" in result.err and "Traceback" not in result.err


def test_a_small_gzipped_document_is_still_read(hostile: LoopbackServer) -> None:
    document = b'{"assetId": "%s", "repositoryMetadata": {"dc:format": "image/jpeg"}}' % ASSET.encode()
    hostile.on(
        METADATA_PATH,
        answer(200, gzip.compress(document), ("Content-Encoding", "gzip"), content_type="application/json"),
    )

    async def read() -> bytes:
        async with client_of(hostile) as client:
            return (await client.metadata(ASSET)).raw

    assert run_async(read()) == document


@pytest.mark.parametrize("coding", ["br", "gzip, gzip", "compress"])
def test_a_document_in_an_encoding_nobody_asked_for_is_refused(hostile: LoopbackServer, coding: str) -> None:
    hostile.on(
        METADATA_PATH, answer(200, b"\x00\x01", ("Content-Encoding", coding), content_type="application/json")
    )

    error = call_error(hostile, lambda client: client.metadata(ASSET), UnexpectedResponse)

    assert "encoded as" in str(error)
