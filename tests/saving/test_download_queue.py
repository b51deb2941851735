"""The download queue: a bounded number at once, pause and resume with Range, cancel, retry."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.saving.download_job import DownloadJob, DownloadRequest, JobState, TransferRate
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination
from tests.support.clients import FAST_RETRIES
from tests.support.download_server import DownloadServer

T = TypeVar("T")
DATA = bytes(range(256)) * (8 * 1024)  # 2 MiB


@pytest.fixture
def files() -> Iterator[DownloadServer]:
    with DownloadServer() as server:
        yield server


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait on the loop (not the clock) until `condition` holds; fail after 10 s."""
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0)  # yield to the transfers; no fixed delay
    assert condition(), what


def run_with_queue(files: DownloadServer, body: Callable[[DownloadQueue, DeliveryClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with DeliveryClient(
            DeliveryEndpoints(files.url), ClientSettings(retries=FAST_RETRIES, timeout=5)
        ) as client:
            queue = DownloadQueue(2, resume_wait=0.0)
            return await body(queue, client)

    return asyncio.run(main())


def request(client: DeliveryClient, files: DownloadServer, folder: Path, name: str) -> DownloadRequest:
    return DownloadRequest(ClientSource(client, f"{files.url}/{name}"), Destination(folder, name), name)


def test_no_more_than_the_limit_run_at_once(files: DownloadServer, tmp_path: Path) -> None:
    for number in range(5):
        files.serve(f"/f{number}.jpg", DATA)
    files.hold_after(1000, times=5)

    async def body(queue: DownloadQueue, client: DeliveryClient) -> list[DownloadJob]:
        jobs = queue.add_many(request(client, files, tmp_path, f"f{n}.jpg") for n in range(5))
        await until(lambda: files.holding == 2, "two answers in flight")
        assert [job.state for job in jobs].count(JobState.RUNNING) == 2
        assert [job.state for job in jobs].count(JobState.QUEUED) == 3
        queue.limit = 3
        await until(lambda: files.holding == 3, "a third starts when the limit grows")
        while queue.active_count():
            files.release()
            await until(lambda: files.holding or not queue.active_count(), "next round")
        await queue.join()
        return jobs

    jobs = run_with_queue(files, body)
    assert all(job.state is JobState.DONE for job in jobs)
    assert [job.number for job in jobs] == [1, 2, 3, 4, 5]
    for number in range(5):
        assert (tmp_path / f"f{number}.jpg").read_bytes() == DATA


def test_pause_keeps_the_part_and_resume_continues_with_range(files: DownloadServer, tmp_path: Path) -> None:
    files.serve("/big.jpg", DATA)
    files.hold_after(READ_SIZE)

    async def body(queue: DownloadQueue, client: DeliveryClient) -> DownloadJob:
        job = queue.add(request(client, files, tmp_path, "big.jpg"))
        await until(lambda: job.bytes_done >= READ_SIZE, "the first chunk is on disk")
        assert job.fraction == pytest.approx(0.5)
        assert queue.pause(job)
        await until(lambda: job.state is JobState.PAUSED, "paused")
        assert job.resumable and job.can_resume
        assert (tmp_path / "big.jpg.aemviewer-part").stat().st_size == READ_SIZE
        files.release()
        assert queue.resume(job)
        await queue.join()
        return job

    job = run_with_queue(files, body)
    assert job.state is JobState.DONE
    assert files.gets()[-1].header("Range") == f"bytes={READ_SIZE}-"
    assert (tmp_path / "big.jpg").read_bytes() == DATA
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jpg"]


def test_cancel_deletes_the_part(files: DownloadServer, tmp_path: Path) -> None:
    files.serve("/big.jpg", DATA)
    files.hold_after(READ_SIZE)

    async def body(queue: DownloadQueue, client: DeliveryClient) -> DownloadJob:
        job = queue.add(request(client, files, tmp_path, "big.jpg"))
        await until(lambda: job.bytes_done >= READ_SIZE, "the first chunk is on disk")
        queue.cancel(job)
        await until(lambda: job.state is JobState.CANCELLED, "cancelled")
        files.release()
        return job

    job = run_with_queue(files, body)
    assert not job.resumable
    assert list(tmp_path.iterdir()) == []


def test_a_failure_is_kept_with_its_error_and_retry_resumes(files: DownloadServer, tmp_path: Path) -> None:
    files.serve("/big.jpg", DATA)
    files.cut_after(READ_SIZE + 10)
    files.cut_after(0)  # the automatic continuation gets nothing more: the job fails

    async def body(queue: DownloadQueue, client: DeliveryClient) -> DownloadJob:
        job = queue.add(request(client, files, tmp_path, "big.jpg"))
        await queue.join()
        assert job.state is JobState.FAILED
        assert job.error is not None and "kept in big.jpg.aemviewer-part" in job.error.message
        assert job.resumable and job.can_retry
        assert queue.retry(job)
        await queue.join()
        return job

    job = run_with_queue(files, body)
    assert job.state is JobState.DONE and job.attempts == 2
    assert job.saved is not None and job.saved.path.read_bytes() == DATA


def test_a_paused_job_waiting_in_line_never_starts(files: DownloadServer, tmp_path: Path) -> None:
    files.serve("/a.jpg", DATA)
    files.serve("/b.jpg", DATA)

    async def body(queue: DownloadQueue, client: DeliveryClient) -> list[DownloadJob]:
        queue.limit = 1
        first, second = queue.add_many([request(client, files, tmp_path, n) for n in ("a.jpg", "b.jpg")])
        assert second.state is JobState.QUEUED
        assert queue.pause(second) and second.state is JobState.PAUSED
        await queue.join()
        assert first.state is JobState.DONE and second.state is JobState.PAUSED
        assert queue.remove(second) and second not in queue.jobs
        return [first, second]

    run_with_queue(files, body)
    assert [r.path for r in files.gets()] == ["/a.jpg"]


def test_two_jobs_for_one_name_never_share_a_file(files: DownloadServer, tmp_path: Path) -> None:
    files.serve("/same.jpg", DATA)
    files.serve("/other/same.jpg", DATA[::-1])

    async def body(queue: DownloadQueue, client: DeliveryClient) -> list[DownloadJob]:
        jobs = queue.add_many(
            [
                DownloadRequest(
                    ClientSource(client, f"{files.url}{path}"),
                    Destination(tmp_path, None, default_name="same"),
                    path,
                )
                for path in ("/same.jpg", "/other/same.jpg")
            ]
        )
        await queue.join()
        return jobs

    first, second = run_with_queue(files, body)
    assert first.saved is not None and second.saved is not None
    assert {first.saved.path.name, second.saved.path.name} == {"same.jpg", "same (1).jpg"}
    assert first.saved.path.read_bytes() != second.saved.path.read_bytes()


def test_speed_and_remaining_time_follow_the_progress() -> None:
    now = [0.0]
    rate = TransferRate(lambda: now[0])
    rate.reset(0)
    assert rate.speed is None
    for second in range(1, 6):
        now[0] = float(second)
        rate.add(second * 1000)
    assert rate.speed == pytest.approx(1000.0)

    job = DownloadJob(
        DownloadRequest(ClientSource(None, "http://h/x"), Destination(Path("/tmp")), "x"),  # type: ignore[arg-type]
        1,
        clock=lambda: now[0],
    )
    now[0] = 10.0
    job.started()
    job.progressed(0, 10_000)
    now[0] = 12.0
    job.progressed(4_000, 10_000)
    assert job.speed == pytest.approx(2000.0)
    assert job.remaining_seconds == pytest.approx(3.0)
    assert job.fraction == pytest.approx(0.4)
