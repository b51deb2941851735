"""The request history: one entry per request (time, asset, URL, Accept sent, status, type, bytes,
duration), kept across sessions in a bounded JSON-lines file.

Entries are queued (`enqueue`, no disk I/O) and written in order by `flush`, which a window runs in a
worker thread and once more, on its own thread, when it closes.

Only URLs and the `Accept` header are stored, never other request headers: tokens travel in the
`Authorization` header, so they cannot reach the file. The Accept is kept because one URL delivers
different types under different Accepts (the format matrix's rows). User names and passwords in a URL (which delivery URLs never have) are cut
off before storing. The file lives in platformdirs' user data folder unless a path is given (tests).

Appending writes one line per entry; when the file has grown to `limit + limit // 4` lines it is
rewritten with the newest `limit` entries (temporary file, fsync, rename), so it stays bounded
without a rewrite on every request. A malformed line (a crash mid-write, a hand edit) is skipped
when loading and dropped at the next rewrite.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeVar
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError, HTTPStatusError, InvalidInput, LocalFileError
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.revalidation import first_header
from aemviewer.saving.atomic_write import replace_atomically
from aemviewer.saving.working_files import clean_leftovers

T = TypeVar("T")

DEFAULT_HISTORY_LIMIT: Final = 5000
HISTORY_FILE_NAME: Final = "history.jsonl"
MAX_LINE_BYTES: Final = 256 * 1024
"""Longer lines are not entries this app wrote; they are skipped like malformed ones."""


SEARCH_OPERATION = "search"


def default_history_path() -> Path:
    """`history.jsonl` in the user data folder (e.g. `~/.local/share/aemviewer/` on Linux)."""
    return Path(platformdirs.user_data_dir("aemviewer", "aemviewer")) / HISTORY_FILE_NAME


def storable_url(url: str) -> str:
    """`url` without user name and password (the rest unchanged)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    """One request as the history keeps it."""

    time: datetime
    """When the answer (or the failure) came, timezone-aware UTC."""
    url: str
    """The URL asked for (before redirects), without credentials."""
    asset_id: str | None
    operation: str
    """What the URL asks for: `image`, `metadata`, `smart_crops`, … (`Operation` values), or `""`."""
    status: int | None
    """HTTP status; `None` when no answer came."""
    content_type: str = ""
    """The type delivered (without parameters)."""
    accept: str = ""
    """The `Accept` header sent ("" when unknown: a failure before an answer, an older entry)."""
    byte_count: int | None = None
    seconds: float | None = None
    error: str = ""
    summary: str = ""
    """For a row that stands for many requests (a video playback): what they were."""

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and self.status < 400

    @classmethod
    def _about(cls, url: str, at: datetime | None, **fields: Any) -> HistoryEntry:
        asset_id, operation = _describe(url)
        return cls(time=_stamp(at), url=storable_url(url), asset_id=asset_id, operation=operation, **fields)

    @classmethod
    def for_delivery(cls, url: str, delivery: Delivery, *, at: datetime | None = None) -> HistoryEntry:
        """The entry for a request to `url` that delivered `delivery`."""
        return cls._about(
            url,
            at,
            status=delivery.status,
            content_type=delivery.media_type,
            accept=first_header(delivery.request_headers, "accept") or "",
            byte_count=delivery.byte_count,
            seconds=_duration(delivery.timings.total),
        )

    @classmethod
    def for_saved(
        cls, url: str, *, content_type: str, byte_count: int, resumed: bool, accept: str | None
    ) -> HistoryEntry:
        """The entry for a download streamed to disk: the file is whole, so the last answer was
        200, or 206 when it continued an earlier part."""
        return cls._about(
            url,
            None,
            status=206 if resumed else 200,
            content_type=bare_media_type(content_type),
            accept=accept or "",
            byte_count=byte_count,
        )

    @classmethod
    def for_error(
        cls, url: str, error: DeliveryError, *, seconds: float | None = None, at: datetime | None = None
    ) -> HistoryEntry:
        """The entry for a request to `url` that failed with `error` (with the `Accept` sent when
        an error answer came; without one when no answer did)."""
        answer = error if isinstance(error, HTTPStatusError) else None
        return cls._about(
            url,
            at,
            status=answer.status if answer is not None else None,
            seconds=_duration(seconds),
            error=error.message,
            accept=(first_header(answer.request_headers, "accept") or "") if answer is not None else "",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.astimezone(UTC).isoformat(timespec="milliseconds"),
            "url": self.url,
            "assetId": self.asset_id,
            "operation": self.operation,
            "status": self.status,
            "contentType": self.content_type,
            "accept": self.accept,
            "bytes": self.byte_count,
            "seconds": _duration(self.seconds),
            "error": self.error,
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, document: object) -> HistoryEntry:
        """Read one stored entry; `ValueError` when it is not one."""
        if not isinstance(document, dict):
            raise ValueError("not an object")
        time = datetime.fromisoformat(_text(document, "time"))
        if time.tzinfo is None:
            time = time.replace(tzinfo=UTC)
        return cls(
            time=time,
            url=storable_url(_text(document, "url")),
            asset_id=_optional(document, "assetId", str),
            operation=_optional(document, "operation", str) or "",
            status=_optional(document, "status", int),
            content_type=_optional(document, "contentType", str) or "",
            accept=_optional(document, "accept", str) or "",
            byte_count=_optional(document, "bytes", int),
            seconds=_number(document, "seconds"),
            error=_optional(document, "error", str) or "",
            summary=_optional(document, "summary", str) or "",
        )


class HistoryStore:
    """The history file: append entries, load the newest `limit`, keep the file bounded.

    `path=None` keeps nothing on disk (a session-only history). Methods block on disk I/O: the window
    calls them in a worker thread. One lock serialises writers, so appends and rewrites never mix.
    """

    def __init__(self, path: Path | None, limit: int = DEFAULT_HISTORY_LIMIT) -> None:
        if limit < 1:
            raise InvalidInput(f"A history of {limit} entries cannot be kept.", hint="Keep at least 1.")
        self.path = path
        self.limit = limit
        self.skipped = 0
        """Malformed lines met by the last `load`."""
        self._lines: int | None = None
        self._lock = threading.Lock()
        """Held while reading or writing the file."""
        self._queue: list[HistoryEntry] = []
        self._queue_lock = threading.Lock()

    def load(self) -> list[HistoryEntry]:
        """The newest `limit` entries, oldest first; an absent file is an empty history. Temporary
        files that an interrupted rewrite left beside the file are deleted."""
        with self._lock:
            if self.path is not None:
                clean_leftovers(self.path.parent)
            entries, lines = self._read()
            self._lines = lines
            return entries[-self.limit :]

    def enqueue(self, entries: Sequence[HistoryEntry]) -> None:
        """Queue entries for the next `flush` (no disk I/O: safe on any thread)."""
        if self.path is None:
            return
        with self._queue_lock:
            self._queue.extend(entries)

    @property
    def queued(self) -> int:
        """Entries waiting for `flush`."""
        with self._queue_lock:
            return len(self._queue)

    def flush(self) -> int:
        """Write every queued entry, in the order queued; returns how many. Concurrent flushes run one
        after the other, each taking what is queued when it starts, so the file keeps the order."""
        with self._lock:
            with self._queue_lock:
                entries, self._queue = self._queue, []
            if entries:
                self._write(entries)
            return len(entries)

    def append(self, entries: Sequence[HistoryEntry]) -> None:
        """Queue entries and write them now (`enqueue` + `flush`)."""
        self.enqueue(entries)
        self.flush()

    def _write(self, entries: list[HistoryEntry]) -> None:
        # Called with the lock held. Rewrites the file with the newest `limit` when it grew too long.
        assert self.path is not None
        if self._lines is None:
            self._lines = self._read()[1]
        text = "".join(_line(entry) for entry in entries)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as file:
                # A line torn by a crash or a full disk must stay alone: glued to the next entry
                # it would make that entry unreadable too.
                if _ends_inside_a_line(file):
                    text = "\n" + text
                file.write(text.encode("utf-8"))
        except OSError as error:
            raise _file_error("add to", self.path, error) from error
        self._lines += len(entries)
        if self._lines >= self.limit + self.limit // 4:
            self._rewrite(self._read()[0][-self.limit :])

    def clear(self) -> None:
        """Forget every entry, queued ones too (the file is emptied)."""
        if self.path is None:
            return
        with self._lock:
            with self._queue_lock:
                self._queue = []
            self._rewrite([])

    def _read(self) -> tuple[list[HistoryEntry], int]:
        self.skipped = 0
        if self.path is None:
            return [], 0
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return [], 0
        except OSError as error:
            raise _file_error("read", self.path, error) from error
        entries: list[HistoryEntry] = []
        lines = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            lines += 1
            try:
                entries.append(HistoryEntry.from_json(loads_bounded(line, max_bytes=MAX_LINE_BYTES)))
            except (ValueError, TypeError):
                self.skipped += 1
        return entries, lines

    def _rewrite(self, entries: list[HistoryEntry]) -> None:
        assert self.path is not None
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            replace_atomically(self.path, "".join(_line(entry) for entry in entries).encode("utf-8"))
        except OSError as error:
            raise _file_error("rewrite", self.path, error) from error
        self._lines = len(entries)


def export_text(entries: Iterable[HistoryEntry], *, at: datetime | None = None) -> str:
    """A list for `aemviewer get --from-file`: `#` comment lines, then one URL per line (each once,
    in the order given)."""
    urls = list(dict.fromkeys(entry.url for entry in entries))
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    header = [
        f"# aemviewer request history: {len(urls)} URL{'s' if len(urls) != 1 else ''}, exported {stamp}",
        "# one URL per line; download them all with: aemviewer get --from-file THIS_FILE",
    ]
    return "\n".join([*header, *urls]) + "\n"


def matches(entry: HistoryEntry, text: str) -> bool:
    """Whether every word of `text` occurs in the entry's URL, asset, status, type, Accept or error
    (case-insensitive)."""
    haystack = " ".join(
        (
            entry.url,
            entry.asset_id or "",
            entry.operation,
            str(entry.status) if entry.status is not None else "no answer",
            entry.content_type,
            entry.accept,
            entry.error,
        )
    ).lower()
    return all(word in haystack for word in text.lower().split())


def _stamp(at: datetime | None) -> datetime:
    # Milliseconds, as stored: an entry read back equals the one written.
    time = (at or datetime.now(UTC)).astimezone(UTC)
    return time.replace(microsecond=time.microsecond // 1000 * 1000)


def _duration(seconds: float | None) -> float | None:
    return round(seconds, 4) if seconds is not None else None


def _describe(url: str) -> tuple[str | None, str]:
    try:
        ref = parse_reference(url)
    except DeliveryError:
        # The search endpoint names no asset, so it is no reference; it is still a request of ours.
        return None, SEARCH_OPERATION if urlsplit(url).path.endswith("/search") else ""
    return ref.asset_id, ref.operation.value


def _ends_inside_a_line(file: BinaryIO) -> bool:
    if file.seek(0, os.SEEK_END) == 0:
        return False
    file.seek(-1, os.SEEK_END)
    return file.read(1) != b"\n"


def _line(entry: HistoryEntry) -> str:
    return json.dumps(entry.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"


def _file_error(verb: str, path: Path, error: OSError) -> LocalFileError:
    return LocalFileError(
        f"Cannot {verb} the request history {path}: {error.strerror or error}.",
        hint="Check that the folder exists and is writable; the history of this session stays in the window.",
    )


def _text(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing")
    return value


def _optional(document: dict[str, Any], key: str, kind: type[T]) -> T | None:
    value = document.get(key)
    if value is None:
        return None
    if kind is int and isinstance(value, bool):
        raise ValueError(f"{key} is not a number")
    if not isinstance(value, kind):
        raise ValueError(f"{key} has the wrong type")
    return value


def _number(document: dict[str, Any], key: str) -> float | None:
    value = document.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} is not a number")
    return float(value)
