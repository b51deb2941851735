"""Resumable downloads against a misbehaving loopback file server: cuts, short bodies, 503s,
servers without ranges, changed files — never a partial file under the final name."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import LocalFileError, NetworkError, NotFound, TargetExists
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.saving.download import ExistingFile, SavedFile
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination, download
from tests.support.clients import FAST_RETRIES
from tests.support.download_server import DownloadServer

DATA = bytes(range(256)) * (12 * 1024 + 3)  # about 3 MiB: several 1 MiB chunks
CUT = 1024 * 1024 + 4096
PATH = "/adobe/assets/urn:aaid:aem:0f8a7c3e-2b1d-4c5e-9a6f-1e2d3c4b5a69/original/as/photo.jpg"


@pytest.fixture
def files() -> Iterator[DownloadServer]:
    with DownloadServer() as server:
        yield server


def fetch(
    server: DownloadServer,
    folder: Path,
    *,
    path: str = PATH,
    name: str | None = "photo.jpg",
    existing: ExistingFile = ExistingFile.REFUSE,
    existing_if_fitted: ExistingFile | None = None,
    **options: Any,
) -> SavedFile:
    """One `download()` of `path` into `folder`, with a fresh client and no waiting between tries."""
    options.setdefault("resume_attempts", 0)
    options.setdefault("resume_wait", 0.0)

    async def main() -> SavedFile:
        endpoints = DeliveryEndpoints(server.url)
        async with DeliveryClient(endpoints, ClientSettings(retries=FAST_RETRIES, timeout=5.0)) as client:
            source = ClientSource(client, server.url + path)
            destination = Destination(
                folder,
                name,
                default_name="download",
                existing=existing,
                existing_if_fitted=existing_if_fitted,
            )
            return await download(source, destination, **options)

    return asyncio.run(main())


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_cut_leaves_a_resumable_part_that_the_retry_continues_with_range(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT)
    with pytest.raises(NetworkError) as caught:
        fetch(files, tmp_path)
    assert "kept in photo.jpg.aemviewer-part" in str(caught.value)
    assert leftovers(tmp_path) == ["photo.jpg.aemviewer-part", "photo.jpg.aemviewer-part.json"], (
        "no file under the final name"
    )
    kept = (tmp_path / "photo.jpg.aemviewer-part").stat().st_size
    assert 0 < kept <= CUT
    sidecar = json.loads((tmp_path / "photo.jpg.aemviewer-part.json").read_text())
    assert sidecar["validator"] == '"v1"' and sidecar["total"] == len(DATA)

    saved = fetch(files, tmp_path)

    first, second = files.gets()
    assert first.header("Range") is None
    assert second.header("Range") == f"bytes={kept}-"
    assert second.header("If-Range") == '"v1"'
    assert saved.resumed_from == kept
    assert (tmp_path / "photo.jpg").read_bytes() == DATA
    assert leftovers(tmp_path) == ["photo.jpg"]


def test_a_cut_is_continued_automatically_within_the_resume_attempts(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT, times=2)
    saved = fetch(files, tmp_path, resume_attempts=2)
    ranges = [request.header("Range") for request in files.gets()]
    assert ranges[0] is None and all(r is not None and r.startswith("bytes=") for r in ranges[1:])
    assert len(ranges) == 3
    assert saved.path.read_bytes() == DATA
    assert leftovers(tmp_path) == ["photo.jpg"]


def test_a_reset_connection_mid_body_is_resumed_from_what_arrived(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.hold_after(READ_SIZE)

    async def main() -> SavedFile:
        arrived = asyncio.Event()

        def progress(done: int, total: int | None) -> None:
            if done >= READ_SIZE:
                arrived.set()

        async with DeliveryClient(
            DeliveryEndpoints(files.url), ClientSettings(retries=FAST_RETRIES, timeout=5)
        ) as client:
            source = ClientSource(client, files.url + PATH)
            task = asyncio.ensure_future(
                download(source, Destination(tmp_path, "photo.jpg"), progress=progress, resume_wait=0.0)
            )
            await arrived.wait()  # the client has the bytes before the hold: now drop the connection
            files.reset()
            return await task

    saved = asyncio.run(main())
    _, second = files.gets()
    assert second.header("Range") == f"bytes={READ_SIZE}-"
    assert saved.resumed_from == READ_SIZE
    assert saved.path.read_bytes() == DATA


def test_a_short_body_under_a_longer_content_length_is_never_published(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA[:5000], announced_length=len(DATA))
    with pytest.raises(NetworkError, match="5,000 bytes are kept"):
        fetch(files, tmp_path)
    assert leftovers(tmp_path) == ["photo.jpg.aemviewer-part", "photo.jpg.aemviewer-part.json"]
    files.change(PATH, data=DATA, announced_length=None)

    saved = fetch(files, tmp_path)

    assert files.gets()[1].header("Range") == "bytes=5000-"
    assert saved.path.read_bytes() == DATA


def test_503_then_success(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, DATA)
    files.fail_with(503)
    saved = fetch(files, tmp_path)
    assert len(files.gets()) == 2
    assert saved.path.read_bytes() == DATA


def test_503_until_the_retries_run_out_keeps_the_part_for_later(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    files.fail_with(503, times=3)
    with pytest.raises(Exception, match="503"):
        fetch(files, tmp_path)
    assert (tmp_path / "photo.jpg.aemviewer-part").exists(), (
        "a server error is no reason to drop what arrived"
    )
    saved = fetch(files, tmp_path)
    assert files.gets()[-1].header("Range") is not None
    assert saved.path.read_bytes() == DATA


def test_a_server_without_range_support_restarts_cleanly(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, DATA, ranges=False)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)

    saved = fetch(files, tmp_path)

    assert files.gets()[1].header("Range") is not None, "it was asked to continue"
    assert saved.resumed_from == 0, "its 200 was written from the first byte"
    assert saved.path.read_bytes() == DATA
    assert leftovers(tmp_path) == ["photo.jpg"]


def test_a_changed_file_answers_200_to_if_range_and_replaces_the_part(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    new = DATA[::-1]
    files.change(PATH, data=new, etag='"v2"')

    saved = fetch(files, tmp_path)

    assert files.gets()[1].header("If-Range") == '"v1"'
    assert saved.path.read_bytes() == new, "no mix of the old and the new file"


def test_a_server_ignoring_if_range_is_caught_by_the_etag_and_restarted(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA, if_range=False)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    new = bytes(reversed(DATA))
    files.change(PATH, data=new, etag='"v2"')

    saved = fetch(files, tmp_path)

    _, resumed, fresh = files.gets()
    assert resumed.header("Range") is not None  # answered 206 with the new ETag: refused
    assert fresh.header("Range") is None and fresh.header("If-Range") is None
    assert saved.path.read_bytes() == new


def test_a_part_larger_than_the_new_file_gets_416_and_a_fresh_start(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA, if_range=False)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    files.change(PATH, data=DATA[:100])
    # The sidecar's total would refuse the shorter file anyway; make it look unknown to reach the 416.
    sidecar = tmp_path / "photo.jpg.aemviewer-part.json"
    note = json.loads(sidecar.read_text())
    sidecar.write_text(json.dumps({**note, "total": None}))

    saved = fetch(files, tmp_path)

    assert saved.path.read_bytes() == DATA[:100]
    assert files.gets()[-1].header("Range") is None


def test_a_whole_part_that_was_never_published_asks_for_its_last_byte(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    (tmp_path / "photo.jpg.aemviewer-part").write_bytes(DATA)  # as if the process died just before the rename

    saved = fetch(files, tmp_path)

    assert files.gets()[-1].header("Range") == f"bytes={len(DATA) - 1}-"
    assert saved.path.read_bytes() == DATA


def test_without_an_etag_nothing_is_kept_for_resuming(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, DATA, etag=None)
    files.cut_after(CUT)
    with pytest.raises(NetworkError, match="Nothing was kept"):
        fetch(files, tmp_path)
    assert leftovers(tmp_path) == []


def test_a_part_of_another_url_is_not_trusted(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, DATA)
    (tmp_path / "photo.jpg.aemviewer-part").write_bytes(b"x" * 5000)
    (tmp_path / "photo.jpg.aemviewer-part.json").write_text(
        json.dumps(
            {
                "version": 1,
                "url": "http://elsewhere/x",
                "validator": '"v1"',
                "total": len(DATA),
                "content_type": "image/jpeg",
                "final_name": "photo.jpg",
            }
        )
    )
    saved = fetch(files, tmp_path)
    assert files.gets()[0].header("Range") is None
    assert saved.path.read_bytes() == DATA


def test_an_error_status_removes_a_part_that_cannot_be_continued(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path)
    files.fail_with(404)
    with pytest.raises(NotFound):
        fetch(files, tmp_path)
    assert leftovers(tmp_path) == []


def test_free_space_is_checked_before_the_first_byte(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, b"x" * 100, announced_length=10**17)
    with pytest.raises(LocalFileError, match="bytes free"):
        fetch(files, tmp_path)
    assert leftovers(tmp_path) == []


# --- names and existing files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('attachment; filename="../../evil.jpg"', "evil.jpg"),
        ("attachment; filename*=UTF-8''..%2F..%2F..%2Fetc%2Fcron.d%2Fx.jpg", "x.jpg"),
        ('attachment; filename="C:\\\\Windows\\\\win.ini"', "win.ini.jpg"),
        ('attachment; filename=".."', "download.jpg"),
        ('attachment; filename="CON"', "CON_.jpg"),
        ("attachment; filename*=UTF-8''a%01b%7Fc.jpg", "a_b_c.jpg"),
        ("attachment; filename*=UTF-8''evil%E2%80%AEgpj.exe", "evilgpj.exe.jpg"),
        ('attachment; filename="' + "n" * 400 + '.jpg"', "n" * 196 + ".jpg"),
        ('attachment; filename=".bashrc"', "bashrc.jpg"),
    ],
)
def test_hostile_content_disposition_names_stay_inside_the_folder(
    files: DownloadServer, tmp_path: Path, disposition: str, expected: str
) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    files.serve(PATH, b"\xff\xd8data", disposition=disposition)
    saved = fetch(files, folder, name=None)
    assert saved.path.parent == folder
    assert saved.path.name == expected
    assert leftovers(tmp_path) == ["downloads"]
    assert leftovers(folder) == [expected]


def test_an_existing_file_is_never_overwritten_without_being_asked(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA)
    (tmp_path / "photo.jpg").write_bytes(b"precious")
    with pytest.raises(TargetExists):
        fetch(files, tmp_path)
    assert files.gets() == [], "nothing was downloaded for nothing"
    assert (tmp_path / "photo.jpg").read_bytes() == b"precious"

    renamed = fetch(files, tmp_path, existing=ExistingFile.RENAME)
    assert renamed.path.name == "photo (1).jpg"
    assert (tmp_path / "photo.jpg").read_bytes() == b"precious"

    replaced = fetch(files, tmp_path, existing=ExistingFile.OVERWRITE)
    assert replaced.path == tmp_path / "photo.jpg"
    assert replaced.path.read_bytes() == DATA


def test_a_name_from_the_server_that_exists_is_refused_before_the_body(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA, disposition='attachment; filename="taken.jpg"')
    (tmp_path / "taken.jpg").write_bytes(b"mine")
    with pytest.raises(TargetExists):
        fetch(files, tmp_path, name=None)
    assert leftovers(tmp_path) == ["taken.jpg"]


def test_the_delivered_type_sets_the_extension(files: DownloadServer, tmp_path: Path) -> None:
    files.serve(PATH, b"RIFF....WEBP", content_type="image/webp")
    saved = fetch(files, tmp_path, name="photo.jpg")
    assert saved.path.name == "photo.webp"


def test_leave_to_replace_the_chosen_name_never_replaces_the_fitted_one(
    files: DownloadServer, tmp_path: Path
) -> None:
    # The window's dialog asked about photo.png; the JPEG that comes back is saved as photo.jpg,
    # another file nobody asked about: it is kept, and the download gets the next free name.
    files.serve(PATH, DATA, content_type="image/jpeg")
    (tmp_path / "photo.png").write_bytes(b"asked about")
    (tmp_path / "photo.jpg").write_bytes(b"never asked about")
    saved = fetch(
        files,
        tmp_path,
        name="photo.png",
        existing=ExistingFile.OVERWRITE,
        existing_if_fitted=ExistingFile.RENAME,
    )
    assert saved.path == tmp_path / "photo (1).jpg" and saved.path.read_bytes() == DATA
    assert (tmp_path / "photo.jpg").read_bytes() == b"never asked about"
    assert (tmp_path / "photo.png").read_bytes() == b"asked about"
    # A name that fits the delivered type is the chosen one: leave to replace it still holds.
    replaced = fetch(
        files,
        tmp_path,
        name="photo.jpg",
        existing=ExistingFile.OVERWRITE,
        existing_if_fitted=ExistingFile.RENAME,
    )
    assert replaced.path == tmp_path / "photo.jpg" and replaced.path.read_bytes() == DATA


def test_a_resumed_download_found_by_its_url_keeps_the_servers_name(
    files: DownloadServer, tmp_path: Path
) -> None:
    files.serve(PATH, DATA, disposition='attachment; filename="from-server.jpg"')
    files.cut_after(CUT)
    with pytest.raises(NetworkError):
        fetch(files, tmp_path, name=None)
    assert (tmp_path / "from-server.jpg.aemviewer-part").exists()
    saved = fetch(files, tmp_path, name=None)
    assert files.gets()[-1].header("Range") is not None
    assert saved.path == tmp_path / "from-server.jpg"
    assert saved.path.read_bytes() == DATA
