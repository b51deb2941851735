"""The metadata table: a `QAbstractTableModel` over prepared `MetadataEntry` rows, and the proxy
that filters it.

A list value is one row ("3 items: a, b, c") that can be expanded into one row per item, right
below it. Sorting is done here, not in the proxy, so that it orders the top-level rows and keeps
each list's items under their list; it is a Python sort on prepared keys, which stays fast with
tens of thousands of rows (a proxy would call back into Python for every comparison). The proxy
only filters.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPalette

from aemviewer.delivery.metadata_rows import ValueKind
from aemviewer.ui.metadata.values import MetadataEntry, ValueFormatter

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    SECTION = 0
    PROPERTY = 1
    KEY = 2
    VALUE = 3
    TYPE = 4


HEADERS = ("Section", "Property", "Key", "Value", "Type")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""`data(index, ENTRY_ROLE)` is the row's `MetadataEntry`."""

COLLAPSED, EXPANDED = "▸", "▾"
# Sorted by section, the asset's own metadata (title, description, keywords) comes first.
_SECTION_ORDER = {"asset": 0, "repository": 1, "document": 2}
DEFAULT_SORT = (int(Column.SECTION), Qt.SortOrder.AscendingOrder)
"""The first order shown: by section (stable, so the server's order within each section)."""
_ITEM_INDENT = "      "

_SORT_KEYS: dict[int, Callable[[MetadataEntry], Any]] = {
    Column.SECTION: lambda entry: (_SECTION_ORDER.get(entry.section, 3), entry.section),
    Column.PROPERTY: lambda entry: entry.label.casefold(),
    Column.KEY: lambda entry: entry.key.casefold(),
    Column.VALUE: lambda entry: entry.sort_value,
    Column.TYPE: lambda entry: entry.type_text,
}


class MetadataTableModel(QAbstractTableModel):
    """Rows of one metadata document: top-level entries in the current order, each expanded list
    followed by its items."""

    def __init__(self, parent: QObject | None = None, *, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self.formatter = ValueFormatter(locale if locale is not None else QLocale())
        self._entries: list[MetadataEntry] = []
        self._rows: list[MetadataEntry] = []
        self._sort_column, self._sort_order = DEFAULT_SORT

    # --- content -------------------------------------------------------------------------------

    def set_entries(self, entries: list[MetadataEntry]) -> None:
        """Show `entries` (from `build_entries`), in the current sort order, all lists collapsed."""
        self.beginResetModel()
        for entry in entries:
            entry.expanded = False
        self._entries = list(entries)
        self._rows = self._sorted_rows()
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    @property
    def entries(self) -> list[MetadataEntry]:
        """The top-level entries in the server's order."""
        return list(self._entries)

    def entry(self, row: int) -> MetadataEntry:
        return self._rows[row]

    def row_of(self, entry: MetadataEntry) -> int:
        return self._rows.index(entry)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _HEADER_TIPS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole and (
            entry.kind is ValueKind.EMPTY or (entry.parent is not None and column != Column.VALUE)
        ):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def text(self, entry: MetadataEntry, column: int) -> str:
        """What a cell shows (and what copying it gives)."""
        if column == Column.SECTION:
            return entry.section
        if column == Column.PROPERTY:
            if entry.parent is not None:
                return f"{_ITEM_INDENT}{entry.label}"
            if entry.expandable:
                return f"{EXPANDED if entry.expanded else COLLAPSED} {entry.label}"
            return entry.label
        if column == Column.KEY:
            return entry.key
        if column == Column.VALUE:
            return entry.display
        if column == Column.TYPE:
            return entry.type_text
        return ""

    def _tooltip(self, entry: MetadataEntry, column: int) -> str:
        if column == Column.VALUE:
            return entry.tooltip
        if column == Column.PROPERTY:
            action = (
                "\nDouble-click (or Enter) to "
                + ("hide its items." if entry.expanded else "show each item as a row.")
                if entry.expandable
                else ""
            )
            return f"{entry.label} — {entry.key}{action}"
        if column == Column.TYPE and "(as text)" in entry.type_text:
            return f"Sent as a JSON string; read as {entry.kind.value}."
        return self.text(entry, column)

    # --- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the top-level rows by `column` (-1: the server's order); list items stay under
        their list, in their own order."""
        self._sort_column = column if column in _SORT_KEYS else -1
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(index, self._rows[index.row()]) for index in persistent]
        self._rows = self._sorted_rows()
        position = {entry: row for row, entry in enumerate(self._rows)}
        moved = [
            self.index(position[entry], index.column()) if entry in position else QModelIndex()
            for index, entry in kept
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sorted_rows(self) -> list[MetadataEntry]:
        top = self._entries
        key = _SORT_KEYS.get(self._sort_column)
        if key is not None:
            # sorted() is stable also when reversed: equal keys keep the server's order.
            top = sorted(top, key=key, reverse=self._sort_order is Qt.SortOrder.DescendingOrder)
        rows: list[MetadataEntry] = []
        for entry in top:
            rows.append(entry)
            if entry.expanded:
                rows.extend(entry.children)
        return rows

    # --- expanding lists -----------------------------------------------------------------------

    def set_expanded(self, row: int, expanded: bool) -> bool:
        """Show or hide the items of the list at `row` (an item's row acts on its list).
        Returns whether anything changed."""
        entry = self._rows[row]
        if entry.parent is not None:
            entry = entry.parent
            row = self._rows.index(entry)
        if not entry.expandable or entry.expanded == expanded:
            return False
        children = self.formatter.children(entry)
        if expanded:
            self.beginInsertRows(QModelIndex(), row + 1, row + len(children))
            entry.expanded = True
            self._rows[row + 1 : row + 1] = children
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), row + 1, row + len(children))
            entry.expanded = False
            del self._rows[row + 1 : row + 1 + len(children)]
            self.endRemoveRows()
        cell = self.index(row, Column.PROPERTY)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])
        return True

    def toggle(self, row: int) -> bool:
        entry = self._rows[row]
        target = entry.parent or entry
        return self.set_expanded(row, not target.expanded)

    def expand_all(self, expanded: bool = True) -> None:
        """Expand (or collapse) every list at once."""
        self.beginResetModel()
        for entry in self._entries:
            if entry.expandable:
                if expanded:
                    self.formatter.children(entry)
                entry.expanded = expanded
        self._rows = self._sorted_rows()
        self.endResetModel()


_HEADER_TIPS = (
    "repository: the DAM's record of the file; asset: the asset's own metadata",
    "The property's name for people (the raw key is in the Key column)",
    "The key exactly as the Delivery API sends it; nested objects are joined with dots",
    "The value for people: local dates, sizes, pixels. The tooltip shows what the server sent",
    'What the value is; "as text" means the server sent a number or yes/no as a JSON string',
)


class MetadataFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose key, label or value contain every word of the filter text
    (case-insensitive). A list matches when one of its items does; the items of a list whose name
    matches are all kept."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._source: MetadataTableModel | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._source = model if isinstance(model, MetadataTableModel) else None
        super().setSourceModel(model)

    @property
    def filter_text(self) -> str:
        return " ".join(self._terms)

    def set_filter_text(self, text: str) -> None:
        terms = text.casefold().split()
        if terms == self._terms:
            return
        self.beginFilterChange()
        self._terms = terms
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._terms or self._source is None:
            return True
        return self._source.entry(source_row).matches(self._terms)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts (it keeps list items under their list); the proxy keeps its order.
        if self._source is not None:
            self._source.sort(column, order)

    def entry(self, index: ModelIndex) -> MetadataEntry | None:
        """The entry behind a proxy index."""
        if self._source is None or not index.isValid():
            return None
        return self._source.entry(self.mapToSource(index).row())
