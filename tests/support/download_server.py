"""A loopback file server for download tests: real `Range` / `If-Range`, and failures on command.

Where `LoopbackServer.reply` scripts one answer per request, this server behaves like a CDN serving
files — byte ranges, strong ETags, `Content-Disposition` — and misbehaves when a test says so: cut
the connection (FIN) after some body bytes, answer an error status a few times, ignore `Range` or
`If-Range`, or hold the body after some bytes until the test releases it (to see a download "in
progress" without sleeping) or resets it (RST, as a dropped connection does).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from dataclasses import dataclass, field

from tests.support.servers import Connection, LoopbackServer, Request

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


@dataclass(frozen=True)
class _Plan:
    """What one answer sends: its status, the slice of the file, and the headers."""

    status: int
    start: int
    end: int
    headers: list[tuple[str, str]]


class DownloadServer(LoopbackServer):
    """`with DownloadServer() as server: url = server.serve("/a.jpg", data)`."""

    def __init__(self) -> None:
        super().__init__(fallback=self._answer)
        self.files: dict[str, ServedFile] = {}
        self._faults: deque[Fault] = deque()
        self._release = asyncio.Event()
        self._reset = False
        self.holding = 0
        """How many answers are waiting for `release()` right now."""

    # --- scripting -----------------------------------------------------------------------------

    def serve(self, path: str, data: bytes, **options: object) -> str:
        """Serve `data` at `path` (with `ServedFile` options); returns its URL."""
        self.files[path] = ServedFile(data, **options)  # type: ignore[arg-type]
        return self.url + path

    def change(self, path: str, **changes: object) -> None:
        """Change how a served file is answered (its data, ETag, …)."""
        served = self.files[path]
        for name, value in changes.items():
            setattr(served, name, value)

    def fault(self, *faults: Fault) -> None:
        self._faults.extend(faults)

    def cut_after(self, count: int, times: int = 1) -> None:
        self.fault(*[Fault("cut", after=count) for _ in range(times)])

    def fail_with(self, status: int, times: int = 1, headers: list[tuple[str, str]] | None = None) -> None:
        self.fault(*[Fault("status", status=status, headers=headers or []) for _ in range(times)])

    def hold_after(self, count: int, times: int = 1) -> None:
        self.fault(*[Fault("hold", after=count) for _ in range(times)])

    def release(self) -> None:
        """Let every held answer finish."""
        self.loop.call_soon_threadsafe(self._do_release, False)

    def reset(self) -> None:
        """Cut every held answer with a TCP reset, as a dropped connection does (the client has
        read what came before the hold: wait for its progress first)."""
        self.loop.call_soon_threadsafe(self._do_release, True)

    def gets(self, path: str | None = None) -> list[Request]:
        """The GET requests received (for one path, or all)."""
        return [r for r in self.requests if r.method == "GET" and (path is None or r.path == path)]

    def __exit__(self, *exc: object) -> None:
        self.release()
        super().__exit__(*exc)

    def _do_release(self, reset: bool) -> None:
        self._reset = reset
        self._release.set()
        self._release = asyncio.Event()

    # --- one answer ----------------------------------------------------------------------------

    async def _answer(self, request: Request, connection: Connection) -> None:
        served = self.files.get(request.path) or self.files.get(request.target)
        if served is None:
            detail = f"No file at {request.path}."
            body = json.dumps({"title": "Not Found", "status": 404, "detail": detail}).encode()
            await _send(connection, 404, [("Content-Type", "application/problem+json")], body, request)
            return
        fault = self._faults.popleft() if request.method == "GET" and self._faults else None
        if fault is not None and fault.kind == "status":
            body = json.dumps({"title": "Scripted", "status": fault.status}).encode()
            headers = [("Content-Type", "application/problem+json"), *fault.headers]
            await _send(connection, fault.status, headers, body, request)
            return
        plan = _plan(served, request)
        if plan.status == 416:
            await _send(connection, 416, plan.headers, b"", request)
            return
        body = served.data[plan.start : plan.end]
        length = served.announced_length if served.announced_length is not None else len(body)
        headers = [*plan.headers, ("Content-Length", str(length))]
        await connection.head(plan.status, headers, keep_alive=True)
        if request.method == "HEAD":
            return
        if fault is None:
            await connection.send(body)
            # A lying length breaks the connection's framing: it ends with this answer.
            connection.keep_alive = served.announced_length is None
        else:
            await self._misbehave(fault, body, connection)

    async def _misbehave(self, fault: Fault, body: bytes, connection: Connection) -> None:
        """Send the body up to the fault, then close, or hold until released or reset."""
        await connection.send(body[: fault.after])
        connection.keep_alive = False
        if fault.kind != "hold":
            return
        release = self._release
        self.holding += 1
        try:
            await release.wait()
        finally:
            self.holding -= 1
        if self._reset:
            connection.reset()
            return
        await connection.send(body[fault.after :])
        connection.keep_alive = True


async def _send(
    connection: Connection, status: int, headers: list[tuple[str, str]], body: bytes, request: Request
) -> None:
    """A complete answer on a connection that stays open."""
    await connection.head(status, [*headers, ("Content-Length", str(len(body)))], keep_alive=True)
    if request.method != "HEAD":
        await connection.send(body)


def _plan(served: ServedFile, request: Request) -> _Plan:
    size = len(served.data)
    headers = [
        ("Content-Type", served.content_type),
        ("Accept-Ranges", "bytes" if served.ranges else "none"),
    ]
    if served.etag is not None:
        headers.append(("ETag", served.etag))
    if served.disposition is not None:
        headers.append(("Content-Disposition", served.disposition))
    whole = _Plan(200, 0, size, headers)
    wanted = request.header("range")
    if not served.ranges or wanted is None:
        return whole
    if_range = request.header("if-range")
    if served.if_range and if_range is not None and if_range != served.etag:
        return whole
    match = _RANGE.match(wanted.strip())
    if match is None:
        return whole
    start = int(match.group(1))
    end = min(int(match.group(2)) + 1, size) if match.group(2) else size
    if start >= size:
        return _Plan(416, 0, 0, [("Content-Range", f"bytes */{size}")])
    return _Plan(206, start, end, [*headers, ("Content-Range", f"bytes {start}-{end - 1}/{size}")])
