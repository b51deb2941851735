"""The request history: entries from real deliveries and failures, the bounded JSON-lines file across
sessions, no tokens in it, and the export for `aemviewer get --from-file`."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, LocalFileError, NetworkError, NotFound
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.retry import NO_RETRIES
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.workspace.history import (
    DEFAULT_HISTORY_LIMIT,
    HistoryEntry,
    HistoryStore,
    default_history_path,
    export_text,
    matches,
    storable_url,
)

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"  # restricted: role "clinical"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def entry(n: int, *, status: int | None = 200, asset: str = CHELSEA) -> HistoryEntry:
    return HistoryEntry(
        time=T0 + timedelta(seconds=n),
        url=f"https://cdn.example.com/adobe/assets/{asset}/as/image.jpg?width={n + 1}",
        asset_id=asset,
        operation="image",
        status=status,
        content_type="image/jpeg" if status == 200 else "",
        accept="image/webp,image/jpeg;q=0.9,*/*;q=0.5" if status == 200 else "",
        byte_count=1000 + n if status == 200 else None,
        seconds=0.05,
        error="" if status == 200 else "failed",
    )


def from_file_lines(text: str) -> list[str]:
    """How `aemviewer get --from-file` reads a list: one id or URL per line, `#` comments."""
    lines = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_entries_from_a_delivery_and_from_failures(emulator: EmulatorServer) -> None:
    endpoints = DeliveryEndpoints(emulator.base_url)
    url = endpoints.image(CHELSEA, ImageModifiers(width=90), format="webp")
    missing = endpoints.metadata(UNKNOWN)

    async def main() -> tuple[object, DeliveryError]:
        async with DeliveryClient(endpoints, ClientSettings(timeout=10)) as client:
            delivery = await client.fetch(url, accept="image/webp")
            try:
                await client.fetch(missing)
            except DeliveryError as error:
                return delivery, error
        raise AssertionError("the unknown asset was found")

    delivery, error = asyncio.run(main())
    ok = HistoryEntry.for_delivery(url, delivery)  # type: ignore[arg-type]
    assert (ok.url, ok.asset_id, ok.operation, ok.status) == (url, CHELSEA, "image", 200)
    assert ok.content_type == "image/webp" and ok.byte_count == len(delivery.body) and ok.ok  # type: ignore[attr-defined]
    assert ok.time.tzinfo is not None and abs(datetime.now(UTC) - ok.time) < timedelta(minutes=1)
    failed = HistoryEntry.for_error(missing, error, seconds=0.2)
    assert isinstance(error, NotFound)
    assert (failed.status, failed.operation, failed.asset_id) == (404, "metadata", UNKNOWN)
    assert failed.error == error.message and not failed.ok
    unanswered = HistoryEntry.for_error("http://127.0.0.1:9/x", NetworkError("refused"))
    assert unanswered.status is None and unanswered.asset_id is None and unanswered.operation == ""
    for each in (ok, failed, unanswered):  # what is read back equals what was written
        assert HistoryEntry.from_json(json.loads(json.dumps(each.to_json()))) == each


def test_the_history_is_kept_across_sessions_and_bounded(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.jsonl"
    first = HistoryStore(path, limit=10)
    assert first.load() == []
    first.append([entry(n) for n in range(4)])
    first.append([entry(4)])

    again = HistoryStore(path, limit=10)  # the next session
    assert again.load() == [entry(n) for n in range(5)]
    for n in range(5, 30):
        again.append([entry(n)])
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) < 10 + 10 // 4 + 1  # rewritten before it grows past the slack
    assert HistoryStore(path, limit=10).load() == [entry(n) for n in range(20, 30)]
    assert [p.name for p in path.parent.iterdir()] == ["history.jsonl"]  # no temporary file left
    assert DEFAULT_HISTORY_LIMIT == 5000


def test_a_malformed_line_is_skipped_and_dropped_at_the_next_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = [json.dumps(entry(n).to_json()) for n in range(3)]
    path.write_text(
        "\n".join([good[0], "{not json", '{"url": 5}', good[1], "", good[2]]) + "\n", encoding="utf-8"
    )
    store = HistoryStore(path, limit=4)
    assert store.load() == [entry(0), entry(1), entry(2)]
    assert store.skipped == 2
    store.append([entry(3)])  # 6 lines >= 4 + 1: rewritten with the newest 4 valid entries
    assert path.read_text(encoding="utf-8").count("\n") == 4
    assert HistoryStore(path, limit=4).load() == [entry(n) for n in range(4)]
    store.clear()
    assert path.read_text(encoding="utf-8") == "" and HistoryStore(path).load() == []


def test_no_token_reaches_the_history_file(
    emulator: EmulatorServer, tokens: dict[str, str], tmp_path: Path
) -> None:
    token = tokens["editor"]
    endpoints = DeliveryEndpoints(emulator.base_url)
    url = endpoints.image(RETINA, ImageModifiers(width=80))

    async def main() -> object:
        async with DeliveryClient(endpoints, ClientSettings(token=StaticToken(token), timeout=10)) as client:
            return await client.fetch(url)

    delivery = asyncio.run(main())
    assert any(name.lower() == "authorization" for name, _ in delivery.request_headers)  # type: ignore[attr-defined]
    path = tmp_path / "history.jsonl"
    HistoryStore(path).append([HistoryEntry.for_delivery(url, delivery)])  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8")
    assert RETINA in text and token not in text and "authorization" not in text.lower()
    pasted = "https://user:secret@cdn.example.com/adobe/assets/x/as/a.jpg?width=5"
    assert storable_url(pasted) == "https://cdn.example.com/adobe/assets/x/as/a.jpg?width=5"
    assert "secret" not in json.dumps(HistoryEntry.for_error(pasted, NetworkError("no")).to_json())


def test_the_export_is_a_list_for_get_from_file() -> None:
    entries = [entry(2), entry(1), entry(2), entry(0, status=404)]
    text = export_text(entries, at=T0)
    lines = text.splitlines()
    assert lines[0] == "# aemviewer request history: 3 URLs, exported 2025-03-01T12:00:00+00:00"
    assert lines[1].startswith("# ") and "--from-file" in lines[1]
    assert from_file_lines(text) == [entry(2).url, entry(1).url, entry(0).url]  # each once, in order
    assert text.endswith("\n")
    assert export_text([], at=T0).splitlines()[0].endswith("0 URLs, exported 2025-03-01T12:00:00+00:00")


def test_filter_words_match_url_asset_status_and_type() -> None:
    ok, failed = entry(1), entry(2, status=404, asset=UNKNOWN)
    assert matches(ok, "width=2 image/jpeg") and not matches(ok, "width=2 png")
    assert matches(failed, "404") and matches(failed, "DEAD") and not matches(ok, "404")
    assert matches(HistoryEntry.for_error("http://h/x", NetworkError("refused")), "no answer refused")


def test_a_session_only_store_writes_nothing_and_disk_errors_are_typed(tmp_path: Path) -> None:
    memory = HistoryStore(None)
    memory.append([entry(1)])
    assert memory.load() == [] and list(tmp_path.iterdir()) == []
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(LocalFileError) as failed:
        HistoryStore(blocker / "history.jsonl").append([entry(1)])
    assert "history" in failed.value.message and failed.value.hint
    with pytest.raises(DeliveryError):
        HistoryStore(tmp_path / "h.jsonl", limit=0)


def test_the_default_file_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_history_path() == tmp_path / "aemviewer" / "history.jsonl"


def test_queued_entries_reach_the_file_only_when_flushed_and_in_order(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    store = HistoryStore(path, limit=100)
    store.enqueue([entry(0), entry(1)])
    store.enqueue([entry(2)])
    assert store.queued == 3 and not path.exists()
    assert store.flush() == 3 and store.queued == 0
    assert store.flush() == 0
    store.enqueue([entry(3)])
    store.clear()  # drops what is queued too
    assert store.flush() == 0
    store.append([entry(4)])
    assert HistoryStore(path).load() == [entry(4)]
    store.enqueue([entry(5), entry(6)])
    store.flush()
    assert HistoryStore(path).load() == [entry(4), entry(5), entry(6)]


def test_a_vanity_url_is_recorded_under_its_vanity_id(emulator: EmulatorServer, tmp_path: Path) -> None:
    url = DeliveryEndpoints(emulator.base_url).image(
        "urn:avid:aem:chelsea-the-cat", seo_name="Chelsea the cat"
    )

    async def main() -> Delivery:
        async with DeliveryClient(DeliveryEndpoints(emulator.base_url), ClientSettings(timeout=10)) as client:
            return await client.fetch(url)

    entry = HistoryEntry.for_delivery(url, asyncio.run(main()))
    assert (entry.asset_id, entry.operation, entry.status) == ("urn:avid:aem:chelsea-the-cat", "image", 200)
    assert url.endswith("/as/Chelsea%20the%20cat.jpg")
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append([entry])
    (read,) = store.load()
    assert read.asset_id == "urn:avid:aem:chelsea-the-cat" and matches(read, "chelsea-the-cat")


def test_a_failed_answer_keeps_the_accept_it_was_sent_with(emulator: EmulatorServer, tmp_path: Path) -> None:
    endpoints = DeliveryEndpoints(emulator.base_url)
    url = endpoints.image("urn:aaid:aem:00000000-0000-4000-8000-000000000000", ImageModifiers(width=64))
    closed = "http://127.0.0.1:9/adobe/assets/urn:aaid:aem:00000000-0000-4000-8000-000000000000"

    async def fail(target: str) -> DeliveryError:
        settings = ClientSettings(timeout=5, retries=NO_RETRIES)
        async with DeliveryClient(DeliveryEndpoints(target.split("/adobe/")[0]), settings) as client:
            with pytest.raises(DeliveryError) as failed:
                await client.fetch(target, accept="image/avif,image/webp")
        return failed.value

    refused = HistoryEntry.for_error(url, asyncio.run(fail(url)))
    assert (refused.status, refused.accept) == (404, "image/avif,image/webp")
    store = HistoryStore(tmp_path / "history.jsonl")
    store.append([refused])
    assert store.load()[0].accept == "image/avif,image/webp"
    # No answer came: nothing says what reached the server, so nothing is claimed.
    unreached = HistoryEntry.for_error(closed, asyncio.run(fail(closed)))
    assert (unreached.status, unreached.accept) == (None, "")
