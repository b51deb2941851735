"""File names that are safe to create, from whatever a server or a list says.

A name from `Content-Disposition`, a seoName or a line of a batch list may carry path separators,
`..`, control or invisible (bidirectional, zero-width) characters, names Windows reserves or
thousands of characters. Everything here returns a single path component that stays inside the
folder it is joined to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value
from pathlib import Path
from urllib.parse import unquote

from pathvalidate import sanitize_filename

from aemviewer.delivery.media_type import bare_media_type
from aemviewer.saving.working_files import without_marker

MAX_NAME_BYTES = 200
"""Below every common file system's 255-byte limit, leaving room for ` (12)` and `.aemviewer-part.json`."""

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/svg+xml": ".svg",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "application/json": ".json",
}
"""The extension a saved file gets for each delivered media type."""

_SAME_TYPE_EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/tiff": (".tif", ".tiff"),
    "video/mp4": (".mp4", ".m4v"),
}
_KNOWN_EXTENSIONS = frozenset(EXTENSIONS.values()) | {
    ext for group in _SAME_TYPE_EXTENSIONS.values() for ext in group
}
# Characters that are never part of a sane name: controls (replaced, as pathvalidate does) and
# invisible ones that let a name pose as another (U+202E shows "evil\u202egpj.exe" as "evilexe.jpg").
_REPLACED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_DROPPED_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn"})


def extension_for(content_type: str) -> str:
    """The usual file extension of a media type (`image/webp` → `.webp`), "" when unknown."""
    return EXTENSIONS.get(bare_media_type(content_type), "")


def safe_file_name(name: str, fallback: str = "download") -> str:
    """`name` reduced to one harmless file name; `fallback` (itself made safe) when nothing is left."""
    # Only the last component counts: "../../etc/passwd" and "C:\\x\\y.jpg" name a file, not a place.
    last = re.split(r"[\\/]", name)[-1]
    visible = "".join(_visible(character) for character in unicodedata.normalize("NFC", last))
    # Truncated before pathvalidate sees it: it would cut at 255 bytes and lose the extension.
    cleaned = sanitize_filename(
        _truncate(visible.strip()), platform="universal", replacement_text="_", max_len=MAX_NAME_BYTES + 10
    )
    # Leading dots would hide the file or make it "." / ".."; trailing dots and spaces vanish on Windows.
    cleaned = without_marker(cleaned.strip().lstrip(".").rstrip(". ").strip())
    if not cleaned:
        if fallback == name:
            return "download"
        return safe_file_name(fallback)
    return _truncate(cleaned)


def _visible(character: str) -> str:
    category = unicodedata.category(character)
    if category in _REPLACED_CATEGORIES:
        return "_"
    if category in _DROPPED_CATEGORIES:
        return ""
    return character


def _truncate(name: str) -> str:
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        stem, suffix = name, ""
    keep = MAX_NAME_BYTES - len(suffix.encode()) - (1 if suffix else 0)
    short = stem.encode()[:keep].decode(errors="ignore").rstrip(". ")
    return f"{short}.{suffix}" if suffix else short


def has_known_extension(name: str) -> bool:
    """Whether `name` ends in an extension that names a media type (`x.png` yes, `notes` or `v1.2` no)."""
    suffix = Path(name).suffix.lower()
    return suffix in _KNOWN_EXTENSIONS and len(name) > len(suffix)


def with_extension(name: str, content_type: str) -> str:
    """`name` with the extension of the delivered `content_type`.

    A name that already ends in an extension of that type keeps it (`photo.jpeg` stays for JPEG);
    one that ends in another known extension gets it replaced (`photo.png` delivered as JPEG becomes
    `photo.jpg`: the bytes decide); any other name gets the extension added (`v1.2` → `v1.2.jpg`).
    An unknown type leaves the name alone.
    """
    media_type = bare_media_type(content_type)
    extension = EXTENSIONS.get(media_type)
    if not extension:
        return name
    suffix = Path(name).suffix.lower()
    if suffix in _SAME_TYPE_EXTENSIONS.get(media_type, (extension,)):
        return name
    if suffix in _KNOWN_EXTENSIONS and len(name) > len(suffix):
        return name[: -len(suffix)] + extension
    return _truncate(name + extension)


def name_from_content_disposition(header: str | None) -> str | None:
    """The file name a `Content-Disposition` header proposes (RFC 6266 `filename*` wins), unsanitized."""
    if not header:
        return None
    message = Message()
    message["content-disposition"] = header
    params = message.get_params(header="content-disposition", failobj=[]) or []
    plain: str | None = None
    for key, value in params:
        if key.lower() != "filename":
            continue
        # The email package reads `filename*=UTF-8''…` (RFC 2231/5987) into (charset, language, text).
        if isinstance(value, tuple):
            decoded = collapse_rfc2231_value(value, errors="replace", fallback_charset="utf-8")
            if decoded:
                return decoded
        elif value and plain is None:
            plain = value
    return plain


def suggested_file_name(content_disposition: str | None, url: str, content_type: str, fallback: str) -> str:
    """The name to offer for a delivered file: the server's `Content-Disposition` name, else the
    URL's last path segment (the seoName), else `fallback`; always sanitized, and always with the
    extension of the type actually delivered (an `.jpg` path may deliver WebP)."""
    proposed = name_from_content_disposition(content_disposition)
    if not proposed:
        last = unquote(url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1])
        proposed = last or fallback
    return with_extension(safe_file_name(proposed, fallback=fallback), content_type)


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


@dataclass(frozen=True, slots=True)
class ExtensionCorrection:
    """A file saved under another name than the one chosen, because the chosen name's extension
    did not name the type that was delivered (`photo.png` for JPEG bytes became `photo.jpg`)."""

    chosen: str
    saved: str
    media_type: str

    @property
    def fitted(self) -> str:
        """The chosen name with the delivered type's extension (`saved` unless that was taken)."""
        return with_extension(self.chosen, self.media_type)

    def message(self) -> str:
        """The whole story, e.g. "Saved as photo.jpg: the server delivered image/jpeg, not the PNG
        that photo.png names"."""
        return f"Saved as {self.saved}: {self.reason()}{self.taken_note()}"

    def taken_note(self) -> str:
        """ " (photo.jpg is taken and was not replaced)" when the fitted name was taken, else ""."""
        return f" ({self.fitted} is taken and was not replaced)" if self.saved != self.fitted else ""

    def summary(self) -> str:
        """The same in a few words, for a table cell: "Saved as .jpg: delivered image/jpeg, not PNG"."""
        suffix = Path(self.saved).suffix
        if has_known_extension(self.chosen):
            return f"Saved as {suffix}: delivered {self.media_type}, not {self._named_kind()}"
        return f"Saved with {suffix} added: delivered {self.media_type}"

    def reason(self) -> str:
        """Why the name changed: "the server delivered image/jpeg, not the PNG that photo.png names"."""
        delivered = f"the server delivered {self.media_type}"
        if has_known_extension(self.chosen):
            return f"{delivered}, not the {self._named_kind()} that {self.chosen} names"
        return f"{delivered}, so {Path(self.fitted).suffix} was added to {self.chosen}"

    def _named_kind(self) -> str:
        return Path(self.chosen).suffix.lstrip(".").upper()


def extension_correction(chosen: str, saved: str, content_type: str) -> ExtensionCorrection | None:
    """What changed when a file chosen as `chosen` was saved as `saved` for the delivered
    `content_type`; None when the chosen name already fitted the type (a number a taken name got,
    `photo (1).jpg`, is no correction of the type)."""
    media_type = bare_media_type(content_type)
    if not media_type or with_extension(chosen, media_type) == chosen or saved == chosen:
        return None
    return ExtensionCorrection(chosen, saved, media_type)
