"""One download of a URL into a folder at a time, across processes.

Two `aemviewer get` of the same URL into the same folder would both continue the same part and
interleave their bytes. A download therefore holds an OS lock on `.aemviewer-<hash of the URL>.lock`
in the folder while it runs; a second process is told at once that the file is already being
downloaded. The OS drops the lock when its process dies (even by kill -9), so a crash never leaves
a folder locked. Within one process the downloads of a queue are kept apart by `NameRegistry`, so
the lock is taken once per process and shared.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from aemviewer.delivery.errors import DownloadInProgress
from aemviewer.saving.disk import local_error
from aemviewer.saving.working_files import MARKER

_held: dict[Path, tuple[int, int]] = {}
"""Lock file → (descriptor, users in this process)."""
_guard = threading.Lock()


def lock_path(folder: Path, url: str) -> Path:
    """The lock file of downloads of `url` into `folder`."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]
    return folder / f"{MARKER}{digest}.lock"


@contextlib.contextmanager
def download_lock(folder: Path, url: str) -> Iterator[None]:
    """Hold the lock of `url` in `folder`; `DownloadInProgress` when another process holds it,
    `LocalFileError` when the lock file cannot be created."""
    path = lock_path(folder, url)
    with _guard:
        if path in _held:
            descriptor, users = _held[path]
            _held[path] = (descriptor, users + 1)
        else:
            _held[path] = (_acquire(path, url), 1)
    try:
        yield
    finally:
        with _guard:
            descriptor, users = _held[path]
            if users > 1:
                _held[path] = (descriptor, users - 1)
            else:
                del _held[path]
                # Deleted while still locked, so that no other process can have locked this file.
                with contextlib.suppress(OSError):
                    path.unlink()
                os.close(descriptor)


def _acquire(path: Path, url: str) -> int:
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise local_error(exc, path, partial_removed=False) from exc
        try:
            _lock(descriptor)
        except OSError:
            os.close(descriptor)
            raise DownloadInProgress(
                f"{url} is already being downloaded into {path.parent} by another aemviewer.",
                hint="Wait for that download to finish (or stop it), then run this one again.",
                url=url,
            ) from None
        # The holder before us may have deleted the file between our open and our lock: a lock on
        # a deleted file excludes nobody, so start over with the file that is there now.
        try:
            current = path.stat()
        except FileNotFoundError:
            os.close(descriptor)
            continue
        mine = os.fstat(descriptor)
        if (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
            return descriptor
        os.close(descriptor)


if sys.platform == "win32":
    import msvcrt

    def _lock(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
