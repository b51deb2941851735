"""Decoding at the size shown: JPEGs scaled while decoding, other formats in full, the delivered
size always known."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QSize

from aemviewer.ui.common.image_decoding import decode_now, decode_to_fit_now


def encoded(kind: str, size: tuple[int, int] = (1600, 900), mode: str = "RGB") -> bytes:
    gradient = Image.linear_gradient("L").resize(size)  # dark at the top, light at the bottom
    picture = gradient.convert(mode)
    if mode == "RGBA":
        picture.putalpha(gradient)
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


def test_a_jpeg_larger_than_the_box_is_decoded_into_it() -> None:
    decoded = decode_to_fit_now(encoded("JPEG"), "image/jpeg", QSize(400, 400))
    assert decoded.delivered_size == QSize(1600, 900)
    assert decoded.image.size() == QSize(400, 225)


def test_a_jpeg_that_fits_and_no_box_decode_in_full() -> None:
    body = encoded("JPEG", (300, 200))
    assert decode_to_fit_now(body, "image/jpeg", QSize(400, 400)).image.size() == QSize(300, 200)
    assert decode_to_fit_now(encoded("JPEG"), "image/jpeg", None).image.size() == QSize(1600, 900)
    assert decode_now(encoded("JPEG")).size() == QSize(1600, 900)


@pytest.mark.parametrize("kind", ["WEBP", "PNG"])
def test_formats_without_a_scaling_decoder_are_decoded_in_full(kind: str) -> None:
    decoded = decode_to_fit_now(encoded(kind), f"image/{kind.lower()}", QSize(400, 400))
    assert decoded.image.size() == decoded.delivered_size == QSize(1600, 900)


@pytest.mark.parametrize(("mode", "alpha"), [("RGB", False), ("RGBA", True)])
def test_avif_keeps_rgb_without_alpha_and_rgba_with_it(mode: str, alpha: bool) -> None:
    image = decode_now(encoded("AVIF", (64, 48), mode), "image/avif")
    assert image.size() == QSize(64, 48)
    assert image.hasAlphaChannel() is alpha
    # The gradient runs top to bottom: the pixels came through, not a blank buffer.
    bottom, top = image.pixelColor(10, 44), image.pixelColor(10, 3)
    assert bottom.lightness() > top.lightness() + 100
    assert (bottom.alpha() > top.alpha() + 100) is alpha
