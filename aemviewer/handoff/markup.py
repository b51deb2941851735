"""Responsive `<picture>` markup for an asset: AVIF, WebP and JPEG sources with `w`-descriptor
srcsets, `sizes`, intrinsic `width`/`height` (no layout shift), `alt`, and art direction (one smart
crop per breakpoint, chosen with `media=`).

High-DPR screens are served by the widths in the srcset, never by the experimental `dpr` parameter.
Each source pins its format with `auto-format=false`: the `type=` a browser relies on to pick a
source must be what the URL delivers, whatever Accept header a CDN or a test sends.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.metadata import Metadata, SmartCrop
from aemviewer.delivery.modifiers import ImageModifiers

DEFAULT_WIDTHS = (320, 640, 960, 1280, 1920)
DEFAULT_SIZES = "100vw"
MARKUP_FORMATS = (("avif", "image/avif"), ("webp", "image/webp"), ("jpg", "image/jpeg"))
"""Formats of the sources, best first: the browser takes the first type it supports."""
MAX_WIDTHS = 20


@dataclass(frozen=True, slots=True)
class Breakpoint:
    """One art-direction rule: a media query (`None` for the fallback) and the smart crop shown."""

    media: str | None
    smart_crop: str | None


@dataclass(frozen=True, slots=True)
class PictureSource:
    """One `<source>` (or the `<img>` fallback when `image_format` is jpg and `media` is `None`)."""

    breakpoint: Breakpoint
    image_format: str
    media_type: str
    urls: tuple[tuple[int, str], ...]
    """(asked width, URL), narrowest first."""
    width: int | None
    height: int | None

    @property
    def srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for width, url in self.urls)


@dataclass(frozen=True, slots=True)
class Picture:
    """The markup's parts: every source, the fallback image, and the attributes."""

    sources: tuple[PictureSource, ...]
    fallback: PictureSource
    sizes: str
    alt: str

    @property
    def urls(self) -> list[str]:
        """Every URL in the markup, in order, the fallback image's last."""
        return [url for source in self.all_sources for _width, url in source.urls]

    @property
    def all_sources(self) -> tuple[PictureSource, ...]:
        """The `<source>`s and then the `<img>`'s own."""
        return (*self.sources, self.fallback)

    def to_html(self) -> str:
        """The `<picture>` element, indented, attribute values escaped."""
        lines = ["<picture>"]
        for source in self.sources:
            attributes = [("media", source.breakpoint.media), ("type", source.media_type)]
            attributes += [("srcset", source.srcset), ("sizes", self.sizes)]
            attributes += _size_attributes(source)
            lines.append(f"  <source{_attributes(attributes)}>")
        fallback = self.fallback
        largest = fallback.urls[-1][1]
        img: list[tuple[str, str | None]] = [
            ("src", largest),
            ("srcset", fallback.srcset),
            ("sizes", self.sizes),
        ]
        img += _size_attributes(fallback)
        img += [("alt", self.alt), ("loading", "lazy"), ("decoding", "async")]
        lines.append(f"  <img{_attributes(img)}>")
        lines.append("</picture>")
        return "\n".join(lines) + "\n"


def parse_widths(text: str) -> tuple[int, ...]:
    """`"320,640, 960"` → (320, 640, 960), sorted and without repeats; `InvalidInput` otherwise."""
    hint = "Give comma-separated pixel widths, e.g. --widths 320,640,1280."
    widths: set[int] = set()
    for part in text.split(","):
        item = part.strip()
        if not item.isdigit() or not 1 <= int(item) <= 8192:
            raise InvalidInput(f"{item!r} in --widths is not a width from 1 to 8192.", hint=hint)
        widths.add(int(item))
    if not widths or len(widths) > MAX_WIDTHS:
        raise InvalidInput(f"--widths lists {len(widths)} widths; give 1 to {MAX_WIDTHS}.", hint=hint)
    return tuple(sorted(widths))


def parse_art(text: str) -> tuple[Breakpoint, ...]:
    """`"(max-width: 599px)=Portrait, Landscape"` → breakpoints; the last, without `=`, is the
    fallback (every other entry needs a media query)."""
    hint = 'Write MEDIA=CROP, …, CROP, e.g. --art "(max-width: 599px)=Portrait, Landscape".'
    entries = [part.strip() for part in _split_top_level(text) if part.strip()]
    if not entries:
        raise InvalidInput("--art is empty.", hint=hint)
    breakpoints = []
    for index, entry in enumerate(entries):
        media, equals, crop = entry.rpartition("=")
        last = index == len(entries) - 1
        if not equals and not last:
            raise InvalidInput(f"--art entry {entry!r} has no media query.", hint=hint)
        if equals and not media.strip():
            raise InvalidInput(f"--art entry {entry!r} has an empty media query.", hint=hint)
        if not crop.strip():
            raise InvalidInput(f"--art entry {entry!r} names no smart crop.", hint=hint)
        breakpoints.append(Breakpoint(media.strip() or None, crop.strip()))
    if breakpoints[-1].media is not None:
        # Without a rule-free fallback the <img> would show the uncropped image on every screen
        # that matches no rule: the last rule's crop also becomes the fallback.
        breakpoints.append(Breakpoint(None, breakpoints[-1].smart_crop))
    return tuple(breakpoints)


def alt_text(metadata: Metadata | None) -> str:
    """The `alt` text: the title, then the description, else empty (decorative) — unescaped."""
    if metadata is None:
        return ""
    for key in ("dc:title", "dc:description"):
        value = metadata.asset.get(key)
        if isinstance(value, dict):  # language alternatives: {"en": "…"}
            value = next(iter(value.values()), None)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def build_picture(
    endpoints: DeliveryEndpoints,
    asset_id: str,
    *,
    metadata: Metadata | None,
    smart_crops: Sequence[SmartCrop] | None = None,
    modifiers: ImageModifiers | None = None,
    widths: Sequence[int] = DEFAULT_WIDTHS,
    sizes: str = DEFAULT_SIZES,
    breakpoints: Sequence[Breakpoint] = (Breakpoint(None, None),),
    seo_name: str | None = None,
) -> Picture:
    """The picture for `asset_id`: every breakpoint × format, URLs built by `endpoints`.

    `smart_crops` (the asset's list, which carries rectangles also without a token) overrides the
    metadata's. `modifiers` (rotation, quality, …) apply to every URL; their width, size, height, dpr, smart
    crop and auto-format are replaced per source. Unknown smart-crop names raise `InvalidInput`.
    """
    base = dataclasses.replace(
        modifiers or ImageModifiers(), width=None, size=None, height=None, dpr=None, smartcrop=None
    )
    known = smart_crops if smart_crops is not None else metadata.smart_crops if metadata is not None else ()
    crops = {crop.name: crop for crop in known}
    sources: list[PictureSource] = []
    for breakpoint in breakpoints:
        crop = _crop(breakpoint, crops, asset_id)
        aspect = _aspect(metadata, crop)
        for image_format, media_type in MARKUP_FORMATS:
            urls = tuple(
                (
                    width,
                    endpoints.image(
                        asset_id,
                        dataclasses.replace(
                            base, width=width, smartcrop=breakpoint.smart_crop, auto_format=False
                        ),
                        format=image_format,
                        seo_name=seo_name,
                    ),
                )
                for width in _candidate_widths(widths, metadata, crop)
            )
            largest = urls[-1][0]
            height = round(largest / aspect) if aspect and largest else None
            sources.append(PictureSource(breakpoint, image_format, media_type, urls, largest, height))
    if not sizes.strip():
        raise InvalidInput("--sizes is empty.", hint='Use e.g. "(min-width: 800px) 50vw, 100vw".')
    # The rule-free JPEG is the <img> itself: a <source> for it would only repeat it.
    return Picture(tuple(sources[:-1]), sources[-1], sizes.strip(), alt_text(metadata))


def _crop(breakpoint: Breakpoint, crops: dict[str, SmartCrop], asset_id: str) -> SmartCrop | None:
    name = breakpoint.smart_crop
    if name is None:
        return None
    if crops and name not in crops:
        raise InvalidInput(
            f"The asset {asset_id} has no smart crop {name!r}.",
            hint="Use one of " + ", ".join(sorted(crops)) + " (aemviewer meta lists them).",
        )
    return crops.get(name)


def _region(metadata: Metadata | None, crop: SmartCrop | None) -> tuple[float, float] | None:
    """Pixel width and height of what a `width=` request scales: the crop's rectangle in the
    original, else the original; the crop's nominal size when the original's is unknown."""
    width = metadata.width if metadata is not None else None
    height = metadata.height if metadata is not None else None
    if width and height:
        if crop is None:
            return float(width), float(height)
        if crop.normalized_width and crop.normalized_height:
            return width * crop.normalized_width, height * crop.normalized_height
    if crop is not None and crop.width and crop.height:
        return float(crop.width), float(crop.height)
    return None


def _aspect(metadata: Metadata | None, crop: SmartCrop | None) -> float | None:
    region = _region(metadata, crop)
    return region[0] / region[1] if region else None


def _candidate_widths(widths: Sequence[int], metadata: Metadata | None, crop: SmartCrop | None) -> list[int]:
    """The srcset widths: as asked, except that every width beyond the source region becomes the
    region's own width once — the service does not upscale, and a `w` descriptor must be true."""
    region = _region(metadata, crop)
    if region is None:
        return sorted(set(widths))
    available = max(1, round(region[0]))
    return sorted({min(width, available) for width in widths})


def _size_attributes(source: PictureSource) -> list[tuple[str, str | None]]:
    if source.width is None or source.height is None:
        return []
    return [("width", str(source.width)), ("height", str(source.height))]


def _attributes(pairs: Sequence[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{escape(value, quote=True)}"' for name, value in pairs if value is not None)


def _split_top_level(text: str) -> list[str]:
    # Commas inside a media query's parentheses ("(min-width: 600px) and (max-width: 900px)" has
    # none, but "(min-resolution: 2dppx), …" lists do) belong to the query.
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
