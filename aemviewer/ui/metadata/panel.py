"""The Metadata tab: the asset's metadata as a filterable, sortable table, its smart crops, and
ways to take both out of the window (clipboard, JSON, CSV).

The panel shows what it is given (`show_loading`, `show_metadata`, `show_error`); it fetches
nothing itself — the window hands it the answer the preview controller already fetched. Rows are
prepared in a worker thread, so a document with thousands of keys never stalls the window.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.error_messages import banner_for, defect_message
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.metadata.export import export_csv, export_file_name, export_json
from aemviewer.ui.metadata.hints import is_minimal, minimal_hint, summary_text
from aemviewer.ui.metadata.smart_crop_panel import SmartCropPanel
from aemviewer.ui.metadata.table_model import Column, MetadataFilterProxy, MetadataTableModel
from aemviewer.ui.metadata.table_view import MetadataTableView
from aemviewer.ui.metadata.values import MetadataEntry, build_entries
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.banner import Banner, BannerKind

SavePathChooser = Callable[[QWidget, str], Path | None]
"""(parent, suggested file name) → where to save, or None when cancelled."""

FILTER_DELAY_MS = 120
"""Typing pauses this long before the filter runs (one pass per pause, not per key)."""
_BUILD_KEY = "metadata-rows"
_SAVE_KEY = "metadata-export"


def ask_export_path(parent: QWidget, suggested: str) -> Path | None:
    """The platform's save dialog for a metadata export (it asks before replacing a file)."""
    extension = suggested.rsplit(".", 1)[-1].lower()
    kinds = {"json": "JSON (*.json)", "csv": "CSV (*.csv)"}
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        f"Export the metadata as {extension.upper()}",
        suggested,
        f"{kinds.get(extension, '')};;All files (*)",
    )
    return Path(name) if name else None


class MetadataPanel(QWidget):
    """Metadata table with filter, smart crop table, copy and export."""

    rows_ready = Signal()
    """The table shows the rows of the current metadata."""
    smart_crop_chosen = Signal(str)
    """The user asked to preview this smart crop."""
    retry_requested = Signal()
    status_message = Signal(str)
    """A short confirmation for the status bar (copied, exported)."""
    exported = Signal(object)
    """The `Path` a JSON or CSV export was written to."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: OperationRunner | None = None,
        locale: QLocale | None = None,
    ) -> None:
        """`runner` runs the panel's background work (the window's, so that closing the window
        cancels it); without one the panel has its own and shows its defects itself."""
        super().__init__(parent)
        self.setObjectName("metadataPanel")
        self.value_locale = locale if locale is not None else QLocale()
        self.choose_save_path: SavePathChooser = ask_export_path
        if runner is None:
            runner = OperationRunner(self)
            runner.unexpected.connect(self._show_unexpected)
        self.runner = runner
        self.metadata: Metadata | None = None
        self.model = MetadataTableModel(self, locale=self.value_locale)
        self.proxy = MetadataFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self._build_layout()
        self._connect()
        self.show_empty()

    # --- construction --------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.banner = Banner()
        heading = self._heading()
        tools = self._tools()
        self._build_table()
        self.crops = SmartCropPanel()
        self.crop_model = self.crops.model
        self.crop_table = self.crops.table
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("metadataSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.crops)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([520, 190])
        self._crops_sized_by_user = False
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("metadataPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addLayout(heading)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)

    def _heading(self) -> QHBoxLayout:
        self.title_label = QLabel()
        self.title_label.setObjectName("metadataTitle")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("metadataSummary")
        muted = self.summary_label.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.summary_label.setPalette(muted)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self.title_label)
        heading.addWidget(self.summary_label, 1)
        return heading

    def _tools(self) -> QHBoxLayout:
        self.filter_field = QLineEdit()
        self.filter_field.setObjectName("metadataFilter")
        self.filter_field.setPlaceholderText("Filter keys and values…")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.setToolTip(
            "Shows the rows whose key, property or value contain every word typed (any case)."
        )
        self.filter_field.setAccessibleName("Filter metadata")
        self.filter_field.setMinimumWidth(260)
        self.count_label = QLabel()
        self.expand_button = QPushButton("Expand lists")
        self.expand_button.setToolTip("Show every item of every list as a row of its own")
        self.collapse_button = QPushButton("Collapse lists")
        self.collapse_button.setToolTip("Show each list as one row")
        self.copy_button = QPushButton("Copy table")
        self.copy_button.setToolTip("Copy the rows shown (filtered, in this order) as tab-separated text")
        self.export_json_button = QPushButton("Export JSON…")
        self.export_json_button.setToolTip("Save the server's metadata document exactly as it came")
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_csv_button.setToolTip("Save every property as a CSV file (one row per property)")
        tools = QHBoxLayout()
        tools.setSpacing(6)
        tools.addWidget(self.filter_field, 2)
        tools.addWidget(self.count_label)
        tools.addStretch(1)
        for button in (
            self.expand_button,
            self.collapse_button,
            self.copy_button,
            self.export_json_button,
            self.export_csv_button,
        ):
            tools.addWidget(button)
        return tools

    def _build_table(self) -> None:
        self.table = MetadataTableView(self.proxy)
        self.table.setObjectName("metadataTable")
        name_widget(self.table, "Metadata", "Every property of the metadata document: key, property, value")
        header = self.table.horizontalHeader()
        # A third click on a header clears the order: the rows go back to the server's order.
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        header.setStretchLastSection(False)
        for column, width in (
            (Column.SECTION, 96),
            (Column.PROPERTY, 230),
            (Column.KEY, 250),
            (Column.TYPE, 140),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.VALUE, QHeaderView.ResizeMode.Stretch)

    def _connect(self) -> None:
        self.filter_field.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_field.returnPressed.connect(self.apply_filter)
        self.expand_button.clicked.connect(lambda: self.model.expand_all(True))
        self.collapse_button.clicked.connect(lambda: self.model.expand_all(False))
        self.copy_button.clicked.connect(self.copy_table)
        self.export_json_button.clicked.connect(self.export_json)
        self.export_csv_button.clicked.connect(self.export_csv)
        self.table.copied.connect(self.status_message)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.crops.chosen.connect(self.smart_crop_chosen)
        self.crops.copied.connect(self.status_message)
        self.crop_model.modelReset.connect(self._fit_crop_table)

    # --- what is shown -------------------------------------------------------------------------

    def show_empty(self) -> None:
        """Nothing opened yet."""
        self._reset("Open an asset to see its metadata.")
        self.title_label.setText("Metadata")
        self.summary_label.setText("")

    def show_loading(self, asset_id: str, *, again: bool = False) -> None:
        """An asset was opened (or, `again`, its metadata is asked for once more); the metadata is
        on its way."""
        self._reset(f"Loading the metadata of {asset_id}…", keep_listed_crops=again)
        self.title_label.setText(asset_id)
        self.summary_label.setText("")

    def _reset(self, message: str, *, keep_listed_crops: bool = False) -> None:
        self.runner.cancel(_BUILD_KEY)
        self.metadata = None
        # hide(), not dismiss(): dismiss() only acts on a banner on screen, and this tab may be behind.
        self.banner.hide()
        self.model.clear()
        self.crops.clear(keep_listed=keep_listed_crops)
        self.placeholder.setText(message)
        self.stack.setCurrentWidget(self.placeholder)
        self._set_actions_enabled(False)

    def show_metadata(self, metadata: Metadata, *, token_sent: bool) -> None:
        """Show `metadata` (rows are prepared in a worker thread; `rows_ready` follows)."""
        self.runner.cancel(_BUILD_KEY)
        self.metadata = metadata
        self.banner.hide()
        self.title_label.setText(metadata.title or metadata.file_name or metadata.asset_id or "Metadata")
        self.summary_label.setText(summary_text(metadata))
        if is_minimal(metadata):
            self.banner.show_message(*minimal_hint(token_sent=token_sent))
        if self.model.rowCount() == 0:
            self.placeholder.setText("Preparing the table…")
        self.runner.run(
            asyncio.to_thread(build_entries, metadata.document, self.value_locale),
            ticket=self.runner.ticket(_BUILD_KEY),
            on_success=lambda entries: self._rows_built(metadata, entries),
        )
        self.crops.set_metadata(metadata)

    def _rows_built(self, metadata: Metadata, entries: list[MetadataEntry]) -> None:
        if metadata is not self.metadata:
            return
        self.model.set_entries(entries)
        self.stack.setCurrentWidget(self.splitter)
        self._set_actions_enabled(True)
        self._update_count()
        self.rows_ready.emit()

    def show_error(self, error: DeliveryError, asset: AssetRef | None) -> None:
        """The metadata could not be had: say why above the (empty) table."""
        # Same asset: what its smartCrops list said still holds.
        self._reset("No metadata — the message above says why.", keep_listed_crops=True)
        if asset is not None:
            self.title_label.setText(asset.asset_id)
        kind, title, message, actions = banner_for(error, asset)
        callbacks = {"Retry": self.retry_requested.emit}
        self.banner.show_message(
            kind, title, message, [(label, callbacks[label]) for label in actions if label in callbacks]
        )

    def _show_unexpected(self, error: BaseException) -> None:
        self.banner.show_message(
            BannerKind.ERROR,
            "The metadata could not be shown (a defect in aemviewer)",
            defect_message(error),
        )

    def _set_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.filter_field, self.copy_button, self.export_csv_button):
            widget.setEnabled(enabled)
        self.export_json_button.setEnabled(self.metadata is not None)
        has_lists = enabled and any(entry.expandable for entry in self.model.entries)
        self.expand_button.setEnabled(has_lists)
        self.collapse_button.setEnabled(has_lists)
        if not enabled:
            self.count_label.setText("")

    def _update_count(self) -> None:
        total, shown = len(self.model.entries), self.proxy.rowCount()
        noun = "property" if total == 1 else "properties"
        if self.proxy.filter_text:
            self.count_label.setText(f"{shown} of {self.model.rowCount()} rows")
        else:
            self.count_label.setText(f"{total} {noun}")

    # --- filter and lists ----------------------------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        """Type `text` into the filter and apply it at once."""
        self.filter_field.setText(text)
        self.apply_filter()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter_text(self.filter_field.text())
        self._update_count()

    # --- copying (the table does it; these are the panel's buttons and tests' handles) -------

    def selection_text(self) -> str:
        return self.table.selection_text()

    def table_text(self) -> str:
        return self.table.table_text()

    def copy_selection(self) -> None:
        self.table.copy_selection()

    def copy_table(self) -> None:
        self.table.copy_table()

    # --- exporting -----------------------------------------------------------------------------

    def export_json(self) -> None:
        """Save the server's document unchanged (asks where; written atomically off the GUI thread)."""
        metadata = self.metadata
        if metadata is None:
            return
        path = self.choose_save_path(self, export_file_name(metadata, "json"))
        if path is not None:
            self._save(export_json(path, metadata), f"{len(metadata.raw):,} bytes")

    def export_csv(self) -> None:
        """Save every property as CSV (asks where; built and written off the GUI thread)."""
        entries = self.model.entries
        if self.metadata is None or not entries:
            return
        path = self.choose_save_path(self, export_file_name(self.metadata, "csv"))
        if path is not None:
            self._save(export_csv(path, entries), f"{len(entries)} properties")

    def _save(self, job: Coroutine[Any, Any, Path], what: str) -> None:
        def saved(path: Path) -> None:
            self.status_message.emit(f"Exported {what} to {path}")
            self.exported.emit(path)

        def failed(error: DeliveryError) -> None:
            kind, title, message, _actions = banner_for(error, None)
            self.banner.show_message(kind, title, message)

        self.runner.run(job, ticket=self.runner.ticket(_SAVE_KEY), on_success=saved, on_failure=failed)

    # --- smart crops ---------------------------------------------------------------------------

    def set_smart_crop_names(self, names: list[str]) -> None:
        """Names from the asset's smartCrops list (they may be all the anonymous answer gives)."""
        self.crops.set_listed_names(names)

    def set_smart_crops_unavailable(self, error: DeliveryError) -> None:
        self.crops.set_unavailable(error)

    def _splitter_moved(self) -> None:
        self._crops_sized_by_user = True

    def _fit_crop_table(self) -> None:
        # The smart crop table gets the height of its rows, until the user drags the splitter.
        if self._crops_sized_by_user:
            return
        wanted = self.crops.preferred_height()
        total = sum(self.splitter.sizes()) or 710
        self.splitter.setSizes([max(total - wanted, 160), wanted])
