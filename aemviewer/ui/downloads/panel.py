"""The Downloads tab: every save and batch file with its progress, speed, time left and state, and
the buttons to pause, resume, retry, cancel, open the file or its folder.

The panel is a view: it calls the `DownloadQueue` for the jobs' actions and tells its owner (the
`DownloadsController`) about what needs the window (a batch, the summary of one).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.saving.batch_summary import BatchSummary
from aemviewer.saving.download_job import DownloadJob, JobState
from aemviewer.saving.download_queue import MAX_PARALLEL, DownloadQueue
from aemviewer.ui.downloads.model import (
    FILE,
    FRACTION_ROLE,
    JOB_ROLE,
    PROGRESS,
    STATE,
    WHAT,
    DownloadsModel,
    note_text,
)
from aemviewer.ui.widgets.accessibility import name_widget

UrlOpener = Callable[[QUrl], bool]
"""Opens a file or folder with the desktop's program for it (QDesktopServices.openUrl)."""

EMPTY_TEXT = (
    "Nothing saved yet.\n\nFile → Save original…, Save rendition… or Save this preview (Ctrl+S) saves "
    "the open asset; Batch download… saves a whole list of ids or URLs."
)


class ProgressDelegate(QStyledItemDelegate):
    """Paints the Progress column as a progress bar (a busy bar when the size is unknown)."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        job = index.data(JOB_ROLE)
        # A bar for what moves or moved; a waiting, cancelled or never started job shows none.
        if not isinstance(job, DownloadJob) or not (
            job.state in (JobState.RUNNING, JobState.DONE)
            or (job.bytes_done and job.state is not JobState.CANCELLED)
        ):
            super().paint(painter, option, index)
            return
        fraction = index.data(FRACTION_ROLE)
        bar = QStyleOptionProgressBar()
        rect = QRect(option.rect)
        bar.rect = rect.adjusted(4, 4, -4, -4)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = int((fraction or 0.0) * 1000)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bar.textVisible = True
        bar.state = option.state
        bar.palette = option.palette
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 140), hint.height())


class DownloadsPanel(QWidget):
    """The table of downloads and its actions."""

    batch_requested = Signal()
    summary_details_requested = Signal()
    summary_export_requested = Signal()
    parallel_changed = Signal(int)

    def __init__(self, model: DownloadsModel, queue: DownloadQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadsPanel")
        self.model = model
        self.queue = queue
        self.open_url: UrlOpener = QDesktopServices.openUrl
        """Injectable (tests): how files and folders are opened."""
        self._build()
        model.rowsInserted.connect(self._rows_changed)
        model.rowsRemoved.connect(self._rows_changed)
        model.dataChanged.connect(self._data_changed)
        self._rows_changed()

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        header = self._header()
        self._build_batch_bar()
        self._build_table()
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("downloadsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("downloadDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.batch_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(self._job_buttons())

    def _header(self) -> QHBoxLayout:
        self.batch_button = QPushButton("Batch download…")
        self.batch_button.setToolTip("Save the files of a list of asset ids or delivery URLs")
        self.batch_button.clicked.connect(self.batch_requested)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("downloadCounts")
        self.parallel = QSpinBox()
        self.parallel.setRange(1, MAX_PARALLEL)
        self.parallel.setValue(self.queue.limit)
        name_widget(self.parallel, "Downloads at once", "How many downloads run at the same time")
        self.parallel.valueChanged.connect(self._parallel_changed)
        header = QHBoxLayout()
        header.addWidget(self.batch_button)
        header.addSpacing(12)
        header.addWidget(self.counts_label, 1)
        header.addWidget(QLabel("At once:"))
        header.addWidget(self.parallel)
        return header

    def _build_batch_bar(self) -> None:
        self.batch_bar = QFrame()
        self.batch_bar.setObjectName("batchBar")
        self.batch_bar.setStyleSheet(
            "QFrame#batchBar { background: rgba(52, 120, 206, 30); border: 1px solid rgba(52, 120, 206, 140);"
            " border-radius: 6px; }"
        )
        self.batch_label = QLabel()
        self.batch_label.setWordWrap(True)
        self.batch_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Every failure of the batch with its reason and hint")
        self.details_button.clicked.connect(self.summary_details_requested)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Write the batch's summary as a CSV file")
        self.export_button.clicked.connect(self.summary_export_requested)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.batch_bar.hide)
        bar = QHBoxLayout(self.batch_bar)
        bar.setContentsMargins(10, 6, 6, 6)
        bar.addWidget(self.batch_label, 1)
        bar.addWidget(self.details_button)
        bar.addWidget(self.export_button)
        bar.addWidget(close)
        self.batch_bar.hide()

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("downloadsTable")
        name_widget(
            self.table, "Downloads", "Every save: file, what, progress, size, speed, time left, state"
        )
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.open_file())
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((FILE, 260), (WHAT, 190), (PROGRESS, 150), (3, 80), (4, 90), (5, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def _job_buttons(self) -> QHBoxLayout:
        self.pause_button = self._button(
            "Pause", self.pause_selected, "Pause the selected jobs; their parts stay"
        )
        self.resume_button = self._button("Resume", self.resume_selected, "Continue the selected paused jobs")
        self.retry_button = self._button("Retry", self.retry_selected, "Continue the selected failed jobs")
        self.cancel_button = self._button(
            "Cancel", self.cancel_selected, "Stop the selected jobs and delete their parts"
        )
        self.open_button = self._button("Open file", self.open_file, "Open the selected saved file")
        self.folder_button = self._button(
            "Show in folder", self.open_folder, "Show the selected file in its folder"
        )
        self.remove_button = self._button(
            "Remove from list",
            self.remove_selected,
            "Remove the selected finished jobs from the list (the files stay)",
        )
        self.clear_button = self._button(
            "Clear finished", self.clear_finished, "Remove every finished job from the list (the files stay)"
        )
        buttons = QHBoxLayout()
        for group in (
            (self.pause_button, self.resume_button, self.retry_button, self.cancel_button),
            (self.open_button, self.folder_button),
            (self.remove_button, self.clear_button),
        ):
            for button in group:
                buttons.addWidget(button)
            buttons.addSpacing(16)
        buttons.addStretch(1)
        return buttons

    def _button(self, text: str, slot: Callable[[], object], description: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(description)
        button.clicked.connect(slot)
        return button

    # --- selection and actions -----------------------------------------------------------------

    def selected_jobs(self) -> list[DownloadJob]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [job for row in rows if (job := self.model.job_at(row)) is not None]

    def select_job(self, job: DownloadJob) -> None:
        row = self.model.row_of(job)
        if row >= 0:
            self.table.selectRow(row)

    def pause_selected(self) -> None:
        for job in self.selected_jobs():
            self.queue.pause(job)

    def resume_selected(self) -> None:
        for job in self.selected_jobs():
            self.queue.resume(job)

    def retry_selected(self) -> None:
        for job in self.selected_jobs():
            self.queue.retry(job)

    def cancel_selected(self) -> None:
        for job in self.selected_jobs():
            self.queue.cancel(job)

    def remove_selected(self) -> None:
        for job in self.selected_jobs():
            self.queue.remove(job)

    def clear_finished(self) -> None:
        self.queue.remove_finished()

    def open_file(self) -> None:
        """Open the selected saved file with the desktop's program for it."""
        job = next((job for job in self.selected_jobs() if job.saved is not None), None)
        if job is not None and job.saved is not None:
            self.open_url(QUrl.fromLocalFile(str(job.saved.path)))

    def open_folder(self) -> None:
        """Open the folder of the selected download in the file manager."""
        jobs = self.selected_jobs()
        if jobs:
            self.open_url(QUrl.fromLocalFile(str(jobs[0].folder)))

    def _parallel_changed(self, value: int) -> None:
        self.queue.limit = value
        self.parallel_changed.emit(value)

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for button in (
            self.open_button,
            self.folder_button,
            None,
            self.pause_button,
            self.resume_button,
            self.retry_button,
            self.cancel_button,
            None,
            self.remove_button,
        ):
            if button is None:
                menu.addSeparator()
                continue
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- batch summary -------------------------------------------------------------------------

    def show_batch_message(self, text: str, *, finished: bool) -> None:
        """The strip above the table: a batch being prepared, or how one ended."""
        self.batch_label.setText(text)
        self.details_button.setVisible(finished)
        self.export_button.setVisible(finished)
        self.batch_bar.show()

    def show_batch_summary(self, summary: BatchSummary) -> None:
        failed = summary.failed
        text = f"Batch finished: {summary.describe()}."
        first = next((result for result in failed if result.error is not None), None)
        if first is not None and first.error is not None:
            reason = first.error.message
            reason = reason if len(reason) <= 140 else reason[:139] + "…"
            text += f" First problem (line {first.line}): {reason}"
        self.show_batch_message(text, finished=True)

    # --- keeping up ----------------------------------------------------------------------------

    def _rows_changed(self, *_args: object) -> None:
        empty = self.model.rowCount() == 0
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self._update_counts()
        self._update_buttons()

    def _data_changed(self, *_args: object) -> None:
        self._update_counts()
        self._update_buttons()

    def _update_counts(self) -> None:
        counts = self.queue.counts()
        parts = [
            (counts[JobState.RUNNING], "downloading"),
            (counts[JobState.QUEUED], "waiting"),
            (counts[JobState.PAUSED], "paused"),
            (counts[JobState.DONE], "saved"),
            (counts[JobState.FAILED], "failed"),
        ]
        running = [job for job in self.queue.jobs if job.state is JobState.RUNNING]
        speed = sum(job.speed or 0.0 for job in running)
        text = " · ".join(f"{count} {what}" for count, what in parts if count)
        if speed:
            text += f" · {short_bytes(speed)}/s"
        self.counts_label.setText(text)

    def _update_buttons(self) -> None:
        jobs = self.selected_jobs()
        self.pause_button.setEnabled(any(job.can_pause for job in jobs))
        self.resume_button.setEnabled(any(job.can_resume for job in jobs))
        self.retry_button.setEnabled(any(job.can_retry for job in jobs))
        self.cancel_button.setEnabled(any(job.can_cancel for job in jobs))
        self.open_button.setEnabled(any(job.saved is not None for job in jobs))
        self.folder_button.setEnabled(bool(jobs))
        self.remove_button.setEnabled(any(job.state is not JobState.RUNNING for job in jobs))
        self.clear_button.setEnabled(
            any(job.state in (JobState.DONE, JobState.CANCELLED) for job in self.queue.jobs)
        )
        self.detail_label.setText(self._detail(jobs[0]) if len(jobs) == 1 else "")
        self.detail_label.setVisible(len(jobs) == 1)

    def _detail(self, job: DownloadJob) -> str:
        lines = [f"{job.target or job.folder / job.display_name}", f"from {job.url}"]
        note = note_text(job)
        if note:
            lines.append(note)
        if job.error is not None:
            lines.append(job.error.message)
            if job.error.hint:
                lines.append(job.error.hint)
        return "\n".join(lines)
