"""A real HTTP/1.1 server on loopback that answers exactly what each test tells it to.

One asyncio server runs in its own thread and records every request. A test decides the answers:

* `on(path, *behaviours)` answers a path (query ignored) with those behaviours in turn, the last
  one repeating;
* `queue(*replies)` / `reply(...)` answers the next requests, whatever their path, in order, with
  well-formed `Reply` values (status, headers, body, a delay, a cut after some body bytes, …);
* anything else gets the server's `fallback`: by default a 599 (so that a test sending more requests
  than it scripted fails loudly); `not_found` answers a plain 404 problem document instead.

A behaviour (`tests/support/behaviours.py`) writes whatever it likes on the raw connection — a body
shorter than announced, a reset in the middle, one byte a second — so a test can provoke faults a
well-behaved server never produces. `tests/support/download_server.py` builds a file server with
byte ranges on the same machinery.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urlsplit

HEADER_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One request as it arrived."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class Connection:
    """The raw connection a behaviour answers on."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.keep_alive = False
        """Whether the server reads another request on this connection after the answer."""

    async def head(
        self, status: int, headers: Iterable[tuple[str, str]] = (), *, keep_alive: bool = False
    ) -> None:
        """The status line and headers exactly as given (plus `Connection: close` unless
        `keep_alive`)."""
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        lines = [f"HTTP/1.1 {status} {phrase}", *(f"{name}: {value}" for name, value in headers)]
        if not keep_alive:
            lines.append("Connection: close")
        self.keep_alive = keep_alive
        await self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def wait_until_closed(self, limit: float = 10.0) -> None:
        """Keep the connection open until the client gives up on it (or `limit` seconds pass)."""
        with contextlib.suppress(TimeoutError, ConnectionError):
            async with asyncio.timeout(limit):
                while await self.reader.read(65536):
                    pass

    def reset(self) -> None:
        """Abort with a TCP reset (RST) instead of an orderly close."""
        self.keep_alive = False
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            # SO_LINGER 0: closing sends a RST instead of a FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Behaviour = Callable[[Request, Connection], Awaitable[None]]
"""Answers one request on its connection."""


@dataclass
class Reply:
    """One queued answer, sent on a connection that stays open for the next request."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0
    """Seconds to wait before sending anything (a stall when longer than the client's timeout)."""
    cut_after: int | None = None
    """Send only this many body bytes (with the full Content-Length announced), then close."""
    content_length: bool = True
    """False: no Content-Length; the body ends when the connection closes."""
    drop: bool = False
    """Close the connection without answering at all."""

    async def send(self, request: Request, connection: Connection) -> None:
        """Answer `request` on `connection` as this reply says."""
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.drop:
            return
        headers = list(self.headers)
        without_body = request.method == "HEAD" or self.status in (204, 304)
        named = {name.lower() for name, _ in headers}
        if self.content_length and "content-length" not in named and self.status not in (204, 304):
            headers.append(("Content-Length", str(len(self.body))))
        await connection.head(self.status, headers, keep_alive=self.content_length)
        body = b"" if without_body else self.body
        if self.cut_after is not None:
            await connection.send(body[: self.cut_after])
            connection.keep_alive = False
            return
        await connection.send(body)
        if (request.header("connection") or "").lower() == "close":
            connection.keep_alive = False


Queued = Reply | Callable[[Request], Reply]
"""A queued answer, or a function that makes it from the request."""


async def unscripted(request: Request, connection: Connection) -> None:
    """The default fallback: a 599, so that a request nobody scripted fails the test loudly."""
    body = f"no scripted answer for {request.method} {request.target}".encode()
    await connection.head(599, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    await connection.send(body)


class LoopbackServer:
    """`with LoopbackServer() as server:`; `server.url` is `http://127.0.0.1:<port>`.

    `host` may be any loopback address (127.0.0.2 is another host than 127.0.0.1 on Linux).
    """

    def __init__(
        self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, fallback: Behaviour = unscripted
    ) -> None:
        self.host = host
        self._tls = tls
        self._fallback = fallback
        self._routes: dict[str, list[Behaviour]] = {}
        self._queued: deque[Queued] = deque()
        self._lock = threading.Lock()
        self._requests: list[Request] = []
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loopback-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    # --- what to answer ------------------------------------------------------------------------

    def on(self, path: str, *behaviours: Behaviour) -> str:
        """Answer requests for `path` (query ignored) with `behaviours` in turn; the last one repeats.
        Returns the path's URL."""
        with self._lock:
            self._routes[path] = list(behaviours)
        return self.url + path

    def queue(self, *replies: Queued) -> None:
        """Answer the next requests of any path without a route with these replies, in order."""
        with self._lock:
            self._queued.extend(replies)

    def reply(
        self, status: int = 200, body: bytes = b"", *headers: tuple[str, str], **options: object
    ) -> None:
        """Queue one `Reply(status, list(headers), body, **options)`."""
        self.queue(Reply(status, list(headers), body, **options))  # type: ignore[arg-type]

    # --- what arrived --------------------------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def received(self) -> list[Request]:
        """Every request so far, in order."""
        return self.requests

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    # --- life ----------------------------------------------------------------------------------

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the loopback server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self._server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, self.host, 0, ssl=self._tls, limit=HEADER_LIMIT)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()
        self.loop.close()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()
        self.loop.call_soon(self.loop.stop)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        connection = Connection(reader, writer)
        try:
            while (request := await _read_request(reader)) is not None:
                connection.keep_alive = False
                await self._behaviour_for(request)(request, connection)
                if not connection.keep_alive or writer.transport.is_closing():
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ssl.SSLError):
            pass  # the client went away (or never spoke TLS): what many of these tests provoke
        finally:
            self._tasks.discard(task)
            if not writer.transport.is_closing():
                writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError, asyncio.CancelledError):
                await writer.wait_closed()

    def _behaviour_for(self, request: Request) -> Behaviour:
        with self._lock:
            self._requests.append(request)
            route = self._routes.get(request.path)
            if route:
                return route.pop(0) if len(route) > 1 else route[0]
            queued = self._queued.popleft() if self._queued else None
        if queued is None:
            return self._fallback
        return (queued(request) if callable(queued) else queued).send


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    length = next((value for name, value in headers if name.lower() == "content-length"), "")
    body = await reader.readexactly(int(length)) if length.isdigit() else b""
    return Request(method, target, tuple(headers), body)
