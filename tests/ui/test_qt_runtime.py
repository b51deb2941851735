"""Facts about the Qt bindings the app depends on, checked so an upgrade that breaks them fails here."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QPointF, Signal


class _Emitter(QObject):
    changed = Signal(bool)


def test_emitting_signals_keeps_the_reference_count_of_true() -> None:
    # PySide6 6.12.0 lost one reference to True per emit() and the process aborted after a few
    # thousand (docs/decisions.md). The window emits signals on every slider move.
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.changed.connect(seen.append)
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.changed.emit(True)
    del seen[:]
    gc.collect()
    # Other threads may free a few objects that held True meanwhile; the bug loses one per emit.
    assert sys.getrefcount(True) > before - 250


def test_methods_that_return_nothing_keep_the_reference_count_of_none() -> None:
    # PySide6 6.12.0 on Python 3.11 also lost a reference to None at every call of a method that
    # returns nothing (`QPainter.setPen`, `QPointF.setX`, …); a paint event makes dozens. From
    # Python 3.12 None is immortal, but 3.11 is supported.
    point = QPointF()
    holder = QObject()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(500):
        point.setX(1.0)
        holder.setObjectName("holder")
    gc.collect()
    assert sys.getrefcount(None) > before - 250, f"lost {before - sys.getrefcount(None)} references to None"
