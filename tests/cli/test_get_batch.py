"""`aemviewer get --from-file`: lists against the demo emulator and a misbehaving server — the
files, their names, the summary, the CSV report and the exit code."""

from __future__ import annotations

import csv
import resource
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer, Library
from tests.support.download_server import DownloadServer

from .cli_support import original_bytes, run_process, without_root_privileges

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
COFFEE = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
BADGE = "urn:aaid:aem:e34bd29e-626f-5931-a876-411052d127e7"  # a 485-byte SVG
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"


@pytest.fixture
def files() -> Iterator[DownloadServer]:
    with DownloadServer() as server:
        yield server


def write_list(folder: Path, *lines: str, name: str = "assets.txt") -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_list_with_good_and_bad_entries_saves_the_good_and_sums_up(
    run, demo: Library, tmp_path: Path
) -> None:
    listing = write_list(tmp_path, "# originals for the campaign", CHELSEA, "not an id", UNKNOWN, ASTRONAUT)
    out = tmp_path / "out"
    out.mkdir()
    report = tmp_path / "report.csv"

    result = run("get", "--from-file", str(listing), "--original", "-o", str(out), "--report", str(report))

    assert result.code == ExitCode.NOT_FOUND, result.err
    saved = [Path(line) for line in result.out.splitlines()]
    assert [path.parent for path in saved] == [out, out]
    assert saved[0].read_bytes() == original_bytes(demo, CHELSEA)
    assert saved[1].read_bytes() == original_bytes(demo, ASTRONAUT)
    assert "2 of 4 files saved" in result.err and "2 failed" in result.err
    assert "line 3: not an id" in result.err
    assert f"line 4: {UNKNOWN} (original): Asset {UNKNOWN} was not found" in result.err
    assert "hint:" in result.err
    assert "exit code 3 (not found)" in result.err
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    assert [(row["line"], row["outcome"], row["exit_code"]) for row in rows] == [
        ("2", "saved", "0"),
        ("3", "failed", "2"),
        ("4", "failed", "3"),
        ("5", "saved", "0"),
    ]
    assert rows[0]["file"] == str(saved[0]) and rows[0]["bytes"] == str(saved[0].stat().st_size)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in saved), "no parts left"


def test_a_server_error_outranks_missing_assets_in_the_exit_code(
    run, emulator: EmulatorServer, files: DownloadServer, tmp_path: Path
) -> None:
    files.serve("/adobe/assets/" + COFFEE + "/original/as/cup.jpg", b"data")
    files.fail_with(503, times=10)
    listing = write_list(
        tmp_path,
        f"{emulator.base_url}/adobe/assets/{CHELSEA}/original/as/cat.jpg",
        f"{files.url}/adobe/assets/{COFFEE}/original/as/cup.jpg",
        f"{emulator.base_url}/adobe/assets/{UNKNOWN}/original/as/x.jpg",
    )
    result = run("--base-url", "", "get", "--from-file", str(listing), "-o", str(tmp_path))
    assert result.code == ExitCode.NETWORK_OR_SERVER, result.err
    assert "1 of 3 files saved" in result.err
    assert "503" in result.err
    assert (tmp_path / "cat.jpg").exists()


def test_assets_sharing_a_file_name_are_all_saved_under_unique_names(
    run, emulator: EmulatorServer, demo: Library, tmp_path: Path
) -> None:
    assets = (CHELSEA, ASTRONAUT, COFFEE)
    listing = write_list(
        tmp_path, *(f"{emulator.base_url}/adobe/assets/{asset}/original/as/IMG_0001.jpg" for asset in assets)
    )
    out = tmp_path / "out"
    out.mkdir()
    result = run("get", "--from-file", str(listing), "-o", str(out), "--jobs", "3")
    assert result.code == 0, result.err
    names = ["IMG_0001.jpg", "IMG_0001 (1).jpg", "IMG_0001 (2).jpg"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for asset, name in zip(assets, names, strict=True):
        assert (out / name).read_bytes() == original_bytes(demo, asset), name


def test_several_files_per_entry_are_named_by_what_they_are(run, demo: Library, tmp_path: Path) -> None:
    listing = write_list(tmp_path, CHELSEA, name="one.csv")
    listing.write_text(f"title,id\nThe cat,{CHELSEA}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "get", "--from-file", str(listing), "-o", str(out), "--original",
        "--rendition", "cq5dam.thumbnail.140.100.png", "--format", "webp", "--width", "120",
    )  # fmt: skip
    assert result.code == 0, result.err
    uuid = CHELSEA.removeprefix("urn:aaid:aem:")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{uuid}-original.jpg", f"{uuid}-cq5dam.thumbnail.140.100.png", f"{uuid}-image.webp"]
    )
    asset = demo.asset(CHELSEA)
    assert asset is not None
    thumbnail = asset.renditions["cq5dam.thumbnail.140.100.png"].read_bytes()
    assert (out / f"{uuid}-cq5dam.thumbnail.140.100.png").read_bytes() == thumbnail
    assert (out / f"{uuid}-image.webp").read_bytes()[8:12] == b"WEBP"


def test_a_name_pattern_with_the_line_and_the_width(run, tmp_path: Path) -> None:
    listing = write_list(tmp_path, CHELSEA, ASTRONAUT)
    result = run(
        "get",
        "--from-file",
        str(listing),
        "-o",
        str(tmp_path),
        "--width",
        "64",
        "--name",
        "{line:02d}-{width}px",
    )
    assert result.code == 0, result.err
    assert {p.name for p in tmp_path.iterdir()} >= {"01-64px.jpg", "02-64px.jpg"}


def test_existing_files_are_refused_or_kept_beside(run, emulator: EmulatorServer, tmp_path: Path) -> None:
    listing = write_list(tmp_path, f"{emulator.base_url}/adobe/assets/{CHELSEA}/original/as/cat.jpg")
    out = tmp_path / "out"
    out.mkdir()
    (out / "cat.jpg").write_bytes(b"precious")
    refused = run("get", "--from-file", str(listing), "-o", str(out))
    assert refused.code == ExitCode.LOCAL_FILE
    assert "exists" in refused.err
    assert (out / "cat.jpg").read_bytes() == b"precious"
    kept = run("get", "--from-file", str(listing), "-o", str(out), "--rename")
    assert kept.code == 0, kept.err
    assert sorted(p.name for p in out.iterdir()) == ["cat (1).jpg", "cat.jpg"]
    assert (out / "cat.jpg").read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["get"], "either an ASSET or --from-file"),
        (["get", CHELSEA, "--from-file", "x.txt"], "not both"),
        (["get", CHELSEA, "--jobs", "0"], "--jobs"),
        (["get", "--from-file", "{list}", "--name", "a/{name}"], "separator"),
        (["get", "--from-file", "{list}", "--name", "{nope}"], "{nope}"),
        (["get", "--from-file", "{empty}"], "no entries"),
        (["get", CHELSEA, "--rendition", "../x"], "rendition"),
    ],
)
def test_bad_usage_exits_2(run, tmp_path: Path, argv: list[str], mentions: str) -> None:
    listing = write_list(tmp_path, CHELSEA)
    empty = write_list(tmp_path, "# nothing", name="empty.txt")
    argv = [
        arg.format(list=listing, empty=empty) if "{list}" in arg or "{empty}" in arg else arg for arg in argv
    ]
    result = run(*argv, "-o", str(tmp_path))
    assert result.code == ExitCode.BAD_INPUT, result.err
    assert mentions in result.err


def test_a_missing_list_file_is_a_local_file_error(run, tmp_path: Path) -> None:
    result = run("get", "--from-file", str(tmp_path / "missing.txt"), "-o", str(tmp_path))
    assert result.code == ExitCode.LOCAL_FILE
    assert "Cannot read the list" in result.err


def test_a_list_into_an_unwritable_folder_exits_6_and_leaves_nothing(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    listing = write_list(tmp_path, CHELSEA, ASTRONAUT)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_process(
            "--base-url", emulator.base_url, "get", "--from-file", str(listing), "--original", "-o", str(folder),
            wrapper=without_root_privileges(),
        )  # fmt: skip
        assert result.code == ExitCode.LOCAL_FILE, result.err
        assert "permission denied" in result.err
        assert "0 of 2 files saved" in result.err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_full_disk_fails_the_big_files_and_keeps_the_small_ones(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    listing = write_list(tmp_path, BADGE, CHELSEA)
    out = tmp_path / "out"
    out.mkdir()

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = run_process(
        "--base-url", emulator.base_url, "get", "--from-file", str(listing), "--original", "-o", str(out),
        "--jobs", "1", preexec=limit_file_size,
    )  # fmt: skip
    assert result.code == ExitCode.LOCAL_FILE, result.err
    assert "larger than this system allows" in result.err
    assert "Traceback" not in result.err
    assert [p.suffix for p in out.iterdir()] == [".svg"], "the failed file's part was removed"


def test_a_list_of_vanity_ids_is_saved_and_named_without_the_urn(run, demo: Library, tmp_path: Path) -> None:
    listing = write_list(tmp_path, "urn:avid:aem:chelsea-the-cat", "urn:avid:aem:ChelseaCat")
    result = run("get", "--from-file", str(listing), "-o", str(tmp_path), "--original", "--name", "{id}")
    assert result.code == 0, result.err
    saved = {path.name: path.read_bytes() for path in tmp_path.iterdir() if path != listing}
    assert set(saved) == {"chelsea-the-cat.jpg", "ChelseaCat.jpg"}
    assert all(body == original_bytes(demo, CHELSEA) for body in saved.values())


def test_a_missing_rendition_in_a_list_names_the_rendition_not_the_asset(run, tmp_path: Path) -> None:
    listing = write_list(tmp_path, CHELSEA, UNKNOWN)
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "get", "--from-file", str(listing), "--rendition", "cq5dam.zoom.2048.2048.jpeg", "-o", str(out)
    )
    assert result.code == ExitCode.NOT_FOUND, result.err
    assert f"The asset {CHELSEA} exists, but it has no rendition cq5dam.zoom.2048.2048.jpeg" in result.err
    assert f"Asset {UNKNOWN} was not found" in result.err
