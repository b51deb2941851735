"""Who sees what: approval, activation, on/off time, expiry, roles and tokens; minimal vs full metadata."""

from __future__ import annotations

import httpx
import pytest

from aemviewer.resources import demo_library

from .emulator_support import API, DEMO, FIXTURE, FIXTURE_PLAIN_TOKEN, FIXTURE_TOKEN

CHELSEA_BYTES = str((demo_library() / "originals" / "chelsea-the-cat.jpg").stat().st_size)

ENDPOINTS = [
    "",
    "/as/x.jpg?width=20",
    "/original/as/x",
    "/renditions/cq5dam.thumbnail.140.100.png/as/x.png",
    "/metadata",
    "/smartCrops",
    "/play",
    "/manifest.m3u8",
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def not_found_detail(response: httpx.Response, asset_id: str) -> str:
    assert response.status_code == 404, response.text
    document = response.json()
    assert document["type"] == "urn:aemviewer:problem:not-found"
    return str(document["detail"]).replace(asset_id, "<id>")


@pytest.mark.parametrize("slug", ["clock", "gravel", "brick"])  # unapproved, expired, scheduled for 2099
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_undelivered_demo_assets_are_404_everywhere_even_with_a_token(
    client: httpx.Client, tokens: dict[str, str], slug: str, endpoint: str
) -> None:
    response = client.get(f"{API}/{DEMO[slug]}{endpoint}", headers=bearer(tokens["editor"]))
    unknown = client.get(f"{API}/urn:aaid:aem:00000000-0000-4000-8000-0000000000ff{endpoint}")
    # The same answer as for an id that does not exist: nothing leaks.
    assert not_found_detail(response, DEMO[slug]) == not_found_detail(
        unknown, "urn:aaid:aem:00000000-0000-4000-8000-0000000000ff"
    )


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 404),
        ({"Authorization": "Bearer not-a-known-token"}, 404),
        ({"Authorization": "Basic ZGVtbzpkZW1v"}, 404),
        ("viewer", 404),  # a valid token without the `clinical` role
        ("expired", 404),  # JWT exp in 2020
        ("editor", 200),
    ],
)
@pytest.mark.parametrize("endpoint", ["/metadata", "/as/retina.jpg?width=40", "/original/as/retina.jpg", ""])
def test_restricted_asset_needs_a_token_with_one_of_its_roles(
    client: httpx.Client, tokens: dict[str, str], headers: dict[str, str] | str, status: int, endpoint: str
) -> None:
    sent = bearer(tokens[headers]) if isinstance(headers, str) else headers
    response = client.get(f"{API}/{DEMO['retina']}{endpoint}", headers=sent)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("key", "headers", "status"),
    [
        ("quadrants", {}, 200),
        ("in-window", {}, 200),
        ("content-hub", {}, 404),  # activated to another target
        ("switched-off", {}, 404),  # off time in the past
        ("not-yet", {}, 404),  # on time in the future
        ("rejected", {}, 404),
        ("partners", {}, 404),
        ("partners", bearer(FIXTURE_PLAIN_TOKEN), 404),
        ("partners", bearer(FIXTURE_TOKEN), 200),
        ("partners", {"Authorization": f"bearer   {FIXTURE_TOKEN}"}, 200),  # scheme is case-insensitive
    ],
)
@pytest.mark.parametrize("endpoint", ENDPOINTS[:6])
def test_delivery_rules(
    fixture_client: httpx.Client, key: str, headers: dict[str, str], status: int, endpoint: str
) -> None:
    if endpoint.startswith("/renditions"):
        status = 404  # the fixture assets have no renditions: 404 either way
    assert fixture_client.get(f"{API}/{FIXTURE[key]}{endpoint}", headers=headers).status_code == status


def test_metadata_without_a_token_is_minimal(client: httpx.Client) -> None:
    response = client.get(f"{API}/{DEMO['chelsea']}/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["vary"] == "Authorization"
    assert response.json() == {
        "assetId": DEMO["chelsea"],
        "repositoryMetadata": {"dc:format": "image/jpeg", "repo:size": CHELSEA_BYTES},
        "assetMetadata": {"dam:assetStatus": "approved", "tiff:ImageWidth": 451, "tiff:ImageLength": 300},
    }


def test_metadata_with_a_token_is_full_and_typed_like_the_real_api(
    client: httpx.Client, tokens: dict[str, str]
) -> None:
    document = client.get(f"{API}/{DEMO['chelsea']}/metadata", headers=bearer(tokens["viewer"])).json()
    repository, asset = document["repositoryMetadata"], document["assetMetadata"]
    assert document["assetId"] == DEMO["chelsea"]
    assert repository["repo:name"] == "chelsea-the-cat.jpg"
    assert repository["repo:size"] == CHELSEA_BYTES  # a string, as the API sends it
    assert repository["repo:createDate"] == "2025-03-03T09:15:00.000Z"
    assert repository["repo:modifyDate"] == "2025-03-10T14:30:00.000Z"
    assert repository["smartcrops"]["Square"] == {
        "left": "0.1174", "top": "0.0", "normalizedWidth": "0.6652", "normalizedHeight": "1.0",
        "width": "1080", "height": "1080",
    }  # fmt: skip
    assert asset["tiff:ImageWidth"] == 451 and asset["tiff:ImageLength"] == 300  # numbers
    assert asset["dc:title"] == "Chelsea the cat"
    assert asset["dc:subject"] == ["cat", "pet", "animal"]
    assert asset["dc:creator"] == ["Stefan van der Walt"]
    assert asset["xcm:machineKeywords"][0] == {"value": "cat", "confidence": 0.99}
    assert asset["dam:assetStatus"] == "approved"


def test_an_unknown_token_gets_the_minimal_metadata(client: httpx.Client) -> None:
    document = client.get(f"{API}/{DEMO['chelsea']}/metadata", headers=bearer("who-knows")).json()
    assert set(document["assetMetadata"]) == {"dam:assetStatus", "tiff:ImageWidth", "tiff:ImageLength"}


def test_smart_crop_list(client: httpx.Client) -> None:
    response = client.get(f"{API}/{DEMO['mosaic']}/smartCrops")
    items = response.json()["items"]
    assert [item["name"] for item in items] == [
        "Square", "Landscape", "Portrait", "Astronaut", "Rocket", "Hubble", "Retina", "Cat", "Coffee",
        "Cameraman", "Coins", "Clock", "Tissue", "Brick", "Grass",
    ]  # fmt: skip
    assert items[7] == {
        "name": "Cat", "left": "0.0", "top": "0.3333", "normalizedWidth": "0.25", "normalizedHeight": "0.3333",
        "width": "1024", "height": "768",
    }  # fmt: skip
    assert response.headers["cache-control"] == "max-age=600"
