"""Two environments side by side, over two real emulators: the unchanged asset is equal, the
changed one differs in pixels and size, the removed one is stated missing."""

from __future__ import annotations

import asyncio
import math

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.emulator import EmulatorServer
from aemviewer.qa.diff import DiffReport, compare_sides, fetch_side
from aemviewer.qa.format_matrix import MODERN_BROWSER
from tests.support.libraries import ASTRONAUT, CAT, COFFEE


def diff(asset: str, a_url: str, b_url: str, threshold: float = 0.0) -> DiffReport:
    async def main() -> DiffReport:
        sides = []
        for label, base_url in (("A", a_url), ("B", b_url)):
            endpoints = DeliveryEndpoints(base_url, "/adobe/assets")
            async with DeliveryClient(endpoints) as client:
                url = endpoints.image(asset, ImageModifiers(width=160), format="jpg")
                sides.append(await fetch_side(client, label, url, MODERN_BROWSER.header))
        return compare_sides(*sides, threshold=threshold)

    return asyncio.run(main())


def test_an_unchanged_asset_is_equal_with_identical_pixels(
    emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    report = diff(COFFEE, emulator.base_url, changed_emulator.base_url)

    assert report.equal
    assert report.image is not None and math.isinf(report.image.psnr)
    assert report.a.delivery is not None and report.a.delivery.media_type == "image/avif"


def test_a_changed_image_differs_in_size_and_pixels_and_headers(
    emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    report = diff(CAT, emulator.base_url, changed_emulator.base_url, threshold=255)

    assert report.image is not None
    assert report.image.size_a[0] == report.image.size_b[0] == 160
    assert report.image.size_a[1] < report.image.size_b[1]  # half the width: a taller image at 160 px
    assert report.image.scaled and report.image.compared_size == report.image.size_a
    assert report.image.mean_absolute_difference > 5
    assert "etag" in {header.name for header in report.headers}
    assert not report.equal, "a size difference is a difference whatever the threshold"


def test_an_asset_missing_in_one_environment_is_stated_as_missing(
    emulator: EmulatorServer, changed_emulator: EmulatorServer
) -> None:
    report = diff(ASTRONAUT, emulator.base_url, changed_emulator.base_url)

    assert not report.a.missing and report.b.missing
    assert report.image is None and not report.equal
    assert report.to_json()["b"]["status"] == 404
