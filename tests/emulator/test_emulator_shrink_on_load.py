"""Large JPEGs are decoded scaled (libjpeg's DCT scaling) when only resized: same geometry as a
full decode. Four-colour quadrant JPEGs of 1600 × 800, one stored sideways with an EXIF
orientation, through a real emulator; the corner colours and the delivered size must be exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from aemviewer.emulator import EmulatorServer, load_library
from aemviewer.emulator.imaging import ORIENTATION_TAG

from .emulator_support import API, BLUE, GREEN, RED, WHITE, decode, quadrants
from .test_emulator_pixels import Colour, corners

SIZE = (1600, 800)
PLAIN = "urn:aaid:aem:00000000-0000-4000-8000-00000000a001"
SIDEWAYS = "urn:aaid:aem:00000000-0000-4000-8000-00000000a002"


@pytest.fixture(scope="module")
def large_jpegs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("large-jpegs")
    quadrants(SIZE).save(folder / "plain.jpg", quality=95)
    # Stored turned a quarter counter-clockwise; orientation 6 says "turn clockwise to show".
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6
    quadrants(SIZE).transpose(Image.Transpose.ROTATE_90).save(folder / "sideways.jpg", quality=95, exif=exif)
    catalogue = {"assets": [{"id": PLAIN, "file": "plain.jpg"}, {"id": SIDEWAYS, "file": "sideways.jpg"}]}
    (folder / "catalogue.json").write_text(json.dumps(catalogue))
    with (
        EmulatorServer(load_library(folder)) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as http,
    ):
        yield http


@pytest.mark.parametrize("asset", [PLAIN, SIDEWAYS])
@pytest.mark.parametrize(
    ("query", "size", "expected"),
    [
        ("width=190", (190, 95), (RED, GREEN, BLUE, WHITE)),  # 1/8 scale decodes 200 px
        ("width=500", (500, 250), (RED, GREEN, BLUE, WHITE)),  # 1/2 scale decodes 800 px
        ("width=300&rotate=90", (300, 600), (BLUE, RED, WHITE, GREEN)),  # width applies after rotate
        ("width=300&flip=h", (300, 150), (GREEN, RED, WHITE, BLUE)),
        ("width=300&crop=0,0,800,400", (300, 150), (RED, RED, RED, RED)),  # a crop: full decode
        ("width=1600", (1600, 800), (RED, GREEN, BLUE, WHITE)),
    ],
)
def test_scaled_decoding_keeps_geometry(
    large_jpegs: httpx.Client, asset: str, query: str, size: tuple[int, int], expected: tuple[Colour, ...]
) -> None:
    response = large_jpegs.get(f"{API}/{asset}/as/q.png?auto-format=false&{query}")
    assert response.status_code == 200, response.text
    image = decode(response)
    assert image.size == size
    assert [_nearest(colour) for colour in corners(image)] == list(expected)


def _nearest(colour: Colour) -> Colour:
    """The quadrant colour closest to `colour` (JPEG shifts the values a little)."""
    return min(
        (RED, GREEN, BLUE, WHITE),
        key=lambda known: sum((a - b) ** 2 for a, b in zip(known, colour, strict=True)),
    )
