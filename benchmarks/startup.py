"""Start-up: `aemviewer` in demo mode to the first preview painted, and to its window shown, against
a bare PySide6 window started the same way (same interpreter, alternating runs): offscreen, and on
a real X server (Xvfb) when one is installed (`scripts/system-deps.sh --screen`).

Each run is a fresh process with fresh settings (XDG_CONFIG_HOME in a temporary folder), timed from
the moment before it was spawned (benchmarks/startup_probe.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from .common import PYTHON, REPO, Row, Section, emit, median, percentile

RUNS = 7
PREVIEW_TARGET = 1.0
SHOWN_RATIO_TARGET = 2.0


OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def start(mode: str, platform: Mapping[str, str] = OFFSCREEN) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as config:
        environment = {**os.environ, **platform, "XDG_CONFIG_HOME": config}
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


@contextmanager
def xvfb() -> Iterator[dict[str, str] | None]:
    """The environment of a fresh Xvfb screen (1920 × 1080), or None when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    # Xvfb picks a free display and writes its number to the pipe once it accepts clients.
    ready, told = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(told), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(told,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(told)
    try:
        with os.fdopen(ready) as announced:
            number = announced.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit code {server.wait(10)})")
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}
    finally:
        server.terminate()
        server.wait(10)


def measure(section: Section, where: str, platform: Mapping[str, str]) -> None:
    app: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    start("bare", platform)  # the first start of anything pays for cold files; not counted
    for _run in range(RUNS):
        bare.append(start("bare", platform))
        app.append(start("app", platform))
    previews = [run["preview"] for run in app]
    shown_app = median([run["shown"] for run in app])
    shown_bare = median([run["shown"] for run in bare])
    p95 = percentile(previews, 95)
    section.add(
        Row(
            f"{where}: `aemviewer` → first preview painted ({RUNS} runs)",
            f"p50 {median(previews):.2f} s, p95 {p95:.2f} s",
            "",
            "",
            f"≤ {PREVIEW_TARGET:.1f} s",
            p95 <= PREVIEW_TARGET,
        )
    )
    section.add(
        Row(
            f"{where}: `aemviewer` → window shown (p50 of {RUNS})",
            f"{shown_app:.2f} s",
            f"bare PySide6 QMainWindow: {shown_bare:.2f} s",
            f"{shown_app / shown_bare:.2f}× the bare window",
            f"≤ {SHOWN_RATIO_TARGET:.0f}×",
            shown_app / shown_bare <= SHOWN_RATIO_TARGET,
        )
    )


def main() -> None:
    section = Section("Start-up (demo mode)")
    measure(section, "offscreen", OFFSCREEN)
    with xvfb() as screen:
        if screen is None:
            section.notes.append("Xvfb is not installed (scripts/system-deps.sh --screen): no X server rows.")
        else:
            measure(section, "Xvfb", screen)
    emit(section)


if __name__ == "__main__":
    main()
