"""The Downloads list between runs: finished, failed and paused downloads, kept in
`downloads.json` in the user data folder, so the next run shows them and continues a kept part.

Only what describes a download is kept (its URL, the `Accept` it sends, where it goes, how it
ended); never a header, so no token. The file is rewritten atomically; an unreadable file or entry
is skipped (and replaced at the next save), never fatal.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.saving.atomic_write import write_user_file

DOWNLOAD_LIST_FILE_NAME = "downloads.json"
DEFAULT_KEPT = 500
"""The newest downloads kept; older ones leave the list (their files stay)."""


def default_download_list_path() -> Path:
    """`downloads.json` in the user data folder, beside the history."""
    return Path(platformdirs.user_data_dir("aemviewer", "aemviewer")) / DOWNLOAD_LIST_FILE_NAME


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptDownload:
    """One download as the list keeps it between runs."""

    url: str
    accept: str | None = None
    folder: str
    name: str | None = None
    """The file name chosen (or found); `None`: the server's name at the next attempt."""
    default_name: str = "download"
    fit_extension: bool = True
    label: str
    asset_id: str | None = None
    state: str
    """`done`, `failed` or `paused` (the `JobState` values)."""
    saved_path: str | None = None
    content_type: str = ""
    bytes_done: int = 0
    bytes_total: int | None = None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, document: object) -> KeptDownload:
        """Read one kept entry; `ValueError` when it is not one."""
        if not isinstance(document, dict):
            raise ValueError("not an object")
        try:
            kept = cls(**{field.name: document[field.name] for field in _FIELDS if field.name in document})
        except TypeError as error:  # a required field is missing
            raise ValueError(str(error)) from error
        for field in _FIELDS:
            value = getattr(kept, field.name)
            if not isinstance(value, _TYPES[field.name]) or (
                isinstance(value, bool) and bool not in _TYPES[field.name]
            ):
                raise ValueError(f"{field.name} has the wrong type")
        return kept


_FIELDS = dataclasses.fields(KeptDownload)
_TEXT, _MAYBE_TEXT, _MAYBE_NUMBER = (str,), (str, type(None)), (int, type(None))
_TYPES: dict[str, tuple[type, ...]] = {
    "url": _TEXT, "accept": _MAYBE_TEXT, "folder": _TEXT, "name": _MAYBE_TEXT, "default_name": _TEXT,
    "fit_extension": (bool,), "label": _TEXT, "asset_id": _MAYBE_TEXT, "state": _TEXT,
    "saved_path": _MAYBE_TEXT, "content_type": _TEXT, "bytes_done": (int,), "bytes_total": _MAYBE_NUMBER,
    "error": _TEXT,
}  # fmt: skip


class DownloadListStore:
    """The list's file: `load` at start, `save` whenever a download ends and at close."""

    def __init__(self, path: Path, limit: int = DEFAULT_KEPT) -> None:
        self.path = path
        self.limit = limit

    def load(self) -> list[KeptDownload]:
        """The kept downloads, oldest first; an absent or unreadable file is an empty list."""
        try:
            document = loads_bounded(self.path.read_bytes())
        except (OSError, ValueError):
            return []
        entries = document.get("downloads") if isinstance(document, dict) else None
        kept = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                kept.append(KeptDownload.from_json(entry))
            except ValueError:
                continue
        return kept[-self.limit :]

    def save(self, downloads: Sequence[KeptDownload]) -> None:
        """Replace the file with the newest `limit` of `downloads` (raises `LocalFileError`)."""
        document = {"downloads": [entry.to_json() for entry in downloads[-self.limit :]]}
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        write_user_file(
            self.path,
            data,
            what="The Downloads list",
            hint="Check that the user data folder is writable; the downloads themselves are saved.",
            private=True,
            create_folder=True,
        )
