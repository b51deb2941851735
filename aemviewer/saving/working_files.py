"""The names of the files this app writes on its way to a finished file, and their clean-up.

Every working file carries the marker `.aemviewer-` in its name: a download's part
(`NAME.aemviewer-part`) and its note (`NAME.aemviewer-part.json`), a small file being replaced
(`.NAME.aemviewer-1a2b3c4d.tmp`), the lock of a download in progress (`.aemviewer-<hash>.lock`). So the
app never mistakes another program's `NAME.part` or `NAME.tmp` for its own, and a name a server
proposes is changed when it carries the marker (`safe_file_name`), so that it cannot collide with one.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

MARKER = ".aemviewer-"
PART_SUFFIX = f"{MARKER}part"
SIDECAR_SUFFIX = f"{PART_SUFFIX}.json"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 15 * 60.0
"""Seconds after which a temporary file is a leftover: replacing a small file takes milliseconds,
so only a process killed (or a disk that filled up) in the middle leaves one this old."""


_TEMP_NAME = re.compile(rf"\..+{re.escape(MARKER)}[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}")
"""What `tempfile.mkstemp(prefix=temp_prefix(…), suffix=TEMP_SUFFIX)` names: 8 random characters."""


def temp_prefix(target: Path) -> str:
    """The start of the name of a temporary file that will replace `target` (`tempfile` adds the rest)."""
    return f".{target.name}{MARKER}"


def without_marker(name: str) -> str:
    """`name` with the working-file marker defused (`x.aemviewer-part` → `x.aemviewer_part`)."""
    return name.replace(MARKER, MARKER[:-1] + "_")


def clean_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete the temporary files that an interrupted write of this app left in `folder` (only
    names that carry the marker, only when older than `STALE_AFTER`); returns what was deleted.
    Files that cannot be read or deleted are left alone: cleaning is never worth a failure."""
    deadline = (time.time() if now is None else now) - STALE_AFTER
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f".*{MARKER}*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        if not _TEMP_NAME.fullmatch(path.name):
            continue
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < deadline:
                path.unlink()
                removed.append(path)
    return removed
