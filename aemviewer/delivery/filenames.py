"""File names that are safe to create, from whatever a server or a list says.

A name from `Content-Disposition`, a seoName or a line of a batch list may carry path separators,
`..`, control characters, names Windows reserves or thousands of characters. Everything here
returns a single path component that stays inside the folder it is joined to.
"""

from __future__ import annotations

import re
from email.message import Message
from pathlib import Path
from urllib.parse import unquote

from pathvalidate import sanitize_filename

MAX_NAME_BYTES = 200
"""Below every common file system's 255-byte limit, leaving room for ` (12)` and `.part`."""


def safe_file_name(name: str, fallback: str = "download") -> str:
    """`name` reduced to one harmless file name; `fallback` (itself made safe) when nothing is left."""
    # Only the last component counts: "../../etc/passwd" and "C:\\x\\y.jpg" name a file, not a place.
    last = re.split(r"[\\/]", name)[-1]
    cleaned = sanitize_filename(last, platform="universal", replacement_text="_")
    # Leading dots would hide the file or make it "." / ".."; trailing dots and spaces vanish on Windows.
    cleaned = cleaned.strip().lstrip(".").rstrip(". ").strip()
    if not cleaned:
        if fallback == name:
            return "download"
        return safe_file_name(fallback)
    return _truncate(cleaned)


def _truncate(name: str) -> str:
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = name, ""
    keep = MAX_NAME_BYTES - len(suffix.encode()) - (1 if suffix else 0)
    short = stem.encode()[:keep].decode(errors="ignore").rstrip(". ")
    return f"{short}.{suffix}" if suffix else short


def name_from_content_disposition(header: str | None) -> str | None:
    """The file name a `Content-Disposition` header proposes (RFC 6266 `filename*` wins), unsanitized."""
    if not header:
        return None
    message = Message()
    message["content-disposition"] = header
    params = dict(message.get_params(header="content-disposition", failobj=[]) or [])
    if "filename*" in params:
        value = params["filename*"]
        charset, _, rest = value.partition("'")
        _language, _, encoded = rest.partition("'")
        if encoded:
            try:
                return unquote(encoded, encoding=charset or "utf-8", errors="strict")
            except (LookupError, UnicodeDecodeError):
                return unquote(encoded, encoding="latin-1")
    filename = message.get_filename()
    return filename or None


def unique_path(path: Path) -> Path:
    """`path` if it does not exist, else the first free `name (1).ext`, `name (2).ext`, …"""
    if not path.exists():
        return path
    stem, suffix = path.stem, path.suffix
    counter = 1
    while True:
        candidate = path.with_name(f"{stem} ({counter}){suffix}")
        if not candidate.exists():
            return candidate
        counter += 1
