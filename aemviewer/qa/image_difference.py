"""How different two delivered images look: mean absolute difference and PSNR over RGB pixels.

Images of different pixel sizes are compared after scaling the larger to the smaller one's size;
the sizes themselves are reported beside the figure, so a size change is never hidden by it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from aemviewer.delivery.errors import UnexpectedResponse


@dataclass(frozen=True, slots=True)
class ImageDifference:
    """The difference of image A and image B, on the 0–255 scale of 8-bit RGB channels."""

    size_a: tuple[int, int]
    size_b: tuple[int, int]
    compared_size: tuple[int, int]
    mean_absolute_difference: float
    """Mean over every pixel and channel of |A − B|: 0 for identical pixels, 255 at most."""
    psnr: float
    """Peak signal-to-noise ratio in dB; `math.inf` for identical pixels (higher is more alike)."""

    @property
    def scaled(self) -> bool:
        """True when the sizes differed and one image was scaled to compare."""
        return self.size_a != self.size_b

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (PSNR of identical images as `null`)."""
        return {
            "sizeA": list(self.size_a),
            "sizeB": list(self.size_b),
            "comparedSize": list(self.compared_size),
            "scaled": self.scaled,
            "meanAbsoluteDifference": round(self.mean_absolute_difference, 4),
            "psnrDb": None if math.isinf(self.psnr) else round(self.psnr, 2),
        }


@dataclass(frozen=True, slots=True)
class DifferenceMap:
    """Per pixel of the compared size, the largest |A − B| over the RGB channels (0–255)."""

    width: int
    height: int
    pixels: bytes
    """One byte per pixel, row by row."""
    histogram: tuple[int, ...]
    """How many pixels have each difference 0–255."""

    def pixels_above(self, threshold: int) -> int:
        """How many pixels differ by more than `threshold`."""
        return sum(self.histogram[threshold + 1 :])

    def fraction_above(self, threshold: int) -> float:
        """The share (0–1) of pixels that differ by more than `threshold`."""
        total = self.width * self.height
        return self.pixels_above(threshold) / total if total else 0.0

    def mask(self, threshold: int) -> bytes:
        """Grey pixels: white where the difference is above `threshold`; below it, the difference
        itself, dimmed to a quarter, so that the shapes stay visible without competing."""
        table = bytes(255 if value > threshold else value // 4 for value in range(256))
        return self.pixels.translate(table)


def image_difference(body_a: bytes, body_b: bytes, *, url_a: str = "A", url_b: str = "B") -> ImageDifference:
    """Compare two encoded images (any format Pillow reads, AVIF included).

    Raises `UnexpectedResponse` naming the URL when one of them is no image.
    """
    return compare_images(body_a, body_b, url_a=url_a, url_b=url_b)[0]


def compare_images(
    body_a: bytes, body_b: bytes, *, url_a: str = "A", url_b: str = "B"
) -> tuple[ImageDifference, DifferenceMap]:
    """The figures of `image_difference` and the per-pixel `DifferenceMap` behind them."""
    from PIL import Image, ImageChops, ImageStat  # only when images are compared: imports stay light

    image_a = _decoded(body_a, url_a)
    image_b = _decoded(body_b, url_b)
    size_a, size_b = image_a.size, image_b.size
    if size_a != size_b:
        smaller = size_a if size_a[0] * size_a[1] <= size_b[0] * size_b[1] else size_b
        image_a = image_a.resize(smaller, Image.Resampling.LANCZOS) if image_a.size != smaller else image_a
        image_b = image_b.resize(smaller, Image.Resampling.LANCZOS) if image_b.size != smaller else image_b
    difference = ImageChops.difference(image_a, image_b)
    stats = ImageStat.Stat(difference)
    mean = sum(stats.mean) / len(stats.mean)
    mse = sum(rms * rms for rms in stats.rms) / len(stats.rms)
    psnr = math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    width, height = largest.size
    pixel_map = DifferenceMap(width, height, largest.tobytes(), tuple(largest.histogram()))
    return ImageDifference(size_a, size_b, image_a.size, mean, psnr), pixel_map


def _decoded(body: bytes, url: str) -> Any:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(body)) as opened:
            return opened.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnexpectedResponse(
            f"The answer of {url} is not an image Pillow can decode: {exc}.",
            hint="Compare an image URL (not an original of a PDF or video), or check what the host delivers.",
            url=url,
        ) from exc
