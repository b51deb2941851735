"""The Downloads list across runs: jobs to `KeptDownload`s when they end, and back at start.

Only downloads fetched from a URL are kept (a saved preview's bytes are gone with the run); a
cancelled job is not kept. A restored job whose part is still on disk can be resumed: the transfer
finds the part by its URL and continues it with `Range`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.saving.download import SavedFile
from aemviewer.saving.download_job import ACTIVE_STATES, DownloadJob, DownloadRequest, JobState
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.part_file import find_resumable
from aemviewer.saving.transfer import Destination
from aemviewer.ui.common.service import DeliveryService
from aemviewer.workspace.download_list import KeptDownload

KEPT_STATES = (JobState.DONE, JobState.FAILED, JobState.PAUSED)


def kept_from_job(job: DownloadJob, *, closing: bool = False) -> KeptDownload | None:
    """What the list keeps of `job`; None for a job that is not kept (cancelled, a preview, running
    unless `closing`: the window pauses running jobs as it closes, and their parts stay)."""
    source, destination = job.request.source, job.request.destination
    state = JobState.PAUSED if closing and job.state in ACTIVE_STATES else job.state
    if not isinstance(source, ClientSource) or state not in KEPT_STATES:
        return None
    saved = job.saved
    # The part's name first: a name fitted to the delivered type (photo.png saved as photo.jpg)
    # is the target's, while the part that a restart continues is named after the chosen one.
    if job.part is not None:
        name: str | None = job.part.name
    else:
        name = job.target.name if job.target is not None else destination.name
    return KeptDownload(
        url=source.url,
        accept=source.accept,
        folder=str(destination.folder),
        name=name,
        default_name=destination.default_name,
        fit_extension=destination.fit_extension,
        label=job.request.label,
        asset_id=job.request.asset_id,
        state=state.value,
        saved_path=str(saved.path) if saved is not None else None,
        content_type=saved.content_type if saved is not None else "",
        bytes_done=job.bytes_done,
        bytes_total=job.bytes_total,
        error=job.error.message if job.error is not None else "",
    )


def restore_job(queue: DownloadQueue, service: DeliveryService, kept: KeptDownload) -> DownloadJob:
    """Put `kept` back in `queue` as it ended, with a client of its host (the token only if that is
    the profile's host, by the pool's rule)."""
    parts = urlsplit(kept.url)
    client = service.client_for(DeliveryEndpoints(f"{parts.scheme}://{parts.netloc}"))
    folder = Path(kept.folder)
    destination = Destination(
        folder, kept.name, default_name=kept.default_name, fit_extension=kept.fit_extension
    )
    request = DownloadRequest(
        ClientSource(client, kept.url, kept.accept), destination, kept.label, kept.asset_id
    )
    job = queue.restore(request, JobState(kept.state))
    job.bytes_done, job.bytes_total = kept.bytes_done, kept.bytes_total
    if job.state is JobState.DONE and kept.saved_path is not None:
        job.saved = SavedFile(Path(kept.saved_path), kept.bytes_done, kept.url, kept.content_type)
        job.target = job.saved.path
    elif kept.error:
        job.error = DeliveryError(
            kept.error, hint="Retry tries again; Resume continues a kept part.", url=kept.url
        )
    job.resumable = job.state is not JobState.DONE and find_resumable(folder, kept.url) is not None
    return job
