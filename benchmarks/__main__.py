"""`python -m benchmarks` (`make bench`): run every benchmark, each in a fresh process, and print a
Markdown report: the machine, then per benchmark its rows (ours, the reference from the same run,
the ratio, the target and whether it was met), then the targets missed.

    python -m benchmarks [--only NAME ...] [--output FILE]
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from .common import PYTHON, REPO, Section, machine

BENCHMARKS = (
    "startup",
    "preview",
    "drag",
    "responsiveness",
    "download",
    "batch",
    "emulator_load",
    "encoders",
    "emulator_memory",
)


def run(name: str) -> Section:
    """Run `benchmarks.<name>` in its own process; its last stdout line is its `Section`."""
    started = time.perf_counter()
    print(f"benchmarks: {name} …", file=sys.stderr, flush=True)
    finished = subprocess.run(
        [PYTHON, "-m", f"benchmarks.{name}"],
        cwd=REPO,
        env={**with_bytecode(os.environ), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = finished.stdout.strip().splitlines()
    if finished.returncode != 0 or not lines:
        tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"benchmarks: {name} failed (exit code {finished.returncode}):\n{tail}")
    print(f"benchmarks: {name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return Section.from_json(lines[-1])


def with_bytecode(environment: Mapping[str, str]) -> dict[str, str]:
    """`environment` without PYTHONDONTWRITEBYTECODE: an installed aemviewer has its bytecode
    compiled, so the benchmarks measure it that way (compiling ~500 modules from source at every
    start would add 0.1–0.3 s to every start-up and command row)."""
    return {name: value for name, value in environment.items() if name != "PYTHONDONTWRITEBYTECODE"}


def compile_bytecode() -> None:
    """Compile aemviewer and the benchmarks ahead, as `pip install` does for a wheel."""
    for package in ("aemviewer", "benchmarks"):
        compileall.compile_dir(REPO / package, quiet=1)


def commit() -> str:
    described = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=False
    )
    return described.stdout.strip() or "unknown"


def render(sections: list[Section], load_before: float, load_after: float, seconds: float) -> str:
    facts = machine()
    lines = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC at commit `{commit()}`, {seconds:.0f} s in all.",
        "",
        f"Machine: {facts['nproc']} cores, {facts['cpu']}, {facts['memory']} memory; {facts['os']}; "
        f"Python {facts['python']}. Load average {load_before:.2f} before, {load_after:.2f} after. "
        "Bytecode compiled beforehand, as installed.",
        "",
    ]
    missed: list[str] = []
    for section in sections:
        lines += [
            f"### {section.title}",
            "",
            "| measure | aemviewer | reference (same run) | ratio | target | met |",
        ]
        lines.append("|---|---|---|---|---|---|")
        for row in section.rows:
            met = "" if row.met is None else ("yes" if row.met else "**no**")
            lines.append(
                f"| {row.measure} | {row.ours} | {row.reference} | {row.ratio} | {row.target} | {met} |"
            )
            if row.met is False:
                missed.append(f"{section.title}: {row.measure} — {row.ours} (target {row.target})")
        lines.append("")
        lines += [f"- {note}" for note in section.notes]
        lines.append("")
    lines += ["### Targets missed", ""]
    lines += [f"- {item}" for item in missed] or ["- none"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these benchmarks")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    started = time.perf_counter()
    compile_bytecode()
    load_before = os.getloadavg()[0]
    sections = [run(name) for name in args.only or BENCHMARKS]
    report = render(sections, load_before, os.getloadavg()[0], time.perf_counter() - started)
    print(report)
    if args.output is not None:
        args.output.write_text(report)


if __name__ == "__main__":
    main()
