"""DeliveryClient against a real loopback server: what a successful answer looks like, revalidation."""

from __future__ import annotations

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.tokens import StaticToken
from tests.support.clients import ASSET, TOKEN, with_client
from tests.support.servers import LoopbackServer

JPEG = b"\xff\xd8\xff\xe0" + b"x" * 5000


def test_fetch_returns_status_headers_body_and_the_request_sent(server: LoopbackServer) -> None:
    server.reply(
        200,
        JPEG,
        ("Content-Type", "image/jpeg"),
        ("X-Seen", "one"),
        ("X-Seen", "two"),
        ("Cache-Control", "max-age=600"),
    )
    url = f"{server.url}/adobe/assets/{ASSET}/as/photo.jpg?width=300"

    delivery = with_client(server, lambda client: client.fetch(url, accept="image/webp,*/*"))

    assert delivery.status == 200
    assert delivery.reason == "OK"
    assert delivery.url == url
    assert delivery.body == JPEG
    assert delivery.byte_count == len(JPEG) == delivery.wire_byte_count
    assert delivery.content_type == "image/jpeg"
    assert delivery.media_type == "image/jpeg"
    assert [value for name, value in delivery.headers if name.lower() == "x-seen"] == ["one", "two"]
    assert ("X-Seen", "one") in delivery.headers
    assert delivery.http_version == "HTTP/1.1"
    assert delivery.method == "GET"
    assert not delivery.revalidated
    assert delivery.redirects == ()
    assert 0 <= delivery.timings.time_to_first_byte <= delivery.timings.total
    sent = dict((name.lower(), value) for name, value in delivery.request_headers)
    assert sent["accept"] == "image/webp,*/*"
    assert sent["user-agent"].startswith("aemviewer/")
    (request,) = server.received()
    assert request.method == "GET"
    assert request.target == f"/adobe/assets/{ASSET}/as/photo.jpg?width=300"
    assert request.header("Accept") == "image/webp,*/*"
    assert "photo.jpg" in repr(delivery) and "5004 bytes" in repr(delivery)


def test_image_builds_the_url_from_id_and_modifiers(server: LoopbackServer) -> None:
    server.reply(200, JPEG, ("Content-Type", "image/jpeg"))
    modifiers = ImageModifiers(width=300, rotate=90)

    delivery = with_client(
        server, lambda client: client.image(ASSET, modifiers, format="webp", seo_name="shoe")
    )

    assert server.received()[0].target == f"/adobe/assets/{ASSET}/as/shoe.webp?rotate=90&width=300"
    assert delivery.url.endswith("?rotate=90&width=300")


def test_head_sends_head_and_reads_no_body(server: LoopbackServer) -> None:
    server.reply(200, JPEG, ("Content-Type", "image/jpeg"))

    delivery = with_client(server, lambda client: client.fetch(f"{server.url}/x", method="head"))

    assert server.received()[0].method == "HEAD"
    assert delivery.body == b""
    assert delivery.header("content-length") == str(len(JPEG))


def test_a_repeated_get_revalidates_with_if_none_match_and_reuses_the_body(server: LoopbackServer) -> None:
    etag = '"v1-abc"'
    server.reply(200, JPEG, ("Content-Type", "image/jpeg"), ("ETag", etag), ("Vary", "Accept"))
    server.reply(304, b"", ("ETag", etag), ("Cache-Control", "max-age=600"))
    url = f"{server.url}/adobe/assets/{ASSET}/as/photo.jpg"

    async def twice(client: DeliveryClient) -> tuple[Delivery, Delivery]:
        return await client.fetch(url, accept="image/jpeg"), await client.fetch(url, accept="image/jpeg")

    first, second = with_client(server, twice)

    requests = server.received()
    assert requests[0].header("If-None-Match") is None
    assert requests[1].header("If-None-Match") == etag
    assert first.status == 200 and not first.revalidated
    assert second.status == 304
    assert second.revalidated
    assert second.body == JPEG
    assert second.byte_count == len(JPEG)
    assert second.wire_byte_count == 0
    assert second.content_type == "image/jpeg"
    assert second.header("cache-control") == "max-age=600"
    assert ("If-None-Match", etag) in second.request_headers


def test_revalidation_keys_on_the_headers_named_in_vary(server: LoopbackServer) -> None:
    server.reply(200, b"jpeg", ("ETag", '"j"'), ("Vary", "Accept"))
    server.reply(200, b"webp", ("ETag", '"w"'), ("Vary", "Accept"))
    server.reply(304, b"", ("ETag", '"j"'))
    url = f"{server.url}/a"

    async def three(client: DeliveryClient) -> list[bytes]:
        answers = [
            await client.fetch(url, accept="image/jpeg"),
            await client.fetch(url, accept="image/webp"),
            await client.fetch(url, accept="image/jpeg"),
        ]
        return [answer.body for answer in answers]

    bodies = with_client(server, three)

    assert [request.header("If-None-Match") for request in server.received()] == [None, None, '"j"']
    assert bodies == [b"jpeg", b"webp", b"jpeg"]


def test_no_revalidation_without_etag_or_when_asked_not_to(server: LoopbackServer) -> None:
    server.reply(200, b"one")
    server.reply(200, b"two", ("ETag", '"2"'))
    server.reply(200, b"three", ("ETag", '"2"'))
    server.reply(304, b"", ("ETag", '"2"'))
    url = f"{server.url}/a"

    async def four(client: DeliveryClient) -> None:
        await client.fetch(url)
        await client.fetch(url)
        await client.fetch(url, revalidate=False)
        await client.fetch(url)

    with_client(server, four)

    assert [request.header("If-None-Match") for request in server.received()] == [None, None, None, '"2"']


def test_revalidation_can_be_turned_off(server: LoopbackServer) -> None:
    server.reply(200, b"one", ("ETag", '"1"'))
    server.reply(200, b"one", ("ETag", '"1"'))
    url = f"{server.url}/a"

    async def twice(client: DeliveryClient) -> None:
        assert client.revalidation is None
        await client.fetch(url)
        await client.fetch(url)

    with_client(server, twice, revalidation_bytes=0)

    assert [request.header("If-None-Match") for request in server.received()] == [None, None]


def test_the_token_goes_to_the_delivery_host_and_is_redacted_everywhere(server: LoopbackServer) -> None:
    server.reply(200, b"{}", ("Content-Type", "application/json"))
    source = StaticToken(TOKEN)

    async def fetch_and_describe(client: DeliveryClient) -> tuple[Delivery, str]:
        return await client.fetch(f"{server.url}/adobe/assets/{ASSET}/metadata"), repr(client)

    delivery, client_repr = with_client(server, fetch_and_describe, token=source)

    assert server.received()[0].header("Authorization") == f"Bearer {TOKEN}"
    assert ("Authorization", "Bearer ••••") in delivery.request_headers
    for text in (repr(delivery), str(delivery.request_headers), client_repr, repr(source)):
        assert TOKEN not in text
        assert "sekret" not in text


def test_a_pasted_bearer_prefix_is_not_sent_twice(server: LoopbackServer) -> None:
    server.reply(200)

    with_client(
        server, lambda client: client.fetch(f"{server.url}/a"), token=StaticToken(f"  Bearer {TOKEN}\n")
    )

    assert server.received()[0].header("Authorization") == f"Bearer {TOKEN}"


def test_fetch_refuses_other_methods_and_non_http_urls(server: LoopbackServer) -> None:
    async def post(client: DeliveryClient) -> None:
        await client.fetch(f"{server.url}/a", method="POST")

    async def ftp(client: DeliveryClient) -> None:
        await client.fetch("ftp://example.com/a")

    with pytest.raises(InvalidInput, match="GET or HEAD"):
        with_client(server, post)
    with pytest.raises(InvalidInput, match="not an http or https URL"):
        with_client(server, ftp)
    assert server.received() == []
