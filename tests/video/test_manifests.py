"""Reading HLS playlists and DASH manifests: the demo's files, read independently, and every kind of
malformed document with the line it is reported on."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import m3u8
import pytest

from aemviewer.delivery.errors import MalformedManifest
from aemviewer.emulator import Library
from aemviewer.video.dash import parse_dash_manifest, parse_duration
from aemviewer.video.hls import parse_master_playlist, parse_media_playlist
from aemviewer.video.playlist_uris import rewrite_uris
from tests.support.video_library import PUBLIC_VIDEO

BASE = (
    "https://delivery-p1-e2.adobeaemcloud.com/adobe/assets/urn:aaid:aem:0f8a7c3e-2b1d-4c5e-9a6f-1e2d3c4b5a69"
)
NS = "{urn:mpeg:dash:schema:mpd:2011}"


@pytest.fixture(scope="module")
def video_folder(demo: Library) -> Path:
    video = demo.assets[PUBLIC_VIDEO].video
    assert video is not None
    return video.folder


def test_master_playlist_of_the_demo_video(video_folder: Path) -> None:
    text = (video_folder / "manifest.m3u8").read_text()
    master = parse_master_playlist(text, f"{BASE}/manifest.m3u8")
    # Compared with what the m3u8 library itself reads, attribute by attribute.
    reference = m3u8.loads(text)
    assert len(master.variants) == len(reference.playlists) == 3
    for variant, expected in zip(master.variants, reference.playlists, strict=True):
        info = expected.stream_info
        assert variant.uri == f"{BASE}/{expected.uri}"
        assert (variant.bandwidth, variant.average_bandwidth) == (info.bandwidth, info.average_bandwidth)
        assert variant.resolution == info.resolution
        assert variant.codecs == info.codecs and variant.codecs.endswith(",mp4a.40.2")
        assert (variant.frame_rate, variant.audio_group) == (25.0, "aac")
    assert [v.resolution for v in master.variants] == [(1280, 720), (640, 360), (320, 180)]
    assert [v.line for v in master.variants] == [5, 7, 9]
    assert [v.label for v in master.variants] == ["1280×720", "640×360", "320×180"]
    assert master.audio[0].group_id == "aac" and master.audio[0].uri is None  # muxed into each variant
    assert master.independent_segments and master.version == 6


def test_media_playlists_of_the_demo_video(video_folder: Path) -> None:
    for name in ("720p", "360p", "180p"):
        path = video_folder / "hls" / name / "index.m3u8"
        playlist = parse_media_playlist(path.read_text(), f"{BASE}/hls/{name}/index.m3u8")
        assert playlist.target_duration == 2 and playlist.playlist_type == "VOD" and playlist.ended
        assert [s.uri for s in playlist.segments] == [f"{BASE}/hls/{name}/segment{n}.ts" for n in range(3)]
        assert playlist.total_duration == pytest.approx(6.0)
        for segment in playlist.segments:  # every listed segment exists
            assert (video_folder / "hls" / name / segment.uri.rsplit("/", 1)[1]).is_file()


def test_dash_manifest_of_the_demo_video(video_folder: Path) -> None:
    text = (video_folder / "manifest.mpd").read_text()
    manifest = parse_dash_manifest(text, f"{BASE}/manifest.mpd")
    root = ElementTree.fromstring(text)
    representations = root.findall(f".//{NS}Representation")
    assert [r.id for r in manifest.representations] == [e.get("id") for e in representations]
    assert [r.bandwidth for r in manifest.representations] == [
        int(e.get("bandwidth", 0)) for e in representations
    ]
    video = [r for r in manifest.representations if r.content_type == "video"]
    assert [(r.width, r.height, r.frame_rate) for r in video] == [
        (1280, 720, 25.0),
        (640, 360, 25.0),
        (320, 180, 25.0),
    ]
    audio = [r for r in manifest.representations if r.content_type == "audio"]
    assert [(r.id, r.codecs, r.audio_sampling_rate) for r in audio] == [("audio", "mp4a.40.2", 48000)]
    assert {r.segment_count for r in manifest.representations} == {3}
    assert (manifest.kind, manifest.duration, manifest.min_buffer_time) == ("static", 6.0, 2.0)
    assert video[0].initialization == f"{BASE}/dash/720p/init.mp4"
    for representation in manifest.representations:  # the files the template names exist
        folder = video_folder / "dash" / representation.id
        assert (folder / "init.mp4").is_file()
        assert len(list(folder.glob("segment*.m4s"))) == representation.segment_count


MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=1280x720\nhi.m3u8\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "starts with #EXTM3U"),
        ("\n\nEXTM3U\n", 3, "starts with #EXTM3U"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=fast\nhi.m3u8\n", 2, "BANDWIDTH must be a whole number"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\nhi.m3u8\n", 2, "needs BANDWIDTH"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=720p\nhi.m3u8\n", 2, "RESOLUTION must be"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,FRAME-RATE=fast\nhi.m3u8\n", 2, "FRAME-RATE must be"),
        (
            '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1\nhi.m3u8\n',
            2,
            "cannot read the attribute list",
        ),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1 RESOLUTION=1x1\nhi.m3u8\n", 2, "separated by commas"),
        (
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nb.m3u8\n",
            2,
            "no URI follows",
        ),
        ("#EXTM3U\n\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", 3, "no URI follows"),
        ("#EXTM3U\nhi.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1\nb.m3u8\n", 2, "needs an #EXT-X-STREAM-INF"),
        (MASTER + "#EXTINF:2.0,\nsegment0.ts\n", 4, "cannot hold media segment tags"),
        ("#EXTM3U\n#EXT-X-STREAM-INF\nhi.m3u8\n", 2, "needs attributes"),
        ("#EXTM3U\n#EXT-X-VERSION:six\n" + MASTER[8:], 2, "#EXT-X-VERSION needs a whole number"),
    ],
)
def test_malformed_master_playlists_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MalformedManifest) as caught:
        parse_master_playlist(text, f"{BASE}/manifest.m3u8")
    assert caught.value.line == line
    assert f"malformed at line {line}: " in caught.value.message and words in caught.value.message
    assert caught.value.url == f"{BASE}/manifest.m3u8" and caught.value.text == text
    assert caught.value.exit_code == 5 and caught.value.hint


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:two,\nsegment0.ts\n", 3, "#EXTINF needs a duration"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:two\n#EXTINF:2,\nsegment0.ts\n", 2, "needs a whole number"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\nsegment0.ts\n", 3, "needs an #EXTINF"),
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n#EXTINF:2,\nsegment0.ts\n", 3, "no URI follows"),
        ('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4\n', 3, "attribute list"),
    ],
)
def test_malformed_media_playlists_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MalformedManifest) as caught:
        parse_media_playlist(text, f"{BASE}/hls/720p/index.m3u8")
    assert caught.value.line == line and words in caught.value.message


def test_a_media_playlist_needs_a_target_duration_and_is_not_a_master() -> None:
    with pytest.raises(MalformedManifest, match="no #EXT-X-TARGETDURATION"):
        parse_media_playlist("#EXTM3U\n#EXTINF:2,\nsegment0.ts\n", f"{BASE}/x.m3u8")
    with pytest.raises(MalformedManifest, match="is a master playlist"):
        parse_media_playlist(MASTER, f"{BASE}/x.m3u8")
    with pytest.raises(MalformedManifest, match="is a media playlist"):
        parse_master_playlist("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n", f"{BASE}/x.m3u8")


def test_unknown_tags_byte_ranges_and_keys_are_accepted() -> None:
    text = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-CUSTOM-THING:whatever\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x1234\n'
        "#EXTINF:4.004,title\n#EXT-X-BYTERANGE:1000@0\nmedia.ts\n#EXTINF:3.5,\n/abs/media2.ts?x=1\n"
    )
    playlist = parse_media_playlist(text, f"{BASE}/hls/a/index.m3u8")
    assert [s.uri for s in playlist.segments] == [
        f"{BASE}/hls/a/media.ts",
        "https://delivery-p1-e2.adobeaemcloud.com/abs/media2.ts?x=1",
    ]
    assert playlist.total_duration == pytest.approx(7.504) and not playlist.ended
    assert playlist.playlist_type is None


def test_rewrite_uris_resolves_and_maps_every_uri() -> None:
    text = '#EXTM3U\r\n#EXT-X-MAP:URI="init.mp4"\r\n#EXTINF:2,\r\nseg0.m4s\r\n#EXTINF:2,\r\nhttps://cdn.example/seg1.m4s\r\n'
    rewritten = rewrite_uris(text, f"{BASE}/hls/a/index.m3u8", lambda url: f"<{url}>")
    assert rewritten.splitlines(keepends=True) == [
        "#EXTM3U\r\n",
        f'#EXT-X-MAP:URI="<{BASE}/hls/a/init.mp4>"\r\n',
        "#EXTINF:2,\r\n",
        f"<{BASE}/hls/a/seg0.m4s>\r\n",
        "#EXTINF:2,\r\n",
        "<https://cdn.example/seg1.m4s>\r\n",
    ]


MPD = """<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1M0.5S">
  <Period>
    <AdaptationSet mimeType="video/mp4" codecs="avc1.64001f" frameRate="30000/1001">
      <SegmentTemplate timescale="90000" media="$RepresentationID$/$Number$.m4s" initialization="$RepresentationID$/i.mp4">
        <SegmentTimeline><S t="0" d="360360" r="14"/><S d="90000"/></SegmentTimeline>
      </SegmentTemplate>
      <Representation id="hd" bandwidth="3000000" width="1920" height="1080"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4">
      <Representation id="a" bandwidth="128000" codecs="mp4a.40.2">
        <SegmentList><Initialization sourceURL="a/init.mp4"/><SegmentURL media="a/1.m4s"/><SegmentURL media="a/2.m4s"/></SegmentList>
      </Representation>
      <Representation id="b" bandwidth="64000"><BaseURL>b.mp4</BaseURL></Representation>
    </AdaptationSet>
  </Period>
</MPD>"""


def test_dash_timelines_lists_and_inheritance() -> None:
    manifest = parse_dash_manifest(MPD, f"{BASE}/manifest.mpd")
    hd, a, b = manifest.representations
    assert (hd.codecs, hd.mime_type, hd.content_type) == ("avc1.64001f", "video/mp4", "video")
    assert hd.frame_rate == pytest.approx(29.97, abs=0.01)
    assert (hd.segment_count, hd.initialization) == (16, f"{BASE}/hd/i.mp4")
    assert (a.segment_count, a.initialization, a.content_type) == (2, f"{BASE}/a/init.mp4", "audio")
    assert (b.segment_count, b.label) == (1, "b")
    assert manifest.duration == pytest.approx(60.5)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">\n<Period>\n</MPD>',
            4,
            "not well-formed XML",
        ),
        ('<?xml version="1.0"?>\n<!DOCTYPE MPD [<!ENTITY x "y">]>\n<MPD/>', 2, "document type or entities"),
        ("<html><body>Sign in</body></html>", None, "root element is 'html'"),
        (MPD.replace('bandwidth="3000000"', 'bandwidth="lots"'), None, "no whole-number bandwidth"),
        (MPD.replace('width="1920"', 'width="wide"'), None, "width='wide'"),
        (MPD.replace("PT1M0.5S", "one minute"), None, "not an ISO 8601 duration"),
        (MPD.replace("30000/1001", "fast"), None, "frameRate='fast'"),
    ],
)
def test_malformed_dash_manifests(text: str, line: int | None, words: str) -> None:
    with pytest.raises(MalformedManifest) as caught:
        parse_dash_manifest(text, f"{BASE}/manifest.mpd")
    assert caught.value.line == line and words in caught.value.message and caught.value.text == text


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT6.000S", 6.0), ("PT1H2M3.5S", 3723.5), ("P1DT2H", 93600.0), ("PT0S", 0.0), ("PT90M", 5400.0)],
)
def test_iso_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "P", "PT", "6s", "PT-1S", "PTS"])
def test_bad_iso_durations(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_duration(text)


def test_rewrite_uris_reads_attributes_as_ffmpeg_does() -> None:
    text = (
        '#EXT-X-KEY:METHOD=AES-128,URI="a\\"b.key",IV=0x1\n'  # a backslash-escaped quote inside
        "#EXT-X-MAP:uri=init.mp4,BYTERANGE=10@0\n"  # lower case, unquoted
        '#EXT-X-SESSION-KEY:URI="data:text/plain,k"\n'  # no place to fetch from: left alone
        "#EXTINF:2,\nseg 0.ts\x0bhttp://x/y.ts\n"  # one line for FFmpeg, which splits at \n and \r only
    )
    rewritten = rewrite_uris(text, f"{BASE}/hls/a/index.m3u8", lambda url: f"<{url}>")
    assert rewritten.splitlines() == [
        f'#EXT-X-KEY:METHOD=AES-128,URI="<{BASE}/hls/a/a%22b.key>",IV=0x1',
        f'#EXT-X-MAP:uri="<{BASE}/hls/a/init.mp4>",BYTERANGE=10@0',
        '#EXT-X-SESSION-KEY:URI="data:text/plain,k"',
        "#EXTINF:2,",
        f"<{BASE}/hls/a/seg%200.ts%0Bhttp:/x/y.ts>",  # a relative path on the same host
    ]
