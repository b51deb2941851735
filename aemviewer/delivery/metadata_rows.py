"""An asset's metadata document as flat rows: what a table shows and a CSV holds.

Besides flattening, this module knows what a value *is* for people (a date, a byte size, a pixel
length, a number that arrived as a string …) and what the well-known keys are called, so that
every view of the metadata (window, command line, exports) reads them the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

SECTIONS = {"repositoryMetadata": "repository", "assetMetadata": "asset"}
"""Top-level keys of the document and the section name people see."""

SMART_CROPS_KEY = "smartcrops"


@dataclass(frozen=True, slots=True)
class MetadataRow:
    """One property: its section (`repository`, `asset`, or `document` for top-level fields),
    its dotted key (`smartcrops.Landscape.width`), and its value as the server sent it."""

    section: str
    key: str
    value: Any

    @property
    def text(self) -> str:
        """The value as one line of text: strings as they are, everything else as compact JSON."""
        return value_text(self.value)

    @property
    def label(self) -> str:
        """The property's name for people (`dc:title` → Title)."""
        return friendly_label(self.key)

    @property
    def kind(self) -> ValueKind:
        """What the value is, whatever JSON type carried it."""
        return classify(self.key, self.value)


def metadata_rows(document: dict[str, Any]) -> list[MetadataRow]:
    """Flatten the document: nested objects become dotted keys; lists stay whole values."""
    rows: list[MetadataRow] = []
    for top_key, top_value in document.items():
        section = SECTIONS.get(top_key)
        if section is not None and isinstance(top_value, dict):
            rows.extend(MetadataRow(section, key, value) for key, value in _flatten(top_value, ""))
        else:
            rows.extend(
                MetadataRow("document", key, value) for key, value in _flatten({top_key: top_value}, "")
            )
    return rows


def _flatten(mapping: dict[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in mapping.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from _flatten(value, f"{dotted}.")
        else:
            yield dotted, value


def value_text(value: Any) -> str:
    """A JSON value for people: strings unquoted, lists of scalars comma-separated, the rest as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# --- what a value is ---------------------------------------------------------------------------------


class ValueKind(Enum):
    """What a value means, which decides how it is shown and sorted. The value is its name."""

    value: str

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    BYTES = "size"
    PIXELS = "pixels"
    FRACTION = "fraction"
    LIST = "list"
    OBJECT = "object"
    EMPTY = "empty"

    @property
    def numeric(self) -> bool:
        return self in _NUMERIC_KINDS


_NUMERIC_KINDS = frozenset(
    {ValueKind.INTEGER, ValueKind.NUMBER, ValueKind.BYTES, ValueKind.PIXELS, ValueKind.FRACTION}
)

BYTE_SIZE_KEYS = frozenset({"repo:size", "dam:size"})
PIXEL_KEYS = frozenset(
    {
        "tiff:ImageWidth",
        "tiff:ImageLength",
        "exif:PixelXDimension",
        "exif:PixelYDimension",
        "xmpDM:videoFrameSize_stDim:w",
        "xmpDM:videoFrameSize_stDim:h",
    }
)
_SMART_CROP_PIXELS = frozenset({"width", "height"})
_SMART_CROP_FRACTIONS = frozenset({"left", "top", "normalizedWidth", "normalizedHeight"})

# Only what JSON would write as a number: "00123" (a code) and "1e5x" stay text.
_NUMBER_TEXT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def classify(key: str, value: Any) -> ValueKind:
    """The kind of `value` under the dotted `key`: numbers and booleans sent as strings count as
    numbers and booleans; sizes, pixel lengths and smart crop fractions are recognised by key."""
    if value is None:
        return ValueKind.EMPTY
    if isinstance(value, list):
        return ValueKind.LIST if value else ValueKind.EMPTY
    if isinstance(value, dict):
        return ValueKind.OBJECT if value else ValueKind.EMPTY
    if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in ("true", "false")):
        return ValueKind.BOOLEAN
    number = number_value(value)
    if number is not None:
        special = _quantity_kind(key)
        if special is not None:
            return special
        return ValueKind.INTEGER if number.is_integer() and not _looks_fractional(value) else ValueKind.NUMBER
    if isinstance(value, str):
        if not value.strip():
            return ValueKind.EMPTY
        if date_value(value) is not None:
            return ValueKind.DATE
    return ValueKind.TEXT


def _quantity_kind(key: str) -> ValueKind | None:
    if key in BYTE_SIZE_KEYS:
        return ValueKind.BYTES
    if key in PIXEL_KEYS:
        return ValueKind.PIXELS
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == SMART_CROPS_KEY:
        if parts[2] in _SMART_CROP_PIXELS:
            return ValueKind.PIXELS
        if parts[2] in _SMART_CROP_FRACTIONS:
            return ValueKind.FRACTION
    return None


def _looks_fractional(value: Any) -> bool:
    return isinstance(value, float) or (isinstance(value, str) and ("." in value or "e" in value.lower()))


def sent_as_text(value: Any, kind: ValueKind) -> bool:
    """Whether a number, size or boolean arrived as a JSON string (the API does that)."""
    return isinstance(value, str) and (kind.numeric or kind is ValueKind.BOOLEAN)


def number_value(value: Any) -> float | None:
    """A JSON number, or a string that spells one exactly as JSON would; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        return None
    return number if number == number and abs(number) != float("inf") else None


def boolean_value(value: Any) -> bool | None:
    """True/False from a JSON boolean or the strings "true"/"false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def date_value(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time (`2024-02-27T08:57:55.560Z`), else None. Aware when the text
    has an offset; a plain date or a time without offset stays naive (its zone is unknown)."""
    if not isinstance(value, str) or not _DATE_TEXT.fullmatch(value.strip()):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch, reading a naive datetime as UTC (for sorting only)."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


# --- lists ---------------------------------------------------------------------------------------


def item_text(item: Any) -> str:
    """One list item for people: smart tags (`{value, confidence}`) as `person (98 %)`, other
    objects as `name: value` pairs, scalars as they are."""
    if isinstance(item, dict):
        tag = item.get("value")
        confidence = number_value(item.get("confidence"))
        if isinstance(tag, str) and confidence is not None and set(item) <= {"value", "confidence"}:
            return f"{tag} ({confidence * 100:.0f} %)" if confidence <= 1 else f"{tag} ({confidence:g})"
        return ", ".join(f"{name}: {value_text(value)}" for name, value in item.items())
    if isinstance(item, str):
        return item
    return value_text(item)


def list_summary(items: list[Any], *, limit: int = 200) -> str:
    """`3 items: a, b, c` (at most `limit` characters of items, then `…`)."""
    count = f"{len(items)} item" if len(items) == 1 else f"{len(items)} items"
    if not items:
        return "no items"
    shown = ""
    for index, item in enumerate(items):
        text = item_text(item)
        candidate = text if index == 0 else f"{shown}, {text}"
        if len(candidate) > limit:
            shown = f"{shown}, …" if shown else f"{text[:limit]}…"
            break
        shown = candidate
    return f"{count}: {shown}"


# --- names for people ----------------------------------------------------------------------------

FRIENDLY_LABELS: dict[str, str] = {
    "assetId": "Asset ID",
    "repo:name": "File name",
    "repo:path": "Path",
    "repo:size": "Size",
    "repo:createDate": "Created in DAM",
    "repo:modifyDate": "Modified in DAM",
    "repo:createdBy": "Created by",
    "repo:modifiedBy": "Modified by",
    "repo:version": "Version",
    "repo:assetClass": "Asset class",
    "repo:id": "Repository ID",
    "dc:format": "Format",
    "dc:title": "Title",
    "dc:description": "Description",
    "dc:subject": "Keywords",
    "dc:creator": "Creator",
    "dc:contributor": "Contributors",
    "dc:publisher": "Publisher",
    "dc:rights": "Rights",
    "dc:language": "Language",
    "dc:identifier": "Identifier",
    "dc:modified": "Modified",
    "xmp:CreateDate": "Created",
    "xmp:ModifyDate": "Modified",
    "xmp:MetadataDate": "Metadata changed",
    "xmp:CreatorTool": "Creator tool",
    "xmp:Rating": "Rating",
    "xmp:Label": "Label",
    "xcm:machineKeywords": "Smart tags",
    "tiff:ImageWidth": "Width",
    "tiff:ImageLength": "Height",
    "tiff:Orientation": "Orientation",
    "tiff:Make": "Camera make",
    "tiff:Model": "Camera model",
    "exif:PixelXDimension": "Pixel width (EXIF)",
    "exif:PixelYDimension": "Pixel height (EXIF)",
    "exif:DateTimeOriginal": "Taken",
    "dam:assetStatus": "Status",
    "dam:status": "Review status",
    "dam:activationTarget": "Activation target",
    "dam:roles": "Roles",
    "dam:size": "Size",
    "dam:sha1": "SHA-1",
    "dam:MIMEtype": "MIME type",
    "dam:Fileformat": "File format",
    "dam:Bitsperpixel": "Bits per pixel",
    "dam:Progressive": "Progressive",
    "xmpRights:UsageTerms": "Usage terms",
    "xmpRights:WebStatement": "Rights statement URL",
    "xmpRights:Marked": "Rights marked",
    "photoshop:Headline": "Headline",
    "photoshop:Credit": "Credit",
    "photoshop:Source": "Source",
    "photoshop:City": "City",
    "photoshop:Country": "Country",
    "pur:expirationDate": "Expires",
    "prism:expirationDate": "Expires",
    "onTime": "On time",
    "offTime": "Off time",
    "xmpDM:duration": "Duration",
    "xmpDM:videoFrameSize_stDim:w": "Frame width",
    "xmpDM:videoFrameSize_stDim:h": "Frame height",
    "xmpDM:videoFrameRate": "Frame rate",
    "xmpDM:audioSampleRate": "Audio sample rate",
    "duration": "Duration",
}
"""Labels for the keys a DAM user meets most; other keys get a readable form of their name."""

_SMART_CROP_FIELDS = {
    "left": "left",
    "top": "top",
    "normalizedWidth": "relative width",
    "normalizedHeight": "relative height",
    "width": "width",
    "height": "height",
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def friendly_label(key: str) -> str:
    """`dc:title` → `Title`, `smartcrops.Landscape.width` → `Smart crop Landscape: width`, an
    unknown `ns:someName` → `Some name`."""
    known = FRIENDLY_LABELS.get(key)
    if known is not None:
        return known
    parts = key.split(".")
    if parts[0] == SMART_CROPS_KEY and len(parts) >= 2:
        name = ".".join(parts[1:-1]) if len(parts) > 2 else parts[1]
        field = parts[-1] if len(parts) > 2 else ""
        label = f"Smart crop {name}"
        return f"{label}: {_SMART_CROP_FIELDS.get(field, humanize(field))}" if field else label
    return " › ".join(FRIENDLY_LABELS.get(part, humanize(part)) for part in parts)


def humanize(name: str) -> str:
    """`xmp:CreatorTool` → `Creator tool`; `collection` → `Collection`."""
    local = name.rsplit(":", 1)[-1].replace("_", " ")
    words = _CAMEL.sub(" ", local).split()
    if not words:
        return name
    text = " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in words)
    return text[:1].upper() + text[1:]
