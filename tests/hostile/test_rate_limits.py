"""429 Too Many Requests with `Retry-After`: a short wait is honoured and retried, a long one ends
the retries at once with a message that says how long the server asked to wait."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode, RateLimited
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import Behaviour, LoopbackServer

from .payloads import IMAGE_PATH, jpeg
from .support import (
    CliResult,
    banner_text,
    client_of,
    fetch_error,
    files_under,
    open_expecting_failure,
    run_async,
)

PHOTO = jpeg(120, 80)
PROBLEM = b'{"title": "Too Many Requests", "status": 429, "detail": "Slow down."}'


def too_many(retry_after: str) -> Behaviour:
    return answer(429, PROBLEM, ("Retry-After", retry_after), content_type="application/problem+json")


def test_client_waits_as_long_as_retry_after_says_then_succeeds(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, too_many("1"), answer(200, PHOTO))
    arrivals: list[float] = []

    async def fetch() -> bytes:
        async with client_of(hostile) as client:
            started = time.monotonic()
            delivery = await client.fetch(url)
            arrivals.append(time.monotonic() - started)
        return delivery.body

    assert run_async(fetch()) == PHOTO
    assert len(hostile.requests_for(IMAGE_PATH)) == 2
    assert arrivals[0] >= 0.95


@pytest.mark.parametrize("form", ["delta-seconds", "http-date"])
def test_client_gives_up_at_once_on_a_long_retry_after(hostile: LoopbackServer, form: str) -> None:
    later = datetime.now(UTC) + timedelta(hours=2)
    retry_after = "7200" if form == "delta-seconds" else format_datetime(later, usegmt=True)
    url = hostile.on(IMAGE_PATH, too_many(retry_after))

    error = fetch_error(hostile, url)

    assert type(error) is RateLimited
    said = re.fullmatch(
        rf"Too many requests: {re.escape(url)} answered 429 Too Many Requests; it asks to wait (\d+) s\.",
        error.message,
    )
    assert said is not None, error.message
    assert 7190 <= int(said.group(1)) <= 7200
    assert error.detail == "Slow down."
    assert len(hostile.requests_for(IMAGE_PATH)) == 1


def test_client_reports_429_after_the_retries_run_out(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, too_many("0"))

    error = fetch_error(hostile, url)

    assert type(error) is RateLimited
    assert (
        error.message
        == f"Too many requests: {url} answered 429 Too Many Requests after retrying; it asks to wait 0 s."
    )
    assert len(hostile.requests_for(IMAGE_PATH)) == 3


def test_cli_get_exits_5_on_a_long_retry_after_and_leaves_nothing(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, too_many("3600"))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.err == (
        f"aemviewer: error: Too many requests: {url} answered 429 Too Many Requests; it asks to wait 3600 s.\n"
        "  hint: Wait a moment before trying again, and send fewer requests at once.\n"
    )
    assert files_under(downloads.parent) == []


def test_window_shows_the_wait_the_server_asked_for(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, too_many("3600"))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is RateLimited
    assert window.banner.title_label.text() == "The server answered 429"
    assert "it asks to wait 3600 s" in banner_text(window)
    assert "Slow down." in banner_text(window)
    assert [button.text() for button in window.banner.action_buttons] == ["Retry"]
