"""A loopback file server for download tests: real `Range` / `If-Range`, and failures on command.

Unlike `tests/delivery/scripted_server.py` (one scripted answer per request), this server behaves
like a CDN serving files — byte ranges, strong ETags, `Content-Disposition` — and misbehaves when a
test says so: cut the connection (RST) or close it early (FIN) after some body bytes, answer an
error status a few times, ignore `Range` or `If-Range`, or hold the body after some bytes until
the test releases it (to see a download "in progress" without sleeping). It runs an asyncio server
in its own thread and records every request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import struct
import threading
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


@dataclass
class ServedFile:
    """A file and how the server answers for it."""

    data: bytes
    etag: str | None = '"v1"'
    content_type: str = "image/jpeg"
    disposition: str | None = None
    ranges: bool = True
    """False: `Range` is ignored (always 200 with the whole file), as some servers do."""
    if_range: bool = True
    """False: `If-Range` is ignored, so a changed file is sent as a 206 of the new bytes."""
    announced_length: int | None = None
    """A `Content-Length` to announce instead of the real one (a lying server)."""


@dataclass
class Fault:
    """A misbehaviour for the next GET of a file (faults are used up in order)."""

    kind: str
    """"cut" (close the connection after `after` body bytes), "status" (answer `status`),
    "hold" (stop after `after` bytes until `release()` continues or `reset()` cuts with a RST)."""
    after: int = 0
    status: int = 503
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Request:
    """One request as it arrived."""

    method: str
    path: str
    headers: dict[str, str]

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class DownloadServer:
    """`with DownloadServer() as server: url = server.serve("/a.jpg", data)`."""

    def __init__(self) -> None:
        self.files: dict[str, ServedFile] = {}
        self.requests: list[Request] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="download-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._release: asyncio.Event | None = None
        self._reset = False
        self.holding = 0
        """How many answers are waiting for `release()` right now."""
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- scripting -----------------------------------------------------------------------------

    def serve(self, path: str, data: bytes, **options: object) -> str:
        """Serve `data` at `path` (with `ServedFile` options); returns its URL."""
        with self._lock:
            self.files[path] = ServedFile(data, **options)  # type: ignore[arg-type]
        return self.url + path

    def change(self, path: str, **changes: object) -> None:
        """Change how a served file is answered (its data, ETag, …)."""
        with self._lock:
            served = self.files[path]
            for name, value in changes.items():
                setattr(served, name, value)

    def fault(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def cut_after(self, count: int, times: int = 1) -> None:
        self.fault(*[Fault("cut", after=count) for _ in range(times)])

    def fail_with(self, status: int, times: int = 1, headers: list[tuple[str, str]] | None = None) -> None:
        self.fault(*[Fault("status", status=status, headers=headers or []) for _ in range(times)])

    def hold_after(self, count: int, times: int = 1) -> None:
        self.fault(*[Fault("hold", after=count) for _ in range(times)])

    def release(self) -> None:
        """Let every held answer finish."""
        self._loop.call_soon_threadsafe(self._do_release, False)

    def reset(self) -> None:
        """Cut every held answer with a TCP reset, as a dropped connection does (the client has
        read what came before the hold: wait for its progress first)."""
        self._loop.call_soon_threadsafe(self._do_release, True)

    def gets(self, path: str | None = None) -> list[Request]:
        """The GET requests received (for one path, or all)."""
        with self._lock:
            return [r for r in self.requests if r.method == "GET" and (path is None or r.path == path)]

    # --- life ----------------------------------------------------------------------------------

    def __enter__(self) -> DownloadServer:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the download server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._loop.call_soon_threadsafe(lambda: self._loop.create_task(self._shutdown()))
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._release = asyncio.Event()
        self._server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    def _do_release(self, reset: bool) -> None:
        assert self._release is not None
        self._reset = reset
        self._release.set()
        self._release = asyncio.Event()

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
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        line = await reader.readline()
        if not line.strip():
            return False
        method, target, _version = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        path = target.split("?", 1)[0]
        request = Request(method, target, headers)
        with self._lock:
            self.requests.append(request)
            served = self.files.get(path) or self.files.get(target)
            fault = (
                self._faults.popleft() if served is not None and method == "GET" and self._faults else None
            )
        if served is None:
            body = json.dumps({"title": "Not Found", "status": 404, "detail": f"No file at {path}."}).encode()
            self._write_head(writer, 404, [("Content-Type", "application/problem+json")], len(body))
            writer.write(body if method != "HEAD" else b"")
            await writer.drain()
            return True
        if fault is not None and fault.kind == "status":
            body = json.dumps({"title": "Scripted", "status": fault.status}).encode()
            extra = [("Content-Type", "application/problem+json"), *fault.headers]
            self._write_head(writer, fault.status, extra, len(body))
            writer.write(body)
            await writer.drain()
            return True
        status, start, end, extra = self._plan(served, headers)
        if status == 416:
            self._write_head(writer, 416, [("Content-Range", f"bytes */{len(served.data)}")], 0)
            await writer.drain()
            return True
        body = served.data[start:end]
        length = served.announced_length if served.announced_length is not None else len(body)
        self._write_head(writer, status, extra, length)
        if method == "HEAD":
            await writer.drain()
            return True
        if fault is None:
            writer.write(body)
            await writer.drain()
            return served.announced_length is None
        writer.write(body[: fault.after])
        await writer.drain()
        if fault.kind == "hold":
            assert self._release is not None
            release = self._release
            self.holding += 1
            try:
                await release.wait()
            finally:
                self.holding -= 1
            if not self._reset:
                writer.write(body[fault.after :])
                await writer.drain()
                return True
            # SO_LINGER 0: closing sends a RST instead of a FIN.
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        return False  # the connection ends here, before the body does

    def _plan(
        self, served: ServedFile, headers: dict[str, str]
    ) -> tuple[int, int, int, list[tuple[str, str]]]:
        size = len(served.data)
        extra = [
            ("Content-Type", served.content_type),
            ("Accept-Ranges", "bytes" if served.ranges else "none"),
        ]
        if served.etag is not None:
            extra.append(("ETag", served.etag))
        if served.disposition is not None:
            extra.append(("Content-Disposition", served.disposition))
        wanted = headers.get("range")
        if not served.ranges or wanted is None:
            return 200, 0, size, extra
        if_range = headers.get("if-range")
        if served.if_range and if_range is not None and if_range != served.etag:
            return 200, 0, size, extra
        match = _RANGE.match(wanted.strip())
        if match is None:
            return 200, 0, size, extra
        start = int(match.group(1))
        end = min(int(match.group(2)) + 1, size) if match.group(2) else size
        if start >= size:
            return 416, 0, 0, extra
        return 206, start, end, [*extra, ("Content-Range", f"bytes {start}-{end - 1}/{size}")]

    def _write_head(
        self, writer: asyncio.StreamWriter, status: int, headers: list[tuple[str, str]], length: int
    ) -> None:
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
        lines += [f"{name}: {value}" for name, value in headers]
        lines.append(f"Content-Length: {length}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
