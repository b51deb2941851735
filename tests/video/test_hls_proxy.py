"""The playback proxy: the token added for the profile's host only, playlists routed through it,
other hosts refused, the secret path required, every exchange reported."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.tokens import StaticToken
from aemviewer.delivery.transport import READ_SIZE
from aemviewer.emulator import EmulatorServer
from aemviewer.video.proxy import PlaybackProxy, ProxyExchange
from tests.support.servers import LoopbackServer
from tests.support.video_library import PUBLIC_VIDEO, RESTRICTED_VIDEO

TOKEN = "secret-token-123"
PLAYLIST = ("Content-Type", "application/vnd.apple.mpegurl")


class Recorder:
    """Collects the proxy's reports; the proxy reports after the player has its answer, so a test
    waits for them rather than reading them at once."""

    def __init__(self) -> None:
        self.seen: list[ProxyExchange] = []
        self._changed = threading.Condition()

    def __call__(self, exchange: ProxyExchange) -> None:
        with self._changed:
            self.seen.append(exchange)
            self._changed.notify_all()

    def wait(self, count: int) -> list[ProxyExchange]:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.seen) >= count, timeout=10), self.seen
            return list(self.seen)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def proxy(server: LoopbackServer, recorder: Recorder) -> Iterator[PlaybackProxy]:
    with PlaybackProxy(server.url, StaticToken(TOKEN), on_exchange=recorder) as started:
        yield started


def test_forwards_with_the_token_and_streams_the_answer(
    server: LoopbackServer, proxy: PlaybackProxy, recorder: Recorder
) -> None:
    body = bytes(range(256)) * 4000
    server.reply(
        206, body[:1000], ("Content-Type", "video/mp2t"), ("Content-Range", f"bytes 0-999/{len(body)}")
    )
    response = httpx.get(proxy.url_for(f"{server.url}/a/b/segment0.ts?x=1"), headers={"Range": "bytes=0-999"})
    assert (response.status_code, response.content) == (206, body[:1000])
    assert response.headers["content-range"] == f"bytes 0-999/{len(body)}"
    received = server.received()[0]
    assert (received.target, received.header("authorization")) == ("/a/b/segment0.ts?x=1", f"Bearer {TOKEN}")
    assert received.header("range") == "bytes=0-999"
    [exchange] = recorder.wait(1)
    assert proxy.exchanges == [exchange]
    assert exchange == ProxyExchange(
        f"{server.url}/a/b/segment0.ts?x=1", 206, 1000, "video/mp2t", False, exchange.seconds, None
    )
    assert exchange.ok


def test_playlists_are_rewritten_through_the_proxy_and_other_hosts_refused(
    server: LoopbackServer, other_server: LoopbackServer, proxy: PlaybackProxy, recorder: Recorder
) -> None:
    playlist = (
        f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nsegment0.ts\n#EXTINF:2,\n{server.url}/abs/segment1.ts\n"
        f"#EXTINF:2,\n{other_server.url}/cdn/segment2.ts\n#EXT-X-ENDLIST\n"
    ).encode()
    server.reply(200, playlist, PLAYLIST)
    text = httpx.get(proxy.url_for(f"{server.url}/v/hls/a/index.m3u8")).text
    uris = [line for line in text.splitlines() if not line.startswith("#")]
    assert uris[:2] == [f"{proxy.base_url}/v/hls/a/segment0.ts", f"{proxy.base_url}/abs/segment1.ts"]
    assert uris[2].startswith(f"{proxy.base_url}/~external/")
    assert proxy.upstream_url(uris[2]) == f"{other_server.url}/cdn/segment2.ts"
    refused = httpx.get(uris[2])
    assert refused.status_code == 403 and "forwards only to" in refused.text
    assert other_server.received() == []  # nothing, and certainly no token, went to the other host
    last = recorder.wait(2)[-1]
    assert (last.url, last.status, last.ok) == (f"{other_server.url}/cdn/segment2.ts", 403, False)
    assert last.error is not None and last.error.startswith("refused")


def test_absolute_form_requests_to_other_hosts_are_refused(
    other_server: LoopbackServer, proxy: PlaybackProxy
) -> None:
    port = int(proxy.base_url.split(":")[2].split("/")[0])
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(f"GET {other_server.url}/x.ts HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answer = connection.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 403")
    assert other_server.received() == []


def test_the_secret_path_is_required(server: LoopbackServer, proxy: PlaybackProxy) -> None:
    root = proxy.base_url.rsplit("/", 1)[0]
    assert httpx.get(f"{root}/a/b/segment0.ts").status_code == 404
    assert httpx.get(f"{root}/not-the-secret/a/b/segment0.ts").status_code == 404
    assert server.received() == [] and proxy.exchanges == []
    assert httpx.post(proxy.url_for(f"{server.url}/a")).status_code == 405


def test_url_for_refuses_other_hosts(proxy: PlaybackProxy, other_server: LoopbackServer) -> None:
    with pytest.raises(InvalidInput, match="forwards only to"):
        proxy.url_for(f"{other_server.url}/adobe/assets/x/manifest.m3u8")


def test_redirects_to_another_host_go_there_without_the_token(
    server: LoopbackServer, other_server: LoopbackServer, proxy: PlaybackProxy
) -> None:
    server.reply(302, b"", ("Location", f"{other_server.url}/elsewhere.ts"))
    other_server.reply(200, b"moved", ("Content-Type", "video/mp2t"))
    assert httpx.get(proxy.url_for(f"{server.url}/a.ts")).content == b"moved"
    assert other_server.received()[0].header("authorization") is None


def test_upstream_failures_are_reported(
    server: LoopbackServer, proxy: PlaybackProxy, recorder: Recorder
) -> None:
    # Cut after the proxy's first read (it looks at the first bytes for a playlist), so that the
    # player already has the headers and the first bytes when the upstream fails.
    server.reply(200, b"x" * (3 * READ_SIZE), cut_after=2 * READ_SIZE)
    proxied = proxy.url_for(f"{server.url}/cut.ts")
    with pytest.raises(httpx.HTTPError):
        httpx.get(proxied)
    server.reply(404, b'{"detail": "no"}', ("Content-Type", "application/problem+json"))
    assert httpx.get(proxy.url_for(f"{server.url}/missing.ts")).status_code == 404
    cut, missing = recorder.wait(2)
    assert not cut.ok and cut.error is not None
    assert (missing.status, missing.error) == (404, "the server answered 404")


def test_a_host_that_does_not_answer_is_a_502(unused_port: int, recorder: Recorder) -> None:
    with PlaybackProxy(f"http://127.0.0.1:{unused_port}", timeout=2, on_exchange=recorder) as proxy:
        response = httpx.get(proxy.url_for(f"http://127.0.0.1:{unused_port}/x.ts"))
        [exchange] = recorder.wait(1)
    assert response.status_code == 502
    assert exchange.status == 502 and "127.0.0.1" in (exchange.error or "")


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_restricted_video_through_the_emulator(
    emulator: EmulatorServer, tokens: dict[str, str], recorder: Recorder
) -> None:
    master = f"{emulator.base_url}/adobe/assets/{RESTRICTED_VIDEO}/manifest.m3u8"
    with PlaybackProxy(emulator.base_url, StaticToken(tokens["editor"]), on_exchange=recorder) as proxy:
        text = httpx.get(proxy.url_for(master)).text
        variant = next(line for line in text.splitlines() if line.startswith("http"))
        segment = next(line for line in httpx.get(variant).text.splitlines() if line.startswith("http"))
        response = httpx.get(segment)
        seen = recorder.wait(3)
    assert response.status_code == 200 and response.headers["content-type"] == "video/mp2t"
    assert response.content[0] == 0x47  # an MPEG-TS sync byte
    assert [exchange.is_playlist for exchange in seen] == [True, True, False]
    with PlaybackProxy(emulator.base_url, None) as anonymous:
        assert httpx.get(anonymous.url_for(master)).status_code == 404
    public = f"{emulator.base_url}/adobe/assets/{PUBLIC_VIDEO}/manifest.m3u8"
    with PlaybackProxy(emulator.base_url, None) as anonymous:
        assert httpx.get(anonymous.url_for(public)).status_code == 200
