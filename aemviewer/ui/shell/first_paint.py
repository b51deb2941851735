"""Showing the window's frame before the rest of start-up.

The frame is shown and painted by Qt's own event loop before asyncio, the network stack, the
emulator and the tabs are imported and built, so the user sees the window at once; start-up then
goes on with the frame on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

LONGEST_WAIT_MS = 2000
"""A frame that has not painted by then (a window opened minimised, a platform that paints
nothing) does not hold start-up back any longer."""


class _FirstPaint(QObject):
    """Ends `loop` on the event loop's turn after `widget` first painted (behind whatever else that
    paint queued)."""

    def __init__(self, widget: QWidget, loop: QEventLoop) -> None:
        super().__init__(widget)
        self._widget = widget
        self._loop = loop
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._loop, self._loop.quit)
        return False


def show_and_wait_for_first_paint(window: QWidget, longest_ms: int = LONGEST_WAIT_MS) -> None:
    """Show `window` and run Qt's event loop until its central part has painted once (or
    `longest_ms` passed). The caller checks `window.isVisible()`: the user may have closed it."""
    loop = QEventLoop()
    central = getattr(window, "centralWidget", lambda: None)() or window
    watcher = _FirstPaint(central, loop)
    QTimer.singleShot(longest_ms, loop, loop.quit)
    window.show()
    loop.exec()
    central.removeEventFilter(watcher)
    watcher.deleteLater()
