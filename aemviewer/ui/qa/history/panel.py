"""The History tab: every request of this session and earlier ones (bounded), with time, asset, what
was asked, status, type, bytes and duration; filter, re-open in the preview, copy the URL, and
export the shown URLs as a list for `aemviewer get --from-file`.

The panel owns the window's `RequestHistory` and registers it as a request observer of the window's
`DeliveryService`, so every request the window makes is recorded. Only URLs are kept, never request
headers (tokens travel only in `Authorization`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.reference import Operation
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.error_messages import message_and_hint
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.common.file_saving import save_atomically
from aemviewer.ui.qa.history.model import (
    ACCEPT,
    COLUMNS,
    ENTRY_ROLE,
    URL,
    HistoryFilter,
    HistoryTableModel,
    RequestHistory,
)
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.ui.widgets.questions import ask_question
from aemviewer.ui.widgets.tab_layout import tab_layout
from aemviewer.workspace.history import HistoryEntry, HistoryStore, export_text

PathChooser = Callable[[QWidget, str], Path | None]
EXPORT_NAME = "aemviewer-urls.txt"


def ask_export_path(parent: QWidget, suggested: str) -> Path | None:
    """The platform's save dialog for the exported list."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Export the URLs (one per line)", suggested, "Text files (*.txt);;All files (*)"
    )
    return Path(name) if name else None


def ask_clear(parent: QWidget) -> bool:
    return ask_question(
        parent,
        "Clear the history",
        "Forget every request in the history, also those of earlier sessions?",
    )


class HistoryPanel(QWidget):
    """The history table with its filter and actions."""

    def __init__(self, context: FeatureContext, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._context = context
        self.choose_export_path: PathChooser = ask_export_path
        self.confirm_clear: Callable[[QWidget], bool] = ask_clear
        self.exported: list[Path] = []
        self.history = RequestHistory(HistoryStore(path), context.runner, self)
        context.service.request_observers.append(self.history.record)
        context.service.entry_observers.append(self.history.add)
        self.model = HistoryTableModel(self.history, self)
        self.filter = HistoryFilter(self)
        self.filter.setSourceModel(self.model)
        self._build()
        self.history.failed.connect(self._show_error)
        self.history.entry_added.connect(lambda _entry: self._show_count())
        self.history.reset.connect(self._show_count)
        self._show_count()

    def _build(self) -> None:
        self.banner = Banner()
        top = self._filter_row()
        self._build_table()
        bottom = self._action_row()
        tab_layout(self, self.banner, top, self.table, bottom)

    def _filter_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("historyFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText("Filter: words from the URL, asset id, status, type or error")
        name_widget(
            self.filter_edit,
            "Filter history",
            "Shows the requests whose URL, asset id, status, type or error contain these words",
        )
        self.filter_edit.textChanged.connect(self.filter.set_text)
        self.outcome = QComboBox()
        for label, value in (
            ("All requests", HistoryFilter.ALL),
            ("Successful", HistoryFilter.SUCCESSFUL),
            ("Failed", HistoryFilter.FAILED),
        ):
            self.outcome.addItem(label, value)
        name_widget(self.outcome, "Outcome", "Show all requests, only the successful or only the failed ones")
        self.outcome.currentIndexChanged.connect(
            lambda _i: self.filter.set_outcome(self.outcome.currentData())
        )
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.outcome)
        top.addWidget(self.count)
        return top

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.filter)
        name_widget(
            self.table,
            "Request history",
            "Every request: time, operation, status, type, bytes, URL or error; Enter or double-click re-opens it",
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(URL, QHeaderView.ResizeMode.Stretch)
        # A browser-like Accept is long: a fixed column, elided in the middle, whole in the tooltip.
        header.setSectionResizeMode(ACCEPT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ACCEPT, self.table.fontMetrics().horizontalAdvance("image/webp,image/jpeg…"))
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.doubleClicked.connect(self._reopen_index)

    def _action_row(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.reopen_button = QPushButton("Re-open in preview")
        self.reopen_button.setToolTip("Open the selected request's URL on the Preview tab")
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.copy_button = QPushButton("Copy URL")
        self.copy_button.setToolTip("Copy the selected request's URL (never its token)")
        self.copy_button.clicked.connect(self.copy_selected)
        self.export_button = QPushButton("Export list…")
        self.export_button.setToolTip(
            "Save the shown URLs, one per line, for: aemviewer get --from-file FILE"
        )
        self.export_button.clicked.connect(self.export)
        self.clear_button = QPushButton("Clear history…")
        self.clear_button.setToolTip("Forget every request of the history (it asks first)")
        self.clear_button.clicked.connect(self.clear)
        self.where = QLabel()
        self.where.setObjectName("historyWhere")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path = self.history.store.path
        self.where.setText(
            f"Kept across sessions in {path}" if path is not None else "This session only (no history file)"
        )
        self.where.setStyleSheet("color: palette(placeholder-text);")
        bottom.addWidget(self.reopen_button)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        bottom.addWidget(self.where)
        return bottom

    # --- actions -------------------------------------------------------------------------------

    def selected_entry(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = self.filter.data(rows[0], ENTRY_ROLE)
        return entry if isinstance(entry, HistoryEntry) else None

    def reopen(self, entry: HistoryEntry) -> bool:
        """Open the entry's URL in the preview; an image with the Accept it was sent with (one URL
        delivers different types under different Accepts), anything else with the preview's own."""
        image = entry.operation in (Operation.IMAGE, Operation.DEFAULT_IMAGE)
        return self._context.navigation.open_url(entry.url, entry.accept if image and entry.accept else None)

    def reopen_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.reopen(entry)

    def copy_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.url)
            self._context.status.show_message("URL copied", 4000)

    def export(self) -> None:
        """Save the shown URLs (filter applied, newest first, each once) as a `--from-file` list."""
        entries = self.filter.entries()
        if not entries:
            self._context.status.show_message("Nothing to export: no request is shown.", 6000)
            return
        path = self.choose_export_path(self, EXPORT_NAME)
        if path is None:
            return
        text = export_text(entries)

        def saved(written: Path) -> None:
            self.exported.append(written)
            count = len(text.splitlines()) - 2
            self._context.status.show_message(f"Exported {count} URLs to {written}", 8000)

        self._context.runner.run(
            save_atomically(path, text.encode("utf-8")), on_success=saved, on_failure=self._show_error
        )

    def clear(self) -> None:
        if self.history.entries and self.confirm_clear(self):
            self.history.clear()

    def _reopen_index(self, index: QModelIndex) -> None:
        entry = self.filter.data(index, ENTRY_ROLE)
        if isinstance(entry, HistoryEntry):
            self.reopen(entry)

    def _show_count(self) -> None:
        self.count.setText(
            f"{len(self.history.entries):,} requests (the newest {self.history.limit:,} are kept)"
        )

    def _show_error(self, error: DeliveryError) -> None:
        self.banner.show_message(BannerKind.WARNING, "The history file", message_and_hint(error))

    def feature(self) -> Feature:
        """The History tab; entries still unwritten when the window closes are written then."""
        return Feature(tabs=(Tab(self, "History"),), shutdown=self.history.flush_now)
