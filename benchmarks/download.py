"""Download throughput: `aemviewer get` of a 1 GiB original against `curl -o` from the same emulator,
alternating runs; the resident memory `aemviewer get` grows by; and whether the client's 1 MiB
socket reads (`delivery/transport.py`) earn their place against httpx's default 64 KiB reads.

Each tool writes into the same folder: the temporary folder (a disk), and /dev/shm (memory) to see
the client without the disk. `aemviewer get` fsyncs the file before naming it, curl does not: on
the disk, curl's time includes `sync FILE` after it, so that both files are on the disk. Memory
growth is the peak RSS of a 1 GiB `get` minus that of a `get` of a tiny image (the same program,
imports and event loop, without the big body).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from time import perf_counter

import httpx

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.transport import DEFAULT_LIMITS, build_transport, ssl_context

from .common import (
    AEMVIEWER,
    Row,
    Section,
    emit,
    emulator_process,
    median,
    rate,
    ratio,
    require,
    shaped_link,
    timed,
)
from .libraries import GIB, big_original
from .shaped_link import GIGABIT

RUNS = 3
SHAPED_RUNS = 2
LOOPBACK_TARGET = 0.6
SHAPED_TARGET = 0.95
MEMORY_TARGET = 64 * 2**20
SHM = Path("/dev/shm")


def peak_rss(command: list[str]) -> tuple[float, int]:
    """Run `command` (it must succeed); (wall seconds, peak resident bytes of that process)."""
    started = perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        assert process.stderr is not None
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports kilobytes


def compare_to_curl(
    section: Section,
    curl: str,
    base_url: str,
    url: str,
    folder: Path,
    label: str,
    *,
    goal: float = LOOPBACK_TARGET,
    runs: int = RUNS,
    durable: bool = False,
) -> tuple[float, float]:
    """Alternate `curl -o` and `aemviewer get` into `folder`; add the throughput row. Returns the
    medians (ours, curl's). `durable`: curl's file is then fsynced too (`sync FILE`), as `get`
    fsyncs its own before naming it; on a disk that is most of the time."""
    target = folder / "download.bin"
    ours: list[float] = []
    theirs: list[float] = []
    for _run in range(runs):
        theirs.append(timed([curl, "-sS", "-o", str(target), url]))
        if durable:
            theirs[-1] += timed(["sync", str(target)])
        target.unlink()
        command = [*AEMVIEWER, "--base-url", base_url, "get", url, "-o", str(target)]
        ours.append(timed(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        target.unlink()
    speed = median(theirs) / median(ours)
    section.add(
        Row(
            f"`aemviewer get` 1 GiB → {label} (median of {runs})",
            f"{median(ours):.2f} s ({rate(GIB, median(ours))})",
            f"curl -o{', then sync FILE' if durable else ''}: {median(theirs):.2f} s ({rate(GIB, median(theirs))})",
            ratio(speed),
            f"≥ {goal:.2f}×",
            speed >= goal,
        )
    )
    return median(ours), median(theirs)


def _transport(large_reads: bool) -> httpx.AsyncHTTPTransport:
    """The client's transport (1 MiB socket reads), or httpx's own (64 KiB reads)."""
    context = ssl_context()
    if large_reads:
        return build_transport(context)
    return httpx.AsyncHTTPTransport(verify=context, http2=True, limits=DEFAULT_LIMITS)


async def stream_to_nowhere(base_url: str, url: str, *, large_reads: bool) -> float:
    """Seconds to stream `url` through `DeliveryClient.stream` (chunks as read), discarding the bytes."""
    async with DeliveryClient(DeliveryEndpoints(base_url), transport=_transport(large_reads)) as client:
        started = perf_counter()
        received = 0
        async with client.stream(url) as stream:
            async for chunk in stream.aiter_bytes():
                received += len(chunk)
        elapsed = perf_counter() - started
    _check_received(received)
    return elapsed


async def stream_as_read(url: str, *, large_reads: bool) -> float:
    """Seconds to stream `url` with httpx alone over the same transports, each chunk as the socket
    gave it: what the client's own layer costs."""
    async with httpx.AsyncClient(transport=_transport(large_reads)) as client:
        started = perf_counter()
        received = 0
        async with client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as response:
            async for chunk in response.aiter_bytes(None):
                received += len(chunk)
        elapsed = perf_counter() - started
    _check_received(received)
    return elapsed


def _check_received(received: int) -> None:
    if received != GIB:
        raise RuntimeError(f"streamed {received} bytes, expected {GIB}")


VARIANTS = {
    "client-large": "`DeliveryClient.stream`, 1 MiB socket reads (build_transport), chunks as read",
    "client-default": "`DeliveryClient.stream`, 64 KiB socket reads (httpx default), chunks as read",
    "raw-large": "httpx, 1 MiB socket reads, chunks as read",
    "raw-default": "httpx, 64 KiB socket reads, chunks as read",
}


def compare_read_sizes(section: Section, curl: str, base_url: str, url: str) -> None:
    """Socket read size × chunking, each against curl, all into nothing (no disk), alternating."""
    times: dict[str, list[float]] = {key: [] for key in (*VARIANTS, "curl")}
    for _run in range(RUNS):
        times["curl"].append(timed([curl, "-sS", "-o", os.devnull, url]))
        times["client-large"].append(asyncio.run(stream_to_nowhere(base_url, url, large_reads=True)))
        times["client-default"].append(asyncio.run(stream_to_nowhere(base_url, url, large_reads=False)))
        times["raw-large"].append(asyncio.run(stream_as_read(url, large_reads=True)))
        times["raw-default"].append(asyncio.run(stream_as_read(url, large_reads=False)))
    reference = median(times["curl"])
    for key, label in VARIANTS.items():
        seconds = median(times[key])
        section.add(
            Row(
                f"1 GiB → nowhere: {label}",
                f"{seconds:.2f} s ({rate(GIB, seconds)})",
                f"curl -o /dev/null: {reference:.2f} s ({rate(GIB, reference)})",
                ratio(reference / seconds),
            )
        )
    gain = median(times["client-default"]) / median(times["client-large"])
    raw_gain = median(times["raw-default"]) / median(times["raw-large"])
    layer = median(times["client-large"]) / median(times["raw-large"])
    section.notes.append(
        f"1 MiB socket reads make `DeliveryClient.stream` {gain:.2f}× as fast as httpx's 64 KiB reads "
        f"({raw_gain:.2f}× for httpx alone); the client's layer over httpx costs {layer:.2f}× "
        f"(median of {RUNS} alternating runs each)."
    )


def memory_growth(section: Section, base_url: str, url: str, identifier: str, folder: Path) -> float:
    """Add the memory row and the fixed-cost row; returns the fixed cost in seconds."""
    target = folder / "memory.bin"
    small = [
        *AEMVIEWER,
        "--base-url",
        base_url,
        "get",
        identifier,
        "--width",
        "64",
        "-o",
        str(folder / "small.jpg"),
    ]
    fixed, baseline = peak_rss(small)
    _seconds, peak = peak_rss([*AEMVIEWER, "--base-url", base_url, "get", url, "-o", str(target)])
    target.unlink()
    growth = peak - baseline
    section.add(Row("fixed cost of one `aemviewer get` (start-up, one 64 px image)", f"{fixed:.2f} s"))
    section.add(
        Row(
            "resident memory growth of `aemviewer get` for 1 GiB",
            f"{growth / 2**20:.1f} MiB (peak {peak / 2**20:.0f} MiB)",
            f"same command, 64 px image: peak {baseline / 2**20:.0f} MiB",
            "",
            "< 64 MiB",
            growth < MEMORY_TARGET,
        )
    )
    return fixed


def main() -> None:
    curl = require("curl")
    section = Section("Download throughput and memory (1 GiB original)")
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as temporary:
        root = Path(temporary)
        identifier = big_original(root / "library")
        with emulator_process(root / "library") as base_url:
            url = DeliveryEndpoints(base_url).original(identifier, seo_name="original.mp4")
            disk = root / "disk"
            disk.mkdir()
            compare_to_curl(
                section, curl, base_url, url, disk, f"disk ({tempfile.gettempdir()})", durable=True
            )
            memory = SHM.is_dir() and os.access(SHM, os.W_OK) and shutil.disk_usage(SHM).free > 3 * GIB
            with tempfile.TemporaryDirectory(dir=SHM if memory else root, prefix="aemviewer-bench-") as name:
                fast = Path(name)
                if memory:
                    compare_to_curl(section, curl, base_url, url, fast, "tmpfs (/dev/shm)")
                with shaped_link(base_url, GIGABIT) as shaped_url:
                    shaped = DeliveryEndpoints(shaped_url).original(identifier, seo_name="original.mp4")
                    where = "tmpfs" if memory else "disk"
                    ours, theirs = compare_to_curl(
                        section,
                        curl,
                        shaped_url,
                        shaped,
                        fast,
                        f"{where}, through a loopback link shaped to 1 Gbit/s (`benchmarks/shaped_link.py`)",
                        goal=SHAPED_TARGET,
                        runs=SHAPED_RUNS,
                    )
            fixed = memory_growth(section, base_url, url, identifier, disk)
            section.notes.append(
                f"Through the shaped link, `aemviewer get` minus its fixed cost ({fixed:.2f} s: "
                f"interpreter, imports, the metadata request) streams in {ours - fixed:.2f} s: "
                f"{theirs / (ours - fixed):.2f}× curl's whole time ({theirs:.2f} s)."
            )
            compare_read_sizes(section, curl, base_url, url)
    section.notes.append(
        "The 1 GiB original is a sparse file: the emulator reads it without disk I/O, so its own "
        "speed bounds both tools equally."
    )
    emit(section)


if __name__ == "__main__":
    main()
