"""The per-host request limiter: background requests share a bounded number of slots per host, and
the live preview goes first."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aemviewer.ui.common.request_limiter import Priority, RequestLimiter

HOST = "https://delivery-p1-e1.adobeaemcloud.com"
OTHER = "https://delivery-p2-e2.adobeaemcloud.com"


class Requests:
    """Requests that hold their slot until released, recording the order they got one in."""

    def __init__(self, limiter: RequestLimiter) -> None:
        self.limiter = limiter
        self.started: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, name: str, host: str = HOST, priority: Priority = Priority.BACKGROUND) -> None:
        self.gates[name] = asyncio.Event()

        async def request() -> None:
            async with self.limiter.slot(host, priority):
                self.started.append(name)
                await self.gates[name].wait()

        self.tasks[name] = asyncio.ensure_future(request())

    async def settle(self) -> None:
        for _ in range(5):
            await asyncio.sleep(0)

    async def finish(self, name: str) -> None:
        self.gates[name].set()
        await self.tasks[name]
        await self.settle()


def test_background_requests_wait_for_a_slot_of_their_host(run: Callable[..., Any]) -> None:
    async def scenario() -> None:
        requests = Requests(RequestLimiter(per_host=2))
        for name in ("a", "b", "c"):
            requests.start(name)
        requests.start("elsewhere", host=OTHER)
        await requests.settle()
        assert requests.started == ["a", "b", "elsewhere"]
        assert requests.limiter.active(HOST) == 2
        await requests.finish("a")
        assert requests.started[-1] == "c" and requests.limiter.active(HOST) == 2
        for name in ("b", "c", "elsewhere"):
            await requests.finish(name)
        assert requests.limiter.active(HOST) == 0 and requests.limiter.active(OTHER) == 0

    run(scenario())


def test_the_live_preview_does_not_wait_behind_background_requests(run: Callable[..., Any]) -> None:
    async def scenario() -> None:
        requests = Requests(RequestLimiter(per_host=2, live_reserve=1))
        for name in ("matrix-1", "matrix-2", "matrix-3"):
            requests.start(name)
        requests.start("preview-1", priority=Priority.LIVE)
        await requests.settle()
        # The reserved slot: the preview starts although every background slot is taken.
        assert requests.started == ["matrix-1", "matrix-2", "preview-1"]
        requests.start("preview-2", priority=Priority.LIVE)
        await requests.settle()
        assert "preview-2" not in requests.started
        # The next free slot goes to the waiting preview, not to the matrix that waited longer.
        await requests.finish("matrix-1")
        assert requests.started[-1] == "preview-2"
        await requests.finish("preview-1")
        await requests.finish("preview-2")
        assert requests.started[-1] == "matrix-3"
        for name in ("matrix-2", "matrix-3"):
            await requests.finish(name)

    run(scenario())


def test_a_cancelled_waiter_gives_up_its_place(run: Callable[..., Any]) -> None:
    async def scenario() -> None:
        requests = Requests(RequestLimiter(per_host=1))
        for name in ("first", "cancelled", "third"):
            requests.start(name)
        await requests.settle()
        requests.tasks["cancelled"].cancel()
        await requests.settle()
        await requests.finish("first")
        assert requests.started == ["first", "third"]
        await requests.finish("third")
        assert requests.tasks["cancelled"].cancelled() and requests.limiter.active(HOST) == 0

    run(scenario())
