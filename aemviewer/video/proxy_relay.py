"""The playback proxy's answer side: an upstream response passed to the player, playlists rewritten.

Every playlist answer is recognised — by its path, its content type, or a body that starts with
`#EXTM3U` (FFmpeg reads a playlist whatever its name or type) — and, for any 2xx (a 206 only when it
holds the whole playlist, which is what FFmpeg's `Range: bytes=0-` gets), read whole, rewritten by
`rewrite_uris` and answered 200. Anything else streams through unchanged. Each exchange is reported
once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import h11
import httpx

from aemviewer.delivery.http_errors import transport_error
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.video.h11_io import first_bytes, read_limited, send_text, write
from aemviewer.video.hls import HLS_MEDIA_TYPES, MAX_MANIFEST_BYTES
from aemviewer.video.playlist_uris import rewrite_uris
from aemviewer.video.proxy_exchange import CLOSED_BY_PLAYER, ProxyExchange

MAX_PLAYLIST_BYTES: Final = MAX_MANIFEST_BYTES
"""Largest playlist the proxy reads into memory to rewrite its URIs."""
FORWARDED_RESPONSE_HEADERS: Final = (
    "content-type",
    "content-length",
    "content-range",
    "accept-ranges",
    "etag",
    "last-modified",
    "cache-control",
)
PLAYLIST_RESPONSE_HEADERS: Final = ("content-type", "cache-control")
"""What a rewritten playlist keeps: its length, ranges and validators were those of the original."""
_PLAYLIST_SIGNATURE: Final = b"#EXTM3U"
_SNIFF_BYTES: Final = 64
"""Body bytes read before deciding whether an answer is a playlist (FFmpeg looks at the first 7)."""


def names_a_playlist(url: str) -> bool:
    """Whether the URL's path ends in `.m3u8`."""
    return urlsplit(url).path.lower().endswith(".m3u8")


@dataclass(frozen=True, slots=True)
class Relay:
    """Answers the player; `record` reports each exchange, `proxied` maps a playlist's URIs."""

    record: Callable[[ProxyExchange], None]
    proxied: Callable[[str], str]

    async def fail(
        self,
        connection: h11.Connection,
        writer: asyncio.StreamWriter,
        url: str,
        started: float,
        reason: str,
        *,
        is_playlist: bool | None = None,
    ) -> None:
        """Answer 502 with `reason` (no upstream answer could be passed on)."""
        self.record(ProxyExchange.since(started, url, 502, is_playlist=is_playlist, error=reason))
        await send_text(connection, writer, 502, reason)

    async def relay(
        self,
        connection: h11.Connection,
        writer: asyncio.StreamWriter,
        method: str,
        url: str,
        response: httpx.Response,
        started: float,
    ) -> None:
        """Pass `response` (the answer to `url`) to the player; playlists rewritten."""
        content_type = response.headers.get("content-type", "")
        chunks = response.aiter_raw(READ_SIZE)
        try:
            head = await first_bytes(chunks, _SNIFF_BYTES) if method == "GET" else b""
        except httpx.HTTPError as error:
            await self.fail(connection, writer, url, started, transport_error(error, url).message)
            return
        is_playlist = (
            names_a_playlist(url)
            or bare_media_type(content_type) in HLS_MEDIA_TYPES
            or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_PLAYLIST_SIGNATURE)
        )
        # FFmpeg reads any 2xx body as the answer; error bodies pass unchanged (it reads none of them).
        delivered = 200 <= response.status_code < 300
        if is_playlist and delivered and method == "GET":
            await self._playlist(connection, writer, url, response, chunks, head, started)
            return
        # A HEAD describes the playlist the proxy would send: its length and ranges are not known.
        names = PLAYLIST_RESPONSE_HEADERS if is_playlist and delivered else FORWARDED_RESPONSE_HEADERS
        headers = [(name, response.headers[name]) for name in names if name in response.headers]
        sent = 0

        def report(error: str | None) -> None:
            self.record(ProxyExchange.since(started, url, response.status_code, sent=sent,
                                            content_type=content_type, is_playlist=is_playlist, error=error))  # fmt: skip

        try:
            await write(
                writer, connection.send(h11.Response(status_code=response.status_code, headers=headers))
            )
            if head:
                await write(writer, connection.send(h11.Data(data=head)))
                sent += len(head)
            if method != "HEAD":
                async for chunk in chunks:
                    await write(writer, connection.send(h11.Data(data=chunk)))
                    sent += len(chunk)
            await write(writer, connection.send(h11.EndOfMessage()))
        except httpx.HTTPError as error:
            report(transport_error(error, url).message)
            raise ConnectionResetError("upstream failed while relaying") from error
        except (ConnectionError, asyncio.IncompleteReadError):
            report(CLOSED_BY_PLAYER)
            raise
        report(None if response.status_code < 400 else f"the server answered {response.status_code}")

    async def _playlist(
        self,
        connection: h11.Connection,
        writer: asyncio.StreamWriter,
        url: str,
        response: httpx.Response,
        chunks: AsyncIterator[bytes],
        head: bytes,
        started: float,
    ) -> None:
        # Read whole before answering, so that a failure can still be a 502 that says why.
        try:
            body = await read_limited(chunks, head, MAX_PLAYLIST_BYTES)
        except httpx.HTTPError as error:
            await self.fail(
                connection, writer, url, started, transport_error(error, url).message, is_playlist=True
            )
            return
        if body is None:
            why = f"the playlist is larger than {MAX_PLAYLIST_BYTES} bytes, more than any real one"
            await self.fail(connection, writer, url, started, why, is_playlist=True)
            return
        content_range = response.headers.get("content-range", "")
        if response.status_code == 206 and not _is_whole(content_range, len(body)):
            why = (
                f"the server sent part of a playlist (Content-Range: {content_range}); "
                "the proxy rewrites whole playlists only"
            )
            await self.fail(connection, writer, url, started, why, is_playlist=True)
            return
        payload = rewrite_uris(body.decode("utf-8", "replace"), str(response.url), self.proxied).encode()
        headers = [
            (name, response.headers[name]) for name in PLAYLIST_RESPONSE_HEADERS if name in response.headers
        ]
        headers.append(("content-length", str(len(payload))))
        content_type = response.headers.get("content-type", "")
        try:
            await write(writer, connection.send(h11.Response(status_code=200, headers=headers)))
            await write(writer, connection.send(h11.Data(data=payload)))
            await write(writer, connection.send(h11.EndOfMessage()))
        except (ConnectionError, asyncio.IncompleteReadError):
            self.record(ProxyExchange.since(started, url, response.status_code, content_type=content_type,
                                            is_playlist=True, error=CLOSED_BY_PLAYER))  # fmt: skip
            raise
        self.record(ProxyExchange.since(started, url, response.status_code, sent=len(payload),
                                        content_type=content_type, is_playlist=True))  # fmt: skip


def _is_whole(content_range: str, length: int) -> bool:
    """Whether `Content-Range` says the body is the whole resource (`bytes 0-(n-1)/n`)."""
    return content_range.replace(" ", "").lower() == f"bytes0-{length - 1}/{length}"
