"""Carrying out a `RenderPlan` with Pillow: decode, cut, rotate, crop, flip, resize, filter, encode.

Blocking and CPU-bound: the routes call `render` in a worker thread, never on the event loop.
A JPEG that is only resized (no cut, no crop) is decoded scaled (`shrink_on_load`: libjpeg's
1/2, 1/4, 1/8 DCT scaling) down to no less than the delivered size, and the rest of the way is
`reduce()` then LANCZOS: docs/decisions.md has the numbers against libvips.
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageFilter, ImageOps

from aemviewer.emulator.limits import too_many_pixels
from aemviewer.emulator.negotiation import OutputFormat
from aemviewer.emulator.plan import RenderPlan

AVIF_SPEED: Final = 10
"""libavif's encoder speed (0 slowest … 10 fastest): the emulator prefers answers over bytes
(speed 10 is 2× as fast as 8 for 8 % more bytes on the demo photograph; docs/decisions.md)."""
WEBP_METHOD: Final = 2
"""libwebp's lossy effort (0 fastest … 6 slowest): method 2 costs about what 0 and 1 do and 3 %
more bytes than Pillow's default 4, which takes ~1.4× as long in all (docs/decisions.md)."""
WEBP_LOSSLESS_METHOD: Final = 4
ORIENTATION_TAG: Final = 0x0112
SHARPEN_RADIUS: Final = 2
SHARPEN_THRESHOLD: Final = 3

_ROTATIONS: Final = {
    # The API rotates clockwise; Pillow's transpose constants are counter-clockwise.
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}
_FLIPS: Final = {
    "h": (Image.Transpose.FLIP_LEFT_RIGHT,),
    "v": (Image.Transpose.FLIP_TOP_BOTTOM,),
    "hv": (Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM),
}


def render(plan: RenderPlan) -> bytes:
    """The delivered bytes for `plan`."""
    with Image.open(plan.source) as opened:
        # Checked at load too; the file may have been replaced since.
        refused = too_many_pixels(*opened.size)
        if refused is not None:
            raise ValueError(f"{plan.source.name}: {refused}")
        whole = _is_whole(opened, plan.region)
        if whole and plan.crop is None:
            shrink_on_load(opened, _stored_size(opened, plan))
        image = ImageOps.exif_transpose(opened)
        image = _normalize_mode(image)
    if not whole:
        image = image.crop(plan.region)
    if plan.rotate:
        image = image.transpose(_ROTATIONS[plan.rotate])
    if plan.crop is not None:
        image = image.crop(plan.crop)
    for flip in _FLIPS.get(plan.flip or "", ()):
        image = image.transpose(flip)
    if image.size != plan.size:
        image = image.resize(plan.size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if plan.blur:
        image = image.filter(ImageFilter.GaussianBlur(plan.blur))
    if plan.sharpen:
        image = image.filter(ImageFilter.UnsharpMask(SHARPEN_RADIUS, plan.sharpen, SHARPEN_THRESHOLD))
    return encode(image, plan.output, plan.quality)


def shrink_on_load(opened: Image.Image, size: tuple[int, int]) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale while it stays at least `size` (stored orientation).

    Call before the pixels load; other formats ignore it. Decoding a 4096 × 2304 JPEG for a 1025 px
    answer at half scale is about a quarter of the work, and the final LANCZOS still downsamples."""
    if opened.format == "JPEG" and size[0] < opened.width and size[1] < opened.height:
        opened.draft(None, size)


def _is_whole(opened: Image.Image, region: tuple[int, int, int, int]) -> bool:
    """Whether the plan's first cut (in EXIF-oriented pixels) keeps the whole image."""
    width, height = opened.size
    if _exif_orientation(opened) in (5, 6, 7, 8):
        width, height = height, width
    return region == (0, 0, width, height)


def _stored_size(opened: Image.Image, plan: RenderPlan) -> tuple[int, int]:
    """`plan.size` in the orientation the pixels are stored in (before EXIF and `rotate`)."""
    width, height = plan.size
    quarter_turns = (plan.rotate // 90) + (1 if _exif_orientation(opened) in (5, 6, 7, 8) else 0)
    return (height, width) if quarter_turns % 2 else (width, height)


def _exif_orientation(opened: Image.Image) -> int:
    orientation = opened.getexif().get(ORIENTATION_TAG, 1)
    return orientation if isinstance(orientation, int) else 1


def _normalize_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the source carries transparency; everything downstream assumes one of them."""
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def encode(image: Image.Image, output: OutputFormat, quality: int) -> bytes:
    """Encode an RGB or RGBA image as `output`."""
    buffer = io.BytesIO()
    if output.codec == "JPEG":
        _flatten(image).save(buffer, "JPEG", quality=quality, progressive=output.progressive)
    elif output.codec == "PNG" and output.palette:
        _palette(image).save(buffer, "PNG", optimize=False)
    elif output.codec == "PNG":
        image.save(buffer, "PNG", compress_level=6)
    elif output.codec == "GIF":
        _gif(image, buffer)
    elif output.codec == "WEBP":
        if output.lossless:
            image.save(buffer, "WEBP", lossless=True, quality=80, method=WEBP_LOSSLESS_METHOD)
        else:
            image.save(buffer, "WEBP", quality=quality, method=WEBP_METHOD)
    else:
        image.save(buffer, "AVIF", quality=quality, speed=AVIF_SPEED)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _palette(image: Image.Image) -> Image.Image:
    """An 8-bit palette image; with alpha, the palette carries it (PNG tRNS)."""
    if image.mode == "RGBA":
        return image.quantize(256, method=Image.Quantize.FASTOCTREE)
    return image.quantize(256, method=Image.Quantize.MEDIANCUT)


def _gif(image: Image.Image, buffer: io.BytesIO) -> None:
    """GIF has one fully transparent palette entry at most: pixels under half opacity get it."""
    if image.mode != "RGBA":
        image.quantize(256, method=Image.Quantize.MEDIANCUT).save(buffer, "GIF")
        return
    alpha = image.getchannel("A")
    paletted = image.convert("RGB").quantize(255, method=Image.Quantize.MEDIANCUT)
    transparent = alpha.point(lambda value: 255 if value < 128 else 0, mode="1")
    paletted.paste(255, mask=transparent)
    paletted.save(buffer, "GIF", transparency=255)
