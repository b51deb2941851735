"""The playback proxy sees every request the player makes.

A server answers every playlist with 206 to FFmpeg's `Range: bytes=0-`, hides playlists behind other
names and content types, and lists URIs in every place HLS allows (and FFmpeg reads): quoted and
unquoted attributes, session keys and data, maps, keys, renditions, I-frame streams, preload hints,
content steering, interstitials. A second loopback host (127.0.0.2) is where those URIs point; it must
never see a request from the player. And another local program cannot pin the proxy's connections.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.tokens import StaticToken
from aemviewer.resources import demo_library
from aemviewer.ui.video import backend as video_backend
from aemviewer.video.proxy import PlaybackProxy
from tests.support.behaviours import answer
from tests.support.servers import Behaviour, LoopbackServer

from .payloads import BASE, TOKEN

M3U8 = "application/vnd.apple.mpegurl"
SEGMENTS = demo_library() / "videos" / "mosaic-tour" / "hls" / "180p"
needs_multimedia = pytest.mark.skipif(
    video_backend.missing() is not None, reason="QtMultimedia is not available"
)


def as_partial(body: bytes, content_type: str = M3U8) -> Behaviour:
    """The whole body as a 206 (what servers answer to `Range: bytes=0-`), whatever was asked."""
    whole = ("Content-Range", f"bytes 0-{len(body) - 1}/{len(body)}")
    return answer(206, body, whole, ("Accept-Ranges", "bytes"), content_type=content_type)


def fetch_like_ffmpeg(start: str, proxy: PlaybackProxy) -> list[str]:
    """Fetch `start` and every URL its playlists name, recursively, as FFmpeg asks (`Range: bytes=0-`
    on every request); return the playlists' texts. URLs are found by a plain search for `http://`,
    independent of how the proxy reads playlists."""
    texts, seen, queue = [], set(), [start]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        answered = httpx.get(url, headers={"Range": "bytes=0-"})
        if answered.status_code in (200, 206) and answered.content.startswith(b"#EXTM3U"):
            texts.append(answered.text)
            queue += re.findall(r"https?://[^\s\",]+", answered.text)
    return texts


@pytest.fixture
def proxy(hostile: LoopbackServer) -> Iterator[PlaybackProxy]:
    with PlaybackProxy(hostile.url, StaticToken(TOKEN)) as started:
        yield started


def test_every_uri_of_every_playlist_goes_through_the_proxy(
    hostile: LoopbackServer, elsewhere: LoopbackServer, proxy: PlaybackProxy
) -> None:
    away = elsewhere.url
    for path in ("/session.key", "/session.json", "/steer", "/audio.m3u8", "/iframe.m3u8", "/other.m3u8",
                 "/k.key", "/init.mp4", "/part.m4s", "/report.m3u8", "/ad.m3u8", "/seg1.ts"):  # fmt: skip
        elsewhere.on(path, answer(200, b"#EXTM3U\n", content_type=M3U8))
    master = (
        "#EXTM3U\n"
        f'#EXT-X-SESSION-KEY:METHOD=AES-128,URI="{away}/session.key"\n'
        f'#EXT-X-SESSION-DATA:DATA-ID="com.example",URI={away}/session.json\n'
        f'#EXT-X-CONTENT-STEERING:SERVER-URI="{away}/steer"\n'
        f'#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="{away}/audio.m3u8"\n'
        f"#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1, URI={away}/iframe.m3u8\n"
        f'#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\n{hostile.url}/v/media\n'
        f"#EXT-X-STREAM-INF:BANDWIDTH=2\r{away}/other.m3u8\r\n"
    ).encode()
    media = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        f"#EXT-X-KEY:METHOD=AES-128,URI={away}/k.key,IV=0x0\n"
        f'#EXT-X-MAP:URI="{away}/init.mp4"\n'
        f'#EXT-X-PRELOAD-HINT:TYPE=PART,URI="{away}/part.m4s"\n'
        f'#EXT-X-RENDITION-REPORT:URI="{away}/report.m3u8"\n'
        f'#EXT-X-DATERANGE:ID="ad",CLASS="com.apple.hls.interstitial",X-ASSET-URI="{away}/ad.m3u8"\n'
        f"#EXTINF:2,\n{hostile.url}/v/seg0.ts\n#EXTINF:2,\n  {away}/seg1.ts\n#EXT-X-ENDLIST\n"
    ).encode()
    start = hostile.on(f"{BASE}/manifest.m3u8", as_partial(master))
    # A media playlist under another name and type: recognised by its first bytes.
    hostile.on("/v/media", as_partial(media, content_type="application/octet-stream"))
    hostile.on("/v/seg0.ts", as_partial(b"\x47" * 188, content_type="video/mp2t"))

    texts = fetch_like_ffmpeg(proxy.url_for(start), proxy)

    assert len(texts) == 2  # the master and the media playlist, both rewritten
    named = [url for text in texts for url in re.findall(r"https?://[^\s\",]+", text)]
    assert len(named) == 14 and all(url.startswith(proxy.base_url + "/") for url in named)
    assert sum(text.count("~external/") for text in texts) == 12  # every URI on the other host
    assert elsewhere.requests == []
    assert [request.path for request in hostile.requests] == [
        f"{BASE}/manifest.m3u8",
        "/v/media",
        "/v/seg0.ts",
    ]
    assert all(request.header("authorization") == f"Bearer {TOKEN}" for request in hostile.requests)
    # Playlists are asked for whole: a playlist path goes upstream without the player's Range.
    assert hostile.requests[0].header("range") is None


def test_a_playlist_sent_in_part_is_refused_not_passed_on(
    hostile: LoopbackServer, proxy: PlaybackProxy
) -> None:
    body = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://127.0.0.2/x.m3u8\n"
    part = ("Content-Range", f"bytes 0-{len(body) - 1}/{len(body) + 500}")
    url = hostile.on("/v/list", answer(206, body, part, content_type="text/plain"))

    answered = httpx.get(proxy.url_for(url), headers={"Range": "bytes=0-"})

    assert answered.status_code == 502
    assert "part of a playlist" in answered.text and "127.0.0.2" not in answered.text
    [exchange] = proxy.exchanges
    assert (exchange.status, exchange.is_playlist) == (502, True)


# --- played by QMediaPlayer -------------------------------------------------------------------------


def serve_video(server: LoopbackServer, folder: str, segments_at: str) -> str:
    """The demo's 180p variant under `/folder/`, its segments named absolutely at `segments_at`."""
    files = sorted(SEGMENTS.glob("segment*.ts"))
    media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n"
    for file in files:
        media += f"#EXTINF:2.0,\n{segments_at}/{folder}/{file.name}\n"
        server.on(f"/{folder}/{file.name}", as_partial(Path(file).read_bytes(), content_type="video/mp2t"))
    server.on(f"/{folder}/index.m3u8", as_partial((media + "#EXT-X-ENDLIST\n").encode()))
    return f"{server.url}/{folder}/index.m3u8"


def master_naming(variant: str) -> bytes:
    return f"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=160176,RESOLUTION=320x180\n{variant}\n".encode()


@needs_multimedia
@pytest.mark.gui
def test_the_player_plays_every_request_through_the_proxy(
    qtbot: QtBot, hostile: LoopbackServer, proxy: PlaybackProxy
) -> None:
    from aemviewer.ui.video.probe import probe_playlists

    variant = serve_video(hostile, "cdn", segments_at=hostile.url)
    start = hostile.on(f"{BASE}/manifest.m3u8", as_partial(master_naming(variant)))

    [result] = probe_playlists([start], proxy, seconds=1.5)

    assert result.frames > 0 and result.error is None, result
    assert {request.path for request in hostile.requests} >= {f"{BASE}/manifest.m3u8", "/cdn/index.m3u8"}
    assert any(request.path.endswith(".ts") for request in hostile.requests)
    # A request straight from the player would carry no token: every one came through the proxy.
    assert all(request.header("authorization") == f"Bearer {TOKEN}" for request in hostile.requests)


@needs_multimedia
@pytest.mark.gui
def test_the_player_never_reaches_the_host_a_playlist_points_at(
    qtbot: QtBot, hostile: LoopbackServer, elsewhere: LoopbackServer, proxy: PlaybackProxy
) -> None:
    from aemviewer.ui.video.probe import probe_playlists

    # The other host serves a stream that plays: had the player gone there, it would have played.
    variant = serve_video(elsewhere, "cdn", segments_at=elsewhere.url)
    start = hostile.on(f"{BASE}/manifest.m3u8", as_partial(master_naming(variant)))

    [result] = probe_playlists([start], proxy, seconds=1.5)

    assert elsewhere.requests == []
    assert result.frames == 0 and result.error is not None
    refused = [exchange for exchange in proxy.exchanges if exchange.status == 403]
    assert refused and refused[0].url == variant


def test_connections_beyond_the_cap_are_turned_away(hostile: LoopbackServer) -> None:
    url = hostile.on("/v/seg.ts", answer(200, b"\x47" * 188, content_type="video/mp2t"))
    with PlaybackProxy(hostile.url, StaticToken(TOKEN), max_connections=3) as proxy:
        port = int(proxy.base_url.split(":")[2].split("/")[0])
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        try:
            # The proxy counts a connection once its loop has taken it: one answered request proves it.
            for connection in held[:1]:
                connection.sendall(f"GET {proxy.url_for(url)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                assert connection.recv(65536).startswith(b"HTTP/1.1 200")
            turned_away = httpx.get(proxy.url_for(url))
        finally:
            for connection in held:
                connection.close()

    assert turned_away.status_code == 503
    assert turned_away.headers["retry-after"] == "1"
    assert "too many open connections" in turned_away.text


def test_an_idle_connection_is_closed(hostile: LoopbackServer) -> None:
    with PlaybackProxy(hostile.url, StaticToken(TOKEN), idle_timeout=0.3) as proxy:
        port = int(proxy.base_url.split(":")[2].split("/")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as silent:
            silent.sendall(b"GET /")  # the start of a request, and then nothing
            closed = silent.recv(1)  # blocks until the proxy closes the connection (or 10 s)

    assert closed == b""
