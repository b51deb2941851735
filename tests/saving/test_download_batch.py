"""Batches: lists (text and CSV), what to save of each entry, unique names, the summary and its
exit code — the whole run against the emulator over loopback."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import (
    DeliveryError,
    ExitCode,
    InvalidInput,
    LocalFileError,
    NotFound,
    ServerError,
)
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.emulator import EmulatorServer, Library
from aemviewer.saving.batch import BatchItem, BatchSelection, ItemKind, batch_items, plan_names
from aemviewer.saving.batch_list import parse_batch_list, read_batch_file
from aemviewer.saving.batch_run import BatchOptions, BatchServices, start_batch
from aemviewer.saving.batch_summary import BatchResult, BatchSummary, Outcome, exit_code_for
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_queue import DownloadQueue
from aemviewer.saving.download_source import ClientSource

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
COFFEE = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"
HOST = DeliveryEndpoints("https://delivery-p1-e2.adobeaemcloud.com")


def endpoints_for(_ref: object) -> DeliveryEndpoints:
    return HOST


# --- lists ----------------------------------------------------------------------------------------


def test_a_text_list_skips_blanks_and_comments_and_keeps_line_numbers() -> None:
    text = f"# my assets\n{CHELSEA}\n\n  {ASTRONAUT}  \nnot an id\n"
    entries = parse_batch_list(text)
    assert [entry.line for entry in entries] == [2, 4, 5]
    assert entries[0].ref is not None and entries[0].ref.asset_id == CHELSEA
    assert entries[2].ref is None and isinstance(entries[2].error, InvalidInput)


def test_urls_with_commas_are_not_mistaken_for_csv() -> None:
    url = f"https://h.example.com/adobe/assets/{CHELSEA}/as/cat.jpg?crop=0p,0p,50p,50p&width=200"
    (entry,) = parse_batch_list(url)
    assert entry.ref is not None and entry.ref.modifiers.width == 200


def test_a_csv_list_uses_the_column_its_header_names(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Title", "Asset ID", "Owner"])
        writer.writerow(["Cat", CHELSEA, "me"])
        writer.writerow(
            ["Crop", f"https://h.example.com/adobe/assets/{ASTRONAUT}/as/a.jpg?crop=1,2,3,4", "you"]
        )
        writer.writerow(["Empty", "", "x"])
    entries = read_batch_file(path)
    assert [entry.line for entry in entries] == [2, 3, 4]
    assert entries[0].ref is not None and entries[0].ref.asset_id == CHELSEA
    assert entries[1].ref is not None and entries[1].ref.asset_id == ASTRONAUT
    assert entries[2].error is not None and "id column" in entries[2].error.message


def test_a_csv_without_header_takes_the_first_cell_that_names_an_asset() -> None:
    entries = parse_batch_list(f"cat,{CHELSEA}\nnothing,here\n", csv_format=True)
    assert entries[0].ref is not None and entries[0].ref.asset_id == CHELSEA
    assert entries[1].error is not None and "no asset id" in entries[1].error.message


def test_an_unreadable_list_is_a_local_file_error(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError, match="Cannot read the list"):
        read_batch_file(tmp_path / "missing.txt")


# --- what each entry saves ------------------------------------------------------------------------


def test_the_selection_makes_one_file_per_choice_per_entry() -> None:
    entries = parse_batch_list(f"{CHELSEA}\n{ASTRONAUT}")
    selection = BatchSelection(
        original=True,
        renditions=("cq5dam.web.1280.1280.jpeg",),
        formats=("webp", "avif"),
        modifiers=ImageModifiers(width=640),
    )
    items, failures = batch_items(entries, selection, endpoints_for)
    assert failures == []
    assert [item.kind for item in items[:4]] == [
        ItemKind.ORIGINAL,
        ItemKind.RENDITION,
        ItemKind.IMAGE,
        ItemKind.IMAGE,
    ]
    # An explicit format is asked for as such: auto-format would let the server pick another.
    assert items[2].url == f"{HOST.base_url}/adobe/assets/{CHELSEA}/as/image.webp?width=640&auto-format=false"
    assert items[2].accept == "image/webp"
    assert [item.index for item in items] == list(range(8))


def test_without_a_choice_each_entry_is_saved_as_listed() -> None:
    original = f"https://h.example.com/adobe/assets/{CHELSEA}/original/as/cat.jpg"
    rendition = f"https://h.example.com/adobe/assets/{CHELSEA}/renditions/cq5dam.thumbnail.48.48.png/as/t.png"
    entries = parse_batch_list(f"{original}\n{rendition}\n{ASTRONAUT}")
    items, _ = batch_items(entries, BatchSelection(), endpoints_for)
    assert [item.kind for item in items] == [ItemKind.ORIGINAL, ItemKind.RENDITION, ItemKind.IMAGE]
    assert items[0].url == f"{HOST.base_url}/adobe/assets/{CHELSEA}/original/as/cat.jpg"
    assert items[2].format == "jpg"


def test_a_url_listed_twice_is_downloaded_once() -> None:
    entries = parse_batch_list(f"{CHELSEA}\n{ASTRONAUT}\n{CHELSEA}")
    items, _ = batch_items(entries, BatchSelection(original=True), endpoints_for)
    assert [item.duplicate_of for item in items] == [None, None, 0]


def test_bad_choices_are_refused() -> None:
    with pytest.raises(InvalidInput, match="format"):
        batch_items([], BatchSelection(formats=("bmp",)), endpoints_for)
    with pytest.raises(InvalidInput, match="rendition"):
        batch_items([], BatchSelection(renditions=("../x",)), endpoints_for)


# --- names ----------------------------------------------------------------------------------------


def plan(items: list[BatchItem], pattern: str) -> list[str]:
    async def metadata(item: BatchItem) -> Metadata | None:
        return None

    return asyncio.run(plan_names(items, pattern, metadata))


def test_assets_that_share_a_file_name_get_unique_names_in_list_order() -> None:
    lines = [
        f"https://h.example.com/adobe/assets/{asset}/original/as/IMG_0001.JPG"
        for asset in (CHELSEA, ASTRONAUT, COFFEE)
    ]
    items, _ = batch_items(parse_batch_list("\n".join(lines)), BatchSelection(), endpoints_for)
    assert plan(items, "{name}") == ["IMG_0001", "IMG_0001 (1)", "IMG_0001 (2)"]


def test_patterns_use_ids_renditions_formats_and_widths() -> None:
    entries = parse_batch_list(CHELSEA)
    selection = BatchSelection(
        renditions=("cq5dam.web.1280.1280.jpeg",), formats=("webp",), modifiers=ImageModifiers(width=300)
    )
    items, _ = batch_items(entries, selection, endpoints_for)
    names = plan(items, "{id}-{rendition}-{width}")
    uuid = CHELSEA.removeprefix("urn:aaid:aem:")
    assert names == [f"{uuid}-cq5dam.web.1280.1280.jpeg-1280.jpg", f"{uuid}-image-300.webp"]
    assert plan(items, "{name}-{rendition}")[0] == f"{uuid}-cq5dam.web.1280.1280.jpeg"
    assert plan(items, "{line}_{format}") == ["1_jpg.jpg", "1_webp.webp"]


# --- summary --------------------------------------------------------------------------------------


def test_the_exit_code_is_the_highest_failure_code() -> None:
    assert exit_code_for([]) is ExitCode.OK
    assert (
        exit_code_for([ExitCode.NOT_FOUND, ExitCode.LOCAL_FILE, ExitCode.NETWORK_OR_SERVER])
        is ExitCode.LOCAL_FILE
    )
    assert exit_code_for([ExitCode.BAD_INPUT, ExitCode.NOT_FOUND]) is ExitCode.NOT_FOUND


def test_the_csv_cannot_smuggle_formulas_into_a_spreadsheet() -> None:
    error = DeliveryError('=HYPERLINK("http://evil")', hint="@SUM(1)")
    summary = BatchSummary((BatchResult(1, "-cmd", "original", Outcome.FAILED, error=error),))
    row = next(csv.DictReader(io.StringIO(summary.csv_text())))
    assert row["entry"] == "'-cmd" and row["error"].startswith("'=") and row["hint"] == "'@SUM(1)"
    assert row["exit_code"] == "1"


# --- a whole batch against the emulator -----------------------------------------------------------


def test_a_mixed_batch_saves_the_good_and_explains_the_bad(
    emulator: EmulatorServer, demo: Library, tmp_path: Path
) -> None:
    text = "\n".join([CHELSEA, "urn:aaid:aem:1234", UNKNOWN, ASTRONAUT, CHELSEA])

    async def main() -> BatchSummary:
        endpoints = DeliveryEndpoints(emulator.base_url)
        async with DeliveryClient(endpoints) as client:

            async def metadata(item: BatchItem) -> Metadata | None:
                try:
                    return await client.metadata(item.asset.asset_id)
                except DeliveryError:
                    return None

            services = BatchServices(
                endpoints_for=lambda ref: endpoints,
                source_for=lambda item: ClientSource(client, item.url, item.accept),
                metadata=metadata,
            )
            queue = DownloadQueue(3)
            batch = await start_batch(
                parse_batch_list(text),
                BatchSelection(original=True),
                BatchOptions(tmp_path, "{name}", ExistingFile.REFUSE),
                services,
                queue,
            )
            await queue.join()
            assert batch.finished
            return batch.summary()

    summary = asyncio.run(main())
    outcomes = [(result.line, result.outcome) for result in summary.results]
    assert outcomes == [
        (1, Outcome.SAVED),
        (2, Outcome.FAILED),
        (3, Outcome.FAILED),
        (4, Outcome.SAVED),
        (5, Outcome.DUPLICATE),
    ]
    assert isinstance(summary.results[1].error, InvalidInput)
    assert isinstance(summary.results[2].error, NotFound)
    assert summary.exit_code is ExitCode.NOT_FOUND
    assert summary.describe() == "2 of 4 files saved, 2 failed, 1 duplicate line (saved once)"
    chelsea = demo.asset(CHELSEA)
    assert chelsea is not None
    saved = summary.results[0].path
    assert saved is not None and saved.read_bytes() == chelsea.file.read_bytes()
    # Anonymous metadata has no file name: the id names the file, with the delivered type's extension.
    assert saved.name == CHELSEA.removeprefix("urn:aaid:aem:") + ".jpg"
    assert summary.results[4].path == saved
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".jpg", ".jpg"]
    rows = list(csv.DictReader(io.StringIO(summary.csv_text())))
    assert [row["outcome"] for row in rows] == ["saved", "failed", "failed", "saved", "duplicate"]
    assert rows[2]["exit_code"] == "3" and "not found" in rows[2]["error"]


def test_server_errors_outrank_missing_assets_in_the_exit_code() -> None:
    results = (
        BatchResult(1, "a", "original", Outcome.FAILED, error=NotFound("gone", status=404)),
        BatchResult(2, "b", "original", Outcome.FAILED, error=ServerError("down", status=503)),
        BatchResult(3, "c", "original", Outcome.SAVED),
    )
    assert BatchSummary(results).exit_code is ExitCode.NETWORK_OR_SERVER
