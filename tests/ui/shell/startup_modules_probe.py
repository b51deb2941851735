"""Run `aemviewer` without arguments (the command line, then the window) in demo mode (offscreen) and print, as JSON, the modules loaded when the
window first painted, those loaded once the first preview arrived, and those loaded once every lazy tab
was built as well. For test_startup_imports."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


def imported() -> list[str]:
    """The modules imported so far (not the names marked absent, such as `httpx._main`)."""
    return sorted(name for name, module in sys.modules.items() if module is not None)


class Snapshots(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at_first_paint: list[str] | None = None
        self.at_preview: list[str] | None = None
        self.with_every_tab: list[str] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        window = watched.window()
        if self.at_first_paint is None and isinstance(window, QMainWindow):
            self.at_first_paint = imported()
        image = getattr(watched, "image", None)
        if (
            self.at_preview is None
            and watched.objectName() == "previewCanvas"
            and image
            and not image.isNull()
        ):
            self.at_preview = imported()
            QTimer.singleShot(0, lambda: self.build_every_tab_and_close(window))
        return False

    def build_every_tab_and_close(self, window: QWidget) -> None:
        for tab in getattr(window, "lazy_tabs", {}).values():
            tab.owner()
        self.with_every_tab = imported()
        window.close()


def main() -> None:
    app = QApplication(["aemviewer"])
    snapshots = Snapshots()
    app.installEventFilter(snapshots)
    from aemviewer.cli.main import main as aemviewer

    code = aemviewer([])
    print(
        json.dumps(
            {
                "code": code,
                "first_paint": snapshots.at_first_paint,
                "preview": snapshots.at_preview,
                "every_tab": snapshots.with_every_tab,
            }
        )
    )


if __name__ == "__main__":
    main()
