"""A loopback HTTP/1.1 server that misbehaves on purpose.

Each path is given a `Behaviour`: a coroutine that writes whatever it likes on the raw connection —
a body shorter than it announced, a reset in the middle, one byte a second, a redirect back to
itself, a header that claims a petabyte. Paths without a behaviour answer a well-formed 404 problem
document, so that the window's side requests (metadata, smart crops) get a plain answer. Every
request is recorded (method, target, headers) so that tests can check which host saw a token.

It serves one request per connection (`Connection: close`): misbehaviours end connections anyway,
and a fresh connection per request keeps each exchange independent of the last one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
import struct
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

HEADER_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Request:
    """One request as it arrived."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]

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

    async def head(self, status: int, headers: Iterable[tuple[str, str]] = ()) -> None:
        """The status line and headers exactly as given (plus `Connection: close`)."""
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Hostile"
        lines = [f"HTTP/1.1 {status} {phrase}", *(f"{name}: {value}" for name, value in headers)]
        lines.append("Connection: close")
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
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Behaviour = Callable[[Request, Connection], Awaitable[None]]


class HostileServer:
    """`with HostileServer() as server:`; `server.on(path, behaviour)` returns the path's URL.

    `host` may be any loopback address (127.0.0.2 is another host than 127.0.0.1 on Linux).
    """

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self._tls = tls
        self._routes: dict[str, list[Behaviour]] = {}
        self._lock = threading.Lock()
        self._requests: list[Request] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hostile-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def on(self, path: str, *behaviours: Behaviour) -> str:
        """Answer requests for `path` (query ignored) with `behaviours` in turn; the last one repeats."""
        with self._lock:
            self._routes[path] = list(behaviours)
        return self.url + path

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    # --- life ----------------------------------------------------------------------------------

    def __enter__(self) -> HostileServer:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the hostile server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, self.host, 0, ssl=self._tls, limit=HEADER_LIMIT)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()
        self._loop.call_soon(self._loop.stop)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            request = await _read_request(reader)
            if request is not None:
                await self._behaviour_for(request)(request, Connection(reader, writer))
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ssl.SSLError):
            pass  # the client went away (or never spoke TLS): that is what these tests provoke
        finally:
            self._tasks.discard(task)
            if not writer.transport.is_closing():
                writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError, asyncio.CancelledError):
                await writer.wait_closed()

    def _behaviour_for(self, request: Request) -> Behaviour:
        with self._lock:
            self._requests.append(request)
            queue = self._routes.get(request.path)
            if not queue:
                return not_found
            return queue.pop(0) if len(queue) > 1 else queue[0]


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    request = Request(method, target, tuple(headers))
    length = request.header("content-length")
    if length and length.isdigit():
        await reader.readexactly(int(length))
    return request


# --- behaviours ------------------------------------------------------------------------------------


def answer(
    status: int = 200, body: bytes = b"", *headers: tuple[str, str], content_type: str = "image/jpeg"
) -> Behaviour:
    """A well-formed answer (with `Content-Type` and `Content-Length` unless `headers` set them)."""

    async def behave(request: Request, connection: Connection) -> None:
        names = {name.lower() for name, _ in headers}
        head = list(headers)
        if "content-type" not in names:
            head.append(("Content-Type", content_type))
        if "content-length" not in names:
            head.append(("Content-Length", str(len(body))))
        await connection.head(status, head)
        if request.method != "HEAD":
            await connection.send(body)

    return behave


async def not_found(request: Request, connection: Connection) -> None:
    """What a path without a behaviour answers: a plain 404 problem document."""
    body = json.dumps({"title": "Not Found", "status": 404, "detail": f"{request.path} is not here."})
    await answer(404, body.encode(), content_type="application/problem+json")(request, connection)


def short_body(body: bytes, claimed: int, content_type: str = "image/jpeg") -> Behaviour:
    """Announce `claimed` bytes, send `body` (fewer), then close in good order."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", content_type), ("Content-Length", str(claimed))])
        await connection.send(body)

    return behave


def reset_after(body: bytes, sent: int, content_type: str = "image/jpeg") -> Behaviour:
    """Announce all of `body`, send its first `sent` bytes, then reset the connection."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        await connection.send(body[:sent])
        await asyncio.sleep(0.05)  # let the bytes leave before the reset discards the send buffer
        connection.reset()

    return behave


def without_length(body: bytes, content_type: str = "image/jpeg") -> Behaviour:
    """No `Content-Length`: the body ends where the connection closes (HTTP/1.0 style)."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", content_type)])
        await connection.send(body)

    return behave


def trickle(body: bytes, interval: float = 1.0, content_type: str = "image/jpeg") -> Behaviour:
    """Headers at once, then the body one byte every `interval` seconds."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        for index in range(len(body)):
            await connection.send(body[index : index + 1])
            await asyncio.sleep(interval)

    return behave


def redirect(location: str, status: int = 302) -> Behaviour:
    """A redirect to `location` (relative or absolute)."""
    return answer(status, b"", ("Location", location), content_type="text/plain")


def claims_length(claimed: int, first: bytes = b"", content_type: str = "image/jpeg") -> Behaviour:
    """Announce `claimed` bytes, send `first`, then hold the connection until the client leaves."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(200, [("Content-Type", content_type), ("Content-Length", str(claimed))])
        await connection.send(first)
        await connection.wait_until_closed()

    return behave


def generated(
    chunks: Callable[[], AsyncIterator[bytes]], *, length: int | None, content_type: str = "application/json"
) -> Behaviour:
    """A body produced piece by piece (large documents without holding them in memory);
    `length` None sends no `Content-Length`."""

    async def behave(request: Request, connection: Connection) -> None:
        head = [("Content-Type", content_type)]
        if length is not None:
            head.append(("Content-Length", str(length)))
        await connection.head(200, head)
        async for chunk in chunks():
            await connection.send(chunk)

    return behave
