"""File names for saved files: patterns such as `{name}-{width}` and a registry of promised names.

A batch may hold many assets whose DAM files share a name (`image.jpg` is common), and the window
may run several downloads into one folder at once. `NameRegistry` hands out each name once per
folder (case-insensitively, as macOS and Windows compare names), so that no download ever writes
another's file or `.part`; the first free `name (1).ext` replaces a taken one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from aemviewer.delivery.errors import InvalidInput
from aemviewer.saving.filenames import safe_file_name

PLACEHOLDERS: Mapping[str, str] = {
    "name": "the asset's file name without extension (the seoName or the id when it is not known)",
    "id": "the asset id without urn:aaid:aem:",
    "rendition": "the rendition name; 'original' for originals, 'image' for images with modifiers",
    "format": "the requested format (jpg, webp, …); the file's extension for originals and renditions",
    "width": "the requested width; the original's width or the rendition's box when known",
    "line": "the entry's line number in the list",
}
"""Every placeholder a name pattern may use, with what it stands for."""

DEFAULT_PATTERN = "{name}"
DEFAULT_MULTI_PATTERN = "{name}-{rendition}"
"""The default when each entry saves more than one file (original and renditions, several formats)."""

_SEPARATORS = re.compile(r"[\\/]")
_RUN_OF_SEPARATORS = re.compile(r"([-_. ])[-_. ]+")
_NUMBERED = re.compile(r"(.+) \((\d{1,6})\)")


@dataclass(frozen=True, slots=True)
class NameFields:
    """The values a pattern's placeholders take for one file."""

    name: str
    id: str
    rendition: str
    format: str
    width: int | None
    line: int

    def values(self) -> dict[str, object]:
        return {
            "name": self.name,
            "id": self.id,
            "rendition": self.rendition,
            "format": self.format,
            "width": "" if self.width is None else self.width,
            "line": self.line,
        }


SAMPLE_FIELDS = NameFields(
    name="chelsea-the-cat",
    id="6fbf9d63-0816-5d5d-af86-f2a12d7f25b4",
    rendition="cq5dam.web.1280.1280.jpeg",
    format="jpg",
    width=1280,
    line=7,
)
"""Example values, for checking a pattern and showing what it makes."""


def check_pattern(pattern: str) -> str:
    """`pattern` if it can name files, else `InvalidInput` saying what is wrong with it."""
    hint = "Use text and placeholders: " + ", ".join(f"{{{key}}}" for key in PLACEHOLDERS) + "."
    if not pattern.strip():
        raise InvalidInput("The name pattern is empty.", hint=hint)
    if _SEPARATORS.search(pattern):
        raise InvalidInput(
            f"The name pattern {pattern!r} contains a path separator: files go into the chosen folder.",
            hint="Remove / and \\ from the pattern.",
        )
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None]
    except ValueError as exc:
        raise InvalidInput(f"The name pattern {pattern!r} is not valid: {exc}.", hint=hint) from exc
    unknown = [field for field in fields if field not in PLACEHOLDERS]
    if unknown:
        raise InvalidInput(
            f"The name pattern {pattern!r} uses unknown placeholders: "
            + ", ".join(f"{{{field}}}" for field in unknown)
            + ".",
            hint=hint,
        )
    render_name(pattern, SAMPLE_FIELDS)
    return pattern


def render_name(pattern: str, fields: NameFields) -> str:
    """The file name `pattern` makes for `fields` (without the extension the delivered type adds),
    made safe; values cannot add path separators."""
    values: dict[str, object] = {
        key: _SEPARATORS.sub("_", str(value)) for key, value in fields.values().items()
    }
    values["line"] = fields.line  # a number, so that {line:03d} works
    try:
        text = pattern.format_map(values)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise InvalidInput(
            f"The name pattern {pattern!r} cannot be filled in: {exc}.",
            hint="Use placeholders without format options, e.g. {name}-{width}.",
        ) from exc
    # An empty placeholder ({width} of an original of unknown size) leaves "name-" or "--": tidy it.
    text = _RUN_OF_SEPARATORS.sub(r"\1", text).strip("-_. ")
    return safe_file_name(text, fallback=fields.name or fields.id or "download")


class NameRegistry:
    """Names promised to downloads, per folder; one owner per name (compared case-insensitively)."""

    def __init__(self) -> None:
        self._owners: dict[tuple[Path, str], object] = {}

    def claim(self, folder: Path, name: str, owner: object, *, avoid_existing: bool = False) -> str:
        """`name` for `owner`, or the first `name (n).ext` that no other owner holds (and, with
        `avoid_existing`, that no file in `folder` has). Claiming one's own name again returns it."""
        stem, suffix = _split(name)
        counter = 0
        numbered = _NUMBERED.fullmatch(stem)
        if numbered is not None:
            # "photo (1)" taken: go on with "photo (2)", not "photo (1) (1)".
            stem, counter = numbered.group(1), int(numbered.group(2))
        candidate = name
        while True:
            holder = self._owners.get(_key(folder, candidate))
            free = holder is None or holder is owner
            if free and avoid_existing and holder is None and (folder / candidate).exists():
                free = False
            if free:
                self._owners[_key(folder, candidate)] = owner
                return candidate
            counter += 1
            candidate = f"{stem} ({counter}){suffix}"

    def release(self, owner: object) -> None:
        """Forget every name `owner` holds."""
        for key in [key for key, holder in self._owners.items() if holder is owner]:
            del self._owners[key]

    def holder(self, folder: Path, name: str) -> object | None:
        """Who holds `name` in `folder`, if anyone."""
        return self._owners.get(_key(folder, name))


def _key(folder: Path, name: str) -> tuple[Path, str]:
    # absolute(), not resolve(): no disk access on the event loop.
    return folder.absolute(), name.casefold()


def _split(name: str) -> tuple[str, str]:
    path = Path(name)
    suffix = path.suffix if len(path.suffix) <= 10 else ""
    return (name[: -len(suffix)] if suffix else name), suffix
