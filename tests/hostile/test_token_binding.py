"""The token is bound to one host: the profile's, `--base-url`/AEMVIEWER_BASE_URL, else the host of a
URL typed on the command line. A `--from-file` list never extends it: its entries at other hosts go
without the token, and the summary says so. The window follows the same rule (one client pool)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode
from aemviewer.delivery.reference import parse_reference
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer, Request

from .payloads import ASSET, IMAGE_PATH, TOKEN, jpeg
from .support import CliResult, open_expecting_preview

PHOTO = jpeg(320, 200)
OTHER_PATH = f"/adobe/assets/{ASSET}/as/elsewhere.jpg"


def _authorizations(requests: list[Request]) -> list[str | None]:
    return [request.header("authorization") for request in requests]


def test_a_list_without_a_host_sends_the_token_nowhere_and_says_so(
    hostile: LoopbackServer,
    elsewhere: LoopbackServer,
    cli: Callable[..., CliResult],
    downloads: Path,
    tmp_path: Path,
) -> None:
    listing = tmp_path / "assets.txt"
    listing.write_text(
        f"{hostile.on(IMAGE_PATH, answer(200, PHOTO))}\n{elsewhere.on(OTHER_PATH, answer(200, PHOTO))}\n"
    )

    result = cli("get", "--from-file", str(listing), "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert sorted(path.name for path in downloads.iterdir()) == ["elsewhere.jpg", "photo.jpg"]
    assert _authorizations(elsewhere.requests_for(OTHER_PATH)) == [None]
    assert _authorizations(hostile.requests_for(IMAGE_PATH)) == [None], "no host was named"
    summary = result.err[result.err.index("2 of 2 files saved") :]
    assert "sent without the token" in summary
    assert hostile.url in summary and elsewhere.url in summary
    assert TOKEN not in result.out + result.err


def test_a_list_keeps_the_token_on_the_base_url_host(
    hostile: LoopbackServer,
    elsewhere: LoopbackServer,
    cli: Callable[..., CliResult],
    downloads: Path,
    tmp_path: Path,
) -> None:
    home = hostile.on(IMAGE_PATH, answer(200, PHOTO))
    hostile.on(OTHER_PATH, answer(200, PHOTO))
    other = elsewhere.on(OTHER_PATH, answer(200, PHOTO))
    listing = tmp_path / "assets.txt"
    listing.write_text(f"{home}\n{other}\n")

    # --base-url after the command: every entry is fetched from that host, with the token.
    result = cli("get", "--from-file", str(listing), "-o", str(downloads), "--base-url", hostile.url)
    assert elsewhere.requests == []
    typed = cli("get", other, "-o", str(downloads / "typed.jpg"))

    assert (result.code, typed.code) == (ExitCode.OK, ExitCode.OK), result.err + typed.err
    saved = hostile.requests_for(IMAGE_PATH) + hostile.requests_for(OTHER_PATH)
    assert _authorizations(saved) == [f"Bearer {TOKEN}"] * 2
    assert set(_authorizations(hostile.requests)) == {f"Bearer {TOKEN}"}
    assert "sent without the token" not in result.err
    # A URL typed on the command line (no --base-url) is the host the token is bound to.
    assert _authorizations(elsewhere.requests_for(OTHER_PATH)) == [f"Bearer {TOKEN}"]


def test_a_list_entry_at_another_host_goes_without_the_typed_hosts_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    # Saving several files of one typed URL is a list of one entry: its host keeps the token.
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))
    hostile.on(f"/adobe/assets/{ASSET}/as/photo.png", answer(200, PHOTO, content_type="image/png"))

    result = cli("get", url, "--format", "jpg", "--format", "png", "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert set(_authorizations(hostile.requests)) == {f"Bearer {TOKEN}"}
    assert "sent without the token" not in result.err
    assert elsewhere.requests == []


def test_window_sends_a_pasted_url_at_another_host_without_the_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = elsewhere.on(OTHER_PATH, answer(200, PHOTO))

    preview = open_expecting_preview(qtbot, window, url)

    assert preview.delivery.url == url
    assert _authorizations(elsewhere.requests_for(OTHER_PATH)) == [None]
    assert window.service.token_for(window.service.endpoints_for(parse_reference(url))) is None
