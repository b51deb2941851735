"""A deadline for a whole exchange (headers and body), not only for each read.

httpx's read timeout restarts with every byte: a server that trickles one byte a second keeps a
metadata request or a preview open for as long as it likes. Documents, images and playlists are
small enough to arrive whole within the timeout, so each attempt gets that as its deadline.
Downloads keep the per-read bound alone: a 50 GB video may take hours, as long as bytes flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

from aemviewer.delivery.errors import Timeout

T = TypeVar("T")

GRACE = 0.25
"""The deadline is the read timeout plus a quarter (and a quarter second): a server that stalls is
still reported as stalled ("stopped answering for N s") by the read timeout, which fires first; one
that keeps sending too slowly is ended by the deadline, soon after the timeout."""


def exchange_deadline(read_timeout: float) -> float:
    """Seconds a whole exchange may take when each read may take `read_timeout`."""
    return read_timeout * (1 + GRACE) + GRACE


def within(seconds: float, url: str, attempt: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """`attempt`, made to raise `Timeout` when it has not finished `seconds` after it started.
    Other exceptions, a `TimeoutError` from inside included, pass unchanged."""

    async def bounded() -> T:
        deadline = asyncio.timeout(seconds)
        try:
            async with deadline:
                return await attempt()
        except TimeoutError as exc:
            if not deadline.expired():
                raise
            host = urlsplit(url).hostname or url
            raise Timeout(
                f"{host} did not deliver {url} within {seconds:g} s: it kept sending, too slowly.",
                hint="The server or the connection is very slow; try again, or allow more time (--timeout).",
                url=url,
            ) from exc

    return bounded
