"""The part writer: chunks reach the disk in order while the reader goes on, with bounded memory."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from aemviewer.delivery.errors import LocalFileError
from aemviewer.saving.part_writer import QUEUE_CHUNKS, PartWriter


def test_chunks_reach_the_file_in_order_and_the_handle_is_closed(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    chunks = [bytes([index]) * (1000 + index) for index in range(50)]

    async def main() -> None:
        handle = target.open("wb")
        writer = PartWriter(handle, target)
        for chunk in chunks:
            await writer.write(chunk)
        await writer.finish()
        assert handle.closed

    asyncio.run(main())
    assert target.read_bytes() == b"".join(chunks)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_local_file_error_naming_the_target(tmp_path: Path) -> None:
    target = tmp_path / "photo.jpg"

    async def main() -> None:
        writer = PartWriter(Path("/dev/full").open("wb", buffering=0), target)  # noqa: SIM115 - the writer closes it
        with pytest.raises(LocalFileError, match=r"photo\.jpg: the disk is full"):
            for _ in range(QUEUE_CHUNKS * 4):
                await writer.write(b"x" * 65536)
            await writer.finish()

    asyncio.run(main())


class _SlowDisk:
    """A file whose writes wait until the test lets them through: a disk slower than the network."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.entered = threading.Event()
        self.written: list[bytes] = []
        self.closed = False

    def write(self, chunk: bytes) -> int:
        self.entered.set()
        self.release.wait()
        self.written.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError("no descriptor")  # fsync is not reached in this test

    def close(self) -> None:
        self.closed = True


def test_a_slow_disk_holds_the_reader_back_after_a_few_chunks(tmp_path: Path) -> None:
    disk = _SlowDisk()

    async def main() -> None:
        writer = PartWriter(disk, tmp_path / "slow.bin")  # type: ignore[arg-type]
        await writer.write(bytes([0]))
        await asyncio.to_thread(disk.entered.wait)  # the writer thread is busy with chunk 0
        for index in range(1, QUEUE_CHUNKS + 1):
            await writer.write(bytes([index]))  # these fill the queue
        blocked = asyncio.ensure_future(writer.write(b"last"))
        for _ in range(3):
            await asyncio.sleep(0)
        assert not blocked.done()
        disk.release.set()
        await blocked
        await writer.close()

    asyncio.run(main())
    assert disk.closed
    assert disk.written == [bytes([index]) for index in range(QUEUE_CHUNKS + 1)] + [b"last"]


def test_closing_a_cancelled_download_writes_what_was_queued(tmp_path: Path) -> None:
    target = tmp_path / "part.bin"
    chunks = [bytes([index]) * 4096 for index in range(QUEUE_CHUNKS)]

    async def main() -> None:
        handle = target.open("wb")
        writer = PartWriter(handle, target)
        for chunk in chunks:
            await writer.write(chunk)
        writer.close_now()
        assert handle.closed

    asyncio.run(main())
    assert target.read_bytes() == b"".join(chunks)
