"""What every benchmark shares: results as rows with their reference and target, statistics, the
machine's description, and the emulator run as its own process.

A benchmark module runs as `python -m benchmarks.<name>` and prints one `Section` as JSON on its
last line of stdout; `python -m benchmarks` runs them one by one (each in a fresh process, so that
none inherits another's memory, threads or Qt state) and prints the report.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
AEMVIEWER = [PYTHON, "-m", "aemviewer"]
PR_SET_PDEATHSIG = 1


@dataclass
class Row:
    """One measured quantity beside its reference (same run, same machine)."""

    measure: str
    ours: str
    reference: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    """None when there is no target for this row."""


@dataclass
class Section:
    """The result of one benchmark: rows, and notes on how it was measured or why a target is missed."""

    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> Section:
        data = json.loads(text)
        return Section(data["title"], [Row(**row) for row in data["rows"]], data["notes"])


def emit(section: Section) -> None:
    """Print `section` as the last line of stdout (the runner reads it from there)."""
    print(section.to_json(), flush=True)


# --- statistics ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rate(byte_count: int, seconds: float) -> str:
    return f"{byte_count / seconds / 2**20:.0f} MiB/s"


def ratio(value: float) -> str:
    return f"{value:.2f}×" if value >= 0.1 else f"{value:.2g}×"


def timed(command: Sequence[str], **options: object) -> float:
    """Run `command` (it must succeed) and return its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run(command, check=True, **options)  # type: ignore[call-overload]
    return time.perf_counter() - started


# --- the machine -----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """nproc, CPU model, memory, OS and Python: what the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = f"{int(found.group(1)) / 2**20:.1f} GiB" if found else ""
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def require(tool: str) -> str:
    """The path of a command-line tool the benchmark compares against, or a clear exit."""
    found = shutil.which(tool)
    if found is None:
        raise SystemExit(
            f"benchmarks: {tool} is needed as the reference; install it (apt-get install {tool})"
        )
    return found


# --- the emulator as its own process ---------------------------------------------------------------


def _die_with_parent() -> None:
    """In the child before it runs: on Linux, be sent SIGTERM when the benchmark process dies, so
    that a crashed benchmark leaves no emulator behind."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextmanager
def emulator_process(library: Path | None = None) -> Iterator[str]:
    """`aemviewer serve` on a free loopback port (the demo library when `library` is None), in its
    own process so that its work never shares a GIL with what is measured. Yields the base URL."""
    with running_emulator(library) as running:
        yield running.base_url


@dataclass(frozen=True)
class RunningEmulator:
    base_url: str
    pid: int
    """The emulator process, e.g. to read its memory from /proc."""


@contextmanager
def running_emulator(library: Path | None = None) -> Iterator[RunningEmulator]:
    """As `emulator_process`, with the process id beside the base URL."""
    command = [*AEMVIEWER, "serve", "--port", "0"]
    if library is not None:
        command += ["--library", str(library)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=REPO, preexec_fn=_die_with_parent
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http://"):
            raise RuntimeError(f"the emulator did not start (exit code {process.wait(10)})")
        yield RunningEmulator(base_url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def shaped_link(base_url: str, rate: float) -> Iterator[str]:
    """`benchmarks.shaped_link` in front of `base_url`, pacing answers to `rate` bytes per second,
    in its own process. Yields the base URL that goes through it."""
    upstream = httpx.URL(base_url)
    command = [
        PYTHON,
        "-m",
        "benchmarks.shaped_link",
        "--to",
        f"{upstream.host}:{upstream.port}",
        "--rate",
        str(rate),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=REPO, preexec_fn=_die_with_parent
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the shaped link did not start (exit code {process.wait(10)})")
        yield str(upstream.copy_with(port=int(port))).rstrip("/")
    finally:
        process.terminate()
        process.wait(10)
