"""The disk side of a download: file work off the event loop, free space, fsync, the final name.

Disk writes run in a worker thread, so an event loop that also drives a window never waits for the
disk. A finished part gets its final name with a hard link when nothing may be overwritten (atomic:
a file that appeared meanwhile wins), with `os.replace` when overwriting was asked for.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, ParamSpec, TypeVar

from aemviewer.delivery.errors import LocalFileError, TargetExists
from aemviewer.saving.atomic_write import sync_folder
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.filenames import unique_path
from aemviewer.saving.working_files import TEMP_SUFFIX, temp_prefix

P = ParamSpec("P")
T = TypeVar("T")


async def in_thread(target: Path, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking file work in a worker thread; an `OSError` becomes the `LocalFileError` for `target`."""
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except OSError as exc:
        raise local_error(exc, target) from exc


def check_writable_folder(folder: Path) -> None:
    """`LocalFileError` when files cannot be saved in the existing `folder`: a virtual file system
    (such as /proc) or a folder without write permission."""
    if shutil.disk_usage(folder).total == 0:
        # /proc, /sys and their kind report a size of 0: "0 bytes free" or "no such file" would
        # send the user looking for space or a typo when the folder cannot hold files at all.
        raise LocalFileError(
            f"{folder} is not a folder files can be saved in (it belongs to a virtual file system). "
            "Nothing was downloaded.",
            hint="Choose a folder on a disk, such as your Downloads folder.",
        )
    if not os.access(folder, os.W_OK):
        raise LocalFileError(
            f"The folder {folder} cannot be written (permission denied). Nothing was downloaded.",
            hint="Choose a folder you can write to, or change its permissions.",
        )


def check_free_space(folder: Path, expected: int | None) -> None:
    """`LocalFileError` when `folder` is missing or has fewer than `expected` bytes free."""
    if not folder.is_dir():
        raise LocalFileError(
            f"The folder {folder} does not exist.", hint="Create it or choose another folder."
        )
    if expected is None:
        return
    free = shutil.disk_usage(folder).free
    if expected > free:
        raise LocalFileError(
            f"{folder} has {free:,} bytes free; the file needs {expected:,} more. Nothing was downloaded.",
            hint="Free some space or choose a folder on another disk.",
        )


def resolve_existing(target: Path, existing: ExistingFile) -> Path:
    """`target`, `name (1).ext` for RENAME when it exists, or `TargetExists` for REFUSE."""
    if not target.exists() or existing is ExistingFile.OVERWRITE:
        return target
    if existing is ExistingFile.RENAME:
        return unique_path(target)
    raise TargetExists(
        f"{target} exists; nothing was written.",
        hint="Choose another name, or overwrite it (--force), or keep both (--rename).",
    )


def save_bytes(data: bytes, target: Path, existing: ExistingFile) -> Path:
    """Write a small file (a report) under the same rule as downloads: complete or not at all, and
    an existing file only replaced with OVERWRITE. Blocking; returns the path it got. Raises
    `TargetExists` or `OSError`."""
    target = resolve_existing(target, existing)
    handle, temporary_name = tempfile.mkstemp(
        prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            flush_and_sync(stream)
        return publish(temporary, target, existing)
    finally:
        temporary.unlink(missing_ok=True)


def flush_and_sync(handle: BinaryIO) -> None:
    """Push the written bytes to the disk itself, not only to the OS's cache."""
    handle.flush()
    os.fsync(handle.fileno())


def publish(part: Path, target: Path, existing: ExistingFile) -> Path:
    """Give the finished part its final name; returns the name it got."""
    if existing is ExistingFile.OVERWRITE:
        part.replace(target)
    else:
        while True:
            try:
                # A hard link fails when the target exists, so a file that appeared meanwhile is kept.
                os.link(part, target)
                break
            except FileExistsError:
                if existing is not ExistingFile.RENAME:
                    raise TargetExists(
                        f"{target} appeared while downloading; it was kept and nothing was overwritten.",
                        hint="Choose another name, or overwrite it (--force), or keep both (--rename).",
                    ) from None
                target = unique_path(target)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                # File systems without hard links (FAT, some network shares): check, then rename.
                if target.exists():
                    raise TargetExists(f"{target} exists; nothing was overwritten.") from exc
                part.replace(target)
                break
        part.unlink(missing_ok=True)
    sync_folder(target.parent)
    return target


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
}


def local_error(exc: OSError, target: Path, *, partial_removed: bool = True) -> LocalFileError:
    """The `LocalFileError` a user sees for a failed disk operation on `target` (`partial_removed`:
    a download's partial file existed and was removed)."""
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    removed = " The partial file was removed." if partial_removed else ""
    return LocalFileError(
        f"Could not write {target}: {reason}.{removed}",
        hint="Free some space, or choose a folder you can write to, then try again.",
    )
