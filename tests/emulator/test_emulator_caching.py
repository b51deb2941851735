"""Caching headers, ETags, conditional requests (304) and the transform cache."""

from __future__ import annotations

import httpx
import pytest

from aemviewer.emulator import EmulatorServer
from aemviewer.emulator.cache import TransformCache

from .emulator_support import API, DEMO, FIXTURE, image_url

DEMO_MODIFIED = "Mon, 10 Mar 2025 14:30:00 GMT"  # repo:modifyDate 2025-03-10T14:30:00.000Z

URLS = [
    image_url("chelsea", "width=77"),
    f"{API}/{DEMO['chelsea']}",
    f"{API}/{DEMO['chelsea']}/original/as/chelsea.jpg",
    f"{API}/{DEMO['chelsea']}/renditions/cq5dam.web.1280.1280.jpeg/as/chelsea.jpeg",
    f"{API}/{DEMO['chelsea']}/metadata",
    f"{API}/{DEMO['chelsea']}/smartCrops",
]


@pytest.mark.parametrize("url", URLS)
def test_delivery_headers(client: httpx.Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")  # strong
    assert response.headers["cache-control"] == "max-age=600"
    assert response.headers["last-modified"] == DEMO_MODIFIED
    assert int(response.headers["content-length"]) == len(response.content)
    assert client.get(url).headers["etag"] == etag  # stable


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_if_none_match_answers_304(client: httpx.Client, url: str, method: str) -> None:
    first = client.get(url)
    etag = first.headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.request(method, url, headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"] == "max-age=600"
        assert response.headers.get("vary") == first.headers.get("vary")
    assert client.request(method, url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since(client: httpx.Client) -> None:
    url = URLS[0]
    assert client.get(url, headers={"If-Modified-Since": DEMO_MODIFIED}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": "Sun, 09 Mar 2025 00:00:00 GMT"}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200
    # If-None-Match decides when both are sent.
    both = {"If-Modified-Since": DEMO_MODIFIED, "If-None-Match": '"other"'}
    assert client.get(url, headers=both).status_code == 200


def test_last_modified_comes_from_the_catalogue(fixture_client: httpx.Client) -> None:
    response = fixture_client.get(f"{API}/{FIXTURE['quadrants']}/metadata")
    assert response.headers["last-modified"] == "Thu, 02 Jan 2025 03:04:05 GMT"


def test_304_costs_no_image_work(emulator: EmulatorServer, client: httpx.Client) -> None:
    cache = emulator.app.state.emulator.cache
    url = image_url("coffee", "width=123&blur=1")
    etag = client.get(url).headers["etag"]
    hits, misses = cache.hits, cache.misses
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert (cache.hits, cache.misses) == (hits, misses)


def test_repeated_transforms_come_from_the_cache(emulator: EmulatorServer, client: httpx.Client) -> None:
    cache = emulator.app.state.emulator.cache
    url = image_url("coffee", "width=321&sharpen=10")
    misses = cache.misses
    first = client.get(url)
    assert cache.misses == misses + 1
    hits = cache.hits
    second = client.get(image_url("coffee", "sharpen=10&width=321", "other-name.jpg"))
    assert cache.hits == hits + 1 and cache.misses == misses + 1
    assert first.content == second.content


def test_transform_cache_is_bounded_by_bytes() -> None:
    cache = TransformCache(budget=1000)
    for index in range(10):
        cache.put(f"k{index}", bytes(200))
    assert cache.size <= 1000
    assert len(cache) == 5
    assert cache.get("k0") is None and cache.get("k9") == bytes(200)
    cache.get("k5")  # now recently used: survives the next insertion
    cache.put("k10", bytes(200))
    assert cache.get("k5") is not None and cache.get("k6") is None
    cache.put("huge", bytes(300))  # more than a quarter of the budget: not kept
    assert cache.get("huge") is None


def test_small_files_are_answered_from_memory_under_their_etag(
    emulator: EmulatorServer, client: httpx.Client
) -> None:
    files = emulator.app.state.emulator.files
    url = f"{API}/{DEMO['chelsea']}/renditions/cq5dam.web.1280.1280.jpeg/as/chelsea.jpeg"
    first = client.get(url)
    hits = files.hits
    again = client.get(url)
    part = client.get(url, headers={"Range": "bytes=10-19"})
    assert files.hits == hits + 2
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert part.status_code == 206
    assert part.content == first.content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(first.content)}"
