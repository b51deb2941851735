"""The emulator accepts what production accepts: one test per row of docs/emulator.md's fidelity
table (the row's name is in each test's docstring)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from aemviewer.api_spec import DELIVERY_TOKEN_HEADER, IGNORED_PARAMETERS_HEADER
from aemviewer.emulator import EmulatorServer, Library, LibraryError, load_library

from .emulator_support import API, DEMO, DEMO_API_KEY, image_url

CHELSEA_VANITY = "urn:avid:aem:chelsea-the-cat"
RETINA_VANITY = "urn:avid:aem:retina-left-eye"


def etag(client: httpx.Client, path: str, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.headers["etag"]


def test_unknown_parameters_are_served_and_named(client: httpx.Client, emulator: EmulatorServer) -> None:
    """Unknown query parameters."""
    query = "widht=300&assetname=chelsea.jpg&timestamp=1718000000000&width=120"
    response = client.get(image_url("chelsea", query))
    assert response.status_code == 200
    assert response.headers[IGNORED_PARAMETERS_HEADER] == "widht, assetname, timestamp"
    assert response.headers["etag"] == etag(client, image_url("chelsea", "width=120"))
    note = f"  ignored widht, assetname, timestamp (in GET {API}/{DEMO['chelsea']}/as/image.jpg)"
    assert note in emulator.request_log
    plain = client.get(image_url("chelsea", "width=120"))
    assert IGNORED_PARAMETERS_HEADER not in plain.headers
    assert client.get(image_url("chelsea", "width=abc")).status_code == 400, "known and bad is still 400"


def test_per_layer_modifiers_are_accepted_and_reported(client: httpx.Client) -> None:
    """Per-layer and advanced modifiers."""
    query = f"blur[top]=5&source[top]={DEMO['coffee']}&layers=top&width=100"
    experimental = f"/adobe/experimental/advancemodifiers-expires-20991231/assets/{DEMO['chelsea']}/as/x.jpg"
    for path in (image_url("chelsea", query), f"{experimental}?{query}"):
        response = client.get(path)
        assert response.status_code == 200, response.text
        assert response.headers[IGNORED_PARAMETERS_HEADER] == "blur[top], source[top], layers"


def test_renditions_original_is_the_original(client: httpx.Client) -> None:
    """renditions/original/as/…"""
    original = client.get(f"{API}/{DEMO['chelsea']}/original/as/chelsea-the-cat.jpg")
    shorthand = client.get(f"{API}/{DEMO['chelsea']}/renditions/original/as/chelsea-the-cat.jpg")
    assert original.status_code == shorthand.status_code == 200
    assert shorthand.content == original.content
    for name in ("etag", "content-type", "content-length", "last-modified", "cache-control"):
        assert shorthand.headers[name] == original.headers[name]


@pytest.mark.parametrize(
    "tail", ["/as/cat.jpg?width=90", "", "/metadata", "/smartCrops", "/original/as/cat.jpg"]
)
def test_vanity_ids_are_served_by_every_endpoint(client: httpx.Client, tail: str) -> None:
    """Vanity ids."""
    by_id = client.get(f"{API}/{DEMO['chelsea']}{tail}")
    by_vanity = client.get(f"{API}/{CHELSEA_VANITY}{tail}")
    assert by_id.status_code == by_vanity.status_code == 200
    assert by_vanity.content == by_id.content and by_vanity.headers["etag"] == by_id.headers["etag"]


def test_a_restricted_vanity_id_keeps_its_asset_rules(client: httpx.Client, tokens: dict[str, str]) -> None:
    """Vanity ids (restricted asset)."""
    path = f"{API}/{RETINA_VANITY}/as/eye.jpg?width=64"
    assert client.get(path).status_code == 404
    assert client.get(path, headers={"Authorization": f"Bearer {tokens['editor']}"}).status_code == 200


def test_vanity_ids_in_the_catalogue_are_checked(tmp_path: Path, demo: Library) -> None:
    """Vanity ids (catalogue)."""
    document = json.loads((demo.root / "catalogue.json").read_text(encoding="utf-8"))
    record = next(item for item in document["assets"] if item["id"] == DEMO["chelsea"])
    assert demo.asset(CHELSEA_VANITY) is demo.assets[DEMO["chelsea"]]

    record = {**record, "renditions": {}}
    (tmp_path / "cat.jpg").write_bytes((demo.root / record["file"]).read_bytes())
    record["file"] = "cat.jpg"

    def write(assets: list[dict[str, object]]) -> Library:
        (tmp_path / "catalogue.json").write_text(json.dumps({"assets": assets}), encoding="utf-8")
        return load_library(tmp_path)

    with pytest.raises(LibraryError, match=r"'vanity_ids': 'urn:aaid:aem:x' must look like urn:avid:aem:"):
        write([{**record, "vanity_ids": ["urn:aaid:aem:x"]}])
    twins = [{**record, "vanity_ids": ["urn:avid:aem:cat"]}, {**record, "id": DEMO["coffee"]}]
    twins[1]["vanity_ids"] = ["urn:avid:aem:cat"]
    with pytest.raises(LibraryError, match=r"urn:avid:aem:cat already stands for"):
        write(twins)
    assert write([{**record, "vanity_ids": ["urn:avid:aem:cat"]}]).asset("urn:avid:aem:cat") is not None


def test_max_quality_is_a_ceiling_and_quality_wins(client: httpx.Client) -> None:
    """max-quality."""
    default = f"{API}/{DEMO['chelsea']}"
    assert etag(client, default + "?max-quality=95") == etag(client, default), "65 is under the ceiling"
    assert etag(client, default + "?max-quality=30") == etag(client, default + "?quality=30")
    assert etag(client, image_url("chelsea", "max-quality=40")) == etag(
        client, image_url("chelsea", "quality=40")
    )
    assert etag(client, image_url("chelsea", "quality=90&max-quality=40")) == etag(
        client, image_url("chelsea", "quality=90")
    )
    small = client.get(image_url("chelsea", "max-quality=20")).content
    large = client.get(image_url("chelsea", "max-quality=95")).content
    assert len(small) < len(large)


def test_a_pixel_crop_outside_the_image_is_ignored(client: httpx.Client) -> None:
    """Pixel crops outside the image."""
    response = client.get(image_url("chelsea", "crop=5000,0,10,10&width=100"))
    assert response.status_code == 200
    assert response.headers[IGNORED_PARAMETERS_HEADER] == "crop"
    assert response.headers["etag"] == etag(client, image_url("chelsea", "width=100"))
    inside = client.get(image_url("chelsea", "crop=400,0,500,500&width=100"))
    assert IGNORED_PARAMETERS_HEADER not in inside.headers, "a crop that overlaps the image is clipped"


def test_smartcrop_on_originals_and_the_default_image(client: httpx.Client) -> None:
    """smartcrop on other endpoints."""
    original = client.get(f"{API}/{DEMO['chelsea']}/original/as/cat.jpg")
    with_crop = client.get(f"{API}/{DEMO['chelsea']}/original/as/cat.jpg?smartcrop=Square&attachment=true")
    assert with_crop.status_code == 200 and with_crop.content == original.content
    assert with_crop.headers[IGNORED_PARAMETERS_HEADER] == "smartcrop"
    default = f"{API}/{DEMO['chelsea']}"
    assert etag(client, default + "?smartcrop=Square") != etag(client, default)
    assert client.get(default + "?smartcrop=square").status_code == 400, "names are case-sensitive"


def test_the_delivery_token_header_opens_restricted_assets(
    client: httpx.Client, tokens: dict[str, str]
) -> None:
    """Restricted delivery."""
    path = f"{API}/{DEMO['retina']}/as/eye.jpg?width=64"
    assert client.get(path).status_code == 404
    assert client.get(path, headers={DELIVERY_TOKEN_HEADER: tokens["editor"]}).status_code == 200
    assert client.get(path, headers={DELIVERY_TOKEN_HEADER: tokens["viewer"]}).status_code == 404, "no role"
    assert client.get(path, headers={DELIVERY_TOKEN_HEADER: tokens["expired"]}).status_code == 404
    search = client.post(
        f"{API}/search",
        json={"query": []},
        headers={DELIVERY_TOKEN_HEADER: tokens["editor"], "X-Api-Key": DEMO_API_KEY},
    )
    assert search.status_code == 401, "search takes the bearer token only"


def test_the_dynamicmedia_deliver_shape_serves_the_image(client: httpx.Client) -> None:
    """/adobe/dynamicmedia/deliver."""
    deliver = f"/adobe/dynamicmedia/deliver/{DEMO['chelsea']}/cat.jpg?width=80"
    assert etag(client, deliver) == etag(client, image_url("chelsea", "width=80", name="cat.jpg"))
    assert etag(client, f"/adobe/dynamicmedia/deliver/{CHELSEA_VANITY}/cat.jpg?width=80") == etag(
        client, deliver
    )


def test_search_sorts_by_order_by_or_sort_and_names_hits_by_id(
    client: httpx.Client, tokens: dict[str, str]
) -> None:
    """Search sorting and field names."""
    headers = {"Authorization": f"Bearer {tokens['viewer']}", "X-Api-Key": DEMO_API_KEY}
    field = "metadata.repositoryMetadata.repo:size"

    def ids(body: dict[str, object]) -> list[str]:
        response = client.post(f"{API}/search", json={"query": [], "limit": 100, **body}, headers=headers)
        assert response.status_code == 200, response.text
        results = response.json()["hits"]["results"]
        assert all(hit["id"] == hit["assetId"] for hit in results)
        return [hit["id"] for hit in results]

    by_order_by = ids({"orderBy": f"{field} desc"})
    assert ids({"sort": [{"field": field, "order": "desc"}]}) == by_order_by
    assert ids({"sort": [{"field": field, "order": "asc"}]}) == list(reversed(by_order_by))
    both = client.post(
        f"{API}/search", json={"query": [], "orderBy": field, "sort": [{"field": field}]}, headers=headers
    )
    assert both.status_code == 400 and "either `orderBy` or `sort`" in both.json()["detail"]
