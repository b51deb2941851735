"""Redirects are followed by the client itself: the token never leaves the delivery host; loops end."""

from __future__ import annotations

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import InsecureRedirect
from aemviewer.delivery.tokens import StaticToken
from tests.support.clients import ASSET, TOKEN, with_client
from tests.support.servers import LoopbackServer, Reply, Request


def test_the_token_is_not_sent_to_another_host_after_a_redirect(
    server: LoopbackServer, other_server: LoopbackServer
) -> None:
    target = f"{other_server.url}/cdn/photo.jpg"
    server.reply(302, b"", ("Location", target))
    other_server.reply(200, b"jpeg", ("Content-Type", "image/jpeg"))
    start = f"{server.url}/adobe/assets/{ASSET}/as/photo.jpg"

    delivery = with_client(server, lambda client: client.fetch(start), token=StaticToken(TOKEN))

    assert server.received()[0].header("Authorization") == f"Bearer {TOKEN}"
    (redirected,) = other_server.received()
    assert redirected.header("Authorization") is None
    assert all(TOKEN not in value for _, value in redirected.headers)
    assert delivery.url == target
    assert delivery.redirects == (start,)
    assert delivery.body == b"jpeg"
    assert not any(name.lower() == "authorization" for name, _ in delivery.request_headers)


def test_the_token_stays_across_a_redirect_on_the_same_host(server: LoopbackServer) -> None:
    server.reply(301, b"", ("Location", "/adobe/assets/moved"))
    server.reply(200, b"ok")

    with_client(server, lambda client: client.fetch(f"{server.url}/a"), token=StaticToken(TOKEN))

    assert [request.header("Authorization") for request in server.received()] == [f"Bearer {TOKEN}"] * 2
    assert server.received()[1].target == "/adobe/assets/moved"


def test_a_url_on_another_host_never_gets_the_token(
    server: LoopbackServer, other_server: LoopbackServer
) -> None:
    other_server.reply(200, b"ok")

    with_client(server, lambda client: client.fetch(f"{other_server.url}/a"), token=StaticToken(TOKEN))

    assert other_server.received()[0].header("Authorization") is None


def test_a_redirect_back_to_the_delivery_host_gets_the_token_again(
    server: LoopbackServer, other_server: LoopbackServer
) -> None:
    server.reply(302, b"", ("Location", f"{other_server.url}/hop"))
    other_server.reply(307, b"", ("Location", f"{server.url}/final"))
    server.reply(200, b"ok")

    with_client(server, lambda client: client.fetch(f"{server.url}/start"), token=StaticToken(TOKEN))

    assert other_server.received()[0].header("Authorization") is None
    assert server.received()[1].header("Authorization") == f"Bearer {TOKEN}"


def test_a_redirect_loop_is_an_insecure_redirect(server: LoopbackServer) -> None:
    def back_to_itself(request: Request) -> Reply:
        return Reply(302, [("Location", request.target)])

    server.queue(back_to_itself, back_to_itself)

    async def body(client: DeliveryClient) -> None:
        await client.fetch(f"{server.url}/loop")

    with pytest.raises(InsecureRedirect) as caught:
        with_client(server, body)
    assert (
        str(caught.value) == f"{server.url}/loop redirects in a loop: {server.url}/loop → {server.url}/loop."
    )
    assert len(server.received()) == 1


def test_more_than_ten_redirects_end_with_an_insecure_redirect(server: LoopbackServer) -> None:
    def onwards(request: Request) -> Reply:
        number = int(request.target.rsplit("/", 1)[1])
        return Reply(302, [("Location", f"/r/{number + 1}")])

    server.queue(*([onwards] * 11))

    async def body(client: DeliveryClient) -> None:
        await client.fetch(f"{server.url}/r/0")

    with pytest.raises(InsecureRedirect, match=r"redirected more than 10 times \(last to .*/r/11\)"):
        with_client(server, body)
    assert len(server.received()) == 11


def test_303_after_a_post_turns_into_a_get_without_body(server: LoopbackServer) -> None:
    server.reply(303, b"", ("Location", "/adobe/assets/search/results"))
    server.reply(200, b'{"hits": {"results": []}}', ("Content-Type", "application/json"))

    page = with_client(server, lambda client: client.search({"query": []}, api_key="k"))

    first, second = server.received()
    assert (first.method, second.method) == ("POST", "GET")
    assert second.body == b""
    assert second.header("Content-Type") is None
    assert page.hits == ()
