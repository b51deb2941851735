"""Small pieces of serving HTTP/1.1 with h11 over asyncio streams (the playback proxy's side)."""

from __future__ import annotations

import asyncio

import h11
import httpx


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
    body = (text + "\n").encode("utf-8")
    headers = [("content-type", "text/plain; charset=utf-8"), ("content-length", str(len(body)))]
    await write(writer, connection.send(h11.Response(status_code=status, headers=headers)))
    await write(writer, connection.send(h11.Data(data=body)))
    await write(writer, connection.send(h11.EndOfMessage()))


async def read_limited_body(response: httpx.Response, limit: int) -> bytes | None:
    """The whole upstream body, or None as soon as it exceeds `limit` bytes."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, total = [], 0
    async for chunk in response.aiter_raw():
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
