"""Write bytes the window already holds (exports, lists) to disk atomically, off the GUI thread.

A temporary file in the target folder is written, flushed to disk and renamed over the target, so
a crash or a full disk never leaves a half-written image under the user's chosen name.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aemviewer.delivery.errors import LocalFileError
from aemviewer.saving.atomic_write import replace_atomically


async def save_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` in a worker thread; returns `path`. Raises `LocalFileError`."""
    await asyncio.to_thread(write_atomically, path, data)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """The blocking write behind `save_atomically` (temp file, fsync, rename)."""
    try:
        # A saved image should be readable like any other download, not 0600 like a temp file.
        # (Reading the umask means setting it, which races with other threads: use the common 0644.)
        replace_atomically(path, data, mode=0o644)
    except OSError as error:
        raise LocalFileError(
            f"Cannot write into {path.parent}: saving {path.name} failed ({error.strerror or error}).",
            hint="Check the free space and permissions of the folder, then save again.",
        ) from error
