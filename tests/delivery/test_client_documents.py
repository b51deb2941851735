"""Metadata, smart crops and search: JSON documents read into typed values, or typed errors."""

from __future__ import annotations

import json

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import TooLarge, UnexpectedResponse
from aemviewer.delivery.tokens import StaticToken
from tests.support.clients import ASSET, TOKEN, with_client
from tests.support.servers import LoopbackServer, Reply

METADATA = {
    "assetId": ASSET,
    "repositoryMetadata": {
        "repo:name": "test.jpg",
        "dc:format": "image/jpeg",
        "repo:size": "250467",
        "smartcrops": {
            "Landscape": {
                "left": "0.0",
                "top": "0.5774",
                "normalizedWidth": "1.0",
                "normalizedHeight": "0.84375",
                "width": "320",
                "height": "180",
            }
        },
    },
    "assetMetadata": {
        "dam:assetStatus": "approved",
        "dc:title": "A shoe",
        "tiff:ImageWidth": 1500,
        "tiff:ImageLength": "900",
        "xcm:machineKeywords": [{"value": "shoe", "confidence": 0.9}],
    },
}


def metadata_url(server: LoopbackServer) -> str:
    return f"{server.url}/adobe/assets/{ASSET}/metadata"


def test_metadata_is_parsed_and_the_raw_bytes_kept(server: LoopbackServer) -> None:
    raw = json.dumps(METADATA, indent=1).encode()
    server.reply(200, raw, ("Content-Type", "application/json"))

    metadata = with_client(server, lambda client: client.metadata(ASSET))

    assert server.received()[0].target == f"/adobe/assets/{ASSET}/metadata"
    assert server.received()[0].header("Accept") == "application/json"
    assert metadata.raw == raw
    assert metadata.document == METADATA
    assert metadata.delivery.status == 200
    assert metadata.asset_id == ASSET
    assert (metadata.file_name, metadata.media_type, metadata.size) == ("test.jpg", "image/jpeg", 250467)
    assert (metadata.title, metadata.width, metadata.height) == ("A shoe", 1500, 900)
    (crop,) = metadata.smart_crops
    assert crop.name == "Landscape"
    assert (crop.left, crop.top, crop.normalized_height, crop.width, crop.height) == (
        0.0,
        0.5774,
        0.84375,
        320,
        180,
    )


def test_malformed_json_metadata_names_the_url(server: LoopbackServer) -> None:
    server.reply(200, b'{"assetId": "urn:', ("Content-Type", "application/json"))

    async def body(client: DeliveryClient) -> None:
        await client.metadata(ASSET)

    with pytest.raises(UnexpectedResponse) as caught:
        with_client(server, body)
    assert str(caught.value).startswith(f"The metadata at {metadata_url(server)} is not valid JSON (")
    assert caught.value.url == metadata_url(server)


def test_metadata_that_is_not_an_object_is_unexpected(server: LoopbackServer) -> None:
    server.reply(200, b"[1, 2, 3]", ("Content-Type", "application/json"))

    async def body(client: DeliveryClient) -> None:
        await client.metadata(ASSET)

    with pytest.raises(UnexpectedResponse) as caught:
        with_client(server, body)
    assert (
        str(caught.value) == f"The metadata at {metadata_url(server)} is JSON but not an object (got list)."
    )


def test_metadata_above_the_cap_is_too_large(server: LoopbackServer) -> None:
    server.reply(200, b"{" + b" " * 5000 + b"}")

    async def body(client: DeliveryClient) -> None:
        await client.metadata(ASSET)

    with pytest.raises(TooLarge, match="it announces 5002 bytes"):
        with_client(server, body, max_metadata_bytes=1000)


def test_a_body_without_length_is_cut_off_at_the_cap(server: LoopbackServer) -> None:
    server.queue(Reply(200, body=b"x" * 5000, content_length=False))

    async def body(client: DeliveryClient) -> None:
        await client.fetch(f"{server.url}/big", max_bytes=1000)

    with pytest.raises(TooLarge, match=r"larger than this tool reads at once \(1 kB\): more than 1000 bytes"):
        with_client(server, body)


def test_smart_crops_are_listed(server: LoopbackServer) -> None:
    document = {"items": [{"name": "Large"}, {"name": "Square", "width": "300", "height": 300}]}
    server.reply(200, json.dumps(document).encode(), ("Content-Type", "application/json"))

    crops = with_client(server, lambda client: client.smart_crops(ASSET))

    assert server.received()[0].target == f"/adobe/assets/{ASSET}/smartCrops"
    assert [crop.name for crop in crops] == ["Large", "Square"]
    assert (crops[1].width, crops[1].height, crops[0].width) == (300, 300, None)


def test_a_smart_crop_list_without_items_is_unexpected(server: LoopbackServer) -> None:
    server.reply(200, b'{"items": [{"title": "Large"}]}', ("Content-Type", "application/json"))

    async def body(client: DeliveryClient) -> None:
        await client.smart_crops(ASSET)

    with pytest.raises(UnexpectedResponse, match="has no list of named items"):
        with_client(server, body)


def test_search_posts_the_query_with_key_and_token(server: LoopbackServer) -> None:
    answer = {
        "hits": {
            "results": [{"assetId": ASSET, "repositoryMetadata": {"repo:name": "a.jpg"}, "assetMetadata": {}}]
        },
        "search_metadata": {"totalCount": {"total": 41}},
        "cursor": "next-page",
    }
    server.reply(200, json.dumps(answer).encode(), ("Content-Type", "application/json"))
    query = {"query": [{"match": {"text": "shoes"}}], "limit": 1}

    page = with_client(
        server, lambda client: client.search(query, api_key="my-key"), token=StaticToken(TOKEN)
    )

    (request,) = server.received()
    assert (request.method, request.target) == ("POST", "/adobe/assets/search")
    assert json.loads(request.body) == query
    assert request.header("Content-Type") == "application/json"
    assert request.header("X-Api-Key") == "my-key"
    assert request.header("Authorization") == f"Bearer {TOKEN}"
    assert [hit.asset_id for hit in page.hits] == [ASSET]
    assert page.hits[0].repository_metadata == {"repo:name": "a.jpg"}
    assert (page.total, page.cursor) == (41, "next-page")


def test_player_page_and_manifests(server: LoopbackServer) -> None:
    server.reply(200, b"<html></html>", ("Content-Type", "text/html"))
    server.reply(200, b"#EXTM3U\n", ("Content-Type", "application/vnd.apple.mpegurl"))
    server.reply(200, b"<MPD/>", ("Content-Type", "application/dash+xml"))

    async def body(client: DeliveryClient) -> list[str]:
        answers = [
            await client.player_page(ASSET),
            await client.manifest(ASSET),
            await client.manifest(ASSET, "dash"),
        ]
        return [answer.media_type for answer in answers]

    media_types = with_client(server, body)

    assert [request.target.rsplit("/", 1)[1] for request in server.received()] == [
        "play",
        "manifest.m3u8",
        "manifest.mpd",
    ]
    assert media_types == ["text/html", "application/vnd.apple.mpegurl", "application/dash+xml"]


def test_original_rendition_and_default_image_urls(server: LoopbackServer) -> None:
    for _ in range(3):
        server.reply(200, b"bytes")

    async def body(client: DeliveryClient) -> None:
        await client.original(ASSET, seo_name="photo.jpg")
        await client.rendition(ASSET, "cq5dam.web.1280.1280.jpeg")
        await client.default_image(ASSET)

    with_client(server, body)

    assert [request.target for request in server.received()] == [
        f"/adobe/assets/{ASSET}/original/as/photo.jpg",
        f"/adobe/assets/{ASSET}/renditions/cq5dam.web.1280.1280.jpeg/as/cq5dam.web.1280.1280.jpeg",
        f"/adobe/assets/{ASSET}",
    ]
