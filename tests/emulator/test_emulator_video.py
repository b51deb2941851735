"""Videos: manifests, media playlists and segments under the asset, the player page, poster and
original, with the same visibility and token rules as images; and the catalogue's `video` field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from aemviewer.emulator import EmulatorServer, Library, LibraryError, load_library
from tests.support.video_library import PUBLIC_VIDEO, RESTRICTED_VIDEO

from .emulator_support import API, DEMO, decode

VIDEO = f"{API}/{PUBLIC_VIDEO}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def folder_of(demo: Library, asset_id: str) -> Path:
    video = demo.assets[asset_id].video
    assert video is not None
    return video.folder


def test_manifests_are_the_stored_files_with_their_media_types(client: httpx.Client, demo: Library) -> None:
    folder = folder_of(demo, PUBLIC_VIDEO)
    hls = client.get(f"{VIDEO}/manifest.m3u8")
    assert hls.status_code == 200 and hls.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert hls.content == (folder / "manifest.m3u8").read_bytes()
    dash = client.get(f"{VIDEO}/manifest.mpd")
    assert dash.status_code == 200 and dash.headers["content-type"] == "application/dash+xml"
    assert dash.content == (folder / "manifest.mpd").read_bytes()
    for response in (hls, dash):
        assert response.headers["cache-control"] == "max-age=600"
        again = client.get(str(response.url), headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304
    assert hls.headers["etag"] != dash.headers["etag"]


def test_every_uri_in_the_playlists_resolves_to_a_file(client: httpx.Client) -> None:
    master_url = f"{client.base_url}{VIDEO}/manifest.m3u8"
    master = client.get(master_url).text
    variants = [
        urljoin(master_url, line) for line in master.splitlines() if line and not line.startswith("#")
    ]
    assert [url.removeprefix(f"{client.base_url}{VIDEO}/") for url in variants] == [
        "hls/720p/index.m3u8",
        "hls/360p/index.m3u8",
        "hls/180p/index.m3u8",
    ]
    for variant in variants:
        playlist = client.get(variant)
        assert playlist.headers["content-type"] == "application/vnd.apple.mpegurl"
        segments = [
            urljoin(variant, line) for line in playlist.text.splitlines() if line and not line.startswith("#")
        ]
        assert len(segments) == 3
        for segment in segments:
            response = client.get(segment)
            assert response.status_code == 200 and response.headers["content-type"] == "video/mp2t"
            assert response.content[0] == 0x47 and len(response.content) % 188 == 0  # MPEG-TS packets


def test_dash_segments_and_their_types(client: httpx.Client) -> None:
    init = client.get(f"{VIDEO}/dash/360p/init.mp4")
    assert init.headers["content-type"] == "video/mp4" and init.content[4:8] == b"ftyp"
    segment = client.get(f"{VIDEO}/dash/audio/segment2.m4s")
    assert segment.headers["content-type"] == "video/iso.segment" and segment.content[4:8] == b"moof"


def test_segments_support_ranges_and_head(client: httpx.Client, demo: Library) -> None:
    path = folder_of(demo, PUBLIC_VIDEO) / "hls" / "180p" / "segment1.ts"
    url = f"{VIDEO}/hls/180p/segment1.ts"
    partial = client.get(url, headers={"Range": "bytes=188-375"})
    assert partial.status_code == 206 and partial.content == path.read_bytes()[188:376]
    head = client.head(url)
    assert head.status_code == 200 and head.headers["content-length"] == str(path.stat().st_size)


@pytest.mark.parametrize(
    "tail",
    [
        "hls/720p/segment9.ts",
        "hls/720p",
        "hls/%2e%2e/manifest.m3u8",
        "hls/720p/%2e%2e/%2e%2e/manifest.mpd",
        "dash/..%2f..%2fmanifest.m3u8",
        "hls/720p/index.m3u8%00.ts",
    ],
)
def test_files_outside_the_listing_are_404(client: httpx.Client, tail: str) -> None:
    response = client.get(f"{VIDEO}/{tail}")
    assert response.status_code == 404
    assert response.json()["type"] == "urn:aemviewer:problem:not-found"


def test_the_player_page_points_at_what_the_emulator_serves(client: httpx.Client, demo: Library) -> None:
    page_url = f"{client.base_url}{VIDEO}/play"
    page = client.get(page_url)
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert "<video controls" in html and "Sample photographs tour" in html
    assert '<source src="manifest.m3u8" type="application/vnd.apple.mpegurl">' in html
    assert '<source src="original/as/mosaic-tour.mp4" type="video/mp4">' in html
    assert 'poster="as/mosaic-tour.jpg?width=1280"' in html
    poster = client.get(urljoin(page_url, "as/mosaic-tour.jpg?width=1280"))
    assert poster.headers["content-type"] == "image/jpeg" and decode(poster).size == (1280, 720)
    original = client.get(urljoin(page_url, "original/as/mosaic-tour.mp4"))
    assert original.headers["content-type"] == "video/mp4"
    assert original.content == demo.assets[PUBLIC_VIDEO].file.read_bytes()
    assert original.content[4:8] == b"ftyp"
    assert client.get(urljoin(page_url, "manifest.m3u8")).status_code == 200


def test_video_metadata(client: httpx.Client, tokens: dict[str, str]) -> None:
    minimal = client.get(f"{VIDEO}/metadata").json()
    assert minimal["repositoryMetadata"]["dc:format"] == "video/mp4"
    assert (minimal["assetMetadata"]["tiff:ImageWidth"], minimal["assetMetadata"]["tiff:ImageLength"]) == (
        1280,
        720,
    )
    full = client.get(f"{VIDEO}/metadata", headers=bearer(tokens["viewer"])).json()["assetMetadata"]
    assert (full["xmpDM:videoFrameSize_stDim:w"], full["xmpDM:videoFrameSize_stDim:h"]) == (1280, 720)
    assert full["xmpDM:duration"] == {"xmpDM:value": "150", "xmpDM:scale": "1/25"}


@pytest.mark.parametrize(
    "tail",
    [
        "manifest.m3u8",
        "manifest.mpd",
        "play",
        "hls/180p/index.m3u8",
        "hls/180p/segment0.ts",
        "dash/audio/init.mp4",
    ],
)
def test_a_restricted_video_needs_a_token_with_its_role(
    client: httpx.Client, tokens: dict[str, str], tail: str
) -> None:
    url = f"{API}/{RESTRICTED_VIDEO}/{tail}"
    for headers in ({}, bearer(tokens["viewer"]), bearer(tokens["expired"])):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.json()["type"] == "urn:aemviewer:problem:not-found"
    assert client.get(url, headers=bearer(tokens["editor"])).status_code == 200


@pytest.mark.parametrize("tail", ["play", "manifest.m3u8", "manifest.mpd", "hls/720p/index.m3u8", "dash/x"])
def test_images_have_no_video_endpoints(client: httpx.Client, tail: str) -> None:
    response = client.get(f"{API}/{DEMO['chelsea']}/{tail}")
    assert response.status_code == 404
    document = response.json()
    assert document["type"] == "urn:aemviewer:problem:no-video"
    assert "is not a video (image/jpeg)" in document["detail"]


def test_segments_requested_are_in_the_request_log(emulator: EmulatorServer) -> None:
    url = f"{emulator.base_url}{VIDEO}/hls/360p/segment2.ts?attempt=log"
    assert httpx.get(url).status_code == 200
    assert f"GET {VIDEO}/hls/360p/segment2.ts?attempt=log" in emulator.request_log


# --- the catalogue's `video` field ------------------------------------------------------------------


def _library(tmp_path: Path, demo: Library, video: object, *, keep_dash: bool = True) -> Path:
    source = demo.assets[PUBLIC_VIDEO]
    shutil.copytree(folder_of(demo, PUBLIC_VIDEO), tmp_path / "clip")
    if not keep_dash:
        (tmp_path / "clip" / "manifest.mpd").unlink()
    shutil.copy(source.file, tmp_path / "clip.mp4")
    shutil.copy(source.raster.path, tmp_path / "poster.jpg")
    record = {"id": PUBLIC_VIDEO, "file": "clip.mp4", "preview": "poster.jpg", "video": video}
    (tmp_path / "catalogue.json").write_text(json.dumps({"assets": [record]}))
    return tmp_path


def test_a_video_without_dash_answers_no_video_for_the_mpd(tmp_path: Path, demo: Library) -> None:
    with EmulatorServer(load_library(_library(tmp_path, demo, "clip", keep_dash=False))) as server:
        assert httpx.get(f"{server.base_url}{VIDEO}/manifest.m3u8").status_code == 200
        response = httpx.get(f"{server.base_url}{VIDEO}/manifest.mpd")
    assert response.status_code == 404 and "no DASH manifest" in response.json()["detail"]


@pytest.mark.parametrize(
    ("video", "message"),
    [
        ("nowhere", "field 'video': no folder at 'nowhere'"),
        ("../clip", "must be a folder inside the library folder"),
        ("clip/hls", "has no manifest.m3u8"),
        (7, "field 'video': must be a JSON string, got the number 7"),
    ],
)
def test_catalogue_video_field_errors(tmp_path: Path, demo: Library, video: object, message: str) -> None:
    with pytest.raises(LibraryError, match="assets\\[0\\]") as caught:
        load_library(_library(tmp_path, demo, video))
    assert message in str(caught.value)
