"""What the Browse tab asks the search endpoint, and what it shows of each hit. No Qt here.

The search body follows `shared/delivery-api.md`: `query` is a list of clauses that are ANDed —
`match` for the text (and for the media type family, matched as a word of `dc:format`), `term` for
an exact format or a metadata field = value — then `orderBy`, `limit` and `cursor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.metadata import JSONObject, to_int
from aemviewer.delivery.search import SearchHit

FORMAT_FIELD = "metadata.repositoryMetadata.dc:format"


class MediaKind(StrEnum):
    """The type filter: a family of media types (the first word of `dc:format`)."""

    ANY = ""
    IMAGE = "image"
    VIDEO = "video"
    DOCUMENT = "application"


class SortField(StrEnum):
    """Sort keys offered, as metadata fields."""

    RELEVANCE = ""
    NAME = "metadata.repositoryMetadata.repo:name"
    SIZE = "metadata.repositoryMetadata.repo:size"
    DATE = "metadata.repositoryMetadata.repo:modifyDate"


KIND_CHOICES = (
    (MediaKind.ANY, "Any type"),
    (MediaKind.IMAGE, "Images"),
    (MediaKind.VIDEO, "Videos"),
    (MediaKind.DOCUMENT, "Documents"),
)
FORMAT_CHOICES = (
    ("", "Any format"),
    ("image/jpeg", "JPEG"),
    ("image/png", "PNG"),
    ("image/gif", "GIF"),
    ("image/webp", "WebP"),
    ("image/avif", "AVIF"),
    ("image/tiff", "TIFF"),
    ("image/svg+xml", "SVG"),
    ("application/pdf", "PDF"),
    ("video/mp4", "MP4"),
)
SORT_CHOICES = (
    (SortField.RELEVANCE, "Relevance"),
    (SortField.NAME, "Name"),
    (SortField.SIZE, "Size"),
    (SortField.DATE, "Date modified"),
)
FIELD_SUGGESTIONS = ("dc:subject", "dc:title", "dc:creator", "dc:description", "repo:name", "dam:assetStatus")
_REPOSITORY_KEYS = ("repo:", "dc:format", "smartcrops")


def metadata_field(key: str) -> str:
    """The search field for what a user types: `dc:subject` → `metadata.assetMetadata.dc:subject`,
    `repo:name` → `metadata.repositoryMetadata.repo:name`; full names and `assetId` stay."""
    key = key.strip()
    if key == "assetId" or key.startswith("metadata."):
        return key
    if key.startswith(("assetMetadata.", "repositoryMetadata.")):
        return f"metadata.{key}"
    root = "repositoryMetadata" if key.startswith(_REPOSITORY_KEYS) else "assetMetadata"
    return f"metadata.{root}.{key}"


@dataclass(frozen=True)
class BrowseQuery:
    """The Browse tab's controls as one value."""

    text: str = ""
    kind: MediaKind = MediaKind.ANY
    media_type: str = ""
    field: str = ""
    value: str = ""
    sort: SortField = SortField.RELEVANCE
    descending: bool = False

    def clauses(self) -> list[dict[str, Any]]:
        """The `query` list; `InvalidInput` when a field has no value or a value no field."""
        clauses: list[dict[str, Any]] = []
        if self.text.strip():
            clauses.append({"match": {"text": self.text.strip()}})
        if self.kind is not MediaKind.ANY:
            clauses.append({"match": {"text": self.kind.value, "fields": [FORMAT_FIELD]}})
        if self.media_type:
            clauses.append({"term": {FORMAT_FIELD: [self.media_type]}})
        field, value = self.field.strip(), self.value.strip()
        if field and not value:
            raise InvalidInput(
                f"The filter {field} = … has no value.", hint="Type a value, or clear the field."
            )
        if value and not field:
            raise InvalidInput(
                f"The filter … = {value} names no field.", hint="Choose a metadata field, e.g. dc:subject."
            )
        if field:
            clauses.append({"term": {metadata_field(field): [value]}})
        return clauses

    def body(self, limit: int, cursor: str | None = None) -> dict[str, Any]:
        """The whole JSON body of one page."""
        body: dict[str, Any] = {"query": self.clauses(), "limit": limit}
        if self.sort is not SortField.RELEVANCE:
            body["orderBy"] = f"{self.sort.value} {'desc' if self.descending else 'asc'}"
        if cursor:
            body["cursor"] = cursor
        return body


@dataclass(frozen=True)
class HitSummary:
    """What a result card shows."""

    asset_id: str
    title: str
    file_name: str
    media_type: str
    size: int | None
    width: int | None
    height: int | None

    @classmethod
    def from_hit(cls, hit: SearchHit) -> HitSummary:
        repository, asset = hit.repository_metadata, hit.asset_metadata
        file_name = _text(repository.get("repo:name"))
        title = _text(asset.get("dc:title")) or file_name or hit.asset_id
        width = _first_int(asset, "tiff:ImageWidth", "exif:PixelXDimension", "xmpDM:videoFrameSize_stDim:w")
        height = _first_int(asset, "tiff:ImageLength", "exif:PixelYDimension", "xmpDM:videoFrameSize_stDim:h")
        return cls(
            asset_id=hit.asset_id,
            title=title,
            file_name=file_name,
            media_type=_text(repository.get("dc:format")),
            size=to_int(repository.get("repo:size")),
            width=width,
            height=height,
        )

    @property
    def is_video(self) -> bool:
        return self.media_type.startswith("video/")

    def type_label(self) -> str:
        """`JPEG`, `PDF`, `MP4`, … (the subtype in capitals), or `?`."""
        subtype = bare_media_type(self.media_type).partition("/")[2].split("+")[0]
        return {"jpeg": "JPEG", "svg": "SVG", "quicktime": "MOV"}.get(subtype, subtype.upper() or "?")

    def detail(self) -> str:
        """`JPEG · 33.5 KiB · 451 × 300`."""
        parts = [self.type_label()]
        if self.size is not None:
            parts.append(short_bytes(self.size))
        if self.width and self.height:
            parts.append(f"{self.width} × {self.height}")
        return " · ".join(parts)


def _text(value: object) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    return value.strip() if isinstance(value, str) else ""


def _first_int(document: JSONObject, *keys: str) -> int | None:
    for key in keys:
        number = to_int(document.get(key))
        if number is not None:
            return number
    return None
