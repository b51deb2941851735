"""JSON nested a hundred thousand levels deep — in a problem body, metadata, smart crops, a search
answer, `profiles.json`, the history file: each is refused as malformed (no `RecursionError`, no
traceback), and a batch with such entries finishes the others and prints its summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aemviewer.api_spec import API_PREFIX
from aemviewer.delivery.errors import (
    DeliveryError,
    ExitCode,
    InvalidInput,
    NetworkError,
    NotFound,
    UnexpectedResponse,
)
from aemviewer.workspace.history import HistoryEntry, HistoryStore
from aemviewer.workspace.profile_store import ProfileStore
from aemviewer.workspace.profiles import MAX_PROFILES_BYTES
from tests.support.behaviours import answer
from tests.support.servers import Behaviour, LoopbackServer

from .payloads import ASSET, BASE, METADATA_PATH, jpeg
from .support import CliResult, call_error

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
PHOTO = jpeg(64, 48)


def _json(body: bytes, status: int = 200) -> Behaviour:
    content_type = "application/problem+json" if status >= 400 else "application/json"
    return answer(status, body, content_type=content_type)


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
@pytest.mark.parametrize("what", ["metadata", "smart_crops"])
def test_deep_documents_are_malformed_answers(hostile: LoopbackServer, body: bytes, what: str) -> None:
    hostile.on(f"{BASE}/metadata", _json(body))
    hostile.on(f"{BASE}/smartCrops", _json(body))

    error = call_error(hostile, lambda client: getattr(client, what)(ASSET), DeliveryError)

    assert isinstance(error, UnexpectedResponse), repr(error)
    assert "nested deeper than" in str(error)
    assert error.exit_code == ExitCode.NETWORK_OR_SERVER


def test_a_deep_search_answer_is_malformed(hostile: LoopbackServer) -> None:
    hostile.on(f"{API_PREFIX}/search", _json(DEEP))

    error = call_error(
        hostile, lambda client: client.search({"query": [{"match": {"text": "x"}}]}, "key"), DeliveryError
    )

    assert isinstance(error, UnexpectedResponse), repr(error)


def test_a_deep_problem_body_still_reports_the_status(hostile: LoopbackServer) -> None:
    hostile.on(METADATA_PATH, _json(DEEP, 404))

    error = call_error(hostile, lambda client: client.metadata(ASSET), DeliveryError)

    assert isinstance(error, NotFound), repr(error)


def test_cli_meta_on_deep_metadata_exits_5_without_a_traceback(
    hostile: LoopbackServer, cli: Callable[..., CliResult]
) -> None:
    url = hostile.on(METADATA_PATH, _json(DEEP))

    result = cli("meta", url)

    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    assert "nested deeper than" in result.err and "Traceback" not in result.err


def test_a_batch_with_deep_answers_finishes_the_others_and_prints_its_summary(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, tmp_path: Path
) -> None:
    good, deep_metadata, deep_problem = (f"urn:aaid:aem:{n}{ASSET[14:]}" for n in ("1", "2", "3"))
    for asset in (good, deep_metadata):
        hostile.on(f"/adobe/assets/{asset}/original/as/photo.jpg", answer(200, PHOTO))
    hostile.on(f"/adobe/assets/{deep_metadata}/metadata", _json(DEEP))
    hostile.on(f"/adobe/assets/{deep_problem}/original/as/photo.jpg", _json(DEEP, 404))
    listing = tmp_path / "list.txt"
    listing.write_text(
        "".join(
            f"{hostile.url}/adobe/assets/{asset}/original/as/photo.jpg\n"
            for asset in (good, deep_metadata, deep_problem)
        )
    )

    result = cli("get", "--from-file", str(listing), "-o", str(downloads), "--original")

    assert result.code == ExitCode.NOT_FOUND, result.err
    assert "2 of 3 files saved" in result.err
    assert "line 3" in result.err and "Traceback" not in result.err


def test_deep_profiles_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_bytes(b'{"profiles": ' + DEEP + b"}")

    with pytest.raises(InvalidInput, match="nested deeper than") as caught:
        ProfileStore(path).load()

    assert str(path) in str(caught.value)


def test_an_enormous_profiles_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    with path.open("wb") as file:
        file.write(b'{"profiles": []' + b" " * MAX_PROFILES_BYTES + b"}")

    with pytest.raises(InvalidInput, match="larger than"):
        ProfileStore(path).load()


def test_a_deep_history_line_is_skipped_and_the_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    entry = HistoryEntry.for_error("https://delivery.example/a", NetworkError("refused"))
    store = HistoryStore(path)
    store.append([entry])
    with path.open("ab") as file:
        file.write(DEEP + b"\n")
    store.append([entry])

    reloaded = HistoryStore(path)
    assert [item.url for item in reloaded.load()] == [entry.url, entry.url]
    assert reloaded.skipped == 1
