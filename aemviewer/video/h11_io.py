"""Small pieces of serving HTTP/1.1 with h11 over asyncio streams (the playback proxy's side)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import h11

BUSY_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 48\r\n\r\n"
    b"The playback proxy has too many open connections"
)
"""What a connection beyond the proxy's cap gets before it is closed (written raw: no request was read)."""


async def next_event(connection: h11.Connection, reader: asyncio.StreamReader) -> object:
    """The next h11 event, reading from `reader` as h11 needs more bytes."""
    while True:
        event = connection.next_event()
        if event is not h11.NEED_DATA:
            return event
        connection.receive_data(await reader.read(64 * 1024))


async def write(writer: asyncio.StreamWriter, data: bytes | None) -> None:
    """Send what h11 produced (it produces nothing for some events) and wait for the buffer."""
    if data:
        writer.write(data)
        await writer.drain()


async def send_text(connection: h11.Connection, writer: asyncio.StreamWriter, status: int, text: str) -> None:
    """A whole plain-text answer."""
    body = (text + "\n").encode("utf-8")
    headers = [("content-type", "text/plain; charset=utf-8"), ("content-length", str(len(body)))]
    await write(writer, connection.send(h11.Response(status_code=status, headers=headers)))
    await write(writer, connection.send(h11.Data(data=body)))
    await write(writer, connection.send(h11.EndOfMessage()))


async def first_bytes(chunks: AsyncIterator[bytes], at_least: int) -> bytes:
    """The body's first `at_least` bytes (more if a chunk brings more; fewer if the body is shorter),
    so that it can be recognised before the rest is read from the same iterator."""
    head = b""
    async for chunk in chunks:
        head += chunk
        if len(head) >= at_least:
            break
    return head


async def read_limited(chunks: AsyncIterator[bytes], head: bytes, limit: int) -> bytes | None:
    """`head` and the rest of the body, or None as soon as the whole exceeds `limit` bytes."""
    parts, total = [head], len(head)
    if total > limit:
        return None
    async for chunk in chunks:
        total += len(chunk)
        if total > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)
