"""A server with a self-signed certificate: refused (nothing sent, not retried) unless that
certificate is configured as a CA; the message says how to trust it."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode, NetworkError
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer, not_found
from tests.support.servers import LoopbackServer

from .payloads import IMAGE_PATH, TOKEN, jpeg, self_signed_certificate
from .support import (
    CliResult,
    banner_text,
    client_of,
    fetch_error,
    files_under,
    open_expecting_failure,
    run_async,
)

PHOTO = jpeg(160, 120)


@pytest.fixture
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def hostile(certificate: tuple[Path, Path]) -> Iterator[LoopbackServer]:
    """The profile's host, over TLS with a self-signed certificate (replaces the plain one)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with LoopbackServer(tls=context, fallback=not_found) as server:
        yield server


def test_client_refuses_a_self_signed_certificate_before_sending_anything(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))

    error = fetch_error(hostile, url, token=TOKEN)

    assert type(error) is NetworkError
    assert error.message.startswith(f"The TLS certificate of 127.0.0.1 is not trusted ({url}): ")
    assert "self-signed certificate" in error.message
    assert error.hint == "If your company inspects TLS, add its CA file to the profile; else check the host."
    assert hostile.requests == []  # no request (and no token) went out


def test_client_trusts_the_certificate_once_it_is_configured(
    hostile: LoopbackServer, certificate: tuple[Path, Path]
) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))

    async def fetch() -> bytes:
        async with client_of(hostile, token=TOKEN, extra_ca_file=certificate[0]) as client:
            return (await client.fetch(url)).body

    assert run_async(fetch()) == PHOTO
    assert [request.header("authorization") for request in hostile.requests] == [f"Bearer {TOKEN}"]


def test_cli_get_refuses_a_self_signed_certificate(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.err.startswith(
        f"aemviewer: error: The TLS certificate of 127.0.0.1 is not trusted ({url}): "
    )
    assert result.err.endswith(
        "  hint: If your company inspects TLS, add its CA file to the profile; else check the host.\n"
    )
    assert TOKEN not in result.err
    assert hostile.requests == []
    assert files_under(downloads.parent) == []


def test_window_refuses_a_self_signed_certificate_in_place(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is NetworkError
    assert window.banner.title_label.text() == "No answer from the server"
    assert "is not trusted" in banner_text(window)
    assert "add its CA file to the profile" in banner_text(window)
    assert hostile.requests == []
