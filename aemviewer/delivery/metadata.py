"""The metadata document of an asset, and its smart crops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import UnexpectedResponse

JSONObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SmartCrop:
    """A smart crop defined on an asset. Geometry is present when the server gives it: `left`,
    `top` and the normalized sizes are fractions of the image, `width`/`height` pixels."""

    name: str
    left: float | None = None
    top: float | None = None
    normalized_width: float | None = None
    normalized_height: float | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Metadata:
    """An asset's metadata: the parsed document, the raw bytes as delivered, and the `Delivery`.

    Numbers may arrive as strings; the properties convert them and give `None` when absent.
    """

    document: JSONObject
    raw: bytes
    delivery: Delivery

    @property
    def asset_id(self) -> str | None:
        """`assetId` of the document."""
        value = self.document.get("assetId")
        return value if isinstance(value, str) else None

    @property
    def repository(self) -> JSONObject:
        """`repositoryMetadata` (empty when absent)."""
        return _object(self.document.get("repositoryMetadata"))

    @property
    def asset(self) -> JSONObject:
        """`assetMetadata` (empty when absent)."""
        return _object(self.document.get("assetMetadata"))

    @property
    def file_name(self) -> str | None:
        """`repo:name`."""
        return _text(self.repository.get("repo:name"))

    @property
    def media_type(self) -> str | None:
        """`dc:format`, e.g. `image/jpeg`."""
        return _text(self.repository.get("dc:format"))

    @property
    def size(self) -> int | None:
        """`repo:size` in bytes."""
        return to_int(self.repository.get("repo:size"))

    @property
    def title(self) -> str | None:
        """`dc:title`."""
        return _text(self.asset.get("dc:title"))

    @property
    def width(self) -> int | None:
        """Pixel width: `tiff:ImageWidth`, or the video frame width."""
        return to_int(self.asset.get("tiff:ImageWidth", self.asset.get("xmpDM:videoFrameSize_stDim:w")))

    @property
    def height(self) -> int | None:
        """Pixel height: `tiff:ImageLength`, or the video frame height."""
        return to_int(self.asset.get("tiff:ImageLength", self.asset.get("xmpDM:videoFrameSize_stDim:h")))

    @property
    def smart_crops(self) -> tuple[SmartCrop, ...]:
        """The smart crops listed under `repositoryMetadata.smartcrops`."""
        crops = _object(self.repository.get("smartcrops"))
        return tuple(_smart_crop(name, _object(value)) for name, value in crops.items())

    def __repr__(self) -> str:
        return f"Metadata({self.asset_id or '?'}, {len(self.raw)} bytes)"


def to_int(value: object) -> int | None:
    """An int from a JSON number or a numeric string (`"250467"`, `"1500.0"`), else `None`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    number = to_float(value)
    return int(number) if number is not None and number.is_integer() else None


def to_float(value: object) -> float | None:
    """A float from a JSON number or a numeric string, else `None`."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def parse_json_object(delivery: Delivery, what: str) -> JSONObject:
    """The body of `delivery` as a JSON object, or `UnexpectedResponse` naming the URL."""
    try:
        document = loads_bounded(delivery.body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnexpectedResponse(
            f"The {what} at {delivery.url} is not valid JSON ({exc}).",
            hint="The server or a proxy answered something else; open the URL in a browser to see it.",
            url=delivery.url,
        ) from exc
    if not isinstance(document, dict):
        raise UnexpectedResponse(
            f"The {what} at {delivery.url} is JSON but not an object (got {type(document).__name__}).",
            hint="The server answered something else than the Delivery API's document.",
            url=delivery.url,
        )
    return document


def parse_metadata(delivery: Delivery) -> Metadata:
    """Read a metadata answer into `Metadata` (raises `UnexpectedResponse` when it is not an object)."""
    return Metadata(document=parse_json_object(delivery, "metadata"), raw=delivery.body, delivery=delivery)


def parse_smart_crops(delivery: Delivery) -> list[SmartCrop]:
    """Read a `smartCrops` answer (`{"items": [{"name": …}, …]}`)."""
    document = parse_json_object(delivery, "smart crop list")
    items = document.get("items", [])
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("name"), str) for item in items
    ):
        raise UnexpectedResponse(
            f"The smart crop list at {delivery.url} has no list of named items.",
            hint='Expected {"items": [{"name": "Large"}, …]}.',
            url=delivery.url,
        )
    return [_smart_crop(item["name"], item) for item in items]


def _smart_crop(name: str, values: JSONObject) -> SmartCrop:
    return SmartCrop(
        name=name,
        left=to_float(values.get("left")),
        top=to_float(values.get("top")),
        normalized_width=to_float(values.get("normalizedWidth")),
        normalized_height=to_float(values.get("normalizedHeight")),
        width=to_int(values.get("width")),
        height=to_int(values.get("height")),
    )


def _object(value: object) -> JSONObject:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
