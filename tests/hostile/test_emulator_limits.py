"""What a hostile library file, a flood of requests and a long night do to the emulator: an image of
huge pixel dimensions is refused at load, renders wait their turn and beyond a bounded queue get a
503 with `Retry-After`, the request log stays bounded (and rotates on disk), and listening beyond
loopback is said out loud."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from PIL import Image

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator.catalogue import load_library
from aemviewer.emulator.library import LibraryError
from aemviewer.emulator.limits import MAX_PIXELS, RenderGate
from aemviewer.emulator.request_log import RequestLog, rotating_file
from aemviewer.emulator.server import EmulatorServer
from tests.cli.cli_support import run_process

from .support import run_async

ID = "urn:aaid:aem:00000000-0000-4000-8000-00000000b0b0"

T = TypeVar("T")


def library_of(folder: Path, image: Image.Image, name: str = "photo.png") -> Path:
    image.save(folder / name)
    (folder / "catalogue.json").write_text(json.dumps({"assets": [{"id": ID, "file": name}]}))
    return folder


def test_an_image_of_huge_pixel_dimensions_is_refused_at_load(tmp_path: Path) -> None:
    # 1 bit per pixel: 6 MB to write here, a small PNG on disk, 170 MB once decoded as RGBA.
    side = int(MAX_PIXELS**0.5) + 100
    library_of(tmp_path, Image.new("1", (side, side)))

    with pytest.raises(LibraryError) as refused:
        load_library(tmp_path)

    message = str(refused.value)
    assert f"photo.png: {side}×{side} pixels" in message
    assert f"more than the emulator decodes ({MAX_PIXELS / 1e6:.0f} megapixels)" in message
    assert "scale the image down" in message


def test_a_deeply_nested_catalogue_is_refused_at_load_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "catalogue.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    with pytest.raises(LibraryError, match="nested too deeply"):
        load_library(tmp_path)

    served = run_process("serve", "--library", str(tmp_path))
    assert served.code != 0 and "Traceback" not in served.err and "nested too deeply" in served.err


class HeldGate(RenderGate):
    """One slot and one place in the queue, whose renders wait until the test lets them go: the
    overflow is then certain, however fast or loaded the machine is."""

    def __init__(self) -> None:
        super().__init__(slots=1, queue=1)
        self.release = threading.Event()

    async def run(self, work: Callable[[], T]) -> T:
        def held() -> T:
            self.release.wait(60)
            return work()

        return await super().run(held)


def test_renders_beyond_the_queue_are_answered_503_with_retry_after(tmp_path: Path) -> None:
    library = load_library(library_of(tmp_path, Image.linear_gradient("L")))
    gate = HeldGate()
    count = 8

    async def flood(base_url: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=count)) as client:
            # Each a fresh transform (another width): none from the cache.
            urls = [f"{base_url}/adobe/assets/{ID}/as/p.png?width={200 - n}" for n in range(count)]
            tasks = [asyncio.ensure_future(client.get(url)) for url in urls]
            # One render holds the slot and at most one waits: the others are turned away at once.
            while sum(task.done() for task in tasks) < count - 2:
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            gate.release.set()
            return list(await asyncio.gather(*tasks))

    with EmulatorServer(library, render_gate=gate) as server:
        answers = run_async(flood(server.base_url))

    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) == {200, 503} and statuses.count(503) >= count - 2, statuses
    busy = next(answer for answer in answers if answer.status_code == 503)
    assert busy.headers["retry-after"] == "1"
    assert busy.headers["content-type"] == "application/problem+json"
    assert "rendering 1 images and 1 more are waiting" in busy.json()["detail"]


def test_the_request_log_keeps_the_latest_lines_only(tmp_path: Path) -> None:
    library = load_library(library_of(tmp_path, Image.new("RGB", (8, 8))))
    with EmulatorServer(library, request_log=RequestLog(capacity=5)) as server:
        for number in range(12):
            httpx.get(f"{server.base_url}/adobe/assets/{ID}/metadata?n={number}")
        log = server.request_log

    assert len(log) == 12  # every request counted …
    assert list(log) == [f"GET /adobe/assets/{ID}/metadata?n={number}" for number in range(7, 12)]  # … 5 kept
    assert log[10:] == [f"GET /adobe/assets/{ID}/metadata?n={number}" for number in (10, 11)]
    assert log[2:8] == [f"GET /adobe/assets/{ID}/metadata?n=7"]  # what is gone is gone
    with pytest.raises(IndexError, match="not kept"):
        log[3]


def test_the_request_log_file_rotates(tmp_path: Path) -> None:
    path = tmp_path / "requests.log"
    log = RequestLog(capacity=3, echo=rotating_file(path, max_bytes=1000, backups=2))

    for number in range(200):
        log.append(f"GET /adobe/assets/{ID}/metadata?n={number:03d}")

    files = sorted(file.name for file in tmp_path.iterdir())
    assert files == ["requests.log", "requests.log.1", "requests.log.2"]
    assert all((tmp_path / name).stat().st_size <= 1000 for name in files)
    assert path.read_text().splitlines()[-1].endswith("n=199")


@contextmanager
def serving(*options: str) -> Iterator[tuple[str, list[str]]]:
    """`aemviewer serve --port 0 OPTIONS` in its own process: its base URL, and a list that holds
    its stderr lines once it has stopped (at the end of the `with`, by Ctrl-C)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "aemviewer", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    err: list[str] = []
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip(), err  # printed once it answers
    finally:
        process.send_signal(signal.SIGINT)
        err += process.communicate(timeout=15)[1].splitlines()


def test_serve_on_all_addresses_warns_it_is_reachable_from_the_network() -> None:
    with serving("--host", "0.0.0.0") as (base_url, err):
        assert base_url.startswith("http://0.0.0.0:")

    [warning] = [line for line in err if "warning" in line]
    assert warning.startswith(
        "aemviewer: warning: listening on 0.0.0.0, the emulator is reachable from the network"
    )
    assert "--host 127.0.0.1" in warning


def test_serve_logs_requests_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "requests.log"
    with serving("--log", str(path)) as (base_url, err):
        httpx.get(f"{base_url}/adobe/assets/{ID}/metadata?from=test", timeout=10)

    assert path.read_text() == f"GET /adobe/assets/{ID}/metadata?from=test\n"
    assert err == []  # the file, not the terminal


def test_serve_with_an_unwritable_log_file_exits_6(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / "requests.log"
    result = run_process("serve", "--port", "0", "--log", str(path))
    assert result.code == ExitCode.LOCAL_FILE
    assert f"Cannot write the request log {path}" in result.err
    assert "Traceback" not in result.err
