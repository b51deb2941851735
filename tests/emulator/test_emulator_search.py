"""`POST /adobe/assets/search`: auth, clauses, order, pagination, errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .emulator_support import API, DEMO, DEMO_API_KEY

SLUG = {asset_id: slug for slug, asset_id in DEMO.items()}
IMAGES = ["astronaut", "chelsea", "coffee", "rocket", "hubble", "camera", "coins", "mosaic", "logo", "badge",
          "contact-sheet"]  # fmt: skip
VISIBLE = [*IMAGES, "mosaic-tour"]
"""Delivered to a token without the clinical role, in catalogue order (no retina, clock, gravel, brick,
retina-zoom)."""
ASSET = "metadata.assetMetadata."
REPO = "metadata.repositoryMetadata."


@pytest.fixture(scope="module")
def headers(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['viewer']}", "X-Api-Key": DEMO_API_KEY}


def search(client: httpx.Client, headers: dict[str, str], body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/search", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return dict(response.json())


def slugs(answer: dict[str, Any]) -> list[str]:
    return [SLUG[hit["assetId"]] for hit in answer["hits"]["results"]]


def test_empty_query_lists_every_delivered_asset(client: httpx.Client, headers: dict[str, str]) -> None:
    answer = search(client, headers, {"query": []})
    assert slugs(answer) == VISIBLE
    assert answer["search_metadata"] == {"totalCount": {"total": 12}}
    assert "cursor" not in answer
    hit = answer["hits"]["results"][1]
    assert set(hit) == {"id", "assetId", "repositoryMetadata", "assetMetadata"}
    assert hit["assetMetadata"]["dc:title"] == "Chelsea the cat"
    assert hit["repositoryMetadata"]["repo:name"] == "chelsea-the-cat.jpg"


def test_restricted_assets_appear_only_for_their_roles(client: httpx.Client, tokens: dict[str, str]) -> None:
    editor = {"Authorization": f"Bearer {tokens['editor']}", "X-Api-Key": DEMO_API_KEY}
    assert slugs(search(client, editor, {"query": []})) == [*IMAGES, "retina", "mosaic-tour", "retina-zoom"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ([{"match": {"text": "cat"}}], ["chelsea", "mosaic", "mosaic-tour"]),  # mosaic: machine keyword "cat"
        ([{"match": {"text": "CAT", "fields": [f"{ASSET}dc:title"]}}], ["chelsea"]),
        ([{"match": {"text": "space nasa"}}], ["astronaut", "hubble"]),  # every word must match
        # Words match by prefix (astronomy; the tour's description names the astronaut).
        ([{"match": {"text": "astro"}}], ["astronaut", "hubble", "mosaic-tour"]),
        ([{"term": {f"{ASSET}collection": ["Space"]}}], ["astronaut", "rocket", "hubble"]),
        (
            [{"term": {f"{ASSET}collection": ["Space", "Animals"]}}],
            ["astronaut", "chelsea", "rocket", "hubble"],
        ),
        ([{"term": {f"{ASSET}collection": "Animals"}}], ["chelsea"]),
        ([{"term": {f"{ASSET}collection": ["space"]}}], []),  # term is exact
        ([{"term": {f"{ASSET}tiff:ImageWidth": ["512"]}}], ["astronaut", "camera"]),  # numbers as numbers
        ([{"term": {f"{REPO}repo:name": ["coffee-cup.jpg"]}}], ["coffee"]),
        ([{"term": {f"{ASSET}xcm:machineKeywords.value": ["galaxy"]}}], ["hubble"]),  # nested values
        ([{"term": {"assetId": [DEMO["coins"]]}}], ["coins"]),
        (
            [{"range": {f"{ASSET}tiff:ImageWidth": {"gte": 1000}}}],
            ["hubble", "mosaic", "badge", "contact-sheet", "mosaic-tour"],
        ),
        (
            [{"range": {f"{ASSET}tiff:ImageWidth": {"gt": 1000, "lt": 1300}}}],
            ["badge", "contact-sheet", "mosaic-tour"],
        ),
        ([{"range": {f"{REPO}repo:size": {"gt": "1000000"}}}], ["mosaic"]),
        ([{"range": {f"{REPO}repo:modifyDate": {"lt": "2025-03-11T00:00:00Z"}}}], VISIBLE),
        ([{"range": {f"{REPO}repo:modifyDate": {"gte": "2025-03-11"}}}], []),
        (
            [{"match": {"text": "space"}}, {"range": {f"{ASSET}tiff:ImageWidth": {"lte": 640}}}],
            ["astronaut", "rocket"],
        ),
        ({"term": {f"{ASSET}collection": ["Print"]}}, ["contact-sheet"]),  # a single clause object
    ],
)
def test_clauses(client: httpx.Client, headers: dict[str, str], query: Any, expected: list[str]) -> None:
    answer = search(client, headers, {"query": query})
    assert slugs(answer) == expected
    assert answer["search_metadata"]["totalCount"]["total"] == len(expected)


def test_order_by(client: httpx.Client, headers: dict[str, str]) -> None:
    by_size = search(client, headers, {"query": [], "orderBy": f"{REPO}repo:size desc"})
    sizes = [int(hit["repositoryMetadata"]["repo:size"]) for hit in by_size["hits"]["results"]]
    assert slugs(by_size)[:3] == ["mosaic", "mosaic-tour", "contact-sheet"]
    assert sizes == sorted(sizes, reverse=True)
    by_title = search(client, headers, {"query": [], "orderBy": f"{ASSET}dc:title"})
    assert slugs(by_title) == ["badge", "astronaut", "camera", "chelsea", "coffee", "contact-sheet", "rocket",
                               "coins", "hubble", "mosaic", "mosaic-tour", "logo"]  # fmt: skip
    two_keys = search(
        client, headers, {"query": [], "orderBy": f"{ASSET}collection asc, {ASSET}tiff:ImageWidth desc"}
    )
    assert slugs(two_keys) == ["chelsea", "badge", "logo", "coffee", "coins", "camera", "contact-sheet", "mosaic",
                               "hubble", "rocket", "astronaut", "mosaic-tour"]  # fmt: skip


def test_cursor_pagination(client: httpx.Client, headers: dict[str, str]) -> None:
    body: dict[str, Any] = {"query": [], "limit": 4, "orderBy": f"{ASSET}dc:title desc"}
    pages, cursor = [], None
    for _ in range(5):
        answer = search(client, headers, {**body, **({"cursor": cursor} if cursor else {})})
        assert answer["search_metadata"]["totalCount"]["total"] == 12
        pages.append(slugs(answer))
        cursor = answer.get("cursor")
        if cursor is None:
            break
    assert [len(page) for page in pages] == [4, 4, 4]
    everything = [slug for page in pages for slug in page]
    assert everything == list(
        reversed(slugs(search(client, headers, {"query": [], "orderBy": f"{ASSET}dc:title"})))
    )


@pytest.mark.parametrize(
    ("headers_for", "detail_part"),
    [
        ({}, "Authorization"),
        ({"X-Api-Key": DEMO_API_KEY}, "Authorization"),
        ({"Authorization": "Bearer unknown", "X-Api-Key": DEMO_API_KEY}, "Authorization"),
        ("expired", "Authorization"),
        ("no-key", "X-Api-Key"),
        ("wrong-key", "X-Api-Key"),
    ],
)
def test_search_needs_a_token_and_an_api_key(
    client: httpx.Client, tokens: dict[str, str], headers_for: dict[str, str] | str, detail_part: str
) -> None:
    named = {
        "expired": {"Authorization": f"Bearer {tokens['expired']}", "X-Api-Key": DEMO_API_KEY},
        "no-key": {"Authorization": f"Bearer {tokens['viewer']}"},
        "wrong-key": {"Authorization": f"Bearer {tokens['viewer']}", "X-Api-Key": "nope"},
    }
    sent = named[headers_for] if isinstance(headers_for, str) else headers_for
    response = client.post(f"{API}/search", json={"query": []}, headers=sent)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    document = response.json()
    assert document["type"] == "urn:aemviewer:problem:unauthorized"
    assert detail_part in document["detail"]


@pytest.mark.parametrize(
    ("body", "detail_part"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        ({"query": [], "sort": "x"}, "`sort` must be an array"),
        ({"query": [], "order": "x"}, "unknown field 'order'"),
        ({"query": "cats"}, "`query` must be an array"),
        ({"query": [{"fuzzy": {"text": "x"}}]}, "unknown clause 'fuzzy'"),
        ({"query": [{"match": {"text": "x"}, "term": {}}]}, "exactly one of match, term, range"),
        ({"query": [{"match": {"words": "x"}}]}, '"text"'),
        ({"query": [{"match": {"text": "x", "fields": ["dc:title"]}}]}, "metadata.assetMetadata.<key>"),
        ({"query": [{"term": {f"{ASSET}a": [], f"{ASSET}b": []}}]}, "exactly one field"),
        ({"query": [{"term": {f"{ASSET}a": [{"x": 1}]}}]}, "array of strings and numbers"),
        ({"query": [{"range": {f"{ASSET}a": {"between": 1}}}]}, "gt, gte, lt, lte"),
        ({"query": [{"range": {f"{ASSET}a": {"gt": "soon"}}}]}, "number or an ISO 8601 date-time"),
        ({"query": [], "limit": 0}, "`limit` must be an integer from 1 to 100"),
        ({"query": [], "limit": "5"}, "`limit` must be an integer from 1 to 100"),
        ({"query": [], "orderBy": f"{ASSET}dc:title sideways"}, "asc or desc"),
        ({"query": [], "orderBy": 5}, "`orderBy` must be a string"),
        ({"query": [], "cursor": "garbage!"}, "not a cursor this server gave out"),
    ],
)
def test_bad_search_bodies_are_400(
    client: httpx.Client, headers: dict[str, str], body: Any, detail_part: str
) -> None:
    if isinstance(body, bytes):
        response = client.post(f"{API}/search", content=body, headers=headers)
    else:
        response = client.post(f"{API}/search", json=body, headers=headers)
    assert response.status_code == 400, response.text
    document = response.json()
    assert document["type"] == "urn:aemviewer:problem:bad-request"
    assert detail_part in document["detail"]


def test_a_cursor_is_tied_to_its_query(client: httpx.Client, headers: dict[str, str]) -> None:
    cursor = search(client, headers, {"query": [], "limit": 2})["cursor"]
    response = client.post(
        f"{API}/search", json={"query": [{"match": {"text": "cat"}}], "cursor": cursor}, headers=headers
    )
    assert response.status_code == 400
    assert "different query" in response.json()["detail"]
