"""One History row per playback: a player fetches a playlist and dozens of segments through the
proxy, so History gets their summary — playlists, segments, bytes, failures — when the playback
ends (another variant, another asset, the window closing), not a row per segment."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aemviewer.ui.video.stats import FetchCounter
from aemviewer.workspace.history import HistoryEntry, storable_url

PLAYBACK_OPERATION = "playback"


@dataclass(frozen=True)
class _Start:
    url: str
    asset_id: str | None
    playlists: int
    segments: int
    byte_count: int
    failures: int
    started: float


class PlaybackLog:
    """Marks where a playback began in the proxy's counts and reports the difference at its end."""

    def __init__(self, report: Callable[[HistoryEntry], None]) -> None:
        self._report = report
        self._start: _Start | None = None

    def begin(self, url: str, asset_id: str | None, counter: FetchCounter) -> None:
        """A playback of the playlist `url` starts (the one before it, if any, ends)."""
        self.end(counter)
        self._start = _Start(
            url, asset_id, counter.playlists, counter.total_segments, counter.bytes, len(counter.failures),
            time.perf_counter(),
        )  # fmt: skip

    def end(self, counter: FetchCounter) -> None:
        """The playback ends: one History row, unless it fetched nothing."""
        start, self._start = self._start, None
        if start is None:
            return
        # The counts restart when another video loads: never less than nothing.
        playlists = max(0, counter.playlists - start.playlists)
        segments = max(0, counter.total_segments - start.segments)
        failures = counter.failures[start.failures :]
        if not (playlists or segments or failures):
            return
        failed = failures[0] if failures else None
        self._report(
            HistoryEntry(
                time=datetime.now(UTC),
                url=storable_url(start.url),
                asset_id=start.asset_id,
                operation=PLAYBACK_OPERATION,
                status=failed.status if failed is not None else 200,
                byte_count=max(0, counter.bytes - start.byte_count),
                seconds=round(time.perf_counter() - start.started, 3),
                error=f"{len(failures)} failed, the first: {failed.error or failed.status} {failed.url}"
                if failed is not None
                else "",
                summary=f"{playlists} playlist{'s' * (playlists != 1)}, {segments} segment{'s' * (segments != 1)}",
            )
        )
