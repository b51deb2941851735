"""Write delivered bytes to disk atomically, off the GUI thread.

A temporary file in the target folder is written, flushed to disk and renamed over the target, so
a crash or a full disk never leaves a half-written image under the user's chosen name.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aemviewer.delivery.atomic_write import replace_atomically
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import LocalFileError
from aemviewer.delivery.filenames import name_from_content_disposition, safe_file_name

_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
}


def suggested_file_name(url: str, delivery: Delivery) -> str:
    """The name to offer in the save dialog: the server's Content-Disposition name, else the URL's
    name with the extension of the type actually delivered (a .jpg path may deliver WebP)."""
    proposed = name_from_content_disposition(delivery.header("Content-Disposition"))
    if proposed:
        return safe_file_name(proposed)
    last = url.split("?", 1)[0].rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last else "image"
    return safe_file_name(f"{stem}.{_EXTENSIONS.get(delivery.media_type, 'bin')}")


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
