"""Originals and renditions: bytes as stored, streamed in chunks, byte ranges, HEAD."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from aemviewer.resources import demo_library

from .emulator_support import API, DEMO, quadrants

CHELSEA = demo_library() / "originals" / "chelsea-the-cat.jpg"
ORIGINAL = f"{API}/{DEMO['chelsea']}/original/as/chelsea-the-cat.jpg"


def test_original_is_the_stored_file(client: httpx.Client) -> None:
    response = client.get(ORIGINAL)
    assert response.status_code == 200
    assert response.content == CHELSEA.read_bytes()
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-length"] == str(CHELSEA.stat().st_size)
    assert "content-disposition" not in response.headers


@pytest.mark.parametrize(
    ("slug", "name", "media_type"),
    [
        ("badge", "aemviewer-demo-badge.svg", "image/svg+xml"),
        ("contact-sheet", "demo-contact-sheet.pdf", "application/pdf"),
        ("camera", "cameraman.tif", "image/tiff"),
        ("logo", "scikit-image-logo.png", "image/png"),
    ],
)
def test_originals_keep_their_format(client: httpx.Client, slug: str, name: str, media_type: str) -> None:
    response = client.get(f"{API}/{DEMO[slug]}/original/as/{name}")
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.content == (demo_library() / "originals" / name).read_bytes()


def test_attachment_on_the_original(client: httpx.Client) -> None:
    response = client.get(ORIGINAL + "?attachment=true")
    assert response.headers["content-disposition"] == 'attachment; filename="chelsea-the-cat.jpg"'


def test_renditions(client: httpx.Client) -> None:
    for name, media_type in [
        ("cq5dam.thumbnail.140.100.png", "image/png"),
        ("cq5dam.thumbnail.319.319.png", "image/png"),
        ("cq5dam.web.1280.1280.jpeg", "image/jpeg"),
    ]:
        response = client.get(f"{API}/{DEMO['chelsea']}/renditions/{name}/as/chelsea.x")
        assert response.status_code == 200
        assert response.headers["content-type"] == media_type
        assert response.content == (demo_library() / "renditions" / "chelsea" / name).read_bytes()


@pytest.mark.parametrize(
    ("range_header", "start", "end"),
    [
        ("bytes=0-99", 0, 100),
        ("bytes=100-", 100, None),
        ("bytes=-50", -50, None),
        ("bytes=1000-1000", 1000, 1001),
        ("bytes=30000-999999", 30000, None),  # the end is clipped to the file
        ("BYTES = 5 - 9", 5, 10),
    ],
)
def test_single_ranges_answer_206(
    client: httpx.Client, range_header: str, start: int, end: int | None
) -> None:
    data = CHELSEA.read_bytes()
    expected = data[start:end]
    response = client.get(ORIGINAL, headers={"Range": range_header})
    assert response.status_code == 206
    assert response.content == expected
    first = start if start >= 0 else len(data) + start
    assert response.headers["content-range"] == f"bytes {first}-{first + len(expected) - 1}/{len(data)}"
    assert response.headers["content-length"] == str(len(expected))
    head = client.head(ORIGINAL, headers={"Range": range_header})
    assert head.status_code == 206 and head.content == b""
    assert head.headers["content-range"] == response.headers["content-range"]


@pytest.mark.parametrize("range_header", ["bytes=0-1,5-6", "bytes=abc", "items=0-5", "bytes=9-3", "bytes=-"])
def test_ranges_we_ignore_get_the_whole_file(client: httpx.Client, range_header: str) -> None:
    response = client.get(ORIGINAL, headers={"Range": range_header})
    assert response.status_code == 200
    assert len(response.content) == CHELSEA.stat().st_size


def test_unsatisfiable_range_is_416(client: httpx.Client) -> None:
    size = CHELSEA.stat().st_size
    response = client.get(ORIGINAL, headers={"Range": f"bytes={size}-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{size}"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:aemviewer:problem:range-not-satisfiable"
    assert client.get(ORIGINAL, headers={"Range": "bytes=-0"}).status_code == 416


def test_if_range(client: httpx.Client) -> None:
    etag = client.head(ORIGINAL).headers["etag"]
    assert client.get(ORIGINAL, headers={"Range": "bytes=0-9", "If-Range": etag}).status_code == 206
    stale = client.get(ORIGINAL, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert stale.status_code == 200 and len(stale.content) == CHELSEA.stat().st_size
    modified = "Mon, 10 Mar 2025 14:30:00 GMT"
    assert client.get(ORIGINAL, headers={"Range": "bytes=0-9", "If-Range": modified}).status_code == 206


def test_head_on_the_original(client: httpx.Client) -> None:
    head = client.head(ORIGINAL)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(CHELSEA.stat().st_size)
    assert head.headers["content-type"] == "image/jpeg"
    assert head.headers["etag"] == client.get(ORIGINAL).headers["etag"]


BIG = 200 * 1024 * 1024
SERVE = (
    "import sys; from pathlib import Path; from aemviewer.emulator import serve; "
    "serve(Path(sys.argv[1]), '127.0.0.1', 0, log_requests=True, announce=lambda url: print(url, flush=True))"
)


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set size (VmHWM) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to read a process's RSS")
def test_a_200_mb_original_streams_with_bounded_memory(tmp_path: Path) -> None:
    """The server process's peak RSS must not grow by the file's size: it reads in 1 MiB chunks."""
    quadrants().save(tmp_path / "preview.png")
    with (tmp_path / "big.bin").open("wb") as big:
        big.truncate(BIG)  # sparse: quick to make, real bytes (zeros) to read
    asset_id = "urn:aaid:aem:00000000-0000-4000-8000-0000000000b1"
    catalogue = {"assets": [{"id": asset_id, "file": "big.bin", "preview": "preview.png"}]}
    (tmp_path / "catalogue.json").write_text(json.dumps(catalogue))
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        url = f"{base_url}{API}/{asset_id}/original/as/big.bin"
        with httpx.Client(timeout=60) as http:
            assert http.get(f"{base_url}{API}/{asset_id}/metadata").status_code == 200  # warm up
            before = peak_rss_kib(server.pid)
            received = 0
            with http.stream("GET", url) as response:
                assert response.status_code == 200
                assert response.headers["content-length"] == str(BIG)
                assert response.headers["content-type"] == "application/octet-stream"
                for chunk in response.iter_raw(1024 * 1024):
                    received += len(chunk)
            resumed = http.get(url, headers={"Range": f"bytes={BIG - 3 * 1024 * 1024}-"})
            after = peak_rss_kib(server.pid)
        assert received == BIG
        assert resumed.status_code == 206 and len(resumed.content) == 3 * 1024 * 1024
        assert resumed.content == bytes(3 * 1024 * 1024)
        assert after - before < 50 * 1024, f"peak RSS grew by {(after - before) / 1024:.0f} MiB"
    finally:
        server.send_signal(signal.SIGTERM)
        _out, errors = server.communicate(timeout=15)
    assert server.returncode == 0, errors
    # serve(log_requests=True) logged every request, in order, on stderr.
    assert [line for line in errors.splitlines() if line.startswith(("GET ", "HEAD "))] == [
        f"GET {API}/{asset_id}/metadata",
        f"GET {API}/{asset_id}/original/as/big.bin",
        f"GET {API}/{asset_id}/original/as/big.bin",
    ]
    assert (tmp_path / "big.bin").stat().st_size == BIG
