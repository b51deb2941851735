"""The end of a batch: what was saved, what failed and why, as a table and as CSV; the exit code.

Exit code rule (the command line's): 0 only when every file was saved (a duplicate line counts as
saved: its file is); otherwise the highest exit code among the failures. The codes are ordered so
that the highest is the failure to act on first: 6 local file (disk full, folder not writable —
every later file fails the same way) > 5 network or server > 4 authentication > 3 not found >
2 bad input (a malformed line) > 1 other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from aemviewer.delivery.errors import DeliveryError, ExitCode

CSV_COLUMNS = ("line", "entry", "what", "outcome", "file", "bytes", "url", "error", "hint", "exit_code")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Outcome(StrEnum):
    """How one file of a batch ended."""

    SAVED = "saved"
    FAILED = "failed"
    DUPLICATE = "duplicate"
    """Listed twice: saved once, under the first line's name."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One row of the summary."""

    line: int
    entry: str
    what: str
    outcome: Outcome
    path: Path | None = None
    byte_count: int = 0
    url: str | None = None
    error: DeliveryError | None = None
    note: str = ""

    @property
    def exit_code(self) -> ExitCode:
        return self.error.exit_code if self.error is not None else ExitCode.OK

    @property
    def reason(self) -> str:
        """Why it failed (or the note), in one line."""
        if self.error is not None:
            return self.error.message
        return self.note


def exit_code_for(codes: Iterable[ExitCode]) -> ExitCode:
    """The batch's exit code: OK when there are no failures, else the highest failure code."""
    return max(codes, default=ExitCode.OK)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Every file of a batch and how it ended, in list order."""

    results: tuple[BatchResult, ...]

    @property
    def saved(self) -> list[BatchResult]:
        return [result for result in self.results if result.outcome is not Outcome.FAILED]

    @property
    def failed(self) -> list[BatchResult]:
        return [result for result in self.results if result.outcome is Outcome.FAILED]

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_for(result.exit_code for result in self.failed)

    def describe(self) -> str:
        """`38 of 40 files saved, 2 failed, 1 duplicate line (saved once)` (one line).

        A duplicate line names a file already counted, so it is no file of its own: the numbers add
        up to the files the batch queued plus the lines that could not be used."""
        duplicates = sum(result.outcome is Outcome.DUPLICATE for result in self.results)
        total = len(self.results) - duplicates
        failed = len(self.failed)
        text = f"{total - failed} of {total} file{'s' if total != 1 else ''} saved"
        if failed:
            text += f", {failed} failed"
        if duplicates:
            text += f", {duplicates} duplicate line{'s' if duplicates != 1 else ''} (saved once)"
        return text

    def csv_text(self) -> str:
        """The summary as CSV (one row per file, `CSV_COLUMNS`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for result in self.results:
            writer.writerow(
                [
                    _cell(value)
                    for value in (
                        result.line,
                        result.entry,
                        result.what,
                        result.outcome.value,
                        str(result.path) if result.path else "",
                        result.byte_count if result.outcome is Outcome.SAVED else "",
                        result.url or "",
                        result.reason,
                        result.error.hint if result.error is not None else "",
                        int(result.exit_code),
                    )
                ]
            )
        return buffer.getvalue()

    def write_csv(self, path: Path) -> None:
        """Write `csv_text()` to `path` (blocking; UTF-8 with a BOM, which spreadsheets need)."""
        path.write_text(self.csv_text(), encoding="utf-8-sig")


def _cell(value: object) -> object:
    # Text from servers and lists must not become a formula when the CSV opens in a spreadsheet.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
