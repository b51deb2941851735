"""Write bytes the window already holds (exports, lists) to disk atomically, off the GUI thread.

A temporary file in the target folder is written, flushed to disk and renamed over the target, so
a crash or a full disk never leaves a half-written image under the user's chosen name.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aemviewer.saving.atomic_write import write_user_file


async def save_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` in a worker thread; returns `path`. Raises `LocalFileError`."""
    await asyncio.to_thread(write_atomically, path, data)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """The blocking write behind `save_atomically` (temp file, fsync, rename)."""
    write_user_file(
        path,
        data,
        what="The file",
        hint="Check the free space and permissions of the folder, then save again.",
    )
