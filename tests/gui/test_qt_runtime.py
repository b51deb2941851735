"""Facts about the Qt bindings the app depends on, checked so an upgrade that breaks them fails here."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


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
