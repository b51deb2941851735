"""The emulator's request log: the latest request lines in memory, optionally each one to a
rotating file, so that a server left running for days keeps a bounded footprint."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Final, overload

DEFAULT_CAPACITY: Final = 10_000
"""Lines kept in memory (about a megabyte)."""
LOG_FILE_BYTES: Final = 10 * 1024 * 1024
"""Size at which `serve --log FILE` starts a new file."""
LOG_FILE_BACKUPS: Final = 3
"""Older files kept beside it (`FILE.1` … `FILE.3`)."""


class RequestLog:
    """The last `capacity` request lines, numbered from the first one ever logged.

    `len()` counts every line logged, and indexes are those numbers, so `log[before:]` stays "what
    came since `before`" after old lines are dropped (a slice holds only the kept ones).
    `echo`, when given, receives every line as it is logged (`serve --log`). Thread-safe.
    """

    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self, capacity: int = DEFAULT_CAPACITY, *, echo: Callable[[str], None] | None = None
    ) -> None:
        self.capacity = capacity
        self._lines: deque[str] = deque(maxlen=capacity)
        self._count = 0
        self._echo = echo
        self._lock = threading.Lock()

    def append(self, line: str) -> None:
        """Log one request line."""
        with self._lock:
            self._lines.append(line)
            self._count += 1
        if self._echo is not None:
            self._echo(line)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        with self._lock:
            first = self._count - len(self._lines)
            kept = list(self._lines)
            count = self._count
        if isinstance(index, slice):
            start, stop, step = index.indices(count)
            return [kept[number - first] for number in range(start, stop, step) if number >= first]
        number = index + count if index < 0 else index
        if not first <= number < count:
            raise IndexError(f"request line {index} is not kept (lines {first} to {count - 1} are)")
        return kept[number - first]

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._lines))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RequestLog):
            return list(self) == list(other)
        return isinstance(other, list) and list(self) == other

    def __repr__(self) -> str:
        return f"RequestLog({len(self._lines)} of {self._count} lines kept)"


def rotating_file(
    path: Path, max_bytes: int = LOG_FILE_BYTES, backups: int = LOG_FILE_BACKUPS
) -> Callable[[str], None]:
    """A callable that appends each line to `path`, starting a new file past `max_bytes` and keeping
    `backups` older ones. `OSError` at once when the file cannot be opened."""
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))

    def write(line: str) -> None:
        handler.handle(logging.makeLogRecord({"msg": line, "levelno": logging.INFO, "levelname": "INFO"}))

    return write
