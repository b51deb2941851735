"""The emulator's memory under a flood: 200 clients asking at once for fresh transforms of the demo's
4096 × 2304 photograph (each a width nobody asked for before, so each one is decoded, resized and
encoded) for 20 s. Rows: resident memory (RSS) at rest, its peak during the flood (the kernel's
high-water mark, VmHWM), and a few seconds after. The clients honour `Retry-After` on a 503, as the
app's client does. Loopback only; Linux (/proc).
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from aemviewer.delivery.endpoints import DeliveryEndpoints

from .common import Row, Section, emit, running_emulator
from .libraries import demo_copy

CLIENTS = 200
SECONDS = 20.0
SETTLE = 5.0
"""Seconds after the flood before "after" is read: the answers in flight finish, threads go idle."""
TARGET_MIB = 512
MIB = 1024 * 1024


def memory(pid: int, field: str) -> int:
    """`VmRSS` or `VmHWM` of process `pid`, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


async def flood(url: str) -> Counter[int]:
    """`CLIENTS` clients, each asking for a fresh width until `SECONDS` have passed."""
    widths = itertools.count(1025)
    statuses: Counter[int] = Counter()
    deadline = time.monotonic() + SECONDS
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:

        async def one_client() -> None:
            while time.monotonic() < deadline:
                try:
                    answer = await client.get(url, params={"width": next(widths) % 4000 + 64})
                except httpx.HTTPError:
                    statuses[0] += 1
                    continue
                statuses[answer.status_code] += 1
                if answer.status_code == 503:
                    await asyncio.sleep(float(answer.headers.get("retry-after", "1")))

        await asyncio.gather(*(one_client() for _ in range(CLIENTS)))
    return statuses


def main() -> None:
    section = Section("Emulator: memory under 200 concurrent fresh transforms")
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as temporary:
        identifier = demo_copy(Path(temporary))
        with running_emulator(Path(temporary)) as emulator:
            url = DeliveryEndpoints(emulator.base_url).image(
                identifier, None, format="jpg", seo_name="mosaic"
            )
            httpx.get(url, params={"width": 64}).raise_for_status()  # imports and first decode done
            idle = memory(emulator.pid, "VmRSS")
            started = time.perf_counter()
            statuses = asyncio.run(flood(url))
            elapsed = time.perf_counter() - started
            peak = memory(emulator.pid, "VmHWM")
            time.sleep(SETTLE)
            after = memory(emulator.pid, "VmRSS")
    section.add(Row("RSS at rest (after one transform)", f"{idle / MIB:.0f} MiB"))
    section.add(
        Row(
            f"peak RSS, {CLIENTS} clients asking for fresh transforms for {SECONDS:.0f} s",
            f"{peak / MIB:.0f} MiB",
            f"at rest: {idle / MIB:.0f} MiB",
            f"{peak / idle:.1f}×",
            f"< {TARGET_MIB} MiB",
            peak < TARGET_MIB * MIB,
        )
    )
    section.add(
        Row(
            f"RSS {SETTLE:.0f} s after the flood",
            f"{after / MIB:.0f} MiB",
            f"at rest: {idle / MIB:.0f} MiB",
            f"{after / idle:.1f}×",
            f"< {TARGET_MIB} MiB",
            after < TARGET_MIB * MIB,
        )
    )
    answered = ", ".join(f"{count} × {status or 'failed'}" for status, count in sorted(statuses.items()))
    section.notes.append(
        f"In {elapsed:.0f} s (the flood, then the answers still queued) the clients got: {answered}. "
        "One render per core runs at once and 16 per core wait; the rest are turned away with 503. "
        "After the flood the transform cache (64 MiB) is full, which is most of the difference to rest."
    )
    emit(section)


if __name__ == "__main__":
    main()
