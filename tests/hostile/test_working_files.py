"""The downloader's own files (parts, notes, temporary files, locks) never meet anyone else's: a
server cannot name a file after them, another program's `NAME.part` is never touched, leftovers of a
crash are cleaned (only ours), a report follows the download rule, and two processes downloading one
URL into one folder do not mix their bytes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode, NetworkError
from aemviewer.saving.working_files import STALE_AFTER
from aemviewer.workspace.history import HistoryEntry, HistoryStore
from aemviewer.workspace.profile_store import ProfileStore
from tests.support.behaviours import answer, reset_after
from tests.support.servers import Behaviour, Connection, LoopbackServer, Request

from .payloads import BASE, IMAGE_PATH, jpeg
from .support import CliResult, files_under

PHOTO = jpeg(640, 480)
OTHER_PATH = f"{BASE}/as/other.jpg"
ETAG = ("ETag", '"v1"')


def _cut_with_etag(sent: int) -> Behaviour:
    """A resumable answer (strong ETag) cut by a reset after `sent` bytes."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(
            200, [("Content-Type", "image/jpeg"), ("Content-Length", str(len(PHOTO))), ETAG]
        )
        await connection.send(PHOTO[:sent])
        await asyncio.sleep(0.05)  # let the bytes leave before the reset discards the send buffer
        connection.reset()

    return behave


def _leave_a_part(hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path) -> list[str]:
    """Interrupt a download of IMAGE_PATH so that a resumable part and its note stay behind."""
    url = hostile.on(IMAGE_PATH, _cut_with_etag(len(PHOTO) // 2))
    result = cli("get", url, "-o", str(downloads))
    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    kept = files_under(downloads)
    assert len(kept) == 2, kept
    return kept


def test_a_server_cannot_name_its_file_after_a_working_file(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    kept = _leave_a_part(hostile, cli, downloads)
    before = {name: (downloads / name).read_bytes() for name in kept}
    for name in kept:
        other = hostile.on(
            OTHER_PATH,
            answer(
                200,
                b"planted",
                ("Content-Disposition", f'attachment; filename="{name}"'),
                content_type="application/octet-stream",  # no extension is added to the name
            ),
        )
        result = cli("get", other, "-o", str(downloads), "--force")

        assert result.code == ExitCode.OK, result.err
        saved = Path(result.out.strip())
        assert saved.name not in kept and saved.read_bytes() == b"planted"
    assert {name: (downloads / name).read_bytes() for name in kept} == before, (
        "the part and its note are intact"
    )

    hostile.on(IMAGE_PATH, answer(200, PHOTO, ETAG))
    resumed = cli("get", hostile.url + IMAGE_PATH, "-o", str(downloads))
    assert resumed.code == ExitCode.OK, resumed.err
    assert (downloads / "photo.jpg").read_bytes() == PHOTO


@pytest.mark.parametrize("ending", ["complete", "cut"])
def test_another_programs_part_file_is_never_touched(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, ending: str
) -> None:
    theirs = {
        "photo.jpg.part": b"a browser's half download",
        "photo.jpg.part.json": b"{}",
        "photo.jpg.tmp": b"x",
    }
    for name, data in theirs.items():
        (downloads / name).write_bytes(data)
    behaviour = answer(200, PHOTO) if ending == "complete" else reset_after(PHOTO, 1000)
    url = hostile.on(IMAGE_PATH, behaviour)

    result = cli("get", url, "-o", str(downloads))

    assert result.code == (ExitCode.OK if ending == "complete" else ExitCode.NETWORK_OR_SERVER), result.err
    assert {name: (downloads / name).read_bytes() for name in theirs} == theirs


def test_report_follows_the_download_rule(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path, tmp_path: Path
) -> None:
    hostile.on(IMAGE_PATH, answer(200, PHOTO))
    listing = tmp_path / "list.txt"
    listing.write_text(hostile.url + IMAGE_PATH + "\n")
    report = tmp_path / "report.csv"
    report.write_text("my own spreadsheet")

    refused = cli("get", "--from-file", str(listing), "-o", str(downloads), "--report", str(report))

    assert refused.code == ExitCode.LOCAL_FILE, refused.err
    assert f"{report} exists" in refused.err and "--force" in refused.err
    assert report.read_text() == "my own spreadsheet"
    assert files_under(downloads) == [], "refused before anything was downloaded"

    renamed = cli(
        "get", "--from-file", str(listing), "-o", str(downloads), "--report", str(report), "--rename"
    )
    assert renamed.code == ExitCode.OK, renamed.err
    assert report.read_text() == "my own spreadsheet"
    assert "photo.jpg" in (tmp_path / "report (1).csv").read_text(encoding="utf-8-sig")

    forced = cli("get", "--from-file", str(listing), "-o", str(downloads), "--report", str(report), "--force")
    assert forced.code == ExitCode.OK, forced.err
    assert "photo.jpg" in report.read_text(encoding="utf-8-sig")


def _plant_leftovers(folder: Path, name: str) -> tuple[Path, list[Path]]:
    """A stale temporary file of ours beside `name`, and files that must stay: (ours, the others)."""
    long_ago = time.time() - STALE_AFTER - 60
    ours = folder / f".{name}.aemviewer-k2x9q1zz.tmp"
    fresh = folder / ".notes.txt.aemviewer-a1b2c3d4.tmp"  # perhaps being written right now
    theirs = [folder / "draft.tmp", folder / ".draft.tmp", folder / f".{name}.k2x9q1.tmp"]
    for path in (ours, fresh, *theirs):
        path.write_bytes(b"left over")
        if path is not fresh:
            os.utime(path, (long_ago, long_ago))
    return ours, [fresh, *theirs]


def test_our_stale_temporary_files_are_cleaned_on_the_next_run(
    hostile: LoopbackServer, cli: Callable[..., CliResult], downloads: Path
) -> None:
    ours, others = _plant_leftovers(downloads, "photo.jpg.aemviewer-part.json")
    url = hostile.on(IMAGE_PATH, answer(200, PHOTO))

    result = cli("get", url, "-o", str(downloads))

    assert result.code == ExitCode.OK, result.err
    assert not ours.exists()
    assert all(path.exists() for path in others)


@pytest.mark.parametrize("name", ["history.jsonl", "profiles.json"])
def test_stale_temporary_files_beside_history_and_profiles_are_cleaned(tmp_path: Path, name: str) -> None:
    ours, others = _plant_leftovers(tmp_path, name)

    if name == "history.jsonl":
        HistoryStore(tmp_path / name).load()
    else:
        ProfileStore(tmp_path / name).load()

    assert not ours.exists()
    assert all(path.exists() for path in others)


def test_a_torn_last_history_line_does_not_swallow_the_next_entry(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    store = HistoryStore(path)
    first = HistoryEntry.for_error("https://delivery.example/a", NetworkError("refused"))
    store.append([first])
    with path.open("ab") as file:
        file.write(b'{"url": "https://delivery.example/torn", "at": "2026')  # the disk filled up here
    after = HistoryEntry.for_error("https://delivery.example/b", NetworkError("refused"))

    HistoryStore(path).append([after])

    assert [entry.url for entry in HistoryStore(path).load()] == [first.url, after.url]


# --- two processes, one URL, one folder -------------------------------------------------------------


def _held_open(started: threading.Event) -> Behaviour:
    """Send the head and a few bytes, tell the test, then keep the connection until the client leaves."""

    async def behave(request: Request, connection: Connection) -> None:
        await connection.head(
            200, [("Content-Type", "image/jpeg"), ("Content-Length", str(len(PHOTO))), ETAG]
        )
        await connection.send(PHOTO[:100])
        started.set()
        await connection.wait_until_closed(30)

    return behave


@pytest.fixture
def other_process() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.kill()
        process.wait(10)


def test_a_second_get_of_the_same_url_into_the_same_folder_is_refused(
    hostile: LoopbackServer,
    cli: Callable[..., CliResult],
    downloads: Path,
    other_process: list[subprocess.Popen[bytes]],
) -> None:
    started = threading.Event()
    url = hostile.on(IMAGE_PATH, _held_open(started))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    environment.pop("AEMVIEWER_TOKEN", None)
    command = [sys.executable, "-m", "aemviewer", "--timeout", "30", "get", url, "-o", str(downloads)]
    other_process.append(
        subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    )
    assert started.wait(30), "the first download never reached the server"

    second = cli("get", url, "-o", str(downloads))

    assert second.code == ExitCode.LOCAL_FILE, second.err
    assert "is already being downloaded into" in second.err
    assert len(hostile.requests_for(IMAGE_PATH)) == 1, "the second one sent nothing"
