"""Carrying out a `RenderPlan` with Pillow: decode, cut, rotate, crop, flip, resize, filter, encode.

Blocking and CPU-bound: the routes call `render` in a worker thread, never on the event loop.
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageFilter, ImageOps

from aemviewer.emulator.limits import too_many_pixels
from aemviewer.emulator.negotiation import OutputFormat
from aemviewer.emulator.plan import RenderPlan

AVIF_SPEED: Final = 8
"""libavif's encoder speed (0 slowest … 10 fastest): the emulator prefers answers over bytes."""
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
        image = ImageOps.exif_transpose(opened)
        image = _normalize_mode(image)
    if plan.region != (0, 0, *image.size):
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
        options = {"lossless": True, "quality": 80} if output.lossless else {"quality": quality}
        image.save(buffer, "WEBP", method=4, **options)
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
