"""The emulator's library: the assets it delivers, the tokens and API keys it accepts, the presets.

A library is loaded once from a folder (see `catalogue.load_library`) into these immutable values;
the routes only read them. Everything that depends on the files (sizes, dimensions, transparency,
a version for ETags) is computed at load time, so a request never re-inspects a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from aemviewer.emulator.video_files import VideoFiles


class LibraryError(Exception):
    """A library folder or its `catalogue.json` cannot be used; the message names the record and field."""


@dataclass(frozen=True)
class SmartCrop:
    """A named rectangle of an image, normalized to 0–1, with the pixel size it is delivered at."""

    name: str
    left: float
    top: float
    normalized_width: float
    normalized_height: float
    width: int | None = None
    """Nominal delivered width (AEM's image profile size); None: the rectangle's own pixel size."""
    height: int | None = None

    def as_api(self) -> dict[str, str]:
        """The rectangle as the Delivery API writes it: every number as a string."""
        item = {
            "left": _decimal(self.left),
            "top": _decimal(self.top),
            "normalizedWidth": _decimal(self.normalized_width),
            "normalizedHeight": _decimal(self.normalized_height),
        }
        if self.width is not None and self.height is not None:
            item["width"] = str(self.width)
            item["height"] = str(self.height)
        return item


def _decimal(value: float) -> str:
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


@dataclass(frozen=True)
class Raster:
    """The pixels the image endpoints work from: the original, or a preview for SVG/PDF originals."""

    path: Path
    width: int
    """Width after the EXIF orientation is applied, i.e. as delivered."""
    height: int
    has_alpha: bool
    """True only when some pixel is not fully opaque (an opaque RGBA PNG counts as opaque)."""


@dataclass(frozen=True)
class Asset:
    """One asset of the library, with its delivery rules and its computed file facts."""

    id: str
    file: Path
    media_type: str
    size: int
    raster: Raster
    status: str
    activation_target: str
    on_time: datetime | None
    off_time: datetime | None
    expires: datetime | None
    roles: frozenset[str]
    renditions: Mapping[str, Path]
    smart_crops: tuple[SmartCrop, ...]
    repository_metadata: Mapping[str, Any]
    """As the full metadata answer shows it, computed fields included."""
    asset_metadata: Mapping[str, Any]
    modified: datetime
    """`repo:modifyDate`: the Last-Modified of everything delivered from this asset."""
    version: str
    """Changes whenever the record or one of its files changes; part of every ETag."""
    video: VideoFiles | None = None
    """The HLS/DASH files of a video asset (catalogue field `video`); None for everything else."""
    vanity_ids: tuple[str, ...] = ()
    """`urn:avid:aem:…` ids that stand for this asset on every endpoint (catalogue field `vanity_ids`)."""

    @property
    def name(self) -> str:
        """`repo:name`, the asset's file name in the DAM."""
        return str(self.repository_metadata["repo:name"])

    def smart_crop(self, name: str) -> SmartCrop | None:
        """The smart crop called `name`, or None."""
        return next((crop for crop in self.smart_crops if crop.name == name), None)


@dataclass(frozen=True)
class TokenGrant:
    """What a bearer token may see: its roles, until when."""

    roles: frozenset[str]
    subject: str | None = None
    expires: datetime | None = None
    """From the token's JWT `exp` claim when it has one; after it, the token counts as unknown."""


@dataclass(frozen=True, repr=False)
class Library:
    """Everything the emulator delivers, loaded from one folder."""

    root: Path
    assets: Mapping[str, Asset]
    """By id, in catalogue order (the order of search results without `orderBy`)."""
    tokens: Mapping[str, TokenGrant] = field(default_factory=dict)
    api_keys: frozenset[str] = frozenset()
    presets: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Named image presets: each one a set of modifiers, as query parameter name → value."""
    vanity_ids: Mapping[str, str] = field(default_factory=dict)
    """Vanity id → asset id, for every asset's `vanity_ids`."""

    def __repr__(self) -> str:
        return f"Library({str(self.root)!r}, {len(self.assets)} assets, {len(self.tokens)} tokens)"

    def asset(self, asset_id: str) -> Asset | None:
        """The asset with this id or vanity id, visible or not; None when the library has no such id."""
        return self.assets.get(self.vanity_ids.get(asset_id, asset_id))
