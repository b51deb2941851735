"""What one emulator process may spend: pixels per library image, renders at once, renders waiting.

A 194 KB PNG can claim 13000×13000 pixels (676 MB decoded as RGBA) and eight requests for it took
8 GB. So an image's pixel count is checked from its header when the library loads, before anything
decodes it; renders run at most one per core, a bounded number wait for a turn, and beyond that the
answer is 503 with `Retry-After` — the client retries then, as it would with the CDN.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Final, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

MAX_PIXELS: Final = 40_000_000
"""Largest image, in pixels, the emulator decodes: a 45-megapixel camera's frame is 8192×5464."""
RETRY_AFTER_SECONDS: Final = 1


def cores() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


RENDER_SLOTS: Final = cores()
"""Renders at once: each is CPU-bound, so more than one per core only adds memory."""
RENDER_QUEUE: Final = 16 * RENDER_SLOTS
"""Renders that may wait for a slot; a request beyond them is answered 503 at once."""


def too_many_pixels(width: int, height: int, limit: int = MAX_PIXELS) -> str | None:
    """Why an image of `width`×`height` is refused, or None when it is within `limit`."""
    if width * height <= limit:
        return None
    return (
        f"{width}×{height} pixels ({width * height / 1e6:.0f} megapixels) is more than the emulator "
        f"decodes ({limit / 1e6:.0f} megapixels); scale the image down or give a smaller `preview`"
    )


class RenderBusy(Exception):
    """Every render slot is taken and the queue is full."""


class RenderGate:
    """Runs blocking renders in worker threads, `slots` at a time, with at most `queue` waiting."""

    def __init__(self, slots: int = RENDER_SLOTS, queue: int = RENDER_QUEUE) -> None:
        self.slots = slots
        self.queue = queue
        # anyio's, not asyncio's: it binds to no event loop, and one app may be served by several.
        self._semaphore = anyio.Semaphore(slots)
        self._waiting = 0

    async def run(self, work: Callable[[], T]) -> T:
        """`work()` in a worker thread once a slot is free; `RenderBusy` when the queue is full."""
        if self._semaphore.value == 0 and self._waiting >= self.queue:
            raise RenderBusy(
                f"the emulator is rendering {self.slots} images and {self._waiting} more are waiting"
            )
        self._waiting += 1
        try:
            await self._semaphore.acquire()
        finally:
            self._waiting -= 1
        try:
            return await anyio.to_thread.run_sync(work)
        finally:
            self._semaphore.release()
