"""Running a batch: plan the names, queue one download per file, and sum up how each ended.

The window and `aemviewer get --from-file` both call `start_batch` with their own way of reaching
the servers (`BatchServices`), then watch the `DownloadQueue`; `Batch.summary()` is the table the
user sees at the end (and exports as CSV).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, InvalidInput, NotFound
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.delivery.renditions import explain_missing_rendition
from aemviewer.saving.batch import (
    BatchItem,
    BatchSelection,
    ItemKind,
    MetadataLookup,
    batch_items,
    delivered_instead,
    plan_names,
)
from aemviewer.saving.batch_list import BatchEntry
from aemviewer.saving.batch_summary import BatchResult, BatchSummary, Outcome
from aemviewer.saving.disk import in_thread
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_job import ACTIVE_STATES, DownloadJob, DownloadRequest, JobState
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import BodyStream, DownloadSource
from aemviewer.saving.folder_scan import scan_folder
from aemviewer.saving.naming import check_pattern
from aemviewer.saving.transfer import Destination

NO_FILE = "—"
"""What a line that names no asset saves: nothing (its row in the summary says why)."""


@dataclass(frozen=True, slots=True)
class BatchServices:
    """How a batch reaches the servers: which host an entry goes to, where each file's bytes come
    from, and the metadata that names need (`None` when it cannot be had)."""

    endpoints_for: Callable[[AssetRef], DeliveryEndpoints]
    source_for: Callable[[BatchItem], DownloadSource]
    metadata: MetadataLookup


@dataclass(frozen=True, slots=True)
class RenditionSource:
    """A rendition's source whose 404 says whether the asset or only the rendition is missing."""

    source: DownloadSource
    item: BatchItem
    metadata: MetadataLookup

    @property
    def url(self) -> str:
        return self.source.url

    @asynccontextmanager
    async def open(self, headers: Mapping[str, str]) -> AsyncIterator[BodyStream]:
        opened = False
        try:
            async with self.source.open(headers) as stream:
                opened = True
                yield stream
        except NotFound as error:
            if opened or self.item.rendition is None:
                raise
            missing = error
            raise await explain_missing_rendition(
                missing, self.item.asset.asset_id, self.item.rendition, lambda: self._metadata(missing)
            ) from error

    async def _metadata(self, error: NotFound) -> Metadata:
        found = await self.metadata(self.item)
        if found is None:
            raise error
        return found


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Where the files go and what they are called."""

    folder: Path
    pattern: str
    existing: ExistingFile = ExistingFile.RENAME


class Batch:
    """A batch that was started: its files, their jobs, and the entries that could not be used."""

    def __init__(
        self,
        items: list[BatchItem],
        unusable: list[tuple[BatchEntry, DeliveryError]],
        jobs: dict[int, DownloadJob],
        options: BatchOptions,
    ) -> None:
        self.items = items
        self.unusable = unusable
        self.jobs = jobs
        self.options = options

    @property
    def finished(self) -> bool:
        """No job of the batch is queued or running (paused jobs count as not finished)."""
        return all(
            job.state not in ACTIVE_STATES and job.state is not JobState.PAUSED for job in self.jobs.values()
        )

    def summary(self) -> BatchSummary:
        """Every file in list order: saved, failed (with the error) or a duplicate of another line."""
        results: list[tuple[int, int, BatchResult]] = []
        for entry, error in self.unusable:
            results.append(
                (entry.line, -1, BatchResult(entry.line, entry.text, NO_FILE, Outcome.FAILED, error=error))
            )
        for item in self.items:
            results.append((item.entry.line, item.index, self._result(item)))
        results.sort(key=lambda row: (row[0], row[1]))
        return BatchSummary(tuple(result for _, _, result in results))

    def _result(self, item: BatchItem) -> BatchResult:
        entry, what = item.entry, item.label
        if item.duplicate_of is not None:
            first = self.items[item.duplicate_of]
            job = self.jobs.get(item.duplicate_of)
            path = job.saved.path if job is not None and job.saved is not None else None
            outcome = Outcome.DUPLICATE if path is not None or job is None else Outcome.FAILED
            error = job.error if job is not None and outcome is Outcome.FAILED else None
            return BatchResult(
                entry.line,
                entry.text,
                what,
                outcome,
                path=path,
                url=item.url,
                error=error,
                note=f"same file as line {first.entry.line}",
            )
        job = self.jobs[item.index]
        if job.state is JobState.DONE and job.saved is not None:
            return BatchResult(
                entry.line,
                entry.text,
                what,
                Outcome.SAVED,
                path=job.saved.path,
                byte_count=job.saved.byte_count,
                url=item.url,
                note=delivered_instead(item, job.saved.content_type),
            )
        error = job.error or DeliveryError(
            f"{job.display_name} was {job.state.value} before it finished.",
            hint="Run the same command again, or Resume it in the Downloads tab.",
        )
        return BatchResult(entry.line, entry.text, what, Outcome.FAILED, url=item.url, error=error)


async def start_batch(
    entries: Iterable[BatchEntry],
    selection: BatchSelection,
    options: BatchOptions,
    services: BatchServices,
    queue: DownloadQueue,
) -> Batch:
    """Plan every file's name (asking for metadata when the pattern needs it), then queue one
    download per file; returns at once with the `Batch` (its jobs run in `queue`)."""
    check_pattern(options.pattern)
    if not await asyncio.to_thread(options.folder.is_dir):
        raise InvalidInput(
            f"The folder {options.folder} does not exist.", hint="Create it or choose another folder."
        )
    items, unusable = batch_items(entries, selection, services.endpoints_for)
    avoid = options.folder if options.existing is ExistingFile.RENAME else None
    names = await plan_names(items, options.pattern, services.metadata, parallel=queue.limit, folder=avoid)
    scan = await in_thread(options.folder, scan_folder, options.folder)
    requests: list[tuple[int, DownloadRequest]] = []
    for item, name in zip(items, names, strict=True):
        if item.duplicate_of is not None:
            continue
        destination = Destination(
            options.folder, name, default_name=name, existing=options.existing, scan=scan
        )
        source = services.source_for(item)
        if item.kind is ItemKind.RENDITION:
            source = RenditionSource(source, item, services.metadata)
        request = DownloadRequest(source, destination, item.label, asset_id=item.asset.asset_id, tag=item)
        requests.append((item.index, request))
    added = queue.add_many(request for _, request in requests)
    jobs = {index: job for (index, _), job in zip(requests, added, strict=True)}
    return Batch(items, unusable, jobs, options)
