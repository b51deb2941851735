"""The difference figure of two delivered images: named metrics with known values."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from aemviewer.delivery.errors import UnexpectedResponse
from aemviewer.qa.image_difference import compare_images, image_difference


def encoded(color: tuple[int, int, int], size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def test_identical_pixels_have_no_difference_and_infinite_psnr() -> None:
    difference = image_difference(encoded((10, 20, 30)), encoded((10, 20, 30)))

    assert difference.mean_absolute_difference == 0
    assert math.isinf(difference.psnr)
    assert not difference.scaled
    assert difference.to_json()["psnrDb"] is None


def test_a_uniform_shift_gives_its_mean_and_psnr() -> None:
    difference = image_difference(encoded((100, 100, 100)), encoded((110, 100, 90)))

    # |Δ| is 10, 0 and 10 on the three channels: mean 20/3; mean squared error 200/3.
    assert difference.mean_absolute_difference == pytest.approx(20 / 3)
    assert difference.psnr == pytest.approx(10 * math.log10(255**2 / (200 / 3)))


def test_images_of_different_sizes_are_compared_at_the_smaller_and_the_sizes_reported() -> None:
    difference = image_difference(encoded((50, 50, 50), (80, 60)), encoded((50, 50, 50), (40, 30)))

    assert (difference.size_a, difference.size_b, difference.compared_size) == ((80, 60), (40, 30), (40, 30))
    assert difference.scaled
    assert difference.mean_absolute_difference == pytest.approx(0, abs=0.5)


def test_avif_is_decoded() -> None:
    avif = encoded((200, 30, 30), fmt="AVIF")

    difference = image_difference(avif, encoded((200, 30, 30)))

    assert difference.mean_absolute_difference < 8


def test_an_answer_that_is_no_image_names_its_url() -> None:
    with pytest.raises(UnexpectedResponse, match=r"http://b\.example/x"):
        image_difference(encoded((1, 2, 3)), b"<html>", url_b="http://b.example/x")


def test_the_difference_map_holds_each_pixels_largest_channel_difference() -> None:
    left = Image.new("RGB", (4, 2), (100, 100, 100))
    right = left.copy()
    right.putpixel((1, 0), (110, 100, 70))  # largest channel difference 30
    right.putpixel((3, 1), (100, 105, 100))  # 5
    buffers = []
    for image in (left, right):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        buffers.append(buffer.getvalue())

    _figures, pixel_map = compare_images(*buffers)

    assert (pixel_map.width, pixel_map.height) == (4, 2)
    assert pixel_map.pixels == bytes([0, 30, 0, 0, 0, 0, 0, 5])
    assert pixel_map.pixels_above(4) == 2
    assert pixel_map.pixels_above(5) == 1
    assert pixel_map.fraction_above(29) == pytest.approx(1 / 8)
    assert pixel_map.mask(10) == bytes([0, 255, 0, 0, 0, 0, 0, 1])
