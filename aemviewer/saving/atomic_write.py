"""Small files replaced in one step: a temporary file beside the target, fsynced, then renamed.

A crash or a full disk leaves either the old file or the new one, never half of either. Callers turn
the `OSError` into the error their users should read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from aemviewer.delivery.errors import LocalFileError
from aemviewer.saving.working_files import TEMP_SUFFIX, temp_prefix


def replace_atomically(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write `data` to `path` via a temporary file in the same folder; `mode` sets its permissions
    (mkstemp creates 0600). `durable` fsyncs the file and the folder, so that the new content
    survives a power cut; without it a crash may leave the old file, the new one, or an empty one
    (for notes their reader checks anyway). Raises `OSError`; the temporary file is removed on
    failure."""
    handle, temporary_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if mode is not None:
            temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def write_user_file(
    path: Path, data: bytes, *, what: str, hint: str, private: bool = False, create_folder: bool = False
) -> None:
    """Replace `path` with `data` atomically: a small file of the user's (an export, a report, the
    profiles, the Downloads list). It is readable like any download (0644, not a temporary file's
    0600: reading the umask means setting it, which races with other threads), or by its owner only
    when `private`. `create_folder` makes the missing folders first (for the app's own folders).

    Raises `LocalFileError`: "`what` could not be written to `path`: the reason.", with `hint`
    saying what to do."""
    try:
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, data, mode=0o600 if private else 0o644)
    except OSError as error:
        raise LocalFileError(
            f"{what} could not be written to {path}: {error.strerror or error}.", hint=hint
        ) from error


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows cannot open folders; its renames need no fsync."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
