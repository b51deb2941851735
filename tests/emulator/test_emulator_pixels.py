"""Where the pixels end up: rotate, flip, crop and smart crop on a four-colour test image.

The fixture image is 400 × 200: red top-left, green top-right, blue bottom-left, white bottom-right.
PNG output (auto-format=false) keeps the colours exact.
"""

from __future__ import annotations

import httpx
import pytest
from PIL import Image

from .emulator_support import BLUE, GREEN, RED, WHITE, decode, image_url

PNG = "auto-format=false"

Colour = tuple[int, int, int]


def corners(image: Image.Image) -> tuple[Colour, Colour, Colour, Colour]:
    """Colours near the top-left, top-right, bottom-left and bottom-right corners."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    points = [(2, 2), (width - 3, 2), (2, height - 3), (width - 3, height - 3)]
    return tuple(rgb.getpixel(point) for point in points)  # type: ignore[return-value]


def fetch(client: httpx.Client, query: str) -> Image.Image:
    response = client.get(image_url("quadrants", f"{PNG}&{query}", "q.png"))
    assert response.status_code == 200, response.text
    return decode(response)


@pytest.mark.parametrize(
    ("query", "size", "expected"),
    [
        ("rotate=90", (200, 400), (BLUE, RED, WHITE, GREEN)),  # clockwise
        ("rotate=180", (400, 200), (WHITE, BLUE, GREEN, RED)),
        ("rotate=270", (200, 400), (GREEN, WHITE, RED, BLUE)),
        ("flip=h", (400, 200), (GREEN, RED, WHITE, BLUE)),
        ("flip=v", (400, 200), (BLUE, WHITE, RED, GREEN)),
        ("flip=hv", (400, 200), (WHITE, BLUE, GREEN, RED)),
        ("crop=200,0,200,100", (200, 100), (GREEN, GREEN, GREEN, GREEN)),
        ("crop=0p,50p,50p,50p", (200, 100), (BLUE, BLUE, BLUE, BLUE)),
        ("crop=100,50,200,100", (200, 100), (RED, GREEN, BLUE, WHITE)),
        # rotate comes before crop whatever the URL order: the rotated top-left is blue.
        ("rotate=90&crop=0,0,100,100", (100, 100), (BLUE, BLUE, BLUE, BLUE)),
        ("crop=0,0,100,100&rotate=90", (100, 100), (BLUE, BLUE, BLUE, BLUE)),
        # crop comes before flip: the red quadrant is cut first, then mirrored (still red).
        ("flip=h&crop=0,0,200,100", (200, 100), (RED, RED, RED, RED)),
        ("smartcrop=TopLeft", (200, 100), (RED, RED, RED, RED)),
        # The right half, delivered at its nominal 100 × 100 size.
        ("smartcrop=Right", (100, 100), (GREEN, GREEN, WHITE, WHITE)),
        # A smart crop is a rectangle of the asset as stored: it is cut first, then rotated.
        ("smartcrop=Right&rotate=90", (100, 100), (WHITE, GREEN, WHITE, GREEN)),
        ("width=100", (100, 50), (RED, GREEN, BLUE, WHITE)),
    ],
)
def test_geometry(
    fixture_client: httpx.Client, query: str, size: tuple[int, int], expected: tuple[Colour, ...]
) -> None:
    image = fetch(fixture_client, query)
    assert image.size == size
    assert corners(image) == expected


def test_transparent_fixture_keeps_its_alpha(fixture_client: httpx.Client) -> None:
    response = fixture_client.get(image_url("alpha", "", "a.jpg"))
    assert response.headers["content-type"] == "image/png"
    image = decode(response)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0)) == (0, 0, 0, 0)
    assert image.getpixel((50, 50)) == (200, 30, 30, 255)
