"""The real window, offscreen, on a qasync loop, with probes that time what the user sees.

`PreviewProbe` follows one preview from the moment its request starts (after the debounce:
`PreviewController.request_started`) to the moment the canvas has painted it (the end of the
canvas's next paint event after `preview_ready`), with the `Delivery`'s own timings beside it.
`StallProbe` ticks a fast timer on the GUI thread and keeps the gaps between ticks.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import qasync
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.preview.controller import Preview
from aemviewer.ui.shell.main_window import MainWindow


@contextmanager
def qt_loop() -> Iterator[qasync.QEventLoop]:
    """A QApplication (offscreen) and the qasync loop over it, as `aemviewer` runs them."""
    app = QApplication.instance() or QApplication(["aemviewer-benchmark"])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        yield loop


@contextmanager
def main_window(base_url: str) -> Iterator[MainWindow]:
    """The main window over `base_url`, 1280 × 800, with its settings in a temporary file."""
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as folder:
        settings = WindowSettings(QSettings(str(Path(folder) / "aemviewer.ini"), QSettings.Format.IniFormat))
        window = MainWindow(DeliveryService(DeliveryEndpoints(base_url), profile_name="benchmark"), settings)
        window.resize(1280, 800)
        window.show()
        try:
            yield window
        finally:
            window.controller.shutdown()
            window.runner.cancel_all()
            window.close()


@dataclass(frozen=True)
class PaintedPreview:
    """One preview, timed with `perf_counter`."""

    requested: float
    """The request started (the debounce had fired)."""
    ready: float
    """`preview_ready` was emitted (fetched, decoded, handed to the canvas)."""
    paint_began: float
    painted: float
    delivery: Delivery

    @property
    def overhead(self) -> float:
        """From request to painted, minus what the exchange with the server took."""
        return self.painted - self.requested - self.delivery.timings.total

    @property
    def paint(self) -> float:
        return self.painted - self.paint_began


class PreviewProbe(QObject):
    """Times the next preview of `window` to be painted; `await probe.next()` after a change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._requested = 0.0
        self._ready: tuple[float, Preview] | None = None
        self._paint_began = 0.0
        self._waiting: asyncio.Future[PaintedPreview] | None = None
        window.controller.request_started.connect(self._request_started)
        # Connected after the window's own slot: the canvas has the new image when this runs.
        window.controller.preview_ready.connect(self._preview_ready)
        window.canvas.installEventFilter(self)

    def next(self) -> asyncio.Future[PaintedPreview]:
        """The next preview painted from now on."""
        self._waiting = asyncio.get_event_loop().create_future()
        self._ready = None
        return self._waiting

    def _request_started(self, _url: str) -> None:
        self._requested = perf_counter()

    def _preview_ready(self, preview: Preview) -> None:
        self._ready = (perf_counter(), preview)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._ready is not None:
            self._paint_began = perf_counter()
            # A zero timer runs once this paint event has been handled: the image is painted.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self._ready is None or self._waiting is None or self._waiting.done():
            return
        ready, preview = self._ready
        self._ready = None
        self._waiting.set_result(
            PaintedPreview(self._requested, ready, self._paint_began, perf_counter(), preview.delivery)
        )


class StallProbe(QObject):
    """Ticks every `interval_ms` on the GUI thread; `gaps` are the seconds between ticks."""

    def __init__(self, interval_ms: int = 5) -> None:
        super().__init__()
        self.interval = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps.clear()
        self._last = None
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.gaps)

    def _tick(self) -> None:
        now = perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self._last = now
