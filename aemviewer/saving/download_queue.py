"""Downloads in a line: a bounded number run at once, the others wait their turn.

The window's Downloads tab and `aemviewer get` (one asset or a whole list) both use a
`DownloadQueue`. It runs on whatever asyncio loop is current (qasync in the window), so observers
are called on that loop's thread; disk work happens in worker threads inside `transfer.download`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

from aemviewer.delivery.errors import DeliveryError
from aemviewer.saving.download_job import ACTIVE_STATES, Clock, DownloadJob, DownloadRequest, JobState
from aemviewer.saving.naming import NameRegistry
from aemviewer.saving.transfer import DEFAULT_RESUME_ATTEMPTS, DEFAULT_RESUME_WAIT, download

log = logging.getLogger(__name__)

DEFAULT_PARALLEL = 3
MAX_PARALLEL = 16

JobListener = Callable[[DownloadJob], None]


class DownloadQueue:
    """Runs up to `limit` downloads at once, first come first served.

    Observers (`on_added`, `on_changed`, `on_removed`) hear about every job; `on_changed` also for
    each chunk of progress. A defect (an exception that is not a `DeliveryError`) fails its job with
    a message saying so, is logged with its traceback and handed to `on_unexpected`.
    """

    def __init__(
        self,
        limit: int = DEFAULT_PARALLEL,
        *,
        resume_attempts: int = DEFAULT_RESUME_ATTEMPTS,
        resume_wait: float = DEFAULT_RESUME_WAIT,
        names: NameRegistry | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.jobs: list[DownloadJob] = []
        self.names = names or NameRegistry()
        self.resume_attempts = resume_attempts
        self.resume_wait = resume_wait
        self.on_added: list[JobListener] = []
        self.on_changed: list[JobListener] = []
        self.on_removed: list[JobListener] = []
        self.on_unexpected: list[Callable[[BaseException], None]] = []
        self._limit = _clamp(limit)
        self._clock = clock
        self._tasks: dict[DownloadJob, asyncio.Task[None]] = {}
        self._stopping: dict[DownloadJob, JobState] = {}
        self._numbers = 0
        self._idle: asyncio.Event | None = None

    # --- settings ------------------------------------------------------------------------------

    @property
    def limit(self) -> int:
        """How many downloads run at once (1 to `MAX_PARALLEL`)."""
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        self._limit = _clamp(value)
        self._schedule()

    # --- adding and controlling jobs -----------------------------------------------------------

    def add(self, request: DownloadRequest) -> DownloadJob:
        """Queue one download; it starts when a slot is free."""
        return self.add_many([request])[0]

    def add_many(self, requests: Iterable[DownloadRequest]) -> list[DownloadJob]:
        """Queue several downloads in order."""
        added = []
        for request in requests:
            self._numbers += 1
            job = DownloadJob(request, self._numbers, self._clock)
            self.jobs.append(job)
            added.append(job)
            self._notify(self.on_added, job)
        self._schedule()
        return added

    def restore(self, request: DownloadRequest, state: JobState) -> DownloadJob:
        """A job of an earlier run in the state it ended in (done, failed or paused): listed, not
        run; Resume or Retry queues it again like any other. The caller fills in what it knew."""
        self._numbers += 1
        job = DownloadJob(request, self._numbers, self._clock)
        job.state = state
        self.jobs.append(job)
        self._notify(self.on_added, job)
        return job

    def pause(self, job: DownloadJob) -> bool:
        """Stop a queued or running job, keeping its part for `resume`."""
        return self._stop(job, JobState.PAUSED)

    def cancel(self, job: DownloadJob) -> bool:
        """Stop a job for good and delete its part."""
        if job.state in (JobState.PAUSED, JobState.FAILED):
            self._set(job, JobState.CANCELLED)
            self._discard_part(job)
            return True
        return self._stop(job, JobState.CANCELLED)

    def resume(self, job: DownloadJob) -> bool:
        """Queue a paused job again, or a failed one that left a part."""
        if not job.can_resume:
            return False
        self._requeue(job)
        return True

    def retry(self, job: DownloadJob) -> bool:
        """Queue a failed or cancelled job again (a part left behind is continued)."""
        if not job.can_retry:
            return False
        self._requeue(job)
        return True

    def remove(self, job: DownloadJob) -> bool:
        """Forget a job that is not running; a part it left is deleted."""
        if job.state is JobState.RUNNING or job not in self.jobs:
            return False
        if job.state is JobState.QUEUED:
            job.state = JobState.CANCELLED
        if job.state is not JobState.DONE:
            self._discard_part(job)
        self.jobs.remove(job)
        self.names.release(job)
        self._notify(self.on_removed, job)
        self._schedule()
        return True

    def remove_finished(self) -> int:
        """Forget every job that is done or cancelled; returns how many."""
        finished = [job for job in self.jobs if job.state in (JobState.DONE, JobState.CANCELLED)]
        for job in finished:
            self.remove(job)
        return len(finished)

    def stop_all(self) -> None:
        """Pause every running or queued job (closing the window): parts stay resumable."""
        for job in list(self.jobs):
            if job.is_active:
                self.pause(job)

    async def join(self) -> None:
        """Wait until no job is queued or running."""
        while self.active_count():
            if self._idle is None:
                self._idle = asyncio.Event()
            self._idle.clear()
            await self._idle.wait()

    def active_count(self) -> int:
        return sum(1 for job in self.jobs if job.state in ACTIVE_STATES)

    def counts(self) -> dict[JobState, int]:
        """How many jobs are in each state."""
        counts = dict.fromkeys(JobState, 0)
        for job in self.jobs:
            counts[job.state] += 1
        return counts

    # --- running -------------------------------------------------------------------------------

    def _schedule(self) -> None:
        running = sum(1 for job in self.jobs if job.state is JobState.RUNNING)
        for job in self.jobs:
            if running >= self._limit:
                break
            if job.state is JobState.QUEUED and job not in self._tasks:
                job.started()
                self._notify(self.on_changed, job)
                self._tasks[job] = asyncio.ensure_future(self._run(job))
                running += 1
        if not self.active_count() and self._idle is not None:
            self._idle.set()

    async def _run(self, job: DownloadJob) -> None:
        request = job.request

        def progress(done: int, total: int | None) -> None:
            job.progressed(done, total)
            self._notify(self.on_changed, job)

        try:
            job.saved = await download(
                request.source,
                request.destination,
                progress=progress,
                resume_attempts=self.resume_attempts,
                resume_wait=self.resume_wait,
                names=self.names,
                owner=job,
                on_target=job.named,
            )
        except asyncio.CancelledError:
            stop = self._stopping.pop(job, None)
            if stop is None:
                raise  # the loop itself is going away
            if stop is JobState.CANCELLED:
                await self._remove_part(job)
            job.resumable = await self._has_part(job)
            job.state = stop
        except DeliveryError as error:
            job.resumable = await self._has_part(job)
            job.error = error
            job.state = JobState.FAILED
        except Exception as error:  # a defect: logged, shown, never hidden
            log.error("unexpected error while downloading %s", request.source.url, exc_info=error)
            job.error = DeliveryError(
                f"Saving {job.display_name} failed inside aemviewer: {type(error).__name__}: {error}.",
                hint="This is a bug; the log has the details. Retry may work.",
                url=request.source.url,
            )
            job.resumable = await self._has_part(job)
            job.state = JobState.FAILED
            for listener in list(self.on_unexpected):
                listener(error)
        else:
            job.state = JobState.DONE
            job.resumable = False
            job.target = job.saved.path
            job.bytes_done = job.saved.byte_count
            job.bytes_total = job.saved.byte_count
        finally:
            self._tasks.pop(job, None)
            self._stopping.pop(job, None)
        self._notify(self.on_changed, job)
        self._schedule()

    def _stop(self, job: DownloadJob, state: JobState) -> bool:
        if job.state is JobState.QUEUED:
            self._set(job, state)
            if state is JobState.CANCELLED:
                self._discard_part(job)
            self._schedule()
            return True
        task = self._tasks.get(job)
        if job.state is not JobState.RUNNING or task is None:
            return False
        self._stopping[job] = state
        task.cancel()
        return True

    def _requeue(self, job: DownloadJob) -> None:
        job.error = None
        self._set(job, JobState.QUEUED)
        self._schedule()

    def _set(self, job: DownloadJob, state: JobState) -> None:
        job.state = state
        self._notify(self.on_changed, job)

    def _discard_part(self, job: DownloadJob) -> None:
        if job.part is None:
            return
        job.resumable = False
        part = job.part
        task = asyncio.ensure_future(asyncio.to_thread(part.remove))
        self._tasks_done_quietly(task, f"removing {part.path}")

    async def _remove_part(self, job: DownloadJob) -> None:
        if job.part is not None:
            part = job.part
            try:
                await asyncio.to_thread(part.remove)
            except OSError as error:
                # The job is cancelled either way; what is left on disk is said in the log.
                log.warning("could not remove %s: %s", part.path, error)

    async def _has_part(self, job: DownloadJob) -> bool:
        part = job.part
        if part is None:
            return False
        return await asyncio.to_thread(lambda: part.exists() and part.sidecar.exists())

    def _tasks_done_quietly(self, task: asyncio.Future[None], what: str) -> None:
        def done(finished: asyncio.Future[None]) -> None:
            if not finished.cancelled() and finished.exception() is not None:
                log.warning("%s failed: %s", what, finished.exception())

        task.add_done_callback(done)

    def _notify(self, listeners: list[JobListener], job: DownloadJob) -> None:
        for listener in list(listeners):
            listener(job)


def _clamp(value: int) -> int:
    return max(1, min(int(value), MAX_PARALLEL))
