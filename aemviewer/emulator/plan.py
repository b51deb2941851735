"""From an asset and its parsed modifiers to the exact work to do: a `RenderPlan`.

The plan is computed from the asset's known dimensions without decoding a pixel, and it holds only
*effective* values (e.g. `quality` is dropped for PNG, `dpr` is folded into the output size). So two
URLs that would produce the same bytes produce equal plans: the plan's key is both the transform
cache key and the base of the ETag, and a 304 costs no image work.

Order of operations ([choice], see docs/emulator.md): the smart crop (or legacy `crop=W:H,smart`)
cuts its rectangle from the asset as stored — that is what its normalized coordinates describe —
then rotate, crop, flip, and finally the sizes (size, height, width, dpr), quality and format.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from aemviewer.api_spec import DEFAULT_MAX_QUALITY, MAX_WIDTH_WITHOUT_SIZE
from aemviewer.emulator.library import Asset, SmartCrop
from aemviewer.emulator.negotiation import OutputFormat
from aemviewer.emulator.transforms import AspectSmartCrop, BadParameter, Modifiers, PercentCrop, PixelCrop

Box = tuple[int, int, int, int]
"""left, top, right, bottom in pixels."""


@dataclass(frozen=True)
class RenderPlan:
    """Everything that determines the delivered bytes of one image request."""

    source: Path
    version: str
    region: Box
    """Cut first, in pixels of the EXIF-oriented source (the whole image without a smart crop)."""
    rotate: int
    crop: Box | None
    """In pixels of the region after rotation."""
    flip: str | None
    size: tuple[int, int]
    blur: float
    sharpen: int
    output: OutputFormat
    quality: int
    """0 when the format ignores quality."""
    ignored: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """Parameters accepted but not applied (not part of the key: they change no byte)."""

    @property
    def key(self) -> str:
        """A canonical text of the plan: equal plans, equal keys."""
        return repr(self)

    @property
    def etag(self) -> str:
        """A strong ETag for the delivered bytes."""
        return '"' + hashlib.sha256(self.key.encode()).hexdigest()[:32] + '"'


def make_plan(
    asset: Asset, modifiers: Modifiers, output: OutputFormat, *, default_quality: int | None = None
) -> RenderPlan:
    """Resolve `modifiers` against `asset`; raises `BadParameter` for what only the asset can refuse.

    `quality` from the URL wins; otherwise the service picks a quality under the `max-quality`
    ceiling (default 85). The emulator models an excellent network, so it picks the ceiling itself,
    or the endpoint's `default_quality` (65 for the image with defaults) when that is lower.
    """
    raster = asset.raster
    region, nominal = _region(asset, modifiers)
    width, height = region[2] - region[0], region[3] - region[1]
    if modifiers.rotate in (90, 270):
        width, height = height, width
    ignored = modifiers.ignored
    crop = _crop(modifiers, width, height)
    if crop is None and isinstance(modifiers.crop, PixelCrop):
        # The experimental reference: a crop outside the source "will be ignored".
        ignored = (*ignored, "crop")
    if crop is not None:
        width, height = crop[2] - crop[0], crop[3] - crop[1]
        if crop == (0, 0, width, height) and (width, height) == _rotated(region, modifiers.rotate):
            crop = None
    ceiling = modifiers.max_quality or DEFAULT_MAX_QUALITY
    quality = modifiers.quality or min(ceiling, default_quality or ceiling)
    return RenderPlan(
        source=raster.path,
        version=asset.version,
        region=region,
        rotate=modifiers.rotate,
        crop=crop,
        flip=modifiers.flip,
        size=_output_size(modifiers, width, height, nominal),
        blur=modifiers.blur,
        sharpen=modifiers.sharpen,
        output=output,
        quality=quality if output.uses_quality else 0,
        ignored=ignored,
    )


def _rotated(region: Box, rotate: int) -> tuple[int, int]:
    width, height = region[2] - region[0], region[3] - region[1]
    return (height, width) if rotate in (90, 270) else (width, height)


def _region(asset: Asset, modifiers: Modifiers) -> tuple[Box, tuple[int, int] | None]:
    """The smart crop's rectangle (and its nominal size), or the whole image."""
    raster = asset.raster
    whole = (0, 0, raster.width, raster.height)
    legacy = modifiers.crop if isinstance(modifiers.crop, AspectSmartCrop) else None
    if modifiers.smartcrop is not None:
        if legacy is not None:
            raise BadParameter("crop", "crop=W:H,smart cannot be combined with smartcrop", "one of them")
        crop = asset.smart_crop(modifiers.smartcrop)
        if crop is None:
            names = (
                ", ".join(item.name for item in asset.smart_crops) or "none (this asset has no smart crops)"
            )
            raise BadParameter("smartcrop", f"This asset has no smart crop {modifiers.smartcrop!r}", names)
        nominal = (crop.width, crop.height) if crop.width and crop.height else None
        return _smart_box(crop, raster.width, raster.height), nominal
    if legacy is not None:
        return _aspect_box(asset, legacy), None
    return whole, None


def _smart_box(crop: SmartCrop, width: int, height: int) -> Box:
    left = min(round(crop.left * width), width - 1)
    top = min(round(crop.top * height), height - 1)
    right = min(max(round((crop.left + crop.normalized_width) * width), left + 1), width)
    bottom = min(max(round((crop.top + crop.normalized_height) * height), top + 1), height)
    return left, top, right, bottom


def _aspect_box(asset: Asset, legacy: AspectSmartCrop) -> Box:
    """Best effort for `crop=W:H,smart`: the smart crop of nearest aspect (within 5 %), else centred."""
    raster = asset.raster
    wanted = legacy.width / legacy.height
    best: tuple[float, Box] | None = None
    for crop in asset.smart_crops:
        box = _smart_box(crop, raster.width, raster.height)
        aspect = (box[2] - box[0]) / (box[3] - box[1])
        error = abs(aspect / wanted - 1)
        if error <= 0.05 and (best is None or error < best[0]):
            best = (error, box)
    if best is not None:
        return best[1]
    width = min(raster.width, max(1, round(raster.height * wanted)))
    height = min(raster.height, max(1, round(width / wanted)))
    left, top = (raster.width - width) // 2, (raster.height - height) // 2
    return left, top, left + width, top + height


def _crop(modifiers: Modifiers, width: int, height: int) -> Box | None:
    crop = modifiers.crop
    if isinstance(crop, PixelCrop):
        if crop.x >= width or crop.y >= height:
            return None
        return crop.x, crop.y, min(crop.x + crop.width, width), min(crop.y + crop.height, height)
    if isinstance(crop, PercentCrop):
        left = min(round(crop.x * width / 100), width - 1)
        top = min(round(crop.y * height / 100), height - 1)
        right = min(max(round((crop.x + crop.width) * width / 100), left + 1), width)
        bottom = min(max(round((crop.y + crop.height) * height / 100), top + 1), height)
        return left, top, right, bottom
    return None


def _output_size(
    modifiers: Modifiers, width: int, height: int, nominal: tuple[int, int] | None
) -> tuple[int, int]:
    """Fit inside the requested box keeping the aspect ratio; never upscale; 2048 wide at most
    when neither width nor size is given."""
    box: tuple[int | None, int | None]
    if modifiers.size is not None:
        box = modifiers.size
    elif modifiers.width is not None or modifiers.height is not None:
        box = (modifiers.width, modifiers.height)
    elif nominal is not None:
        box = nominal
    else:
        box = (None, None)
    box_width = None if box[0] is None else box[0] * modifiers.dpr
    box_height = None if box[1] is None else box[1] * modifiers.dpr
    scales = [1.0]
    if box_width is not None:
        scales.append(box_width / width)
    if box_height is not None:
        scales.append(box_height / height)
    if modifiers.size is None and modifiers.width is None:
        scales.append(MAX_WIDTH_WITHOUT_SIZE / width)
    scale = min(scales)
    if scale >= 1.0:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))
