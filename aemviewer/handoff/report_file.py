"""The report as a file: rendered, then written atomically (temporary file, fsync, rename)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aemviewer.handoff.report import ReportContents
from aemviewer.handoff.report_html import render_report
from aemviewer.saving.atomic_write import write_user_file


def write_report(contents: ReportContents, target: Path, *, secrets: Iterable[str] = ()) -> int:
    """Render `contents` (with `secrets` redacted) to `target`; the bytes written. The caller has
    checked that replacing an existing `target` is wanted. Raises `LocalFileError`."""
    data = render_report(contents, secrets=secrets).encode("utf-8")
    write_user_file(
        target, data, what="The report", hint="Choose a folder you can write to, with free space."
    )
    return len(data)
