"""The temporary file of a download, and the note beside it that makes it resumable.

A download writes `<name>.aemviewer-part` in the target folder (a name no other program uses, see
`working_files`). While the answer carries a validator (a strong `ETag`, else `Last-Modified`), a
small JSON sidecar `<name>.aemviewer-part.json` records the URL, the
validator, the announced total size and the media type. A later attempt that finds both continues
with `Range: bytes=<size of the part>-` and `If-Range: <validator>`; without a sidecar (or with one
for another URL) the part is not trusted and the download starts from zero. See docs/decisions.md
("Resumable parts: a JSON sidecar").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.saving.atomic_write import replace_atomically
from aemviewer.saving.working_files import PART_SUFFIX, SIDECAR_SUFFIX

SIDECAR_VERSION = 1
SIDECAR_MAX_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class PartInfo:
    """What the sidecar says about a part: enough to ask the server for the rest of the same file."""

    url: str
    validator: str
    """A strong ETag (`"abc"`) or an HTTP date (`Last-Modified`): what `If-Range` sends."""
    total: int | None
    """The whole file's size as the server announced it (`None` when it did not say)."""
    content_type: str
    final_name: str
    """The name the finished file gets (it may differ from the part's when the delivered type
    changed the extension)."""


class PartFile:
    """`<name>.aemviewer-part` and its sidecar in a folder. Every method is blocking (call it in a thread)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self.path = folder / f"{name}{PART_SUFFIX}"
        self.sidecar = folder / f"{name}{SIDECAR_SUFFIX}"

    def __repr__(self) -> str:
        return f"PartFile({self.path})"

    def size(self) -> int:
        """Bytes in the part (0 when there is none)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def exists(self) -> bool:
        return self.path.exists()

    def read_info(self, url: str) -> PartInfo | None:
        """The sidecar's note when it is valid, belongs to `url` and fits the part's size, else `None`."""
        try:
            document: Any = loads_bounded(self.sidecar.read_bytes(), max_bytes=SIDECAR_MAX_BYTES)
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        info = _info_from(document)
        if info is None or info.url != url:
            return None
        size = self.size()
        if size == 0 or (info.total is not None and size > info.total):
            return None
        return info

    def write_info(self, info: PartInfo) -> None:
        """Write the sidecar atomically (temp file, rename): a torn note would be worse than none.

        Not fsynced: a note a power cut loses or empties only makes the next attempt start over
        (`read_info` checks every note), and two fsyncs per file were a third of a batch of
        small renditions' time on an ext4 disk (BENCHMARKS.md)."""
        document = {"version": SIDECAR_VERSION, **asdict(info)}
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        replace_atomically(self.sidecar, data, durable=False)

    def remove(self) -> None:
        """Delete the part and its sidecar (whatever of them exists)."""
        for path in (self.path, self.sidecar):
            path.unlink(missing_ok=True)

    def remove_sidecar(self) -> None:
        self.sidecar.unlink(missing_ok=True)


def find_resumable(folder: Path, url: str) -> tuple[PartFile, PartInfo] | None:
    """A part in `folder` that an earlier download of `url` left behind, with its note, if any."""
    try:
        candidates = sorted(folder.glob(f"*{SIDECAR_SUFFIX}"))
    except OSError:
        return None
    for sidecar in candidates:
        part = PartFile(folder, sidecar.name[: -len(SIDECAR_SUFFIX)])
        info = part.read_info(url)
        if info is not None:
            return part, info
    return None


def is_strong_etag(value: str | None) -> bool:
    """A strong entity tag (`"…"`, not `W/"…"`): the only kind `If-Range` may carry."""
    return value is not None and value.startswith('"') and value.endswith('"') and len(value) >= 2


def _info_from(document: Any) -> PartInfo | None:
    if not isinstance(document, dict) or document.get("version") != SIDECAR_VERSION:
        return None
    url, validator = document.get("url"), document.get("validator")
    total, content_type = document.get("total"), document.get("content_type", "")
    final_name = document.get("final_name")
    if not (isinstance(url, str) and isinstance(validator, str) and validator):
        return None
    if total is not None and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
        return None
    if not isinstance(content_type, str) or not isinstance(final_name, str) or not final_name:
        return None
    return PartInfo(url, validator, total, content_type, final_name)
