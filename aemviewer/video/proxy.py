"""A loopback HTTP proxy between a media player and the delivery host.

QMediaPlayer (FFmpeg) cannot send request headers, so it cannot play a restricted video, which needs
`Authorization: Bearer …`. The player is given proxy URLs instead; the proxy forwards each request
to the profile's delivery host with the token added, and streams the answer back:

    http://127.0.0.1:<random port>/<random secret>/adobe/assets/{id}/manifest.m3u8
        → https://delivery-….adobeaemcloud.com/adobe/assets/{id}/manifest.m3u8 (+ Authorization)

Rules: it listens on 127.0.0.1 only, answers only paths under its random secret (other local
programs cannot borrow the token), and forwards only to the one origin it was made for. HLS playlists
are rewritten so that every URI they list goes through the proxy too; a URI on another host becomes
a proxy URL that is refused (403) and reported, so the token never leaves its host and every fetch is
seen. Each exchange is reported (`ProxyExchange`), which is how the window counts segments.

It runs its own asyncio loop in a daemon thread, independent of the GUI's loop and usable from the
command line. HTTP/1.1 is parsed by h11.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Final
from urllib.parse import quote, unquote, urlsplit

import h11
import httpx

from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.delivery.exchange import origin_of
from aemviewer.delivery.http_errors import transport_error
from aemviewer.delivery.redirects import open_following_redirects
from aemviewer.delivery.tokens import TokenSource, bearer_value
from aemviewer.delivery.transport import READ_SIZE, build_transport, ssl_context
from aemviewer.video.h11_io import next_event, read_limited_body, send_text, write
from aemviewer.video.hls import HLS_MEDIA_TYPES, MAX_MANIFEST_BYTES, rewrite_uris

MAX_PLAYLIST_BYTES: Final = MAX_MANIFEST_BYTES
"""Largest playlist the proxy reads into memory to rewrite its URIs."""
MAX_KEPT: Final = 10_000
"""Exchanges kept for `exchanges` (every one is still reported to `on_exchange`)."""
CLOSED_BY_PLAYER: Final = "the player closed the connection"
"""The `error` of an exchange the player abandoned (it does that when it seeks or stops)."""
EXTERNAL: Final = "~external"
"""Path under the secret that marks a URI on another host (refused)."""
_FORWARDED_REQUEST_HEADERS: Final = ("range", "if-range", "if-none-match", "if-modified-since", "accept")
_FORWARDED_RESPONSE_HEADERS: Final = (
    "content-type",
    "content-length",
    "content-range",
    "accept-ranges",
    "etag",
    "last-modified",
    "cache-control",
)


@dataclass(frozen=True, slots=True)
class ProxyExchange:
    """One request the player made through the proxy, as it went upstream (never with the token)."""

    url: str
    """The upstream URL asked for."""
    status: int
    """The upstream status; the proxy's own (403 refused, 502 failed) when there was no answer."""
    byte_count: int
    """Body bytes passed to the player."""
    content_type: str
    is_playlist: bool
    seconds: float
    error: str | None = None
    """What went wrong, in words, when the exchange did not deliver (refused, network, …)."""

    @property
    def ok(self) -> bool:
        """Delivered with a 2xx or 304."""
        return self.error is None and (200 <= self.status < 300 or self.status == 304)


class PlaybackProxy:
    """The proxy for one delivery origin. `start()` returns its base URL; `url_for` maps URLs.

    `on_exchange` is called from the proxy's thread after every exchange.
    """

    def __init__(
        self,
        origin: str,
        token: TokenSource | None = None,
        *,
        on_exchange: Callable[[ProxyExchange], None] | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise InvalidInput(
                f"{origin!r} is not a delivery origin.", hint="Give scheme, host and port only."
            )
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self._origin_key = origin_of(self.origin)
        self._token = token
        self._on_exchange = on_exchange
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
        self._transport = transport
        self._secret = secrets.token_urlsafe(18)
        self._lock = threading.Lock()
        self._exchanges: list[ProxyExchange] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._base_url: str | None = None

    def __repr__(self) -> str:
        return f"PlaybackProxy({self.origin} via {self._base_url or 'not started'})"

    @property
    def token_source(self) -> TokenSource | None:
        """Where the token added to every forwarded request comes from."""
        return self._token

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/<secret>` once started."""
        if self._base_url is None:
            raise RuntimeError("the playback proxy is not started; call start() first")
        return self._base_url

    @property
    def exchanges(self) -> list[ProxyExchange]:
        """Every exchange so far, in order."""
        with self._lock:
            return list(self._exchanges)

    def clear_exchanges(self) -> None:
        with self._lock:
            self._exchanges.clear()

    def url_for(self, url: str) -> str:
        """The proxy URL that fetches `url`; `InvalidInput` when `url` is not on the proxy's origin."""
        if origin_of(url) != self._origin_key:
            raise InvalidInput(
                f"The player's proxy forwards only to {self.origin}, not to {url}.",
                hint="Open the video from the profile's delivery host.",
            )
        parts = urlsplit(url)
        return f"{self.base_url}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")

    def upstream_url(self, proxied: str) -> str | None:
        """The delivery URL behind a proxy URL (None for anything else)."""
        prefix = self.base_url + "/"
        if not proxied.startswith(prefix):
            return None
        rest = proxied[len(prefix) - 1 :]
        if rest.startswith(f"/{EXTERNAL}/"):
            return unquote(rest[len(EXTERNAL) + 2 :])
        return self.origin + rest

    # --- running ---------------------------------------------------------------------------------

    def start(self) -> str:
        """Listen on a random loopback port; returns the base URL once connections are accepted."""
        if self._thread is not None:
            return self.base_url
        # IPPROTO_TCP explicitly: asyncio turns Nagle off only for sockets that say so (40 ms stalls).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        port = sock.getsockname()[1]
        self._base_url = f"http://127.0.0.1:{port}/{self._secret}"
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._serve(sock, ready))
            except BaseException as error:  # noqa: BLE001 - handed to start() below
                failure.append(error)
                ready.set()
            finally:
                sock.close()
                loop.close()

        self._thread = threading.Thread(target=run, name="aemviewer-playback-proxy", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure or not ready.is_set():
            self._thread = None
            raise DeliveryError(
                f"The playback proxy did not start: {failure[0] if failure else 'timed out'}.",
                hint="Check that loopback networking works on this machine.",
            )
        return self._base_url

    def stop(self) -> None:
        """Stop accepting, close open connections and wait for the thread."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None or loop is None or stopping is None:
            return
        loop.call_soon_threadsafe(stopping.set)
        thread.join(5)
        self._thread = None

    def __enter__(self) -> PlaybackProxy:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    async def _serve(self, sock: socket.socket, ready: threading.Event) -> None:
        self._stopping = asyncio.Event()
        context = ssl_context()
        transport = self._transport or build_transport(context, http2=False)
        connections: set[asyncio.Task[None]] = set()

        async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            connections.add(task)
            try:
                await self._connection(http, reader, writer)
            except asyncio.CancelledError:
                return  # the proxy is stopping; `_connection` closed the socket on its way out
            finally:
                connections.discard(task)

        async with httpx.AsyncClient(
            transport=transport, timeout=self._timeout, follow_redirects=False
        ) as http:
            server = await asyncio.start_server(accepted, sock=sock)
            ready.set()
            await self._stopping.wait()
            server.close()
            for task in list(connections):
                task.cancel()
            await asyncio.gather(*connections, return_exceptions=True)

    # --- one connection --------------------------------------------------------------------------

    async def _connection(
        self, http: httpx.AsyncClient, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        connection = h11.Connection(h11.SERVER)
        try:
            while True:
                event = await next_event(connection, reader)
                if not isinstance(event, h11.Request):
                    return
                end = await next_event(connection, reader)
                while not isinstance(end, h11.EndOfMessage):  # a GET has no body; skip one anyway
                    if isinstance(end, h11.ConnectionClosed):
                        return
                    end = await next_event(connection, reader)
                await self._answer(http, connection, writer, event)
                if connection.our_state is not h11.DONE or connection.their_state is not h11.DONE:
                    return
                connection.start_next_cycle()
        except h11.RemoteProtocolError:
            if connection.our_state is h11.SEND_RESPONSE:
                await send_text(connection, writer, 400, "The proxy could not read this request.")
        except (ConnectionError, asyncio.IncompleteReadError, h11.LocalProtocolError):
            return  # the player went away (it drops connections when it seeks or stops)
        finally:
            writer.close()

    async def _answer(
        self,
        http: httpx.AsyncClient,
        connection: h11.Connection,
        writer: asyncio.StreamWriter,
        request: h11.Request,
    ) -> None:
        method = request.method.decode("ascii", "replace").upper()
        target = request.target.decode("latin-1")
        started = time.perf_counter()
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            if f"http://{parts.netloc}/{self._secret}" != self._base_url:
                await self._refuse(connection, writer, target, started)
                return
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        prefix = f"/{self._secret}/"
        if not target.startswith(prefix):
            await send_text(connection, writer, 404, "Nothing here.")
            return
        rest = target[len(prefix) - 1 :]
        if rest.startswith(f"/{EXTERNAL}/"):
            await self._refuse(connection, writer, unquote(rest[len(EXTERNAL) + 2 :]), started)
            return
        if method not in ("GET", "HEAD"):
            await send_text(connection, writer, 405, "The playback proxy forwards GET and HEAD only.")
            return
        url = self.origin + rest
        headers = {"Accept-Encoding": "identity"}
        for name, value in request.headers:
            if name.decode("latin-1").lower() in _FORWARDED_REQUEST_HEADERS:
                headers[name.decode("latin-1")] = value.decode("latin-1")
        try:
            token = bearer_value(self._token)
            opened = await open_following_redirects(
                http, method, url, headers, None, token=token, token_origin=self._origin_key, max_redirects=10
            )
        except DeliveryError as error:
            await self._fail(connection, writer, url, started, error.message)
            return
        except httpx.HTTPError as error:
            await self._fail(connection, writer, url, started, transport_error(error, url).message)
            return
        response = opened.response
        try:
            await self._relay(connection, writer, method, url, response, started)
        finally:
            await response.aclose()

    async def _relay(
        self,
        connection: h11.Connection,
        writer: asyncio.StreamWriter,
        method: str,
        url: str,
        response: httpx.Response,
        started: float,
    ) -> None:
        content_type = response.headers.get("content-type", "")
        path = urlsplit(url).path.lower()
        is_playlist = path.endswith(".m3u8") or content_type.split(";")[0].strip().lower() in HLS_MEDIA_TYPES
        headers = [
            (name, response.headers[name]) for name in _FORWARDED_RESPONSE_HEADERS if name in response.headers
        ]
        sent = 0
        body: bytes | None = None
        if is_playlist and response.status_code == 200 and method == "GET":
            # Read whole before answering, so that a failure can still be a 502 that says why.
            try:
                body = await read_limited_body(response, MAX_PLAYLIST_BYTES)
            except httpx.HTTPError as error:
                await self._fail(connection, writer, url, started, transport_error(error, url).message)
                return
            if body is None:
                why = f"the playlist is larger than {MAX_PLAYLIST_BYTES} bytes, more than any real one"
                await self._fail(connection, writer, url, started, why)
                return
        try:
            if body is not None:
                text = rewrite_uris(body.decode("utf-8", "replace"), str(response.url), self._proxied)
                payload = text.encode("utf-8")
                headers = [(name, value) for name, value in headers if name != "content-length"]
                headers.append(("content-length", str(len(payload))))
                await write(writer, connection.send(h11.Response(status_code=200, headers=headers)))
                await write(writer, connection.send(h11.Data(data=payload)))
                sent = len(payload)
            else:
                await write(
                    writer, connection.send(h11.Response(status_code=response.status_code, headers=headers))
                )
                if method != "HEAD":
                    async for chunk in response.aiter_raw(READ_SIZE):
                        await write(writer, connection.send(h11.Data(data=chunk)))
                        sent += len(chunk)
            await write(writer, connection.send(h11.EndOfMessage()))
        except httpx.HTTPError as error:
            self._record(ProxyExchange(url, response.status_code, sent, content_type, is_playlist,
                                       time.perf_counter() - started, transport_error(error, url).message))  # fmt: skip
            raise ConnectionResetError("upstream failed while relaying") from error
        except (ConnectionError, asyncio.IncompleteReadError):
            self._record(ProxyExchange(url, response.status_code, sent, content_type, is_playlist,
                                       time.perf_counter() - started, CLOSED_BY_PLAYER))  # fmt: skip
            raise
        failure = None if response.status_code < 400 else f"the server answered {response.status_code}"
        self._record(
            ProxyExchange(
                url,
                response.status_code,
                sent,
                content_type,
                is_playlist,
                time.perf_counter() - started,
                failure,
            )
        )

    def _proxied(self, absolute: str) -> str:
        if origin_of(absolute) == self._origin_key:
            parts = urlsplit(absolute)
            return f"{self.base_url}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
        return f"{self.base_url}/{EXTERNAL}/{quote(absolute, safe='')}"

    async def _refuse(
        self, connection: h11.Connection, writer: asyncio.StreamWriter, url: str, started: float
    ) -> None:
        reason = f"refused: the proxy forwards only to {self.origin}, not to {url}"
        self._record(ProxyExchange(url, 403, 0, "", url.lower().split("?")[0].endswith(".m3u8"),
                                   time.perf_counter() - started, reason))  # fmt: skip
        await send_text(connection, writer, 403, reason)

    async def _fail(
        self, connection: h11.Connection, writer: asyncio.StreamWriter, url: str, started: float, reason: str
    ) -> None:
        self._record(ProxyExchange(url, 502, 0, "", url.lower().split("?")[0].endswith(".m3u8"),
                                   time.perf_counter() - started, reason))  # fmt: skip
        await send_text(connection, writer, 502, reason)

    def _record(self, exchange: ProxyExchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)
            if len(self._exchanges) > MAX_KEPT:  # hours of playback: keep the recent half
                del self._exchanges[: MAX_KEPT // 2]
        if self._on_exchange is not None:
            self._on_exchange(exchange)
