"""Batch: 500 renditions with 8 jobs against `xargs -P8 curl` on the same list, same emulator.

Every side saves every file into a folder of its own and includes its process start-ups (one
Python process for aemviewer; xargs and one curl per file for the reference), in alternating runs.
Two aemviewer sides: `aemviewer get --from-file LIST --jobs 8` (issue 7; skipped while the command
line has no --from-file) and a small asyncio driver over the library, 8 concurrent
`DeliveryClient` + `transfer.download` (benchmarks/batch_driver.py). The difference between the two
is what the command line adds (names, metadata, resumable parts) to the library's transfer.
AEMVIEWER_BENCH_BATCH=cli or =driver runs only that side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from aemviewer.delivery.endpoints import DeliveryEndpoints

from .common import AEMVIEWER, PYTHON, Row, Section, emit, emulator_process, median, ratio, require, timed
from .libraries import renditions

JOBS = 8
RUNS = 3
TARGET = 0.9
LABELS = {
    "cli": "`aemviewer get --from-file`",
    "driver": "library driver (`transfer.download`)",
}


def cli_has_batches() -> bool:
    """Whether `aemviewer get` takes a list (`--from-file`, issue 7)."""
    shown = subprocess.run([*AEMVIEWER, "get", "--help"], capture_output=True, text=True, check=True)
    return "--from-file" in shown.stdout


def sides() -> list[str]:
    chosen = os.environ.get("AEMVIEWER_BENCH_BATCH")
    if chosen:
        return [chosen]
    return ["cli", "driver"] if cli_has_batches() else ["driver"]


def check(folder: Path, count: int, total: int) -> None:
    """Every side must have saved every file completely, or its time means nothing."""
    files = list(folder.iterdir())
    saved = sum(path.stat().st_size for path in files)
    if len(files) != count or saved != total:
        raise RuntimeError(
            f"{folder}: {len(files)} files, {saved} bytes; expected {count} files, {total} bytes"
        )


def main() -> None:
    require("curl")
    require("xargs")
    section = Section(f"Batch: 500 renditions, {JOBS} jobs")
    measured = sides()
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as temporary:
        root = Path(temporary)
        made = renditions(root / "library")
        total = sum(item.size for item in made)
        with emulator_process(root / "library") as base_url:
            endpoints = DeliveryEndpoints(base_url)
            named = [
                (
                    f"{index:03d}-{item.name}",
                    endpoints.rendition(item.asset_id, item.name, seo_name=item.name),
                )
                for index, item in enumerate(made)
            ]
            listing, urls = root / "list.txt", root / "urls.txt"
            listing.write_text("".join(f"{name} {url}\n" for name, url in named))
            urls.write_text("".join(f"{url}\n" for _name, url in named))

            def curl(folder: Path) -> float:
                pairs = root / "curl.txt"
                pairs.write_text("".join(f"{folder / name} {url}\n" for name, url in named))
                with pairs.open() as lines:
                    return timed(["xargs", f"-P{JOBS}", "-L1", "curl", "-sS", "--fail", "-o"], stdin=lines)

            def cli(folder: Path) -> float:
                command = [*AEMVIEWER, "--base-url", base_url, "get", "--from-file", str(urls)]
                command += ["--jobs", str(JOBS), "-o", str(folder)]
                return timed(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

            def driver(folder: Path) -> float:
                command = [
                    PYTHON,
                    "-m",
                    "benchmarks.batch_driver",
                    str(listing),
                    str(folder),
                    "--jobs",
                    str(JOBS),
                ]
                return timed(command, stdout=subprocess.DEVNULL)

            runners: dict[str, Callable[[Path], float]] = {"curl": curl, "cli": cli, "driver": driver}
            times: dict[str, list[float]] = {side: [] for side in ("curl", *measured)}
            for run in range(RUNS):
                for side in times:
                    folder = root / f"{side}-{run}"
                    folder.mkdir()
                    times[side].append(runners[side](folder))
                    check(folder, len(made), total)
                    shutil.rmtree(folder)
    reference = median(times["curl"])
    for side in measured:
        seconds = median(times[side])
        section.add(
            Row(
                f"500 renditions ({total / 2**20:.0f} MiB), {LABELS[side]}, median of {RUNS}",
                f"{seconds:.2f} s ({len(made) / seconds:.0f} files/s)",
                f"xargs -P{JOBS} curl: {reference:.2f} s ({len(made) / reference:.0f} files/s)",
                ratio(reference / seconds),
                f"≥ {TARGET:.2f}×" if side == "cli" else "",
                reference / seconds >= TARGET if side == "cli" else None,
            )
        )
    if "cli" not in measured:
        section.notes.append(
            "`aemviewer get --from-file` was not measured (no --from-file, or AEMVIEWER_BENCH_BATCH)."
        )
    emit(section)


if __name__ == "__main__":
    main()
