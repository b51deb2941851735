"""One download as the user sees it: what, where, how far, how fast, and how it ended."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from aemviewer.delivery.errors import DeliveryError
from aemviewer.saving.download import SavedFile
from aemviewer.saving.download_source import DownloadSource
from aemviewer.saving.filenames import ExtensionCorrection, extension_correction
from aemviewer.saving.part_file import PartFile
from aemviewer.saving.transfer import Destination

Clock = Callable[[], float]

RATE_WINDOW = 3.0
"""Seconds of progress that the speed is averaged over: steady enough to read, quick to follow."""


class JobState(StrEnum):
    """Where a `DownloadJob` is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DONE = "done"


ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})


@dataclass(frozen=True, slots=True)
class DownloadRequest:
    """What to download and where to: a source, a destination and words for the user."""

    source: DownloadSource
    destination: Destination
    label: str
    """What is saved, in the user's words: "original", "rendition cq5dam.web.1280.1280.jpeg", …"""
    asset_id: str | None = None
    tag: object = None
    """The caller's own reference (a batch item), untouched."""


class TransferRate:
    """Bytes per second over the last `RATE_WINDOW` seconds."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self, done: int) -> None:
        self._samples.clear()
        self._samples.append((self._clock(), done))

    def add(self, done: int) -> None:
        now = self._clock()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] >= RATE_WINDOW:
            self._samples.popleft()

    @property
    def speed(self) -> float | None:
        """Bytes per second, or `None` before there is enough to tell."""
        if len(self._samples) < 2:
            return None
        (first_time, first_done), (last_time, last_done) = self._samples[0], self._samples[-1]
        span = last_time - first_time
        if span < 0.2:
            return None
        return max(last_done - first_done, 0) / span


class DownloadJob:
    """A download and its progress. Its state changes only through the `DownloadQueue`."""

    def __init__(self, request: DownloadRequest, number: int, clock: Clock = time.monotonic) -> None:
        self.request = request
        self.number = number
        self.state = JobState.QUEUED
        self.bytes_done = 0
        self.bytes_total: int | None = None
        self.error: DeliveryError | None = None
        self.saved: SavedFile | None = None
        self.part: PartFile | None = None
        self.target: Path | None = (
            request.destination.folder / request.destination.name if request.destination.name else None
        )
        self.resumable = False
        """A part with its sidecar is on disk: Resume continues it."""
        self.attempts = 0
        self._rate = TransferRate(clock)

    def __repr__(self) -> str:
        return f"DownloadJob(#{self.number} {self.request.label} → {self.display_name}, {self.state})"

    @property
    def display_name(self) -> str:
        """The file name, as far as it is known."""
        if self.saved is not None:
            return self.saved.path.name
        if self.target is not None:
            return self.target.name
        return self.request.destination.default_name

    @property
    def correction(self) -> ExtensionCorrection | None:
        """How the saved file's name differs from the one asked for because the delivered type
        needed another extension; None when it does not (or nothing is saved yet)."""
        destination = self.request.destination
        if self.saved is None or destination.name is None or not destination.fit_extension:
            return None
        return extension_correction(destination.name, self.saved.path.name, self.saved.content_type)

    @property
    def folder(self) -> Path:
        return self.request.destination.folder

    @property
    def url(self) -> str:
        return self.request.source.url

    @property
    def fraction(self) -> float | None:
        """Done / total between 0 and 1, or `None` when the total is unknown."""
        if self.state is JobState.DONE:
            return 1.0
        if not self.bytes_total:
            return None
        return min(self.bytes_done / self.bytes_total, 1.0)

    @property
    def speed(self) -> float | None:
        """Bytes per second while running."""
        return self._rate.speed if self.state is JobState.RUNNING else None

    @property
    def remaining_seconds(self) -> float | None:
        """Seconds to go at the current speed, when total and speed are known."""
        speed = self.speed
        if not speed or self.bytes_total is None:
            return None
        return max(self.bytes_total - self.bytes_done, 0) / speed

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def can_pause(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def can_resume(self) -> bool:
        """Paused, or failed with a part to continue."""
        return self.state is JobState.PAUSED or (self.state is JobState.FAILED and self.resumable)

    @property
    def can_retry(self) -> bool:
        """Failed or cancelled: try again (continuing a part when there is one)."""
        return self.state in (JobState.FAILED, JobState.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED, JobState.FAILED)

    # --- changes (called by the queue and the download) ------------------------------------------

    def started(self) -> None:
        """A new attempt begins."""
        self.state = JobState.RUNNING
        self.error = None
        self.attempts += 1
        self._rate.reset(self.bytes_done)

    def progressed(self, done: int, total: int | None) -> None:
        """`done` of `total` bytes are in the file."""
        if done < self.bytes_done:
            self._rate.reset(done)  # the server restarted the file from its first byte
        self.bytes_done = done
        self.bytes_total = total
        self._rate.add(done)

    def named(self, part: PartFile, target: Path) -> None:
        """The answer named the part and the final file."""
        self.part = part
        self.target = target
