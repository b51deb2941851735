"""What the playback proxy reports about each request the player made through it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

CLOSED_BY_PLAYER: Final = "the player closed the connection"
"""The `error` of an exchange the player abandoned (it does that when it seeks or stops)."""


@dataclass(frozen=True, slots=True)
class ProxyExchange:
    """One request the player made through the proxy, as it went upstream (never with the token)."""

    url: str
    """The upstream URL asked for."""
    status: int
    """The upstream status; the proxy's own (403 refused, 502 failed) when there was no answer."""
    byte_count: int
    """Body bytes passed to the player."""
    content_type: str
    is_playlist: bool
    seconds: float
    error: str | None = None
    """What went wrong, in words, when the exchange did not deliver (refused, network, …)."""

    @property
    def ok(self) -> bool:
        """Delivered with a 2xx or 304."""
        return self.error is None and (200 <= self.status < 300 or self.status == 304)

    @classmethod
    def since(
        cls,
        started: float,
        url: str,
        status: int,
        *,
        sent: int = 0,
        content_type: str = "",
        is_playlist: bool | None = None,
        error: str | None = None,
    ) -> ProxyExchange:
        """An exchange that began at `started` (a `time.perf_counter()` value) and ends now;
        `is_playlist` None guesses it from the URL."""
        if is_playlist is None:
            is_playlist = url.lower().split("?")[0].endswith(".m3u8")
        return cls(url, status, sent, content_type, is_playlist, time.perf_counter() - started, error)
