"""Server text with terminal escapes, NUL and bidirectional overrides: the command line prints it
as visible escapes, so that a server cannot recolour, retitle or rewrite the user's terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import BadRequest, ExitCode
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import Behaviour, LoopbackServer

from .payloads import ASSET, IMAGE_PATH, METADATA_PATH
from .support import CliResult, banner_text, fetch_error, open_expecting_failure

# Clear the screen, set the window title, colour red, NUL, and a right-to-left override.
HOSTILE_TEXT = "\x1b[2J\x1b]0;owned\x07\x1b[31mred\x00 \u202egnp.exe"
SHOWN = "\\x1b[2J\\x1b]0;owned\\x07\\x1b[31mred\\x00 \\u202egnp.exe"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _problem(detail: str) -> Behaviour:
    body = json.dumps({"title": "Bad Request", "status": 400, "detail": detail}).encode()
    return answer(400, body, content_type="application/problem+json")


def test_client_quotes_a_problem_detail_with_its_escapes_visible(hostile: LoopbackServer) -> None:
    url = hostile.on(IMAGE_PATH, _problem(HOSTILE_TEXT))

    error = fetch_error(hostile, url)

    assert type(error) is BadRequest
    assert error.detail == SHOWN
    assert not UNSAFE.search(error.message)


def test_cli_prints_a_hostile_problem_detail_harmlessly(
    hostile: LoopbackServer, cli: Callable[..., CliResult]
) -> None:
    url = hostile.on(IMAGE_PATH, _problem(HOSTILE_TEXT))

    result = cli("get", url)

    assert result.code == ExitCode.BAD_INPUT
    assert SHOWN in result.err
    assert not UNSAFE.search(result.err)


def test_cli_meta_table_shows_hostile_keys_and_values_as_escapes(
    hostile: LoopbackServer, cli: Callable[..., CliResult]
) -> None:
    document = {
        "assetId": ASSET,
        "assetMetadata": {"dc:title": HOSTILE_TEXT, "x\x1b[8m": "line one\nline two"},
    }
    url = hostile.on(
        METADATA_PATH, answer(200, json.dumps(document).encode(), content_type="application/json")
    )

    result = cli("meta", url)

    assert result.code == ExitCode.OK, result.err
    assert not UNSAFE.search(result.out)
    assert SHOWN in result.out
    assert "x\\x1b[8m" in result.out
    assert "line one\\nline two" in result.out
    assert len(result.out.splitlines()) == 3  # one line per value: a newline cannot forge a row


def test_cli_meta_json_stays_the_servers_bytes(
    hostile: LoopbackServer, cli: Callable[..., CliResult]
) -> None:
    # --json promises the document unchanged; JSON itself escapes control characters in strings.
    raw = json.dumps({"assetId": ASSET, "dc:title": HOSTILE_TEXT}).encode()
    url = hostile.on(METADATA_PATH, answer(200, raw, content_type="application/json"))

    result = cli("meta", url, "--json")

    assert result.code == ExitCode.OK, result.err
    assert result.out == raw.decode() + "\n"
    assert "\x1b" not in result.out


def test_window_banner_shows_the_escapes_as_text(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot
) -> None:
    url = hostile.on(IMAGE_PATH, _problem(HOSTILE_TEXT))

    error, _url = open_expecting_failure(qtbot, window, url)

    assert type(error) is BadRequest
    assert "\\x1b[31mred" in banner_text(window)
    assert not UNSAFE.search(banner_text(window))
