"""Every error answer and failed connection becomes the typed error with a message that helps."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import (
    AuthRequired,
    BadRequest,
    ExitCode,
    HTTPStatusError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
)
from aemviewer.delivery.tokens import StaticToken
from tests.support.clients import ASSET, FAST_RETRIES, TOKEN, with_client
from tests.support.servers import LoopbackServer, Reply


def image_url(server: LoopbackServer) -> str:
    return f"{server.url}/adobe/assets/{ASSET}/as/photo.jpg"


def fetch_error(server: LoopbackServer, url: str | None = None, **options: object) -> Exception:
    async def body(client: DeliveryClient) -> None:
        await client.fetch(url or image_url(server))

    with pytest.raises(Exception) as caught:
        with_client(server, body, **options)
    return caught.value


def test_400_is_bad_request_with_the_problem_detail(server: LoopbackServer) -> None:
    problem = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "width must be ≤ 8192"}
    server.reply(400, json.dumps(problem).encode(), ("Content-Type", "application/problem+json"))

    error = fetch_error(server)

    assert isinstance(error, BadRequest)
    assert error.status == 400
    assert error.detail == "width must be ≤ 8192"
    assert (
        str(error)
        == f"The server refused the request {image_url(server)} answered 400 Bad Request: width must be ≤ 8192."
    )
    assert "modifiers" in error.hint
    assert error.url == image_url(server)
    assert error.exit_code is ExitCode.BAD_INPUT


def test_a_json_error_without_problem_type_is_still_read(server: LoopbackServer) -> None:
    server.reply(400, b'{"title": "Bad Request", "status": 400}', ("Content-Type", "application/json"))

    error = fetch_error(server)

    assert isinstance(error, BadRequest)
    assert error.detail == "Bad Request"


def test_a_text_error_is_quoted_short(server: LoopbackServer) -> None:
    server.reply(500, b"Internal   failure\nin   module X " + b"y" * 1000, ("Content-Type", "text/plain"))

    error = fetch_error(server)

    assert isinstance(error, ServerError)
    assert error.detail.startswith("Internal failure in module X yyy")
    assert len(error.detail) == 300 and error.detail.endswith("…")
    assert len(server.received()) == 1  # 500 is not retried


def test_an_html_error_is_quoted_by_its_title(server: LoopbackServer) -> None:
    page = b"<html><head><title>502 Proxy Error</title></head><body><h1>Oops</h1>...</body></html>"
    server.reply(502, page, ("Content-Type", "text/html; charset=utf-8"))

    error = fetch_error(server)

    assert isinstance(error, ServerError)
    assert error.detail == "502 Proxy Error"
    assert "502 Bad Gateway: 502 Proxy Error" in str(error)


def test_401_without_token_says_to_add_one(server: LoopbackServer) -> None:
    server.reply(401)

    error = fetch_error(server)

    assert isinstance(error, AuthRequired)
    assert str(error) == f"Access denied: {image_url(server)} answered 401 Unauthorized."
    assert error.hint.startswith("Add a token")
    assert error.exit_code is ExitCode.AUTHENTICATION


def test_403_with_token_says_it_was_refused_and_never_shows_it(server: LoopbackServer) -> None:
    server.reply(403, f"token {TOKEN} lacks role".encode(), ("Content-Type", "text/plain"))

    error = fetch_error(server, token=StaticToken(TOKEN))

    assert isinstance(error, AuthRequired)
    assert error.status == 403
    assert "refused" in error.hint
    assert TOKEN not in str(error) and TOKEN not in error.detail and TOKEN not in repr(error)
    assert error.detail == "token •••• lacks role"


def test_404_names_the_asset_and_the_reasons_behind_a_404(server: LoopbackServer) -> None:
    server.reply(404, b'{"title":"Not Found","status":404}', ("Content-Type", "application/problem+json"))

    error = fetch_error(server)

    assert isinstance(error, NotFound)
    assert str(error).startswith(f"Asset {ASSET} was not found at {image_url(server)} (404).")
    assert "restricted, not approved, expired" in str(error)
    assert error.hint == "Check the asset id, or add a token if the asset is restricted."
    assert error.exit_code is ExitCode.NOT_FOUND
    assert len(server.received()) == 1  # 404 is not retried


def test_404_with_a_token_points_at_roles_and_approval(server: LoopbackServer) -> None:
    server.reply(404)

    error = fetch_error(server, token=StaticToken(TOKEN))

    assert isinstance(error, NotFound)
    assert "roles" in error.hint and "approved" in error.hint


def test_other_statuses_are_http_status_errors(server: LoopbackServer) -> None:
    server.reply(418, b"short and stout", ("Content-Type", "text/plain"))

    error = fetch_error(server)

    assert type(error) is HTTPStatusError
    assert error.status == 418
    assert "418 I'm a Teapot: short and stout" in str(error)


def test_a_redirect_without_location_is_a_server_error(server: LoopbackServer) -> None:
    server.reply(302)

    error = fetch_error(server)

    assert isinstance(error, ServerError)
    assert "without a usable Location" in str(error)


def test_503_is_retried_until_the_attempts_run_out(server: LoopbackServer) -> None:
    server.queue(Reply(503), Reply(503), Reply(503))

    error = fetch_error(server)

    assert isinstance(error, ServerError)
    assert error.status == 503
    assert "(also after retrying)" in str(error)
    assert len(server.received()) == 3


def test_503_then_200_succeeds(server: LoopbackServer) -> None:
    server.queue(Reply(503), Reply(200, body=b"ok"))

    delivery = with_client(server, lambda client: client.fetch(image_url(server)))

    assert delivery.status == 200 and delivery.body == b"ok"
    assert len(server.received()) == 2


def test_429_waits_as_long_as_retry_after_says(server: LoopbackServer) -> None:
    server.queue(Reply(429, [("Retry-After", "1")]), Reply(200, body=b"ok"))

    started = time.monotonic()
    delivery = with_client(server, lambda client: client.fetch(image_url(server)))
    elapsed = time.monotonic() - started

    assert delivery.body == b"ok"
    assert elapsed >= 0.95
    assert len(server.received()) == 2


def test_429_with_a_retry_after_beyond_the_cap_gives_up_at_once(server: LoopbackServer) -> None:
    server.queue(Reply(429, [("Retry-After", "120")]))

    error = fetch_error(server)

    assert isinstance(error, RateLimited)
    assert (
        str(error)
        == f"Too many requests: {image_url(server)} answered 429 Too Many Requests; it asks to wait 120 s."
    )
    assert len(server.received()) == 1


def test_429_after_retries_is_rate_limited(server: LoopbackServer) -> None:
    server.queue(Reply(429), Reply(429), Reply(429))

    error = fetch_error(server)

    assert isinstance(error, RateLimited)
    assert "after retrying" in str(error)
    assert len(server.received()) == 3


def test_a_search_post_is_never_retried(server: LoopbackServer) -> None:
    server.queue(Reply(503), Reply(200, body=b'{"hits": {"results": []}}'))

    async def search(client: DeliveryClient) -> None:
        await client.search({"query": [{"match": {"text": "shoes"}}]}, api_key="aemviewer")

    with pytest.raises(ServerError):
        with_client(server, search)
    assert len(server.received()) == 1


def test_a_dropped_connection_is_retried(server: LoopbackServer) -> None:
    server.queue(Reply(drop=True), Reply(200, body=b"ok"))

    delivery = with_client(server, lambda client: client.fetch(image_url(server)))

    assert delivery.body == b"ok"
    assert len(server.received()) == 2


def test_a_connection_cut_mid_body_is_retried_then_reported(server: LoopbackServer) -> None:
    body = b"z" * 100_000
    server.queue(*(Reply(200, body=body, cut_after=1000) for _ in range(3)))

    error = fetch_error(server)

    assert type(error) is NetworkError
    assert str(error).startswith(
        f"The connection to 127.0.0.1 was cut while transferring {image_url(server)}"
    )
    assert "Try again" in error.hint
    assert len(server.received()) == 3


def test_a_cut_then_a_whole_answer_succeeds(server: LoopbackServer) -> None:
    body = b"z" * 100_000
    server.queue(Reply(200, body=body, cut_after=1000), Reply(200, body=body))

    delivery = with_client(server, lambda client: client.fetch(image_url(server)))

    assert delivery.body == body


def test_a_stalled_server_times_out_without_retry(server: LoopbackServer) -> None:
    server.queue(Reply(200, body=b"late", delay=3))

    started = time.monotonic()
    error = fetch_error(server, timeout=0.2)
    elapsed = time.monotonic() - started

    assert isinstance(error, Timeout)
    assert str(error) == f"127.0.0.1 stopped answering for 0.2 s while sending {image_url(server)}."
    assert elapsed < 2
    assert len(server.received()) == 1


def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/adobe/assets/{ASSET}"

    async def main() -> None:
        async with DeliveryClient(
            DeliveryEndpoints(f"http://127.0.0.1:{port}"), ClientSettings(retries=FAST_RETRIES)
        ) as client:
            await client.fetch(url)

    with pytest.raises(NetworkError) as caught:
        asyncio.run(main())
    assert str(caught.value).startswith(f"Could not connect to 127.0.0.1 for {url}:")
    assert "is the server running?" in caught.value.hint
