"""The request history in the window: the entries (`RequestHistory`), a table model over them
(newest first) and a filter.

`RequestHistory.record` is a `DeliveryService` request observer, so every request the window makes
lands here. The file is read once at start and appended to in batches (`HistoryStore.flush`), both in
a worker thread; writing waits until the stored history has been read, so nothing is written twice.
What is still queued when the window closes is written then (`flush_now`), after any flush still
running, so the file keeps the order of the requests.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.workspace.history import HistoryEntry, HistoryStore, matches

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Time", "Asset", "What", "Status", "Accept sent", "Type", "Bytes", "Duration", "URL")
TIME, ASSET, WHAT, STATUS, ACCEPT, TYPE, BYTES, DURATION, URL = range(len(COLUMNS))
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class RequestHistory(QObject):
    """Every request of this and earlier sessions, oldest first, at most `store.limit`."""

    entry_added = Signal(object)
    """A new `HistoryEntry` (appended at the end)."""
    reset = Signal()
    """The whole list changed (loaded, trimmed or cleared)."""
    failed = Signal(object)
    """A `LocalFileError` reading or writing the history file."""

    def __init__(self, store: HistoryStore, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.entries: list[HistoryEntry] = []
        self.loaded = False
        self._runner = runner
        self._writing = False
        # Read once the event loop runs (the window may be built before its loop starts).
        QTimer.singleShot(0, self, self._load)

    def _load(self) -> None:
        self._runner.run(
            asyncio.to_thread(self.store.load), on_success=self._stored_arrived, on_failure=self._load_failed
        )

    @property
    def limit(self) -> int:
        return self.store.limit

    def record(self, url: str, outcome: Delivery | DeliveryError, seconds: float) -> None:
        """A `DeliveryService` request observer: add the request to `url` and how it ended."""
        if isinstance(outcome, DeliveryError):
            self.add(HistoryEntry.for_error(url, outcome, seconds=seconds))
        else:
            self.add(HistoryEntry.for_delivery(url, outcome))

    def add(self, entry: HistoryEntry) -> None:
        self.entries.append(entry)
        self.store.enqueue([entry])
        if len(self.entries) > self.limit:
            del self.entries[: len(self.entries) - self.limit]
            self.reset.emit()
        else:
            self.entry_added.emit(entry)
        self._write_soon()

    def clear(self) -> None:
        """Forget every entry, in the window and in the file."""
        self.entries = []
        self.reset.emit()
        self._runner.run(asyncio.to_thread(self.store.clear), on_failure=self.failed.emit)

    def flush_now(self) -> None:
        """Write what is unwritten, now, on this thread (for when the window closes)."""
        if not self.loaded:
            return  # writing before reading would put this session's entries in the file twice
        try:
            self.store.flush()  # after a flush still running in a worker thread, in order
        except DeliveryError as error:
            self.failed.emit(error)

    def _stored_arrived(self, stored: list[HistoryEntry]) -> None:
        self.entries = [*stored, *self.entries][-self.limit :]
        self.loaded = True
        self.reset.emit()
        self._write_soon()

    def _load_failed(self, error: DeliveryError) -> None:
        self.loaded = True
        self.failed.emit(error)

    def _write_soon(self) -> None:
        if not self.loaded or self._writing or not self.store.queued:
            return
        self._writing = True

        def done() -> None:
            self._writing = False
            self._write_soon()

        def failed(error: DeliveryError) -> None:
            self._writing = False
            self.failed.emit(error)

        self._runner.run(
            asyncio.to_thread(self.store.flush), on_success=lambda _count: done(), on_failure=failed
        )


class HistoryTableModel(QAbstractTableModel):
    """The history, newest first."""

    def __init__(self, history: RequestHistory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        history.entry_added.connect(self._added)
        history.reset.connect(self._reset)

    def entry(self, row: int) -> HistoryEntry:
        entries = self.history.entries
        return entries[len(entries) - 1 - row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.history.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.history.entries):
            return None
        entry = self.entry(index.row())
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.url, entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]]
            if entry.accept:
                lines.append(f"Accept: {entry.accept}")
            if entry.error:
                lines.append(entry.error)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and not entry.ok and index.column() == STATUS:
            return QColor(214, 57, 57)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (STATUS, BYTES, DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _added(self, _entry: HistoryEntry) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.endInsertRows()

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()


def _text(entry: HistoryEntry, column: int) -> str:
    if column == TIME:
        local = entry.time.astimezone()
        same_day = local.date() == datetime.now().astimezone().date()
        return local.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M")
    if column == ASSET:
        return entry.asset_id or "—"
    if column == WHAT:
        what = entry.operation.replace("_", " ") or "—"
        return f"{what}: {entry.summary}" if entry.summary else what
    if column == STATUS:
        status = str(entry.status) if entry.status is not None else "no answer"
        # A failure is marked in words as well as in red.
        return status if entry.ok else f"✗ {status}"
    if column == ACCEPT:
        return entry.accept or "—"
    if column == TYPE:
        return entry.content_type or "—"
    if column == BYTES:
        return f"{entry.byte_count:,}" if entry.byte_count is not None else "—"
    if column == DURATION:
        return f"{entry.seconds * 1000:.0f} ms" if entry.seconds is not None else "—"
    if column == URL:
        return entry.url
    return ""


class HistoryFilter(QSortFilterProxyModel):
    """Rows whose entry matches every word of `text`, and (optionally) only successes or failures."""

    ALL, SUCCESSFUL, FAILED = "all", "successful", "failed"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._outcome = self.ALL

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text
        self.endFilterChange()

    def set_outcome(self, outcome: str) -> None:
        self.beginFilterChange()
        self._outcome = outcome
        self.endFilterChange()

    def entries(self) -> list[HistoryEntry]:
        """The shown entries, in the shown order."""
        shown = []
        for row in range(self.rowCount()):
            entry = self.data(self.index(row, 0), ENTRY_ROLE)
            if isinstance(entry, HistoryEntry):
                shown.append(entry)
        return shown

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, HistoryTableModel):
            return True
        entry = model.entry(source_row)
        if self._outcome == self.SUCCESSFUL and not entry.ok:
            return False
        if self._outcome == self.FAILED and entry.ok:
            return False
        return matches(entry, self._text) if self._text.strip() else True
