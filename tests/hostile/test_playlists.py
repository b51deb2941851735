"""HLS playlists that are malformed, enormous, or point at other hosts: the library names the line
that is wrong, the command line exits 5, and neither the client nor the playback proxy (which adds
the token for the player) lets the token reach another host."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from aemviewer.delivery.errors import ExitCode, MalformedManifest, TooLarge
from aemviewer.delivery.tokens import StaticToken
from aemviewer.video.loading import load_hls, load_video_manifests
from aemviewer.video.proxy import MAX_PLAYLIST_BYTES, PlaybackProxy
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .payloads import BASE, TOKEN
from .support import CliResult, client_of, run_async

MANIFEST_PATH = f"{BASE}/manifest.m3u8"
M3U8 = "application/vnd.apple.mpegurl"
MEDIA = b"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nsegment0.ts\n#EXT-X-ENDLIST\n"

# (playlist, the line the error names, what the message says about it)
MALFORMED = {
    "html": (b"<html><title>Sign in</title></html>", 1, "a playlist starts with #EXTM3U"),
    "no-bandwidth": (b"#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nlow.m3u8\n", 2, "needs BANDWIDTH"),
    "bad-resolution": (
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=huge\nlow.m3u8\n",
        2,
        "RESOLUTION must be WIDTHxHEIGHT",
    ),
    "orphan-uri": (
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\nhigh.m3u8\n",
        4,
        "needs an #EXT-X-STREAM-INF line before it",
    ),
    "dangling-tag": (b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", 2, "no URI follows this tag"),
    "mixed": (
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\n#EXTINF:2,\nseg.ts\n",
        4,
        "cannot hold media",
    ),
}


def _serve(hostile: LoopbackServer, body: bytes) -> str:
    return hostile.on(MANIFEST_PATH, answer(200, body, content_type=M3U8))


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_client_names_the_malformed_line(hostile: LoopbackServer, case: str) -> None:
    body, line, said = MALFORMED[case]
    url = _serve(hostile, body)

    async def load() -> object:
        async with client_of(hostile) as client:
            return await load_hls(client, url)

    with pytest.raises(MalformedManifest) as caught:
        run_async(load())

    assert caught.value.message.startswith(f"The playlist at {url} is malformed at line {line}: ")
    assert said in caught.value.message
    assert caught.value.line == line
    assert caught.value.text == body.decode()


def test_client_refuses_a_playlist_that_is_not_utf8(hostile: LoopbackServer) -> None:
    url = _serve(hostile, b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nl\xffw.m3u8\n")

    async def load() -> object:
        async with client_of(hostile) as client:
            return await load_hls(client, url)

    with pytest.raises(MalformedManifest) as caught:
        run_async(load())

    assert caught.value.message == f"The HLS playlist at {url} is not UTF-8 text (byte 39 cannot be read)."


@pytest.mark.parametrize("case", ["html", "orphan-uri"])
def test_cli_video_check_exits_5_on_a_malformed_playlist(
    hostile: LoopbackServer, cli: Callable[..., CliResult], case: str
) -> None:
    body, line, said = MALFORMED[case]
    url = _serve(hostile, body)

    result = cli("video-check", url)

    assert result.code == ExitCode.NETWORK_OR_SERVER
    first = result.err.splitlines()[0]
    assert first.startswith(f"aemviewer: error: The playlist at {url} is malformed at line {line}: ")
    assert said in first
    assert "Traceback" not in result.err


# --- enormous ----------------------------------------------------------------------------------


def _enormous() -> bytes:
    """A playlist of 9 MiB (one huge comment line, then one valid variant): larger than any real one."""
    return b"#EXTM3U\n#" + b"x" * (9 * 2**20) + b"\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nlow.m3u8\n"


def test_client_refuses_an_enormous_playlist(hostile: LoopbackServer) -> None:
    url = _serve(hostile, _enormous())

    async def load() -> object:
        async with client_of(hostile) as client:
            return await load_hls(client, url)

    with pytest.raises(TooLarge) as caught:
        run_async(load())
    assert caught.value.url == url


def test_proxy_answers_an_enormous_playlist_with_502_and_the_reason(hostile: LoopbackServer) -> None:
    url = _serve(hostile, _enormous())

    with PlaybackProxy(hostile.url, StaticToken(TOKEN)) as proxy:
        answered = httpx.get(proxy.url_for(url))
        [exchange] = proxy.exchanges

    assert answered.status_code == 502
    assert f"larger than {MAX_PLAYLIST_BYTES}" in answered.text
    assert (exchange.status, exchange.ok) == (502, False)


# --- pointing at other hosts ---------------------------------------------------------------------


def _master_elsewhere(hostile: LoopbackServer, elsewhere: LoopbackServer) -> tuple[str, str]:
    variant = elsewhere.on("/cdn/low.m3u8", answer(200, MEDIA, content_type=M3U8))
    master = f"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n{variant}\n".encode()
    return _serve(hostile, master), variant


def test_client_reads_variants_on_another_host_without_the_token(
    hostile: LoopbackServer, elsewhere: LoopbackServer
) -> None:
    url, variant = _master_elsewhere(hostile, elsewhere)

    async def load() -> object:
        async with client_of(hostile, token=TOKEN) as client:
            return await load_video_manifests(client, url)

    manifests = run_async(load())

    [entry] = manifests.variants  # type: ignore[attr-defined]
    assert entry.variant.uri == variant
    assert entry.error is None and entry.playlist is not None
    assert [request.header("authorization") for request in hostile.requests] == [f"Bearer {TOKEN}"]
    assert [request.header("authorization") for request in elsewhere.requests] == [None]


def test_proxy_refuses_playlist_entries_on_another_host(
    hostile: LoopbackServer, elsewhere: LoopbackServer
) -> None:
    url, variant = _master_elsewhere(hostile, elsewhere)

    with PlaybackProxy(hostile.url, StaticToken(TOKEN)) as proxy:
        rewritten = httpx.get(proxy.url_for(url)).text
        [proxied_variant] = [line for line in rewritten.splitlines() if line.startswith("http")]
        refused = httpx.get(proxied_variant)
        exchanges = proxy.exchanges

    assert proxied_variant.startswith(proxy.base_url + "/")
    assert refused.status_code == 403
    assert refused.text.strip() == f"refused: the proxy forwards only to {hostile.url}, not to {variant}"
    assert elsewhere.requests == []  # the player's request never left this machine's proxy
    assert [request.header("authorization") for request in hostile.requests] == [f"Bearer {TOKEN}"]
    assert [(exchange.status, exchange.ok) for exchange in exchanges] == [(200, True), (403, False)]
