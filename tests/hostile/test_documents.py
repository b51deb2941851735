"""Metadata documents that are not what the API promises: invalid UTF-8, broken JSON, JSON that is
not an object. The error names the URL and says what is wrong; the window keeps previewing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.errors import ExitCode, UnexpectedResponse
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .payloads import ASSET, IMAGE_PATH, METADATA_PATH, jpeg
from .support import WAIT_MS, CliResult, client_of, run_async

DOCUMENTS = {
    "invalid-utf8": (
        b'{"assetId": "' + ASSET.encode() + b'", "dc:title": "caf\xe9 \xff\xfe"}',
        "is not valid JSON ('utf-8' codec can't decode byte 0xe9 in position",
    ),
    "truncated": (
        b'{"assetId": "' + ASSET.encode() + b'", "assetMetadata": {',
        "is not valid JSON (Expecting",
    ),
    "html": (
        b"<html><body>Login required</body></html>",
        "is not valid JSON (Expecting value: line 1 column 1",
    ),
    "array": (b'[{"assetId": "x"}]', "is JSON but not an object (got list)."),
    "nan": (b'{"assetId": NaN, "repositoryMetadata": {"repo:size": Infinity}}', None),
}
"""(body, what the error says after "The metadata at URL "); None: Python's JSON reads it."""


def _serve(hostile: LoopbackServer, case: str) -> str:
    body, _said = DOCUMENTS[case]
    return hostile.on(METADATA_PATH, answer(200, body, content_type="application/json"))


@pytest.mark.parametrize("case", sorted(case for case, (_body, said) in DOCUMENTS.items() if said))
def test_client_names_the_url_and_what_is_wrong(hostile: LoopbackServer, case: str) -> None:
    url = _serve(hostile, case)

    async def metadata() -> object:
        async with client_of(hostile) as client:
            return await client.metadata(ASSET)

    with pytest.raises(UnexpectedResponse) as caught:
        run_async(metadata())

    said = DOCUMENTS[case][1]
    assert caught.value.message.startswith(f"The metadata at {url} {said}")
    assert caught.value.url == url
    assert caught.value.hint


def test_client_reads_non_finite_numbers_without_crashing(hostile: LoopbackServer) -> None:
    _serve(hostile, "nan")

    async def metadata() -> tuple[object, object]:
        async with client_of(hostile) as client:
            document = await client.metadata(ASSET)
        return document.asset_id, document.size

    # JSON extensions that Python accepts: typed accessors give None rather than a NaN or an inf.
    assert run_async(metadata()) == (None, None)


@pytest.mark.parametrize("case", ["invalid-utf8", "truncated", "array"])
@pytest.mark.parametrize("as_json", [False, True])
def test_cli_meta_exits_5_with_one_line_and_no_traceback(
    hostile: LoopbackServer, cli: Callable[..., CliResult], case: str, as_json: bool
) -> None:
    url = _serve(hostile, case)

    result = cli("meta", url, *(["--json"] if as_json else []))

    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"aemviewer: error: The metadata at {url} {DOCUMENTS[case][1]}")
    assert lines[1].startswith("  hint: ")


@pytest.mark.parametrize("case", ["invalid-utf8", "truncated", "array"])
def test_window_previews_beside_a_broken_metadata_document(
    hostile: LoopbackServer, window: MainWindow, qtbot: QtBot, case: str
) -> None:
    metadata_url = _serve(hostile, case)
    url = hostile.on(IMAGE_PATH, answer(200, jpeg(300, 200)))
    failures: list[Exception] = []
    window.controller.metadata_failed.connect(failures.append)

    with qtbot.waitSignals(
        [window.controller.preview_ready, window.controller.metadata_failed], timeout=WAIT_MS
    ):
        assert window.open_text(url)

    [error] = failures
    assert type(error) is UnexpectedResponse
    assert error.url == metadata_url
    assert window.controller.metadata is None
    assert window.canvas.image.width() == 300
    assert not window.banner.isVisible()  # no "something went wrong inside aemviewer"
