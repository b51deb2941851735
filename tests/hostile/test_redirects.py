"""Redirects that loop, and redirects to another host: the loop ends with a clear error, and the
token never follows a redirect off the profile's host."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode, InsecureRedirect
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer, redirect
from tests.support.servers import LoopbackServer

from .payloads import BASE, IMAGE_PATH, TOKEN, jpeg
from .support import (
    CliResult,
    banner_text,
    client_of,
    fetch_error,
    files_under,
    open_expecting_failure,
    open_expecting_preview,
    run_async,
)

PHOTO = jpeg(320, 200)
LOOP_PATH = f"{BASE}/as/loop.jpg"


def _loop(server: LoopbackServer) -> tuple[str, str]:
    """IMAGE_PATH → LOOP_PATH → IMAGE_PATH …; returns both URLs."""
    first = server.on(IMAGE_PATH, redirect(LOOP_PATH, 302))
    second = server.on(LOOP_PATH, redirect(IMAGE_PATH, 307))
    return first, second


def _endless(server: LoopbackServer, hops: int = 15) -> str:
    """A chain of `hops` distinct redirects, longer than the client follows."""
    for hop in range(hops):
        server.on(f"{BASE}/as/hop{hop}.jpg", redirect(f"{BASE}/as/hop{hop + 1}.jpg", 301))
    return f"{server.url}{BASE}/as/hop0.jpg"


def test_client_ends_a_redirect_loop_naming_the_chain(hostile: LoopbackServer) -> None:
    first, second = _loop(hostile)

    error = fetch_error(hostile, first, token=TOKEN)

    assert type(error) is InsecureRedirect
    assert error.message == f"{first} redirects in a loop: {first} → {second} → {first}."
    assert len(hostile.requests) == 2  # a loop is not retried


def test_client_stops_after_ten_redirects(hostile: LoopbackServer) -> None:
    url = _endless(hostile)

    error = fetch_error(hostile, url)

    assert type(error) is InsecureRedirect
    assert (
        error.message
        == f"{url} was redirected more than 10 times (last to {hostile.url}{BASE}/as/hop11.jpg)."
    )
    assert len(hostile.requests) == 11


def test_cli_get_through_a_redirect_loop_exits_5_and_leaves_nothing(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    first, second = _loop(hostile)

    result = cli("get", first, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.err == (
        f"aemviewer: error: {first} redirects in a loop: {first} → {second} → {first}. Nothing was kept.\n"
        "  hint: The server or a proxy is misconfigured; report the URL.\n"
    )
    assert files_under(downloads.parent) == []


def test_window_shows_a_redirect_loop(hostile: LoopbackServer, window: MainWindow, qtbot: QtBot) -> None:
    first, second = _loop(hostile)

    error, _url = open_expecting_failure(qtbot, window, first)

    assert type(error) is InsecureRedirect
    assert window.banner.title_label.text() == "No answer from the server"
    assert f"redirects in a loop: {first} → {second} → {first}" in banner_text(window)


# --- to another host: the token stays home --------------------------------------------------------


def _off_host(hostile: LoopbackServer, elsewhere: LoopbackServer) -> tuple[str, str]:
    target = elsewhere.on("/cdn/photo.jpg", answer(200, PHOTO))
    return hostile.on(IMAGE_PATH, redirect(target, 302)), target


def _assert_token_stayed_home(hostile: LoopbackServer, elsewhere: LoopbackServer) -> None:
    assert [request.header("authorization") for request in hostile.requests_for(IMAGE_PATH)] == [
        f"Bearer {TOKEN}"
    ]
    assert elsewhere.requests, "the redirect was not followed"
    for request in elsewhere.requests:
        assert request.header("authorization") is None
        assert all(TOKEN not in value for _name, value in request.headers)
        assert TOKEN not in request.target


def test_client_follows_a_redirect_to_another_host_without_the_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer
) -> None:
    url, target = _off_host(hostile, elsewhere)

    async def fetch() -> tuple[bytes, str, tuple[str, ...]]:
        async with client_of(hostile, token=TOKEN) as client:
            delivery = await client.fetch(url)
        return delivery.body, delivery.url, delivery.redirects

    body, final_url, redirects = run_async(fetch())

    assert (body, final_url, redirects) == (PHOTO, target, (url,))
    _assert_token_stayed_home(hostile, elsewhere)


def test_cli_get_follows_a_redirect_to_another_host_without_the_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url, target = _off_host(hostile, elsewhere)

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert (downloads / "photo.jpg").read_bytes() == PHOTO
    assert f"from {target}" in result.err
    assert TOKEN not in result.out + result.err
    _assert_token_stayed_home(hostile, elsewhere)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_window_previews_a_redirect_to_another_host_without_the_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer, window: MainWindow, qtbot: QtBot, status: int
) -> None:
    target = elsewhere.on("/cdn/photo.jpg", answer(200, PHOTO))
    url = hostile.on(IMAGE_PATH, redirect(target, status))

    preview = open_expecting_preview(qtbot, window, url)

    assert preview.delivery.url == target
    assert (preview.image.width(), preview.image.height()) == (320, 200)
    assert "authorization" not in {name.lower() for name, _value in preview.delivery.request_headers}
    _assert_token_stayed_home(hostile, elsewhere)
