"""Running the rest of start-up once the window has first painted.

The window frame is shown before the network stack, the emulator and the tabs are imported and
built, so the user sees the window at once; the work continues on the next turn of the event loop
after that first paint (a zero timer posted from the paint event, behind whatever else the paint
queued).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls `callback` once, on the event loop's turn after `widget` first painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False
