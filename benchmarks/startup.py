"""Start-up: `aemviewer` in demo mode to the first preview painted, and to its window shown, against
a bare PySide6 window started the same way (same interpreter, offscreen, alternating runs).

Each run is a fresh process with fresh settings (XDG_CONFIG_HOME in a temporary folder), timed from
the moment before it was spawned (benchmarks/startup_probe.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time

from .common import PYTHON, REPO, Row, Section, emit, median, percentile

RUNS = 7
PREVIEW_TARGET = 1.0
SHOWN_RATIO_TARGET = 2.0


def start(mode: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as config:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config}
        environment["AEMVIEWER_BENCH_T0"] = repr(time.monotonic())
        finished = subprocess.run(
            [PYTHON, "-m", "benchmarks.startup_probe", mode],
            env=environment,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    moments: dict[str, float] = json.loads(finished.stdout.strip().splitlines()[-1])
    if moments.get("code") != 0 or "shown" not in moments or (mode == "app" and "preview" not in moments):
        raise RuntimeError(f"{mode} start-up did not finish: {moments}\n{finished.stderr}")
    return moments


def main() -> None:
    section = Section("Start-up (offscreen, demo mode)")
    app: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    start("bare")  # the first start of anything pays for cold files; not counted
    for _run in range(RUNS):
        bare.append(start("bare"))
        app.append(start("app"))
    previews = [run["preview"] for run in app]
    shown_app = median([run["shown"] for run in app])
    shown_bare = median([run["shown"] for run in bare])
    p95 = percentile(previews, 95)
    section.add(
        Row(
            f"`aemviewer` → first preview painted ({RUNS} runs)",
            f"p50 {median(previews):.2f} s, p95 {p95:.2f} s",
            "",
            "",
            f"≤ {PREVIEW_TARGET:.1f} s",
            p95 <= PREVIEW_TARGET,
        )
    )
    section.add(
        Row(
            f"`aemviewer` → window shown (p50 of {RUNS})",
            f"{shown_app:.2f} s",
            f"bare PySide6 QMainWindow: {shown_bare:.2f} s",
            f"{shown_app / shown_bare:.2f}× the bare window",
            f"≤ {SHOWN_RATIO_TARGET:.0f}×",
            shown_app / shown_bare <= SHOWN_RATIO_TARGET,
        )
    )
    emit(section)


if __name__ == "__main__":
    main()
