"""What a download is asked to do with an existing file, and what it reports back.

`transfer.download` is the one download engine (the window, `aemviewer get` and batches use it);
these small types are shared by it, the download queue and the batch runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ProgressCallback = Callable[[int, int | None], None]
"""Called with (bytes in the file so far, bytes expected in all or None) after every chunk."""


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
