"""stream(): bodies read in chunks for downloads, with the same errors as everything else."""

from __future__ import annotations

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import NetworkError, NotFound
from aemviewer.delivery.tokens import StaticToken
from aemviewer.delivery.transport import READ_SIZE
from tests.support.clients import ASSET, TOKEN, with_client
from tests.support.servers import LoopbackServer, Reply

BIG = bytes(range(256)) * (3 * 4096 + 7)  # a little over 3 MiB


def original_url(server: LoopbackServer) -> str:
    return f"{server.url}/adobe/assets/{ASSET}/original/as/video.mp4"


def test_stream_yields_the_body_in_one_mebibyte_chunks_when_asked(server: LoopbackServer) -> None:
    server.reply(200, BIG, ("Content-Type", "video/mp4"))

    async def body(client: DeliveryClient) -> tuple[list[int], bytes, object]:
        async with client.stream(original_url(server)) as stream:
            assert (stream.status, stream.content_length, stream.content_type) == (200, len(BIG), "video/mp4")
            sizes: list[int] = []
            data = bytearray()
            async for chunk in stream.aiter_bytes(READ_SIZE):
                sizes.append(len(chunk))
                data += chunk
            assert stream.bytes_received == len(BIG)
            return sizes, bytes(data), stream.request_headers

    sizes, data, request_headers = with_client(server, body, token=StaticToken(TOKEN))

    assert data == BIG
    assert sizes[:3] == [READ_SIZE] * 3 and sizes[3] == len(BIG) - 3 * READ_SIZE
    (request,) = server.received()
    assert request.header("Accept-Encoding") == "identity"
    assert request.header("Authorization") == f"Bearer {TOKEN}"
    assert ("Authorization", "Bearer ••••") in request_headers


def test_stream_passes_range_headers(server: LoopbackServer) -> None:
    server.reply(206, BIG[100:], ("Content-Range", f"bytes 100-{len(BIG) - 1}/{len(BIG)}"))

    async def body(client: DeliveryClient) -> int:
        async with client.stream(original_url(server), headers={"Range": "bytes=100-"}) as stream:
            return stream.status

    assert with_client(server, body) == 206
    assert server.received()[0].header("Range") == "bytes=100-"


def test_stream_raises_the_typed_error_before_the_body(server: LoopbackServer) -> None:
    server.reply(404)

    async def body(client: DeliveryClient) -> None:
        async with client.stream(original_url(server)):
            pytest.fail("a 404 must not open a stream")

    with pytest.raises(NotFound, match=f"Asset {ASSET} was not found"):
        with_client(server, body)


def test_stream_retries_a_503_before_the_body(server: LoopbackServer) -> None:
    server.queue(Reply(503), Reply(200, body=b"data"))

    async def body(client: DeliveryClient) -> bytes:
        async with client.stream(original_url(server)) as stream:
            return b"".join([chunk async for chunk in stream.aiter_bytes()])

    assert with_client(server, body) == b"data"


def test_a_cut_during_the_stream_says_how_much_arrived(server: LoopbackServer) -> None:
    server.queue(Reply(200, body=BIG, cut_after=READ_SIZE + 10))

    async def body(client: DeliveryClient) -> None:
        async with client.stream(original_url(server)) as stream:
            async for _chunk in stream.aiter_bytes():
                pass

    with pytest.raises(NetworkError) as caught:
        with_client(server, body)
    # Chunks as the socket gives them (the default): every byte that arrived was handed over.
    assert f"was cut while transferring {original_url(server)} after {READ_SIZE + 10} bytes" in str(
        caught.value
    )
