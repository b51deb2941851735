"""One start-up, timed from the moment the parent spawned this process (AEMVIEWER_BENCH_T0, a
`time.monotonic()` value; the clock is system-wide on Linux). Prints JSON with the seconds to the
first paint of the window ("shown") and, for the app, to the first painted preview ("preview").

    python -m benchmarks.startup_probe app    # `aemviewer` in demo mode, through its command line
    python -m benchmarks.startup_probe bare   # a bare PySide6 QMainWindow, started the same way

Nothing in aemviewer is changed for this: an event filter on the application watches paint events.
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

STARTED = float(os.environ["AEMVIEWER_BENCH_T0"])


class FirstPaints(QObject):
    """Notes when a top-level window first paints, and when a preview canvas first paints an image."""

    def __init__(self, wants_preview: bool) -> None:
        super().__init__()
        self.wants_preview = wants_preview
        self.moments: dict[str, float] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            if "shown" not in self.moments and isinstance(watched.window(), QMainWindow):
                QTimer.singleShot(0, lambda: self._mark("shown", watched))
            image = getattr(watched, "image", None)
            if (
                self.wants_preview
                and watched.objectName() == "previewCanvas"
                and image is not None
                and not image.isNull()
            ):
                QTimer.singleShot(0, lambda: self._mark("preview", watched))
        return False

    def _mark(self, moment: str, widget: QWidget) -> None:
        if moment in self.moments:
            return
        self.moments[moment] = time.monotonic() - STARTED
        if moment == ("preview" if self.wants_preview else "shown"):
            widget.window().close()


def main() -> None:
    mode = sys.argv[1]
    app = QApplication(["aemviewer"])
    probe = FirstPaints(wants_preview=mode == "app")
    app.installEventFilter(probe)
    if mode == "app":
        from aemviewer.cli.main import main as aemviewer

        code = aemviewer([])
    else:
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1240, 780)
        window.show()
        code = app.exec()
    print(json.dumps({"code": code, **probe.moments}), flush=True)


if __name__ == "__main__":
    main()
