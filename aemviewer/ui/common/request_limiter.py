"""One limit on the window's concurrent requests per host, in which the live preview goes first.

The QA views (format matrix, smart-crop sheet, compare) and Browse's thumbnails can each start
dozens of requests; without one shared limit they queue inside the HTTP pool in arrival order, and
the request the user is waiting for — the live preview — waits behind a whole matrix. Here every
request takes a slot of its host first: at most `per_host` background requests run at once, live
requests may also use `live_reserve` more, and waiting live requests are served before waiting
background ones (first come, first served within a priority).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import IntEnum

PER_HOST = 4
"""Background requests per host at once (what each QA view used on its own before)."""


class Priority(IntEnum):
    """Lower goes first."""

    LIVE = 0
    """The preview the user is looking at."""
    BACKGROUND = 1
    """Everything else: matrices, sheets, thumbnails, compare sides."""


@dataclass
class _Host:
    active: int = 0
    waiting: list[tuple[int, int, asyncio.Future[None]]] = field(default_factory=list)


class RequestLimiter:
    """Slots per host; `async with limiter.slot(host, priority):` around one request."""

    def __init__(self, per_host: int = PER_HOST, live_reserve: int = 1) -> None:
        self.per_host = per_host
        self.live_reserve = live_reserve
        self._hosts: dict[str, _Host] = {}
        self._order = itertools.count()

    def active(self, host: str) -> int:
        """Requests to `host` holding a slot now."""
        state = self._hosts.get(host)
        return state.active if state is not None else 0

    @asynccontextmanager
    async def slot(self, host: str, priority: Priority = Priority.BACKGROUND) -> AsyncIterator[None]:
        """Wait for a slot of `host` (by `priority`), hold it for the body, then pass it on."""
        state = self._hosts.setdefault(host, _Host())
        await self._acquire(state, priority)
        try:
            yield
        finally:
            state.active -= 1
            self._wake(state)
            if state.active == 0 and not state.waiting:
                self._hosts.pop(host, None)

    def _capacity(self, priority: int) -> int:
        return self.per_host + (self.live_reserve if priority == Priority.LIVE else 0)

    async def _acquire(self, state: _Host, priority: Priority) -> None:
        ahead = any(waiting_priority <= priority for waiting_priority, _, _ in state.waiting)
        if not ahead and state.active < self._capacity(priority):
            state.active += 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (int(priority), next(self._order), granted)
        heapq.heappush(state.waiting, entry)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                state.active -= 1  # granted just as it was cancelled: pass the slot on
            elif entry in state.waiting:
                state.waiting.remove(entry)
                heapq.heapify(state.waiting)
            self._wake(state)
            raise

    def _wake(self, state: _Host) -> None:
        while state.waiting and state.active < self._capacity(state.waiting[0][0]):
            _priority, _order, granted = heapq.heappop(state.waiting)
            if granted.done():
                continue
            state.active += 1
            granted.set_result(None)
