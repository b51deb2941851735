"""Expectations built from what was seen ("Save as checks…"): budgets with headroom, aspect ratios
in small terms, and a budget only for an answer in its path's format."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.emulator import EmulatorServer
from aemviewer.qa.checks.observed import aspect_ratio, budget_for, from_delivery, from_smart_crops
from aemviewer.qa.format_matrix import MODERN_BROWSER, image_size
from tests.support.libraries import CAT


@pytest.mark.parametrize(
    ("today", "budget"), [(1, 1000), (909, 1000), (910, 2000), (32_500, 36_000), (100_000, 110_000)]
)
def test_a_budget_is_todays_size_plus_ten_percent_in_whole_thousands(today: int, budget: int) -> None:
    assert budget_for(today) == budget


@pytest.mark.parametrize(
    ("size", "ratio"),
    [((1280, 720), "16:9"), ((120, 120), "1:1"), ((800, 1000), "4:5"), ((1280, 721), "1280:721")],
)
def test_aspect_ratios_are_written_in_small_terms_when_there_are_some(
    size: tuple[int, int], ratio: str
) -> None:
    assert aspect_ratio(*size) == ratio


def test_crops_without_a_size_are_expected_present_only() -> None:
    asset = from_smart_crops(CAT, [("Square", (120, 120)), ("Banner", None)])
    assert asset.smart_crops == (("Square", "1:1"), ("Banner", ""))


async def _fetch(base_url: str, modifiers: str, image_format: str) -> Any:
    async with DeliveryClient(DeliveryEndpoints(base_url)) as client:
        url = client.endpoints.image(CAT, ImageModifiers.from_query_string(modifiers), format=image_format)
        return await client.fetch(url, accept=MODERN_BROWSER.header, revalidate=False)


def test_a_budget_is_written_only_when_the_answer_is_in_the_paths_format(
    emulator: EmulatorServer,
) -> None:
    plain = asyncio.run(_fetch(emulator.base_url, "width=100&auto-format=false", "webp"))
    converted = asyncio.run(_fetch(emulator.base_url, "width=100", "jpg"))  # AVIF for a modern browser
    assert converted.media_type == "image/avif"

    kept = from_delivery(CAT, (("width", "100"),), "webp", plain, image_size(plain.body))
    assert [(b.width, b.format, b.max_bytes) for b in kept.budgets] == [
        (100, "webp", budget_for(plain.byte_count))
    ]
    assert kept.dimensions[0].width == 100
    assert "ETag" in kept.cache_headers
    changed = from_delivery(CAT, (("width", "100"),), "jpg", converted, image_size(converted.body))
    assert changed.budgets == () and changed.dimensions[0].width == 100
