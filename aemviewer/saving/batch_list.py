"""The list of a batch: ids or delivery URLs, pasted or read from a text or CSV file.

A text list has one reference per line (blank lines and `#` comments are skipped). A CSV list has a
header naming the column with the references (`id`, `asset`, `url`, …); without one, each row's
first cell that names an asset is used. Every line that names none becomes an entry with the error
that says why, so that the batch summary can list it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aemviewer.delivery.errors import DeliveryError, InvalidInput, LocalFileError
from aemviewer.delivery.reference import AssetRef, parse_reference

MAX_LIST_BYTES = 20 * 1000 * 1000
"""Largest list file read (about 200,000 URLs)."""
ID_COLUMNS = ("id", "asset", "asset id", "asset_id", "assetid", "url", "delivery url", "reference", "urn")
"""CSV header names (compared case-insensitively) of the column that holds the references."""


@dataclass(frozen=True, slots=True)
class BatchEntry:
    """One line of the list: the reference it names, or why it names none."""

    line: int
    text: str
    ref: AssetRef | None = None
    error: DeliveryError | None = None


def parse_batch_list(text: str, *, csv_format: bool | None = None) -> list[BatchEntry]:
    """The entries of a list: one id or URL per line (blank lines and `#` comments skipped), or
    CSV rows (`csv_format=None` decides from a header naming an id/URL column)."""
    lines = text.splitlines()
    if csv_format is None:
        csv_format = _has_csv_header(lines)
    if csv_format:
        return _csv_entries(text)
    entries = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            entries.append(_entry(number, stripped))
    return entries


def read_batch_file(path: Path) -> list[BatchEntry]:
    """The entries of a list file (`.csv` as CSV); blocking. `LocalFileError` when unreadable."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise LocalFileError(
            f"Cannot read the list {path}: {exc.strerror or exc}.",
            hint="Check the file name and its permissions.",
        ) from exc
    if len(data) > MAX_LIST_BYTES:
        raise InvalidInput(
            f"The list {path} is larger than {MAX_LIST_BYTES:,} bytes.", hint="Split it into smaller lists."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # spreadsheets on Windows still write this
    return parse_batch_list(text, csv_format=True if path.suffix.lower() == ".csv" else None)


def _entry(line: int, text: str) -> BatchEntry:
    try:
        return BatchEntry(line, text, ref=parse_reference(text))
    except InvalidInput as error:
        return BatchEntry(line, text, error=error)


def _has_csv_header(lines: Sequence[str]) -> bool:
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    cells = next(csv.reader([first], _dialect(first)), [])
    return len(cells) > 1 and any(cell.strip().lower() in ID_COLUMNS for cell in cells)


def _dialect(sample: str) -> type[csv.Dialect]:
    delimiter = max((",", ";", "\t"), key=sample.count)
    return type("ListDialect", (csv.excel,), {"delimiter": delimiter})


def _csv_entries(text: str) -> list[BatchEntry]:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    rows = csv.reader(io.StringIO(text), _dialect(first_line))
    column: int | None = None
    first_row = True
    entries = []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if first_row:
            first_row = False
            column = next((i for i, cell in enumerate(cells) if cell.lower() in ID_COLUMNS), None)
            if column is not None:
                continue  # the header
        if column is not None:
            cell = cells[column] if column < len(cells) else ""
            entries.append(_entry(number, cell) if cell else _missing(number, row))
            continue
        # No header: the first cell that names an asset.
        parsed = [_entry(number, cell) for cell in cells if cell]
        usable = next((entry for entry in parsed if entry.ref is not None), None)
        entries.append(usable or _unusable(number, row))
    return entries


def _missing(line: int, row: list[str]) -> BatchEntry:
    return BatchEntry(
        line,
        ",".join(row),
        error=InvalidInput(
            f"Line {line} has no id or URL in its id column.", hint="Fill in the column or remove the row."
        ),
    )


def _unusable(line: int, row: list[str]) -> BatchEntry:
    text = ",".join(row)
    return BatchEntry(
        line,
        text,
        error=InvalidInput(
            f"Line {line} ({text[:80]!r}) holds no asset id or delivery URL.",
            hint="Each row needs a cell with an id (urn:aaid:aem:…) or a delivery URL.",
        ),
    )
