"""The table views of the metadata tab: one line per row (fast with thousands of rows), long
values elided with the whole value in the tooltip, Ctrl+C copies the selection, Enter and
double-click act on the current row."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from aemviewer.ui.metadata.export import selection_tsv, tsv
from aemviewer.ui.metadata.table_model import HEADERS, Column, MetadataFilterProxy, MetadataTableModel


class CopyingTableView(QTableView):
    """A read-only table that copies its selection on the platform's Copy key and reports
    Enter / double-click as `activated_row` (a row of its model)."""

    copy_requested = Signal()
    activated_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setCornerButtonEnabled(False)
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed row heights: no per-row size computation, so 20 000 rows scroll like 20.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def event(self, event: QEvent) -> bool:
        # Take Ctrl+C before any window-wide shortcut does, while the table has the focus.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            self.activated_row.emit(index.row())
            event.accept()
            return
        super().keyPressEvent(event)


class MetadataTableView(CopyingTableView):
    """The metadata table over a `MetadataFilterProxy`: copying (cell, rows, table, value as
    sent), the context menu, and opening lists — by their ▸ / ▾, double-click, Enter, or + / −."""

    copied = Signal(str)
    """Text went to the clipboard; the argument says what (for the status bar)."""

    ARROW_WIDTH = 22
    """Pixels from the left edge of the Property cell that count as the arrow."""

    def __init__(self, proxy: MetadataFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        source = proxy.sourceModel()
        assert isinstance(source, MetadataTableModel), "the proxy filters a MetadataTableModel"
        self.source = source
        self.setModel(proxy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self.show_menu)
        self.copy_requested.connect(self.copy_selection)
        self.activated_row.connect(self.toggle_row)

    # --- lists ---------------------------------------------------------------------------------

    def set_row_expanded(self, row: int, expanded: bool) -> None:
        """Show or hide the items of the list at `row` (a row of the view)."""
        self.source.set_expanded(self._source_row(row), expanded)

    def toggle_row(self, row: int) -> None:
        self.source.toggle(self._source_row(row))

    def _source_row(self, row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(row, 0)).row()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._on_arrow(index, event):
            self.set_row_expanded(index.row(), str(index.data()).startswith("▸"))
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Minus):
            self.set_row_expanded(index.row(), event.key() == Qt.Key.Key_Plus)
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_arrow(self, index: QModelIndex, event: QMouseEvent) -> bool:
        if not index.isValid() or index.column() != Column.PROPERTY:
            return False
        text = index.data()
        if not isinstance(text, str) or text[:1] not in ("▸", "▾"):
            return False
        return event.position().x() - self.visualRect(index).left() <= self.ARROW_WIDTH

    # --- copying -------------------------------------------------------------------------------

    def selection_text(self) -> str:
        """The selected cells as TSV (see `selection_tsv`)."""
        return selection_tsv(self.selectionModel().selectedIndexes())

    def rows_text(self, rows: list[int], *, header: bool = False) -> str:
        """Whole rows of the view (as shown) as TSV."""
        lines = [list(HEADERS)] if header else []
        for row in rows:
            entry = self.proxy.entry(self.proxy.index(row, 0))
            if entry is not None:
                lines.append([self.source.text(entry, column).strip() for column in Column])
        return tsv(lines)

    def table_text(self) -> str:
        """Every row shown (filtered, sorted, open lists' items included) with a header line."""
        return self.rows_text(list(range(self.proxy.rowCount())), header=True)

    def copy_selection(self) -> None:
        self._copy(self.selection_text(), "Copied the selection")

    def copy_rows(self) -> None:
        rows = sorted({index.row() for index in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        self._copy(self.rows_text(rows), "Copied the row" if len(rows) == 1 else "Copied the rows")

    def copy_table(self) -> None:
        self._copy(self.table_text(), f"Copied {self.proxy.rowCount()} rows as tab-separated text")

    def copy_value_as_sent(self) -> None:
        entry = self.proxy.entry(self.currentIndex())
        if entry is not None:
            self._copy(entry.raw_text, "Copied the value as the server sent it")

    def _copy(self, text: str, message: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(message)

    def show_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        entry = self.proxy.entry(index)
        menu = QMenu(self)
        menu.addAction("Copy", self.copy_selection).setShortcut(QKeySequence.StandardKey.Copy)
        menu.addAction("Copy row", self.copy_rows)
        menu.addAction("Copy value as sent", self.copy_value_as_sent).setEnabled(entry is not None)
        menu.addAction("Copy table", self.copy_table)
        if entry is not None and (entry.expandable or entry.parent is not None):
            opened = (entry.parent or entry).expanded
            menu.addSeparator()
            menu.addAction(
                "Hide the items" if opened else "Show each item as a row",
                lambda: self.set_row_expanded(index.row(), not opened),
            )
        menu.addSeparator()
        menu.addAction("Expand all lists", lambda: self.source.expand_all(True))
        menu.addAction("Collapse all lists", lambda: self.source.expand_all(False))
        menu.popup(self.viewport().mapToGlobal(position))
