"""Batch download in the window: the dialog, the runs in the Downloads tab, and their summaries.

A batch is planned by `delivery.batch_run.start_batch` (names first, asking for metadata when the
pattern needs it) and then runs as ordinary jobs of the window's `DownloadQueue`. It ends when none
of its jobs is queued, running or paused; the strip above the table then says how it went, and a
retried job that ends it again gives a new summary.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from aemviewer.delivery.errors import DeliveryError, LocalFileError
from aemviewer.delivery.metadata import Metadata
from aemviewer.saving.batch import BatchItem
from aemviewer.saving.batch_run import Batch, BatchOptions, BatchServices, start_batch
from aemviewer.saving.batch_summary import BatchSummary
from aemviewer.saving.download_job import DownloadJob, JobState
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource, DownloadSource
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.downloads.batch_dialog import BatchChoice, BatchDialog, known_renditions
from aemviewer.ui.downloads.batch_summary_dialog import BatchSummaryDialog
from aemviewer.ui.downloads.panel import DownloadsPanel

CsvChooser = Callable[[QWidget, str], Path | None]


def ask_csv_path(parent: QWidget, suggested: str) -> Path | None:
    """The platform's save dialog for the batch summary."""
    name, _filter = QFileDialog.getSaveFileName(parent, "Export the batch summary", suggested, "CSV (*.csv)")
    return Path(name) if name else None


class BatchController:
    """The batches of one window."""

    def __init__(
        self, context: FeatureContext, queue: DownloadQueue, panel: DownloadsPanel, folder: Callable[[], Path]
    ) -> None:
        self._context = context
        self._queue = queue
        self._panel = panel
        self._folder = folder
        self.choose_csv_path: CsvChooser = ask_csv_path
        self.runs: list[Batch] = []
        self.summaries: list[BatchSummary] = []
        self.dialog: BatchDialog | None = None
        self.summary_dialog: BatchSummaryDialog | None = None
        self._batch_of: dict[DownloadJob, Batch] = {}
        self._unfinished: dict[Batch, set[DownloadJob]] = {}
        """Per batch, its jobs still queued, running or paused: empty means the batch ended."""
        queue.on_removed.append(self._job_removed)

    def detach(self) -> None:
        """Stop listening to the queue (the window is closing)."""
        if self._job_removed in self._queue.on_removed:
            self._queue.on_removed.remove(self._job_removed)

    def open_dialog(self) -> BatchDialog:
        """Open the Batch download dialog (window-modal, without blocking the event loop)."""
        controller = self._context.preview
        dialog = BatchDialog(
            self._context.dialog_parent,
            folder=str(self._folder()),
            pattern=self._context.settings.batch_name_pattern,
            modifiers=controller.modifiers,
            image_format=controller.image_format,
            renditions=known_renditions(controller.metadata),
        )
        dialog.accepted.connect(lambda: self.start_batch(dialog.choice()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start_batch(self, choice: BatchChoice) -> None:
        """Plan the names (asking for metadata where the pattern needs it), then queue the files."""
        settings = self._context.settings
        settings.download_folder = str(choice.folder)
        settings.batch_name_pattern = choice.pattern
        service = self._context.service

        def source_for(item: BatchItem) -> DownloadSource:
            return ClientSource(service.client_for(item.endpoints), item.url, item.accept)

        services = BatchServices(service.endpoints_for, source_for, self._metadata)
        options = BatchOptions(choice.folder, choice.pattern, choice.existing)
        count = len(choice.entries)
        self._panel.show_batch_message(
            f"Preparing a batch of {count} entr{'y' if count == 1 else 'ies'}: naming the files…",
            finished=False,
        )
        self._context.navigation.show_tab(self._panel)
        self._context.runner.run(
            start_batch(choice.entries, choice.selection, options, services, self._queue),
            on_success=self._batch_started,
            on_failure=lambda error: self._panel.show_batch_message(
                f"The batch could not start: {error.message_with_hint()}", finished=False
            ),
        )

    async def _metadata(self, item: BatchItem) -> Metadata | None:
        try:
            return await self._context.service.client_for(item.endpoints).metadata(item.asset.asset_id)
        except DeliveryError:
            return None  # names fall back to the seoName or the id; the download reports the cause

    def _batch_started(self, batch: Batch) -> None:
        self.runs.append(batch)
        self._unfinished[batch] = {job for job in batch.jobs.values() if _unfinished(job)}
        for job in batch.jobs.values():
            self._batch_of[job] = batch
        # Counted as the summary counts: each unusable line is one failed file.
        files = len(batch.jobs) + len(batch.unusable)
        unusable = (
            f"; {len(batch.unusable)} entr{'y' if len(batch.unusable) == 1 else 'ies'} cannot be used"
            " (counted as failed)"
            if batch.unusable
            else ""
        )
        self._panel.show_batch_message(
            f"Batch of {files} file{'s' if files != 1 else ''}: {len(batch.jobs)} queued into "
            f"{batch.options.folder}{unusable}.",
            finished=False,
        )
        if not self._unfinished[batch]:
            self._summarize(batch)

    def job_changed(self, job: DownloadJob) -> None:
        """A job changed state: the end of its batch gives a summary."""
        batch = self._batch_of.get(job)
        if batch is None:
            return
        unfinished = self._unfinished[batch]
        was_open = bool(unfinished)
        if _unfinished(job):
            unfinished.add(job)
        else:
            unfinished.discard(job)
            # The batch ends with its last job; a retried job ends it again, with a new summary.
            if was_open and not unfinished:
                self._summarize(batch)

    def _job_removed(self, job: DownloadJob) -> None:
        batch = self._batch_of.pop(job, None)
        unfinished = self._unfinished.get(batch) if batch is not None else None
        if batch is not None and unfinished and job in unfinished:
            unfinished.discard(job)
            if not unfinished:
                self._summarize(batch)

    def _summarize(self, batch: Batch) -> None:
        summary = batch.summary()
        self.summaries.append(summary)
        self._panel.show_batch_summary(summary)

    @property
    def last_summary(self) -> BatchSummary | None:
        return self.summaries[-1] if self.summaries else None

    def show_summary(self) -> BatchSummaryDialog | None:
        """The last batch's summary, file by file."""
        summary = self.last_summary
        if summary is None:
            return None
        dialog = BatchSummaryDialog(summary, self._context.dialog_parent)
        dialog.export_requested.connect(self.export_summary)
        self.summary_dialog = dialog
        dialog.open()
        return dialog

    def export_summary(self) -> None:
        """Write the last batch's summary as CSV where the user says."""
        summary = self.last_summary
        if summary is None:
            return
        path = self.choose_csv_path(self._context.dialog_parent, str(self._folder() / "batch-summary.csv"))
        if path is None:
            return

        async def write() -> Path:
            try:
                await asyncio.to_thread(summary.write_csv, path)
            except OSError as exc:
                raise LocalFileError(
                    f"Could not write {path}: {exc.strerror or exc}.", hint="Choose another file or folder."
                ) from exc
            return path

        self._context.runner.run(
            write(),
            on_success=lambda written: self._context.status.show_message(
                f"Summary written to {written}", 8000
            ),
            on_failure=self._context.status.show_error,
        )


def _unfinished(job: DownloadJob) -> bool:
    return job.state in (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED)
