"""One look at a batch's target folder before its downloads start.

Each download on its own cleans the folder's stale working files and reads the note of a part it
might continue (`transfer.py`); for a batch of 500 files that was 500 directory listings and 500
failed opens. A batch scans the folder once instead: it cleans the leftovers, and lists the notes
(`NAME.aemviewer-part.json`) that earlier runs left. A download of the batch then reads a note only
where one was found: any part made after the scan belongs to this batch, whose names are its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aemviewer.saving.working_files import SIDECAR_SUFFIX, clean_leftovers


@dataclass(frozen=True, slots=True)
class FolderScan:
    """The parts with notes that a folder held when a batch started (after one clean-up)."""

    folder: Path
    noted_parts: frozenset[str]
    """File names `NAME` whose `NAME.aemviewer-part.json` existed."""

    def may_continue(self, name: str) -> bool:
        """Whether an earlier run may have left a part of `name` to continue."""
        return name in self.noted_parts


def scan_folder(folder: Path) -> FolderScan:
    """Clean `folder`'s stale working files and list the notes of parts in it. Blocking; raises
    `OSError` when the folder cannot be listed."""
    clean_leftovers(folder)
    with os.scandir(folder) as entries:
        noted = frozenset(
            entry.name[: -len(SIDECAR_SUFFIX)]
            for entry in entries
            if entry.name.endswith(SIDECAR_SUFFIX) and len(entry.name) > len(SIDECAR_SUFFIX)
        )
    return FolderScan(folder, noted)
