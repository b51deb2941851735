"""Saving from the window: Save original…, Save rendition…, Save this preview (Ctrl+S), Batch
download…, and the Downloads tab that shows every one of them as a job.

Every save is a `DownloadJob` in one `DownloadQueue` per window (bounded by the "At once" setting),
so all of them get the same guarantees: a `.part` in the target folder, the byte count checked,
fsync, then the final name; a cut connection leaves a part that Resume/Retry continues. The
preview is saved from the bytes already delivered (never fetched or encoded again). Originals and
renditions are first asked for with HEAD, so the file dialog can offer the server's name and the
delivered type's extension — and a missing rendition is reported before a dialog opens. A name
typed in the dialog whose extension names another type than the one delivered (by the GET, which
may differ from the HEAD) is saved with the right extension, never over a file the dialog did not
ask about, and the status bar and the job's row say so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QWidget

from aemviewer.api_spec import STANDARD_RENDITIONS
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints, seo_name_for
from aemviewer.delivery.errors import DeliveryError, HTTPStatusError, NotFound
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef, Operation
from aemviewer.delivery.renditions import explain_missing_rendition, listed_renditions
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_job import DownloadJob, DownloadRequest, JobState
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource, DeliveredSource, DownloadSource
from aemviewer.saving.filenames import safe_file_name, suggested_file_name, with_extension
from aemviewer.saving.transfer import Destination
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature, MenuEntry, MenuName, Tab
from aemviewer.ui.downloads.batch_controller import BatchController
from aemviewer.ui.downloads.kept import KEPT_STATES, kept_from_job, restore_job
from aemviewer.ui.downloads.model import DownloadsModel
from aemviewer.ui.downloads.panel import DownloadsPanel
from aemviewer.workspace.download_list import DownloadListStore, KeptDownload
from aemviewer.workspace.history import HistoryEntry

TAB_TITLE = "Downloads"
log = logging.getLogger(__name__)

PROBE_KEY = "downloads-probe"
CORRECTION_MESSAGE_MS = 20000
"""How long the status bar says that a file got another extension than the one chosen."""
_NO_HEAD = (405, 501)
"""Statuses of a server that does not answer HEAD: the save goes on without its headers."""

RenditionChooser = Callable[[QWidget, list[str]], str | None]


MAY_NOT_EXIST = " (may not exist)"


def rendition_choices(metadata: Metadata | None) -> list[str]:
    """What the rendition picker offers: the renditions the metadata lists, else AEM's standard
    names marked as guesses (an asset need not have them)."""
    listed = listed_renditions(metadata)
    return listed or [f"{name}{MAY_NOT_EXIST}" for name in STANDARD_RENDITIONS]


def ask_rendition(parent: QWidget, names: list[str]) -> str | None:
    """Pick a rendition name from `names`, or type another."""
    name, ok = QInputDialog.getItem(
        parent, "Save rendition", "Rendition (pick one, or type its name):", names, 0, True
    )
    name = name.removesuffix(MAY_NOT_EXIST).strip()
    return name if ok and name else None


class DownloadsController(QObject):
    """The Downloads tab of one window, its menu actions and the saves they start."""

    def __init__(
        self, context: FeatureContext, parent: QObject | None = None, kept: DownloadListStore | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kept = kept
        """Where the list is kept between runs; None: this session only."""
        self.queue = DownloadQueue(context.settings.parallel_downloads)
        self.queue.on_unexpected.append(context.runner.unexpected.emit)
        self.model = DownloadsModel(self.queue, self)
        self.panel = DownloadsPanel(self.model, self.queue)
        self.choose_rendition: RenditionChooser = ask_rendition
        self.saved_paths: list[Path] = []
        """Files saved by single saves (not batches), in order."""
        self.batches = BatchController(context, self.queue, self.panel, self.folder)
        """Batch download: the dialog, the runs and their summaries."""
        self._single: dict[DownloadJob, str] = {}
        self._save_when_delivered = False
        context.preview.preview_ready.connect(self._preview_delivered)
        context.preview.preview_failed.connect(self._preview_failed)
        self.model.state_changed.connect(self._state_changed)
        self.panel.batch_requested.connect(self.batches.open_dialog)
        self.panel.summary_details_requested.connect(self.batches.show_summary)
        self.panel.summary_export_requested.connect(self.batches.export_summary)
        self.panel.parallel_changed.connect(self._parallel_changed)
        if kept is not None:
            for download in kept.load():
                restore_job(self.queue, context.service, download)
            self.queue.on_removed.append(lambda _job: self._keep_list())
        self.feature = self._feature()

    # --- menu ---------------------------------------------------------------------------------

    def _feature(self) -> Feature:
        parent = self.context.dialog_parent
        self.save_preview_action = QAction("Save this preview…", parent)
        self.save_preview_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_preview_action.setToolTip("Save exactly the bytes of the shown image (never re-encoded)")
        self.save_preview_action.triggered.connect(self.save_preview)
        self.save_original_action = QAction("Save original…", parent)
        self.save_original_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_original_action.triggered.connect(self.save_original)
        self.save_rendition_action = QAction("Save rendition…", parent)
        self.save_rendition_action.triggered.connect(self.save_rendition)
        self.batch_action = QAction("Batch download…", parent)
        self.batch_action.triggered.connect(self.batches.open_dialog)
        actions = (self.save_preview_action, self.save_original_action, self.save_rendition_action)
        return Feature(
            tabs=(Tab(self.panel, TAB_TITLE),),
            menu_entries=tuple(MenuEntry(MenuName.FILE, action) for action in (*actions, self.batch_action)),
            shutdown=self.shutdown,
        )

    # --- single saves --------------------------------------------------------------------------

    def save_preview(self) -> None:
        """Ctrl+S: the shown image exactly as delivered. While the preview's newest request is on its
        way (the canvas may show a local approximation of it), the save waits for its answer."""
        preview = self.context.preview.last_preview
        if preview is None:
            self.context.status.show_message("Nothing to save yet: open an asset first.", 6000)
            return
        if preview.url != self.context.preview.url:
            self._save_when_delivered = True
            self.context.status.show_message("Saving the preview once it is delivered…", 6000)
            return
        delivery = preview.delivery
        name = suggested_file_name(
            delivery.header("content-disposition"), preview.url, delivery.content_type, "image"
        )
        kind = (delivery.media_type.rsplit("/", 1)[-1] or "image").upper()
        path = self._ask_path(name, f"Save the shown image as delivered ({kind}) — {preview.asset_id}")
        if path is not None:
            label = f"preview ({delivery.media_type or 'image'})"
            self._start_single(
                DeliveredSource(delivery), path, label, preview.asset_id, delivery.content_type
            )

    def _preview_delivered(self, _preview: object) -> None:
        if self._save_when_delivered:
            self._save_when_delivered = False
            self.save_preview()

    def _preview_failed(self, _error: DeliveryError, url: str) -> None:
        if self._save_when_delivered and url == self.context.preview.url:
            self._save_when_delivered = False
            self.context.status.show_message("Not saved: the preview could not be delivered.", 8000)

    def save_original(self) -> None:
        """Save the open asset's original; the dialog offers its DAM file name."""
        asset = self._asset()
        if asset is None:
            return
        endpoints = self.context.service.endpoints_for(asset)
        file_name = self._file_name()
        seo = seo_name_for(file_name) if file_name else self._pasted_seo(asset, Operation.ORIGINAL)
        url = endpoints.original(asset, seo_name=seo)
        self._probe(asset, endpoints, url, "original", file_name or seo or "original")

    def save_rendition(self) -> None:
        """Ask for a rendition name, then save that rendition of the open asset."""
        asset = self._asset()
        if asset is None:
            return
        name = self.choose_rendition(
            self.context.dialog_parent, rendition_choices(self.context.preview.metadata)
        )
        if name is None:
            return
        name = name.removesuffix(MAY_NOT_EXIST)
        endpoints = self.context.service.endpoints_for(asset)
        file_name = self._file_name()
        stem = seo_name_for(file_name, default="") if file_name else ""
        seo = f"{stem}-{seo_name_for(name)}" if stem else None
        try:
            url = endpoints.rendition(asset, name, seo_name=seo)
        except DeliveryError as error:
            self.context.status.show_error(error)
            return
        fallback = f"{stem}-{name}" if stem else name
        self._probe(asset, endpoints, url, f"rendition {name}", fallback, rendition=name)

    def _probe(
        self,
        asset: AssetRef,
        endpoints: DeliveryEndpoints,
        url: str,
        label: str,
        fallback: str,
        *,
        rendition: str | None = None,
    ) -> None:
        client = self.context.service.client_for(endpoints)
        self.context.status.show_message(f"Asking for the {label}…", 4000)

        def named(delivery: Delivery | None) -> None:
            content_type = delivery.content_type if delivery is not None else ""
            disposition = delivery.header("content-disposition") if delivery is not None else None
            if disposition:
                name = suggested_file_name(disposition, url, content_type, fallback)
            else:
                name = with_extension(safe_file_name(fallback), content_type)
            path = self._ask_path(name, f"Save the {label} of {asset.asset_id}")
            if path is not None:
                self._start_single(ClientSource(client, url), path, label, asset.asset_id, content_type)

        def failed(error: DeliveryError) -> None:
            if isinstance(error, HTTPStatusError) and error.status in _NO_HEAD:
                named(None)
            elif rendition is not None and isinstance(error, NotFound):
                # Is it the asset or only the rendition that is missing? The metadata tells.
                self.context.runner.run(
                    explain_missing_rendition(
                        error, asset.asset_id, rendition, lambda: client.metadata(asset.asset_id)
                    ),
                    on_success=self.context.status.show_error,
                    on_failure=self.context.status.show_error,
                    ticket=self.context.runner.ticket(PROBE_KEY),
                )
            else:
                self.context.status.show_error(error)

        self.context.runner.run(
            client.fetch(url, method="HEAD", asset_id=asset.asset_id),
            on_success=named,
            on_failure=failed,
            ticket=self.context.runner.ticket(PROBE_KEY),
        )

    def _start_single(
        self, source: DownloadSource, path: Path, label: str, asset_id: str | None, content_type: str
    ) -> DownloadJob:
        """Save `source` as the `path` the dialog chose, except an extension that does not name the
        delivered type: the engine fits it to the answer's type (`photo.png` for JPEG bytes becomes
        `photo.jpg`, `photo` gets `.jpg`), and the job's `correction` says so when it is done.
        `content_type` is what the HEAD (or the preview) announced: the name the save expects."""
        # The save dialog asked before replacing an existing file: only that file may be replaced.
        # A fitted name is another file the dialog did not ask about: it is never replaced.
        existing = ExistingFile.OVERWRITE if path.exists() else ExistingFile.REFUSE
        destination = Destination(
            path.parent,
            path.name,
            default_name=path.name,
            existing=existing,
            existing_if_fitted=ExistingFile.RENAME,
        )
        job = self.queue.add(DownloadRequest(source, destination, label, asset_id=asset_id))
        self._single[job] = label
        expected = with_extension(path.name, content_type) if content_type else path.name
        self.context.status.show_message(f"Saving {expected}… (see the Downloads tab)", 6000)
        return job

    def _ask_path(self, name: str, title: str) -> Path | None:
        path = self.context.choose_save_path(self.context.dialog_parent, str(self.folder() / name), title)
        if path is not None:
            self.context.settings.download_folder = str(path.parent)
        return path

    def folder(self) -> Path:
        """The last folder used, else the platform's Downloads folder."""
        remembered = self.context.settings.download_folder
        if remembered and Path(remembered).is_dir():
            return Path(remembered)
        downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        return Path(downloads) if downloads else Path.home()

    def _asset(self) -> AssetRef | None:
        asset = self.context.preview.asset
        if asset is None:
            self.context.status.show_message("Nothing to save yet: open an asset first.", 6000)
        return asset

    def _file_name(self) -> str | None:
        metadata = self.context.preview.metadata
        return metadata.file_name if metadata is not None else None

    @staticmethod
    def _pasted_seo(asset: AssetRef, operation: Operation) -> str | None:
        return asset.seo_name if asset.operation is operation else None

    # --- job news ------------------------------------------------------------------------------

    def _state_changed(self, job: DownloadJob) -> None:
        self._update_tab_title()
        self._record(job)
        if job.state in KEPT_STATES:
            self._keep_list()
        self.batches.job_changed(job)
        label = self._single.get(job)
        if label is None:
            return
        status = self.context.status
        if job.state is JobState.DONE and job.saved is not None:
            del self._single[job]
            saved = job.saved
            self.saved_paths.append(saved.path)
            correction = job.correction
            if correction is None:
                status.show_message(f"Saved {saved.byte_count:,} bytes to {saved.path}", 8000)
            else:
                # The folder is the one just chosen, and the row shows the whole path: the message
                # stays short enough for the status bar beside the preview's facts.
                status.show_message(correction.message(), CORRECTION_MESSAGE_MS)
        elif job.state is JobState.FAILED and job.error is not None:
            status.show_message(f"Saving the {label} failed: {job.error.message}", 10000)
            self.context.status.show_error(job.error)
        elif job.state is JobState.CANCELLED:
            del self._single[job]

    def _record(self, job: DownloadJob) -> None:
        """A download that ended reaches History; the shown preview's bytes are already there."""
        source = job.request.source
        if not isinstance(source, ClientSource):
            return
        if job.state is JobState.DONE and job.saved is not None:
            saved = job.saved
            self.context.service.report_entry(
                HistoryEntry.for_saved(
                    source.url,
                    content_type=saved.content_type,
                    byte_count=saved.byte_count,
                    resumed=saved.resumed_from > 0,
                    accept=source.accept,
                )
            )
        elif job.state is JobState.FAILED and job.error is not None:
            self.context.service.report_entry(HistoryEntry.for_error(source.url, job.error))

    def _kept_list(self, *, closing: bool = False) -> list[KeptDownload]:
        jobs = self.queue.jobs
        return [kept for job in jobs if (kept := kept_from_job(job, closing=closing)) is not None]

    def _keep_list(self) -> None:
        """Save the list in a worker thread (a failure is said in the banner, never fatal)."""
        if self.kept is not None:
            self.context.runner.run(
                asyncio.to_thread(self.kept.save, self._kept_list()),
                on_failure=self.context.status.show_error,
            )

    def _update_tab_title(self) -> None:
        active = self.queue.active_count()
        self.context.navigation.set_tab_title(self.panel, f"{TAB_TITLE} ({active})" if active else TAB_TITLE)

    def _parallel_changed(self, value: int) -> None:
        self.context.settings.parallel_downloads = value

    def jobs(self) -> Sequence[DownloadJob]:
        return list(self.queue.jobs)

    # --- closing -------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Pause every running job (its part stays for the next run) and stop listening."""
        self.queue.stop_all()
        if self.kept is not None:
            try:
                self.kept.save(self._kept_list(closing=True))
            except DeliveryError as error:  # closing: the log is the one place left to say it
                log.warning("%s %s", error.message, error.hint)
        self.model.detach()
        self.batches.detach()
