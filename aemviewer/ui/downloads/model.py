"""The Downloads table: a Qt model over the jobs of a `DownloadQueue`.

Progress arrives once per 1 MiB chunk of every running job; repainting each time would cost more
than the download. State changes (started, paused, failed, saved) are shown at once; progress is
gathered and shown ten times a second.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.saving.download_job import DownloadJob, JobState
from aemviewer.saving.download_queue import DownloadQueue

COLUMNS = ("File", "What", "Progress", "Size", "Speed", "Remaining", "State")
FILE, WHAT, PROGRESS, SIZE, SPEED, REMAINING, STATE = range(len(COLUMNS))
JOB_ROLE = Qt.ItemDataRole.UserRole + 1
"""The `DownloadJob` of a row."""
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 2
"""Done / total between 0 and 1, or None (unknown total)."""
REFRESH_MS = 100

STATE_TEXT = {
    JobState.QUEUED: "Waiting",
    JobState.RUNNING: "Downloading",
    JobState.PAUSED: "Paused",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Cancelled",
    JobState.DONE: "Saved",
}

Index = QModelIndex | QPersistentModelIndex


def duration_text(seconds: float | None) -> str:
    """75 → '1 min 15 s'; None → ''."""
    if seconds is None:
        return ""
    if seconds < 1:
        return "< 1 s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def state_text(job: DownloadJob) -> str:
    """What the State column says: the state, for a failure the reason, for a file saved under a
    corrected extension the correction in a few words."""
    text = STATE_TEXT[job.state]
    if job.state is JobState.FAILED and job.error is not None:
        return f"{text}: {job.error.message}"
    if job.state is JobState.PAUSED and job.resumable:
        return f"{text} ({short_bytes(job.bytes_done)} kept)"
    if job.state is JobState.DONE and job.saved is not None:
        correction = job.correction
        if correction is not None:
            text = correction.summary()
        if job.saved.resumed_from:
            text += f" (continued at {short_bytes(job.saved.resumed_from)})"
    return text


def note_text(job: DownloadJob) -> str:
    """What the row has to say beyond its columns: why the file got another name ("" if nothing)."""
    correction = job.correction
    return correction.message() if correction is not None else ""


class DownloadsModel(QAbstractTableModel):
    """One row per job, in the order they were added."""

    state_changed = Signal(object)
    """A job (`DownloadJob`) changed state: started, paused, failed, saved, …"""

    def __init__(self, queue: DownloadQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._jobs: list[DownloadJob] = list(queue.jobs)
        self._states = {job: job.state for job in self._jobs}
        self._dirty: set[DownloadJob] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        queue.on_added.append(self._added)
        queue.on_changed.append(self._changed)
        queue.on_removed.append(self._removed)

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._jobs):
            return None
        job = self._jobs[index.row()]
        column = index.column()
        if role == JOB_ROLE:
            return job
        if role == FRACTION_ROLE:
            return job.fraction
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(job, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(job, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            return self._state_colour(job)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SIZE, SPEED, REMAINING):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- rows ----------------------------------------------------------------------------------

    def job_at(self, row: int) -> DownloadJob | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def row_of(self, job: DownloadJob) -> int:
        return next((row for row, own in enumerate(self._jobs) if own is job), -1)

    @property
    def jobs(self) -> list[DownloadJob]:
        return list(self._jobs)

    def _text(self, job: DownloadJob, column: int) -> str:
        if column == FILE:
            return job.display_name
        if column == WHAT:
            return job.request.label
        if column == PROGRESS:
            fraction = job.fraction
            if fraction is not None:
                return f"{fraction * 100:.0f} %"
            return short_bytes(job.bytes_done) if job.bytes_done else ""
        if column == SIZE:
            return short_bytes(job.bytes_total) if job.bytes_total is not None else "—"
        if column == SPEED:
            speed = job.speed
            return f"{short_bytes(speed)}/s" if speed else ""
        if column == REMAINING:
            return duration_text(job.remaining_seconds)
        return state_text(job)

    def _tooltip(self, job: DownloadJob, column: int) -> str:
        lines = [str(job.target or job.folder / job.display_name), job.url]
        note = note_text(job)
        if note:
            lines.append(note)
        if job.error is not None:
            lines.append(job.error.message)
            if job.error.hint:
                lines.append(job.error.hint)
        return "\n".join(lines)

    def _state_colour(self, job: DownloadJob) -> QColor | None:
        if job.state is JobState.FAILED:
            return QColor(214, 57, 57)
        if job.state in (JobState.CANCELLED, JobState.PAUSED):
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    # --- the queue's news ----------------------------------------------------------------------

    def _added(self, job: DownloadJob) -> None:
        row = len(self._jobs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._jobs.append(job)
        self._states[job] = job.state
        self.endInsertRows()

    def _removed(self, job: DownloadJob) -> None:
        row = self.row_of(job)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._jobs[row]
        self._states.pop(job, None)
        self._dirty.discard(job)
        self.endRemoveRows()

    def _changed(self, job: DownloadJob) -> None:
        if self._states.get(job) is not job.state:
            self._states[job] = job.state
            self._dirty.discard(job)
            self._emit_row(job)
            self.state_changed.emit(job)
            return
        self._dirty.add(job)
        if not self._timer.isActive():
            self._timer.start()

    def _refresh(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for job in dirty:
            self._emit_row(job)

    def _emit_row(self, job: DownloadJob) -> None:
        row = self.row_of(job)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def detach(self) -> None:
        """Stop listening to the queue (the window is closing)."""
        self._timer.stop()
        for listeners, callback in (
            (self.queue.on_added, self._added),
            (self.queue.on_changed, self._changed),
            (self.queue.on_removed, self._removed),
        ):
            if callback in listeners:
                listeners.remove(callback)
