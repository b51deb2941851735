"""`show_and_wait_for_first_paint`: the frame is painted before start-up goes on, and a frame that
never paints does not hold start-up back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.first_paint import show_and_wait_for_first_paint


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_it_returns_once_the_central_widget_has_painted(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QLabel("Starting…")
    window.setCentralWidget(central)
    paints = Paints()
    central.installEventFilter(paints)
    show_and_wait_for_first_paint(window, longest_ms=60_000)
    assert window.isVisible()
    assert paints.count >= 1


def test_a_frame_that_never_paints_is_given_up_on(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QLabel("never shown")
    window.setCentralWidget(central)
    central.hide()  # a hidden widget gets no paint event
    paints = Paints()
    central.installEventFilter(paints)
    show_and_wait_for_first_paint(window, longest_ms=50)
    assert window.isVisible()
    assert paints.count == 0
