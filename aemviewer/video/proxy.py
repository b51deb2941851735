"""A loopback HTTP proxy between a media player and the delivery host.

QMediaPlayer (FFmpeg) cannot send request headers, so it cannot play a restricted video, which needs
`Authorization: Bearer …`. The player is given proxy URLs instead; the proxy forwards each request
to the profile's delivery host with the token added, and streams the answer back:

    http://127.0.0.1:<random port>/<random secret>/adobe/assets/{id}/manifest.m3u8
        → https://delivery-….adobeaemcloud.com/adobe/assets/{id}/manifest.m3u8 (+ Authorization)

Rules: it listens on 127.0.0.1 only, answers only paths under its random secret (other local
programs cannot borrow the token), and forwards only to the one origin it was made for. Every
playlist answer — whatever the status (FFmpeg asks `Range: bytes=0-` and gets 206), whatever the
content type (a body that starts with `#EXTM3U` is one) — is read whole and rewritten so that every
URI it lists goes through the proxy too (`playlist_uris`); a URI on another host becomes a proxy
URL that is refused (403) and reported, so the token never leaves its host and every fetch is seen.
Each exchange is reported (`ProxyExchange`), which is how the window counts segments.

Other local programs can reach the port, so it holds at most `max_connections` connections (more
get a 503 and are closed at once) and closes a connection whose next request has not fully arrived
within `idle_timeout` seconds: nobody can pin the app's file descriptors through it.

It runs its own asyncio loop in a daemon thread, independent of the GUI's loop and usable from the
command line. HTTP/1.1 is parsed by h11 (why not uvicorn: docs/decisions.md).
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import threading
import time
from collections.abc import Callable
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
from aemviewer.delivery.transport import build_transport, ssl_context
from aemviewer.video.h11_io import BUSY_ANSWER, next_event, send_text
from aemviewer.video.proxy_exchange import CLOSED_BY_PLAYER, ProxyExchange
from aemviewer.video.proxy_relay import MAX_PLAYLIST_BYTES, Relay, names_a_playlist

__all__ = ["CLOSED_BY_PLAYER", "EXTERNAL", "MAX_PLAYLIST_BYTES", "PlaybackProxy", "ProxyExchange"]

MAX_KEPT: Final = 10_000
"""Exchanges kept for `exchanges` (every one is still reported to `on_exchange`)."""
MAX_CONNECTIONS: Final = 32
"""Player connections open at once. FFmpeg holds one or two per variant it plays; a master with
every variant and its audio stays far below this."""
IDLE_TIMEOUT: Final = 30.0
"""Seconds a connection may take to deliver its next request (headers included) before it is closed."""
EXTERNAL: Final = "~external"
"""Path under the secret that marks a URI on another host (refused)."""
_FORWARDED_REQUEST_HEADERS: Final = ("range", "if-range", "if-none-match", "if-modified-since", "accept")
_PARTIAL_REQUEST_HEADERS: Final = ("range", "if-range", "if-none-match", "if-modified-since")
"""Not forwarded for playlists: the proxy rewrites whole playlists, so it asks for whole ones."""


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
        max_connections: int = MAX_CONNECTIONS,
        idle_timeout: float = IDLE_TIMEOUT,
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
        self._max_connections = max_connections
        self._idle_timeout = idle_timeout
        self._relay = Relay(self._record, self._proxied)
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

    def url_for(self, url: str) -> str:
        """The proxy URL that fetches `url`; `InvalidInput` when `url` is not on the proxy's origin."""
        if origin_of(url) != self._origin_key:
            raise InvalidInput(
                f"The player's proxy forwards only to {self.origin}, not to {url}.",
                hint="Open the video from the profile's delivery host.",
            )
        return self.base_url + _path_and_query(url)

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
        # Upstream connections are bounded as the player's are (one upstream request per connection).
        limits = httpx.Limits(max_connections=self._max_connections)
        transport = self._transport or build_transport(context, http2=False, limits=limits)
        connections: set[asyncio.Task[None]] = set()

        async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if len(connections) >= self._max_connections:
                await _turn_away(writer)
                return
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
                try:
                    # One deadline for the whole request: a trickle of header bytes does not extend it.
                    async with asyncio.timeout(self._idle_timeout):
                        event = await next_event(connection, reader)
                        if not isinstance(event, h11.Request):
                            return
                        end = await next_event(connection, reader)
                        while not isinstance(end, h11.EndOfMessage):  # a GET has no body; skip one anyway
                            if isinstance(end, h11.ConnectionClosed):
                                return
                            end = await next_event(connection, reader)
                except TimeoutError:
                    return  # idle (or far too slow to ask): the slot goes to someone else
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
        forwarded: tuple[str, ...] = _FORWARDED_REQUEST_HEADERS
        if names_a_playlist(url):
            forwarded = tuple(name for name in forwarded if name not in _PARTIAL_REQUEST_HEADERS)
        headers = {"Accept-Encoding": "identity"}
        for name, value in request.headers:
            if name.decode("latin-1").lower() in forwarded:
                headers[name.decode("latin-1")] = value.decode("latin-1")
        try:
            token = bearer_value(self._token)
            opened = await open_following_redirects(
                http, method, url, headers, None, token=token, token_origin=self._origin_key, max_redirects=10
            )
        except DeliveryError as error:
            await self._relay.fail(connection, writer, url, started, error.message)
            return
        except httpx.HTTPError as error:
            await self._relay.fail(connection, writer, url, started, transport_error(error, url).message)
            return
        response = opened.response
        try:
            await self._relay.relay(connection, writer, method, url, response, started)
        finally:
            await response.aclose()

    def _proxied(self, absolute: str) -> str:
        try:
            same_origin = origin_of(absolute) == self._origin_key
        except (httpx.InvalidURL, TypeError, ValueError):
            same_origin = False  # not a URL httpx can send to: refused like another host
        if same_origin:
            return self.base_url + _path_and_query(absolute)
        return f"{self.base_url}/{EXTERNAL}/{quote(absolute, safe='')}"

    async def _refuse(
        self, connection: h11.Connection, writer: asyncio.StreamWriter, url: str, started: float
    ) -> None:
        reason = f"refused: the proxy forwards only to {self.origin}, not to {url}"
        self._record(ProxyExchange.since(started, url, 403, error=reason))
        await send_text(connection, writer, 403, reason)

    def _record(self, exchange: ProxyExchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)
            if len(self._exchanges) > MAX_KEPT:  # hours of playback: keep the recent half
                del self._exchanges[: MAX_KEPT // 2]
        if self._on_exchange is not None:
            self._on_exchange(exchange)


def _path_and_query(url: str) -> str:
    """`url`'s path (`/` when empty) and query: what follows the proxy's base URL for it."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


async def _turn_away(writer: asyncio.StreamWriter) -> None:
    try:
        writer.write(BUSY_ANSWER)
        await writer.drain()
    except ConnectionError:
        pass  # it left already: closing is all that is left to do
    finally:
        writer.close()
