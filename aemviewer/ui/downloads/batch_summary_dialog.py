"""How a batch ended, file by file: saved, failed (and why), or a duplicate line; exportable as CSV."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aemviewer.saving.batch_summary import BatchResult, BatchSummary, Outcome

HEADINGS = ("Line", "Entry", "What", "Outcome", "File", "Why")
_FAILED = QColor(214, 57, 57)


class BatchSummaryDialog(QDialog):
    """The summary table; failures first when "Only failures" is ticked (the default with any)."""

    export_requested = Signal()

    def __init__(self, summary: BatchSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Batch summary")
        self.setObjectName("batchSummaryDialog")
        self.resize(980, 520)
        self.summary = summary
        self.headline = QLabel(summary.describe() + ".")
        self.headline.setObjectName("batchSummaryHeadline")
        self.only_failures = QCheckBox("Only what failed")
        self.only_failures.setChecked(bool(summary.failed))
        self.only_failures.toggled.connect(self._fill)
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.itemSelectionChanged.connect(self._show_detail)
        # The whole reason and what to do, for the selected row: table cells are one line.
        self.detail = QLabel()
        self.detail.setObjectName("batchSummaryDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(HEADINGS) - 1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((44, 230, 120, 70, 170)):
            self.table.setColumnWidth(column, width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton("Export CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export_requested)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.only_failures)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self._fill()

    def rows(self) -> list[BatchResult]:
        results = self.summary.results
        return (
            [r for r in results if r.outcome is Outcome.FAILED]
            if self.only_failures.isChecked()
            else list(results)
        )

    def _fill(self) -> None:
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for row, result in enumerate(rows):
            values = (
                str(result.line),
                result.entry,
                result.what,
                result.outcome.value,
                result.path.name if result.path is not None else "",
                result.reason,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                tip = [value]
                if column == 4 and result.path is not None:
                    tip = [str(result.path)]
                item.setToolTip("\n".join(tip))
                if result.outcome is Outcome.FAILED and column == 3:
                    item.setForeground(_FAILED)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if rows:
            self.table.selectRow(0)
        self._show_detail()

    def _show_detail(self) -> None:
        rows = self.rows()
        selected = self.table.currentRow()
        if not 0 <= selected < len(rows):
            self.detail.setText("")
            return
        result = rows[selected]
        lines = [f"Line {result.line}: {result.entry}", result.reason or result.outcome.value]
        if result.error is not None and result.error.hint:
            lines.append(result.error.hint)
        if result.path is not None:
            lines.append(str(result.path))
        self.detail.setText("\n".join(lines))
