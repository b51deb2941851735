"""`aemviewer get` against a misbehaving server: an interrupted download is continued by running
the same command again; names from the server never leave the folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aemviewer.cli.main import main
from aemviewer.delivery.errors import ExitCode
from aemviewer.delivery.transport import READ_SIZE
from tests.support.download_server import DownloadServer

from .cli_support import Result

ASSET = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
PATH = f"/adobe/assets/{ASSET}/original/as/big-photo.jpg"
DATA = bytes(range(256)) * (10 * 1024)  # 2.5 MiB
KEPT = READ_SIZE + 100


@pytest.fixture
def files() -> Iterator[DownloadServer]:
    with DownloadServer() as server:
        yield server


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The CLI in-process; the URLs name their host (the misbehaving server), no token."""
    monkeypatch.delenv("AEMVIEWER_BASE_URL", raising=False)
    monkeypatch.delenv("AEMVIEWER_TOKEN", raising=False)

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield invoke


def interrupt_twice(files: DownloadServer) -> None:
    """A cut after `KEPT` bytes, then one the automatic continuation gets nothing from."""
    files.cut_after(KEPT)
    files.cut_after(0)


def test_running_get_again_continues_an_interrupted_download(
    run, files: DownloadServer, tmp_path: Path
) -> None:
    url = files.serve(PATH, DATA)
    interrupt_twice(files)

    first = run("get", url, "-o", str(tmp_path))

    assert first.code == ExitCode.NETWORK_OR_SERVER
    assert f"{KEPT:,} bytes are kept in big-photo.jpg.aemviewer-part" in first.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "big-photo.jpg.aemviewer-part",
        "big-photo.jpg.aemviewer-part.json",
    ]

    second = run("get", url, "-o", str(tmp_path))

    assert second.code == 0, second.err
    assert files.gets()[-1].header("Range") == f"bytes={KEPT}-"
    assert f"continuing from byte {KEPT:,}" in second.err
    assert (tmp_path / "big-photo.jpg").read_bytes() == DATA
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big-photo.jpg"]


def test_running_a_list_again_continues_its_interrupted_files(
    run, files: DownloadServer, tmp_path: Path
) -> None:
    url = files.serve(PATH, DATA)
    other = files.serve(f"/adobe/assets/{ASSET}/original/as/small.jpg", b"small")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{url}\n{other}\n")
    out = tmp_path / "out"
    out.mkdir()
    interrupt_twice(files)

    first = run("get", "--from-file", str(listing), "-o", str(out), "--jobs", "1")
    assert first.code == ExitCode.NETWORK_OR_SERVER
    assert "1 of 2 files saved" in first.err

    second = run("get", "--from-file", str(listing), "-o", str(out), "--rename")
    assert second.code == 0, second.err
    assert files.gets(PATH)[-1].header("Range") == f"bytes={KEPT}-"
    assert (out / "big-photo.jpg").read_bytes() == DATA
    assert sorted(p.name for p in out.iterdir()) == ["big-photo.jpg", "small (1).jpg", "small.jpg"]


def test_a_server_that_cannot_continue_makes_get_start_over(
    run, files: DownloadServer, tmp_path: Path
) -> None:
    url = files.serve(PATH, DATA, ranges=False)
    interrupt_twice(files)
    assert run("get", url, "-o", str(tmp_path)).code == ExitCode.NETWORK_OR_SERVER

    second = run("get", url, "-o", str(tmp_path))

    assert second.code == 0, second.err
    assert "continuing" not in second.err
    assert (tmp_path / "big-photo.jpg").read_bytes() == DATA


@pytest.mark.parametrize(
    "disposition",
    [
        'attachment; filename="../../../../tmp/evil.jpg"',
        "attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fevil.jpg",
        'attachment; filename="/etc/evil.jpg"',
    ],
)
def test_a_hostile_server_name_stays_in_the_folder(
    run, files: DownloadServer, tmp_path: Path, disposition: str
) -> None:
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    url = files.serve(PATH, b"\xff\xd8\xff", disposition=disposition)
    result = run("get", url, "-o", str(out))
    assert result.code == 0, result.err
    assert Path(result.out.strip()) == out / "evil.jpg"
    assert [p.name for p in out.iterdir()] == ["evil.jpg"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "evil.jpg"]
