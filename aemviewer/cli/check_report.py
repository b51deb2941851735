"""How `aemviewer check` shows results: a progress line on a terminal, a table, the JUnit file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aemviewer.cli.console import Console
from aemviewer.delivery.printable import printable
from aemviewer.qa.checks.results import CheckResult, Outcome, counts
from aemviewer.saving.atomic_write import write_user_file

_MARKS = {Outcome.PASSED: "ok", Outcome.FAILED: "FAIL", Outcome.ERROR: "ERROR"}


class CheckProgress:
    """`checked 12/40, 1 failed` rewritten in place on a terminal; nothing when stderr is not one
    (CI logs get the table, not a line per check)."""

    def __init__(self, console: Console) -> None:
        self.stream = console.err if console.err.isatty() else None
        self.not_passed = 0

    def __call__(self, result: CheckResult, done: int, total: int) -> None:
        self.not_passed += not result.passed
        if self.stream is not None:
            self.stream.write(f"\rchecked {done}/{total}, {self.not_passed} not passed")
            self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def results_table(results: Sequence[CheckResult]) -> list[str]:
    """Aligned lines: outcome, asset, check, what was found; then the totals."""
    # The server's words (header values, metadata) pass through `printable`: they cannot act on
    # the terminal.
    rows = [
        (_MARKS[result.outcome], printable(result.asset), printable(result.check), printable(result.message))
        for result in results
    ]
    headings = ("result", "asset", "check", "found")
    widths = [max(len(row[column]) for row in [headings, *rows]) for column in range(3)]
    lines = [
        "  ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])), row[3]]).rstrip()
        for row in [headings, *rows]
    ]
    tally = counts(results)
    lines.append("")
    lines.append(
        f"{len(results)} checks: {tally[Outcome.PASSED]} passed, {tally[Outcome.FAILED]} failed, "
        f"{tally[Outcome.ERROR]} could not run"
    )
    return lines


def write_report_file(path: Path, data: bytes) -> None:
    """Write a report (JUnit XML) atomically; `LocalFileError` when it cannot be written."""
    write_user_file(
        path,
        data,
        what="The JUnit report",
        hint="Choose another --junit file, in a folder that exists and is writable.",
    )
