"""A small, real HTTP/1.1 server on loopback that answers what each test scripts.

It runs an asyncio server in its own thread. A test queues `Reply` values (status, headers, body,
a delay before answering, a connection cut after some body bytes, a body without length) and
reads back every `Received` request. When the queue is empty the server answers 599, so a test
that sends more requests than it scripted fails loudly.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus


@dataclass
class Reply:
    """One scripted answer."""

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


@dataclass
class Received:
    """One request as it arrived."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class ScriptedServer:
    """Start with `with ScriptedServer() as server:`; `server.url` is `http://127.0.0.1:<port>`."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._tls = tls
        self._replies: deque[Reply | Callable[[Received], Reply]] = deque()
        self._lock = threading.Lock()
        self.requests: list[Received] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scripted-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    # --- scripting -----------------------------------------------------------------------------

    def queue(self, *replies: Reply | Callable[[Received], Reply]) -> None:
        """Answer the next requests with these replies, in order (a callable sees the request)."""
        with self._lock:
            self._replies.extend(replies)

    def reply(
        self, status: int = 200, body: bytes = b"", *headers: tuple[str, str], **options: object
    ) -> None:
        """Queue one `Reply(status, list(headers), body, **options)`."""
        self.queue(Reply(status, list(headers), body, **options))

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.requests)

    # --- life ----------------------------------------------------------------------------------

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the scripted server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(lambda: self._loop.create_task(self._shutdown()))
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self._tls)
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
        self._loop.stop()

    # --- one connection ------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while await self._one_exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError, ssl.SSLError):
                await writer.wait_closed()

    async def _one_exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        request_line = await reader.readline()
        if not request_line.strip():
            return False
        method, target, _version = request_line.decode("latin-1").split(" ", 2)
        headers: list[tuple[str, str]] = []
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip(), value.strip()))
        received = Received(method, target, headers, b"")
        length = received.header("content-length")
        if length:
            received.body = await reader.readexactly(int(length))
        with self._lock:
            self.requests.append(received)
            scripted = self._replies.popleft() if self._replies else Reply(599, body=b"no scripted reply")
        reply = scripted(received) if callable(scripted) else scripted
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            return False
        writer.write(_head(reply, method))
        no_body = method == "HEAD" or reply.status in (204, 304)
        body = b"" if no_body else reply.body
        if reply.cut_after is not None:
            writer.write(body[: reply.cut_after])
            await writer.drain()
            return False
        writer.write(body)
        await writer.drain()
        closing = not reply.content_length or (received.header("connection") or "").lower() == "close"
        return not closing


def _head(reply: Reply, method: str) -> bytes:
    try:
        phrase = HTTPStatus(reply.status).phrase
    except ValueError:
        phrase = "Scripted"
    lines = [f"HTTP/1.1 {reply.status} {phrase}"]
    names = {name.lower() for name, _ in reply.headers}
    lines += [f"{name}: {value}" for name, value in reply.headers]
    if reply.content_length and "content-length" not in names and reply.status not in (204, 304):
        lines.append(f"Content-Length: {len(reply.body)}")
    if not reply.content_length:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@contextlib.contextmanager
def scripted_servers(count: int) -> Iterator[list[ScriptedServer]]:
    """Several servers at once (each on its own port: a different origin)."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(ScriptedServer()) for _ in range(count)]
