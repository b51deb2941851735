"""What the emulator can take: requests per second for a cached 1024 px WebP and for fresh
transforms, against a static file of the same bytes served by the same emulator (a rendition).

The load comes from wrk when it is installed (apt-get install wrk), else from a small Python load
generator with a bounded request count (`loadgen.py`). Loopback only. The source image is the demo's
4096 × 2304 photograph; "fresh" requests ask for a width nobody asked for before, so each one is
decoded, resized and encoded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.resources import demo_library

from .common import Row, Section, emit, emulator_process, median, ratio
from .encoders import naive
from .libraries import MOSAIC, demo_copy
from .loadgen import Load, run_load

DURATION = 5
CONNECTIONS = 8
FRESH_CONNECTIONS = 2
FRESH_RUNS = 7
ACCEPT_WEBP = "image/webp"

# wrk runs this in each of its threads: `done` prints the numbers as JSON; with FRESH set, every
# request asks for a width no earlier request asked for (threads take turns through the widths).
WRK_SCRIPT = """
local counter, step, first = 0, 1, 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("first", #threads - 1)
end
function init(args)
  step = tonumber(args[1] or "1")
  first = tonumber(wrk.thread:get("first") or "0")
end
function request()
  if FRESH then
    local width = 1025 + first + counter * step
    counter = counter + 1
    return wrk.format("GET", BASE_PATH .. "?width=" .. width)
  end
  return wrk.request()
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, errors))
end
"""


def wrk_load(url: str, *, connections: int, fresh: bool, script_folder: Path) -> Load:
    threads = min(2, connections)
    path = httpx.URL(url).raw_path.decode().split("?", 1)[0]
    script = script_folder / "load.lua"
    script.write_text(f"FRESH = {'true' if fresh else 'false'}\nBASE_PATH = {json.dumps(path)}\n{WRK_SCRIPT}")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{DURATION}s",
        "-H",
        f"Accept: {ACCEPT_WEBP}",
        "-s",
        str(script),
        url,
        "--",
        str(threads),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    numbers = json.loads(output.strip().splitlines()[-1])
    return Load(
        requests=numbers["requests"],
        seconds=numbers["seconds"],
        p50=numbers["p50"] / 1000,
        p95=numbers["p95"] / 1000,
        errors=numbers["errors"],
    )


def measure(url: str, *, connections: int, fresh: bool, folder: Path) -> Load:
    if shutil.which("wrk"):
        return wrk_load(url, connections=connections, fresh=fresh, script_folder=folder)
    return run_load(
        url, accept=ACCEPT_WEBP, connections=connections, fresh=fresh, count=60 if fresh else 2000
    )


def alternating_fresh(url: str) -> tuple[float, float]:
    """Median seconds of a fresh transform over HTTP and of the naive Pillow reference in this
    process, taken in turns so that both meet the same load. Widths 1017–1023 px: below the load
    rows' widths (1025 up) and the cached row's 1024, so every request is a fresh render."""
    path = demo_library() / MOSAIC
    base = url.split("?", 1)[0]
    naive(path)  # warm: the first call loads the codecs
    served: list[float] = []
    reference: list[float] = []
    for width in range(1024 - FRESH_RUNS, 1024):
        started = time.perf_counter()
        naive(path)
        reference.append(time.perf_counter() - started)
        started = time.perf_counter()
        httpx.get(base, params={"width": width}, headers={"Accept": ACCEPT_WEBP}).raise_for_status()
        served.append(time.perf_counter() - started)
    return median(served), median(reference)


def _load_text(load: Load) -> str:
    return f"{load.per_second:.0f} req/s (p50 {load.p50 * 1000:.1f} ms, p95 {load.p95 * 1000:.1f} ms)"


def main() -> None:
    section = Section("Emulator: requests per second")
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as temporary:
        root = Path(temporary)
        identifier = demo_copy(root / "first")
        modifiers = ImageModifiers(width=1024)
        with emulator_process(root / "first") as base_url:
            url = DeliveryEndpoints(base_url).image(identifier, modifiers, format="webp", seo_name="mosaic")
            webp = httpx.get(url, headers={"Accept": ACCEPT_WEBP}).raise_for_status().content
        identifier = demo_copy(root / "library", static_bytes=webp)
        with emulator_process(root / "library") as base_url:
            endpoints = DeliveryEndpoints(base_url)
            cached = endpoints.image(identifier, modifiers, format="webp", seo_name="mosaic")
            static = endpoints.rendition(identifier, "static.webp", seo_name="static.webp")
            httpx.get(cached, headers={"Accept": ACCEPT_WEBP}).raise_for_status()  # fills the cache
            fresh_url = endpoints.image(identifier, None, format="webp", seo_name="mosaic")
            one_at_a_time, naive_seconds = alternating_fresh(fresh_url)
            results = {
                "static": measure(static, connections=CONNECTIONS, fresh=False, folder=root),
                "cached": measure(cached, connections=CONNECTIONS, fresh=False, folder=root),
                "fresh": measure(fresh_url, connections=FRESH_CONNECTIONS, fresh=True, folder=root),
            }
    static, cached, fresh = results["static"], results["cached"], results["fresh"]
    section.add(
        Row(
            f"static file ({len(webp):,} bytes, a rendition), {CONNECTIONS} connections",
            _load_text(static),
            f"cached 1024 px WebP, same bytes: {cached.per_second:.0f} req/s",
            ratio(static.per_second / cached.per_second),
            "≥ 1× the cached transform",
            static.per_second >= cached.per_second,
        )
    )
    section.add(
        Row(
            f"cached 1024 px WebP ({len(webp):,} bytes), {CONNECTIONS} connections",
            _load_text(cached),
            f"static: {static.per_second:.0f} req/s",
            ratio(cached.per_second / static.per_second),
        )
    )
    section.add(
        Row(
            f"fresh transform one at a time: 4096×2304 JPEG → ~1020 px WebP q80, HTTP included "
            f"(median of {FRESH_RUNS})",
            f"{one_at_a_time * 1000:.1f} ms",
            f"naive Pillow (open + LANCZOS + WebP save), alternating: {naive_seconds * 1000:.1f} ms",
            ratio(one_at_a_time / naive_seconds),
            "≤ 0.4× the naive time",
            one_at_a_time <= 0.4 * naive_seconds,
        )
    )
    section.add(
        Row(
            f"fresh transforms under load: new widths from 1025 px up, {FRESH_CONNECTIONS} connections",
            _load_text(fresh),
            f"static: {static.per_second:.0f} req/s",
            ratio(fresh.per_second / static.per_second),
        )
    )
    for key, load in results.items():
        if load.errors:
            section.notes.append(f"{key}: {load.errors} errors out of {load.requests} requests")
    tool = "wrk" if shutil.which("wrk") else "the Python load generator (wrk is not installed)"
    section.notes.append(
        f"Load from {tool}, {DURATION} s per row, loopback, on the same 2 cores as the emulator."
    )
    emit(section)


if __name__ == "__main__":
    main()
