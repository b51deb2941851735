"""The format matrix: the plan's URLs, the results against direct requests with httpx, the bound on
concurrency, failures as results, and cancellation — against the emulator over loopback."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import pytest
from PIL import Image

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput, NotFound
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.emulator import EmulatorServer
from aemviewer.qa.format_matrix import (
    ACCEPT_PROFILES,
    CURL,
    DEFAULT_FORMATS,
    MODERN_BROWSER,
    OLDER_BROWSER,
    MatrixRequest,
    MatrixResult,
    accept_profile,
    image_size,
    plan_matrix,
    run_matrix,
    smallest,
    smallest_by_accept,
)

T = TypeVar("T")
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"
SMALL = ImageModifiers(width=120, quality=70)


def against(emulator: EmulatorServer, body: Callable[[DeliveryClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with DeliveryClient(DeliveryEndpoints(emulator.base_url), ClientSettings(timeout=20)) as client:
            return await body(client)

    return asyncio.run(main())


def fetcher(client: DeliveryClient) -> Callable[[MatrixRequest], Awaitable[Delivery]]:
    async def fetch(request: MatrixRequest) -> Delivery:
        return await client.fetch(request.url, accept=request.accept.header, revalidate=False)

    return fetch


# --- the plan ------------------------------------------------------------------------------------


def test_the_plan_is_every_format_with_auto_format_on_and_off_for_each_profile() -> None:
    endpoints = DeliveryEndpoints("https://delivery-p1-e2.adobeaemcloud.com")
    plan = plan_matrix(endpoints, CHELSEA, SMALL, seo_name="chelsea")
    assert DEFAULT_FORMATS == ("jpg", "png", "gif", "webp", "avif")
    assert len(plan) == len(DEFAULT_FORMATS) * 2 * len(ACCEPT_PROFILES)
    first = plan[0]
    assert (first.accept, first.auto_format, first.image_format, first.quality) == (
        MODERN_BROWSER,
        True,
        "jpg",
        None,
    )
    # Each URL is exactly what the one URL builder makes for that cell.
    for request in plan:
        expected = endpoints.image(
            CHELSEA,
            SMALL.with_changes(auto_format=request.auto_format),
            format=request.image_format,
            seo_name="chelsea",
        )
        assert request.url == expected
    assert plan[0].url.endswith("/as/chelsea.jpg?width=120&quality=70&auto-format=true")
    assert [r.accept for r in plan[::10]] == [MODERN_BROWSER, OLDER_BROWSER, CURL]
    assert len({(r.url, r.accept) for r in plan}) == len(plan)


def test_quality_levels_and_chosen_profiles_shape_the_plan() -> None:
    endpoints = DeliveryEndpoints("https://cdn.example.com", "")
    plan = plan_matrix(
        endpoints,
        CHELSEA,
        SMALL,
        formats=["webp", "WEBP", "avif"],
        auto_formats=[False],
        accepts=[CURL],
        qualities=[40, 80],
    )
    assert [(r.image_format, r.quality) for r in plan] == [
        ("webp", 40),
        ("webp", 80),
        ("avif", 40),
        ("avif", 80),
    ]
    assert (
        plan[0].url
        == f"https://cdn.example.com/{CHELSEA}/as/image.webp?width=120&quality=40&auto-format=false"
    )


def test_invalid_cells_are_refused_before_anything_is_sent() -> None:
    endpoints = DeliveryEndpoints("https://cdn.example.com")
    with pytest.raises(InvalidInput, match="tiff"):
        plan_matrix(endpoints, CHELSEA, SMALL, formats=["tiff"])
    with pytest.raises(InvalidInput, match="quality"):
        plan_matrix(endpoints, CHELSEA, SMALL, qualities=[0])


def test_accept_profiles_by_name_or_as_a_whole_header() -> None:
    assert accept_profile("modern") is MODERN_BROWSER
    assert accept_profile("Older") is OLDER_BROWSER
    assert accept_profile("curl") is CURL
    custom = accept_profile("image/jxl,*/*")
    assert (custom.name, custom.header) == ("custom", "image/jxl,*/*")
    with pytest.raises(InvalidInput) as refused:
        accept_profile("chrome")
    assert "modern, older, curl" in refused.value.hint
    assert MODERN_BROWSER.header == "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
    assert OLDER_BROWSER.header == "image/webp,*/*"
    assert CURL.header == "*/*"


# --- running it ----------------------------------------------------------------------------------


def test_the_results_match_direct_requests_and_concurrency_is_bounded(emulator: EmulatorServer) -> None:
    plan = plan_matrix(DeliveryEndpoints(emulator.base_url), CHELSEA, SMALL)
    in_flight = 0
    peak = 0
    arrivals: list[MatrixResult] = []

    async def body(client: DeliveryClient) -> list[MatrixResult]:
        fetch = fetcher(client)

        async def counting(request: MatrixRequest) -> Delivery:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                return await fetch(request)
            finally:
                in_flight -= 1

        return await run_matrix(plan, counting, concurrency=4, on_result=arrivals.append)

    results = against(emulator, body)
    assert peak == 4  # never more at once, and the bound was actually reached
    assert [result.request for result in results] == plan  # plan order, whatever the arrival order
    assert sorted(id(r) for r in arrivals) == sorted(id(r) for r in results)
    with httpx.Client(timeout=20) as direct:
        for result in results:
            answer = direct.get(result.request.url, headers={"Accept": result.request.accept.header})
            assert answer.status_code == result.status == 200
            assert answer.headers["content-type"].split(";")[0] == result.media_type
            assert len(answer.content) == result.byte_count
            with Image.open(io.BytesIO(answer.content)) as image:
                assert (result.width, result.height) == image.size
            assert result.ok and result.seconds is not None and result.seconds > 0
    by_cell = {(r.request.accept.name, r.request.auto_format, r.request.image_format): r for r in results}
    # What the emulator's negotiation promises: auto-format picks by Accept, off keeps the path's format.
    assert by_cell[("modern", True, "jpg")].media_type == "image/avif"
    assert by_cell[("older", True, "png")].media_type == "image/webp"
    assert by_cell[("curl", True, "webp")].media_type == "image/jpeg"
    assert by_cell[("curl", False, "png")].media_type == "image/png"
    best = smallest(results)
    assert best is not None
    assert best.byte_count == min(r.byte_count or 0 for r in results)
    per_profile = smallest_by_accept(results)
    assert set(per_profile) == set(ACCEPT_PROFILES)
    for profile, result in per_profile.items():
        assert result.byte_count == min(r.byte_count or 0 for r in results if r.request.accept == profile)
    document = best.to_json()
    assert document["url"] == best.request.url and document["bytes"] == best.byte_count
    assert document["accept"] == best.request.accept.header and document["error"] is None


def test_a_failing_request_becomes_a_result_that_says_why(emulator: EmulatorServer) -> None:
    endpoints = DeliveryEndpoints(emulator.base_url)
    plan = plan_matrix(endpoints, UNKNOWN, SMALL, formats=["jpg"], accepts=[CURL])

    results = against(emulator, lambda client: run_matrix(plan, fetcher(client)))
    assert len(results) == 2
    for result in results:
        assert result.status == 404 and not result.ok
        assert isinstance(result.error, NotFound)
        assert result.to_json()["error"] == result.error.message
    assert smallest(results) is None and smallest_by_accept(results) == {}


def test_cancelling_the_matrix_cancels_every_request_left(emulator: EmulatorServer) -> None:
    marker = "width=161"  # a width no other test asks for: the emulator's log shows what was sent
    plan = plan_matrix(DeliveryEndpoints(emulator.base_url), CHELSEA, ImageModifiers(width=161))
    arrived: list[MatrixResult] = []

    async def body(client: DeliveryClient) -> bool:
        first = asyncio.Event()

        def on_result(result: MatrixResult) -> None:
            arrived.append(result)
            first.set()

        task = asyncio.ensure_future(run_matrix(plan, fetcher(client), concurrency=2, on_result=on_result))
        await first.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return task.cancelled()

    before = sum(marker in line for line in emulator.request_log)
    assert against(emulator, body)
    count = len(arrived)
    assert 1 <= count < len(plan)
    sent = sum(marker in line for line in emulator.request_log) - before
    # At most the requests in flight at the cancel reached the server besides the finished ones.
    assert count <= sent <= count + 2


def test_concurrency_outside_its_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="concurrency"):
        asyncio.run(run_matrix([], fetcher(None), concurrency=0))  # type: ignore[arg-type]


def test_image_size_reads_headers_only_and_refuses_what_is_no_image() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (37, 11)).save(buffer, "PNG")
    assert image_size(buffer.getvalue()) == (37, 11)
    assert image_size(b"<html>not an image</html>") is None
    assert image_size(b"") is None
