"""What the command line prints: results on stdout, errors and progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.errors import DeliveryError


class Console:
    """Writes for people: one clear line per error, a hint under it, progress only on a terminal."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def print(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(f"aemviewer: {text}", file=self.err, flush=True)

    def error(self, error: DeliveryError) -> None:
        print(f"aemviewer: error: {error.message}", file=self.err)
        if error.hint:
            print(f"  hint: {error.hint}", file=self.err)
        self.err.flush()

    def progress(self, label: str) -> Progress:
        return Progress(label, self.err if self.err.isatty() else None)


class Progress:
    """A one-line progress bar on a terminal; silent when stderr is not one."""

    def __init__(self, label: str, stream: TextIO | None) -> None:
        self.label = label
        self.stream = stream
        self.started = time.monotonic()
        self._last_draw = 0.0

    def update(self, done: int, total: int | None) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and done != total:
            return
        self._last_draw = now
        speed = done / max(now - self.started, 1e-6)
        if total:
            filled = int(30 * done / total)
            bar = "#" * filled + "-" * (30 - filled)
            text = f"\r{self.label} [{bar}] {short_bytes(done)}/{short_bytes(total)} {short_bytes(speed)}/s"
        else:
            text = f"\r{self.label} {short_bytes(done)} {short_bytes(speed)}/s"
        self.stream.write(text[:200])
        self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
