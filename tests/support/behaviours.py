"""Behaviours for `LoopbackServer.on`: well-formed answers, and the misbehaviours real servers
show now and then — a body shorter than announced, a reset in the middle, one byte a second, a
header that claims a petabyte. Each writes on the raw connection and closes it afterwards."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

from tests.support.servers import Behaviour, Connection, Request


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


def by_method(head: Behaviour, get: Behaviour) -> Behaviour:
    """`head` answers HEAD, `get` every other method: a server whose HEAD and GET disagree (one that
    negotiates differently, or whose file changed in between)."""

    async def behave(request: Request, connection: Connection) -> None:
        await (head if request.method == "HEAD" else get)(request, connection)

    return behave


def relay(upstream: str) -> Behaviour:
    """Forward the request to the HTTP server at `upstream` (`http://127.0.0.1:port`) and send its
    answer back byte for byte: a well-behaved server (the emulator) behind a scripted one."""
    host, _, port = urlsplit(upstream).netloc.partition(":")

    async def behave(request: Request, connection: Connection) -> None:
        reader, writer = await asyncio.open_connection(host, int(port or 80))
        try:
            headers = [(name, value) for name, value in request.headers if name.lower() != "connection"]
            lines = [f"{request.method} {request.target} HTTP/1.1", *(f"{n}: {v}" for n, v in headers)]
            lines.append("Connection: close")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + request.body)
            await writer.drain()
            await connection.send(await reader.read())
        finally:
            writer.close()
            await writer.wait_closed()

    return behave
