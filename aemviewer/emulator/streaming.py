"""Files delivered as they are (originals, renditions): streamed from disk, with byte ranges.

A 2 GB original must never be read into memory: the body is read in `CHUNK_SIZE` pieces in a worker
thread, and each piece is sent before the next is read (uvicorn's flow control pauses us while the
client is slow). A file up to `WHOLE_FILE_LIMIT` (renditions) is read whole in the same worker-thread
call as its `stat` and answered with a plain `Response`, and kept in memory under its strong ETag
when the caller gives a cache: a thread hop per chunk made renditions 4–5× slower to serve than a
cached transform of the same bytes (issue 18). Downloads resume with `Range`, so single ranges answer 206; a multi-range request
is answered with the whole file (200), which RFC 9110 allows.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Final
from urllib.parse import quote

import anyio
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from aemviewer.emulator.cache import TransformCache
from aemviewer.emulator.caching import delivery_headers, is_not_modified, not_modified, range_applies
from aemviewer.emulator.problems import RANGE_NOT_SATISFIABLE, problem

CHUNK_SIZE: Final = 1024 * 1024
WHOLE_FILE_LIMIT: Final = 4 * 1024 * 1024
"""Files up to this size are read in one call and sent from memory."""
_RANGE = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.IGNORECASE | re.ASCII)


class Unsatisfiable(Exception):
    """The range starts at or beyond the end of the file."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """`(start, end)` (end exclusive) for a single satisfiable byte range.

    None means "ignore the header, send everything": malformed, multi-range or non-byte ranges.
    Raises `Unsatisfiable` for a well-formed range that selects no byte of the file.
    """
    match = _RANGE.fullmatch(header)
    if match is None:
        return None
    first, last = match.group(1), match.group(2)
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(size - suffix, 0), size
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = min(int(last) + 1, size) if last else size
    return start, end


async def file_response(
    request: Request,
    path: Path,
    *,
    media_type: str,
    etag: str,
    modified: datetime,
    filename: str | None = None,
    cache: TransformCache | None = None,
) -> Response:
    """Deliver `path` as-is with caching headers, conditional requests and byte ranges.

    With `cache`, a small file's bytes are kept under its strong `etag`: the ETag promises the same
    bytes, so a repeated request is answered from memory like a cached transform."""
    headers = delivery_headers(etag, modified)
    headers["Accept-Ranges"] = "bytes"
    if is_not_modified(request, etag, modified):
        return not_modified(headers)
    if filename:
        headers["Content-Disposition"] = content_disposition(filename)
    key = f"file {etag} {path}"
    whole = cache.get(key) if cache is not None else None
    if whole is not None:
        size = len(whole)
    else:
        size, whole = await anyio.to_thread.run_sync(_stat_and_read_small, path)
        if whole is not None and cache is not None:
            cache.put(key, whole)
    start, end, status = 0, size, 200
    range_header = request.headers.get("range")
    if range_header is not None and range_applies(request, etag, modified):
        try:
            selected = parse_range(range_header, size)
        except Unsatisfiable:
            return problem(
                request,
                416,
                RANGE_NOT_SATISFIABLE,
                f"Range {range_header!r} selects no byte of this {size}-byte file.",
                headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"},
            )
        if selected is not None:
            start, end = selected
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    if whole is not None:
        return Response(whole[start:end], status_code=status, headers=headers, media_type=media_type)
    return StreamingResponse(
        _chunks(path, start, end), status_code=status, headers=headers, media_type=media_type
    )


def _stat_and_read_small(path: Path) -> tuple[int, bytes | None]:
    """The file's size, and its bytes when it is small enough to send from memory."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > WHOLE_FILE_LIMIT:
            return size, None
        data = file.read(WHOLE_FILE_LIMIT + 1)
    # A file that changed size between the stat and the read: stream it, as for a large one.
    return (size, data) if len(data) == size else (size, None)


async def _chunks(path: Path, start: int, end: int) -> AsyncIterator[bytes]:
    file = await anyio.open_file(path, "rb")
    try:
        await file.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = await file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                return  # the file shrank under us; the short body tells the client
            remaining -= len(chunk)
            yield chunk
    finally:
        with anyio.CancelScope(shield=True):
            await file.aclose()


def content_disposition(filename: str) -> str:
    """`attachment; filename="…"`, with characters a quoted string cannot hold replaced."""
    safe = "".join(
        character if character.isprintable() and character not in '"\\' else "_" for character in filename
    )
    if safe.isascii():
        return f'attachment; filename="{safe}"'
    fallback = safe.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe)}"
