"""Metadata out of the window: TSV for the clipboard, CSV and JSON files written atomically off
the GUI thread."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex

from aemviewer.delivery.metadata import Metadata
from aemviewer.saving.filenames import safe_file_name
from aemviewer.ui.common.file_saving import save_atomically, write_atomically
from aemviewer.ui.metadata.values import MetadataEntry

CSV_HEADER = ("Section", "Key", "Property", "Value", "Value as sent", "Type")


def tsv(rows: Iterable[Sequence[str]]) -> str:
    """Tab-separated lines, as spreadsheets paste them. Tabs and line breaks inside a cell become
    spaces (one cell stays one cell)."""
    return "".join("\t".join(_cell(text) for text in row) + "\n" for row in rows)


def selection_tsv(indexes: Iterable[QModelIndex]) -> str:
    """Selected cells as TSV: one line per row, the selected columns in order, empty cells where a
    row lacks a column. One cell alone is its text (no line break), ready to paste into a field."""
    ordered = sorted(indexes, key=lambda index: (index.row(), index.column()))
    if not ordered:
        return ""
    if len(ordered) == 1:
        return str(ordered[0].data() or "").strip()
    columns = sorted({index.column() for index in ordered})
    cells = {(index.row(), index.column()): str(index.data() or "").strip() for index in ordered}
    rows = sorted({index.row() for index in ordered})
    return tsv([cells.get((row, column), "") for column in columns] for row in rows)


def _cell(text: str) -> str:
    return (
        " ".join(text.replace("\t", " ").splitlines())
        if ("\n" in text or "\r" in text)
        else (text.replace("\t", " "))
    )


def csv_rows(entries: Iterable[MetadataEntry]) -> list[Sequence[str]]:
    """One row per property (lists as one row), with the value as shown and as sent."""
    rows: list[Sequence[str]] = [CSV_HEADER]
    rows.extend(
        (entry.section, entry.key, entry.label, entry.display, entry.raw_text, entry.type_text)
        for entry in entries
    )
    return rows


def csv_bytes(entries: Iterable[MetadataEntry]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte order mark, so that spreadsheet programs read accents and
    non-Latin text correctly when the file is opened by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(csv_rows(entries))
    return buffer.getvalue().encode("utf-8-sig")


async def export_csv(path: Path, entries: list[MetadataEntry]) -> Path:
    """Write the CSV of `entries` to `path` atomically, in a worker thread. Raises `LocalFileError`."""

    def write() -> None:
        write_atomically(path, csv_bytes(entries))

    await asyncio.to_thread(write)
    return path


async def export_json(path: Path, metadata: Metadata) -> Path:
    """Write the server's document to `path` byte for byte (atomically, in a worker thread)."""
    return await save_atomically(path, metadata.raw)


def export_file_name(metadata: Metadata | None, extension: str) -> str:
    """`<file stem>-metadata.<extension>`, from the DAM file name, else the asset id."""
    stem = "asset"
    if metadata is not None:
        if metadata.file_name:
            stem = metadata.file_name.rsplit(".", 1)[0] or metadata.file_name
        elif metadata.asset_id:
            stem = metadata.asset_id.rsplit(":", 1)[-1]
    return safe_file_name(f"{stem}-metadata.{extension}", fallback=f"metadata.{extension}")
