"""Saving a delivered body to disk so that a file under its final name is always complete.

The body streams into `<name>.aemviewer-part` in the target folder (so the final rename never crosses file
systems), its size is checked against `Content-Length`, the data is fsynced, and only then does the
file get its name: with a hard link when nothing may be overwritten (atomic: an existing file wins),
with `os.replace` when overwriting was asked for. Disk writes run in a worker thread, so an event loop
that also drives a window never waits for the disk.

`save_stream` saves an answer that is already open, in one go; `transfer.download` is the resumable
download that the window, `aemviewer get` and batches use. Both share the helpers here.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, ParamSpec, TypeVar

from aemviewer.delivery.errors import LocalFileError, NetworkError, TargetExists
from aemviewer.delivery.streaming import DeliveryStream
from aemviewer.saving.atomic_write import sync_folder
from aemviewer.saving.filenames import (
    extension_for,
    name_from_content_disposition,
    safe_file_name,
    unique_path,
)
from aemviewer.saving.working_files import PART_SUFFIX, TEMP_SUFFIX, temp_prefix

P = ParamSpec("P")
T = TypeVar("T")

ProgressCallback = Callable[[int, int | None], None]
"""Called with (bytes in the file so far, bytes expected in all or None) after every chunk."""

__all__ = [
    "ExistingFile",
    "ProgressCallback",
    "SavedFile",
    "check_free_space",
    "extension_for",
    "local_error",
    "publish",
    "resolve_existing",
    "save_stream",
    "target_for",
]


class ExistingFile(StrEnum):
    """What to do when the target file exists."""

    REFUSE = "refuse"
    OVERWRITE = "overwrite"
    RENAME = "rename"


@dataclass(frozen=True, slots=True)
class SavedFile:
    """A file that was written completely."""

    path: Path
    byte_count: int
    url: str
    content_type: str
    resumed_from: int = 0
    """Bytes that an earlier, interrupted attempt had already saved (0: downloaded in one go)."""


def target_for(stream: DeliveryStream, output: Path, default_name: str) -> Path:
    """Where the body goes: `output` itself when it names a file, else a safe name inside the folder.

    The name comes from `Content-Disposition`, else `default_name`; when that name has no extension,
    the delivered media type's is added.
    """
    if not output.is_dir():
        return output
    proposed = name_from_content_disposition(stream.header("content-disposition")) or default_name
    name = safe_file_name(proposed, fallback=default_name)
    if not Path(name).suffix:
        name += extension_for(stream.content_type)
    return output / name


async def save_stream(
    stream: DeliveryStream,
    target: Path,
    *,
    existing: ExistingFile = ExistingFile.REFUSE,
    progress: ProgressCallback | None = None,
) -> SavedFile:
    """Write the body of an open `stream` to `target`, completely or not at all (no resuming)."""
    target = resolve_existing(target, existing)
    expected = stream.content_length
    check_free_space(target.parent, expected)
    part = target.with_name(target.name + PART_SUFFIX)
    handle = await in_thread(target, _open_new, part)
    written = 0
    try:
        async for chunk in stream.aiter_bytes():
            await in_thread(target, handle.write, chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, expected)
        if expected is not None and written != expected:
            raise NetworkError(
                f"{stream.url} ended after {written} of {expected} bytes; nothing was saved.",
                hint="The connection was cut or the server sent less than it announced. Try again.",
                url=stream.url,
            )
        await in_thread(target, flush_and_sync, handle)
        await in_thread(target, handle.close)
        final = await in_thread(target, publish, part, target, existing)
    except BaseException:
        handle.close()
        part.unlink(missing_ok=True)
        raise
    return SavedFile(final, written, stream.url, stream.content_type)


async def in_thread(target: Path, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run blocking file work in a worker thread; an `OSError` becomes the `LocalFileError` for `target`."""
    try:
        return await asyncio.to_thread(function, *args, **kwargs)
    except OSError as exc:
        raise local_error(exc, target) from exc


def resolve_existing(target: Path, existing: ExistingFile) -> Path:
    """`target`, `name (1).ext` for RENAME when it exists, or `TargetExists` for REFUSE."""
    if not target.exists() or existing is ExistingFile.OVERWRITE:
        return target
    if existing is ExistingFile.RENAME:
        return unique_path(target)
    raise TargetExists(
        f"{target} exists; nothing was downloaded.",
        hint="Choose another name, or overwrite it (--force), or keep both (--rename).",
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


def _open_new(part: Path) -> BinaryIO:
    return part.open("wb")


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


def local_error(exc: OSError, target: Path) -> LocalFileError:
    """The `LocalFileError` a user sees for a failed disk operation on `target`."""
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return LocalFileError(
        f"Could not write {target}: {reason}. The partial file was removed.",
        hint="Free some space, or choose a folder you can write to, then try again.",
    )
