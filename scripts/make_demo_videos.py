"""Generate the demo library's videos with PyAV: HLS and DASH renditions, the MP4 original, the poster.

Each video animates a demo photograph with a slow pan and zoom, a visible timecode, frame counter and
rendition label (so a screenshot shows which variant plays), and a quiet tone with a pip on every
second as audio. Per video, under `resources/demo/`:

    originals/<name>.mp4                 the "uploaded" file: 1280×720, H.264 + AAC
    previews/<slug>.jpg                  the poster (a frame of the original): the image endpoints' raster
    renditions/<slug>/cq5dam.*           thumbnails of the poster, as AEM makes for videos
    videos/<slug>/manifest.m3u8          HLS master playlist: three variants, one muxed audio group
    videos/<slug>/hls/<name>/index.m3u8  media playlists, 2 s MPEG-TS segments (segment0.ts, …)
    videos/<slug>/manifest.mpd           DASH manifest of the same renditions
    videos/<slug>/dash/<name>/init.mp4   fragmented MP4: init + 2 s segments (segment0.m4s, …)

The folder `videos/<slug>/` mirrors the URLs under the asset (`/adobe/assets/{id}/manifest.m3u8`,
`…/hls/720p/index.m3u8`, …); playlists use relative URIs only. Bandwidths and codec strings in the
manifests are measured from the written files, not declared.

    .venv/bin/python scripts/make_demo_videos.py            # rewrites the videos, updates catalogue.json
    .venv/bin/python scripts/make_demo_videos.py --out DIR  # a library folder elsewhere

`scripts/make_demo_library.py` calls this too, so regenerating the whole library includes the videos.
Needs PyAV (`pip install -e '.[video]'`), Pillow and numpy. The output is byte-for-byte reproducible
with the same PyAV build (tested: two runs, identical files).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import m3u8
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_assets import asset_id, fit, profile_crops
from demo_video_encoding import (
    AUDIO_CODECS,
    DURATION,
    FPS,
    FRAMES,
    SAMPLE_RATE,
    SEGMENT,
    Output,
    Rendition,
    avc_codecs,
    fragmented_mp4_options,
    split_fragments,
)

ROOT = Path(__file__).resolve().parent.parent
LADDER = (
    Rendition("720p", 1280, 720, 450, 28, "#2e9d4f"),
    Rendition("360p", 640, 360, 180, 28, "#2f6fd0"),
    Rendition("180p", 320, 180, 70, 28, "#d0722f"),
)
ORIGINAL = Rendition("original", 1280, 720, 600, 26, "#555555")


@dataclass(frozen=True)
class Shot:
    """Where the camera looks at `at` seconds: centre as fractions of the photograph, and the width
    of the view as a fraction of the photograph's width (1.0: all of it, as far as 16:9 allows)."""

    at: float
    x: float
    y: float
    width: float


@dataclass
class VideoSpec:
    """One demo video."""

    slug: str
    title: str
    description: str
    keywords: list[str]
    creator: str
    photograph: str
    """File under originals/ that the camera moves over."""
    licence: str
    shots: tuple[Shot, ...]
    tone: float
    """Hz of the background tone; the pips are an octave higher."""
    poster_at: float
    collection: str
    machine: list[tuple[str, float]]
    rules: dict[str, Any] = field(default_factory=dict)
    created: str = "2025-03-03T09:15:00.000Z"
    modified: str = "2025-03-10T14:30:00.000Z"

    @property
    def file_name(self) -> str:
        return f"{self.slug}.mp4"


VIDEOS = [
    VideoSpec(
        "mosaic-tour", "Sample photographs tour",
        "A six-second camera move over the sample photographs mosaic: from the astronaut across the "
        "rocket and the cat to the whole grid. Timecode and rendition are burnt in.",
        ["video", "tour", "mosaic", "demo"], "aemviewer (from scikit-image sample images)",
        "sample-photographs-mosaic.jpg",
        "Each photograph's own licence (see the mosaic tiles above); the animation is made for this project.",
        (Shot(0.0, 0.125, 0.1667, 0.24), Shot(2.0, 0.45, 0.2, 0.32), Shot(4.0, 0.3, 0.5, 0.36),
         Shot(6.0, 0.5, 0.5, 1.0)),
        440.0, 1.0, "Video", [("collage", 0.9), ("camera move", 0.8)],
    ),
    VideoSpec(
        "retina-zoom", "Fundus photograph zoom",
        "A zoom into the fundus photograph: the optic disc, then the macula; restricted to the clinical "
        "team like the photograph.", ["video", "retina", "fundus", "medical"], "Mikael Häggström",
        "fundus-normal-left-eye.jpg",
        "Wikimedia Commons, 'Fundus photograph of normal left eye', Mikael Häggström. CC0 1.0.",
        (Shot(0.0, 0.5, 0.5, 1.0), Shot(2.5, 0.2, 0.44, 0.36), Shot(4.5, 0.49, 0.49, 0.36),
         Shot(6.0, 0.5, 0.5, 0.8)),
        330.0, 2.5, "Clinical", [("eye", 0.93), ("medical", 0.9)], {"roles": ["clinical"]},
    ),
]  # fmt: skip


# --- pictures ------------------------------------------------------------------------------------


def _smooth(value: float) -> float:
    return value * value * (3 - 2 * value)


def camera(shots: tuple[Shot, ...], seconds: float) -> tuple[float, float, float]:
    """The view at `seconds`: eased between the surrounding shots."""
    if seconds <= shots[0].at:
        return shots[0].x, shots[0].y, shots[0].width
    for before, after in itertools.pairwise(shots):
        if seconds <= after.at:
            share = _smooth((seconds - before.at) / (after.at - before.at))
            return tuple(  # type: ignore[return-value]
                a + (b - a) * share
                for a, b in ((before.x, after.x), (before.y, after.y), (before.width, after.width))
            )
    last = shots[-1]
    return last.x, last.y, last.width


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's built-in scalable font: the same glyphs on every machine, so frames are reproducible.
    return ImageFont.load_default(size=size)


class FrameMaker:
    """Draws the frames of one video at one size."""

    def __init__(self, spec: VideoSpec, photograph: Image.Image, rendition: Rendition) -> None:
        self.spec = spec
        self.photograph = photograph
        self.rendition = rendition
        self.size = (rendition.width, rendition.height)
        scale = rendition.height / 720
        self.scale = scale
        self.big = _font(max(round(44 * scale), 9))
        self.small = _font(max(round(22 * scale), 7))
        # Timecode digits drawn in fixed cells, so the numbers do not jitter as they change.
        self.cell = max(self.big.getbbox(digit)[2] for digit in "0123456789")

    def frame(self, index: int) -> Image.Image:
        spec, (width, height), s = self.spec, self.size, self.scale
        x, y, view = camera(spec.shots, index / FPS)
        source_w, source_h = self.photograph.size
        box_w = view * source_w
        box_h = box_w * height / width
        if box_h > source_h:
            box_h, box_w = source_h, source_h * width / height
        left = min(max(x * source_w - box_w / 2, 0), source_w - box_w)
        top = min(max(y * source_h - box_h / 2, 0), source_h - box_h)
        image = self.photograph.resize(
            self.size, Image.Resampling.BICUBIC, box=(left, top, left + box_w, top + box_h), reducing_gap=3.0
        )
        draw = ImageDraw.Draw(image, "RGBA")
        pad = round(14 * s)
        seconds, frame_in_second = divmod(index, FPS)
        timecode = f"00:00:{seconds:02d}:{frame_in_second:02d}"
        big_h = self.big.getbbox("0")[3]
        colon = self.big.getbbox(":")[2] + round(4 * s)
        panel = (pad, pad, pad * 3 + self.cell * 8 + colon * 3, pad * 3 + big_h + round(30 * s))
        draw.rounded_rectangle(panel, radius=round(10 * s), fill=(0, 0, 0, 150))
        left = pad * 2
        for character in timecode:
            glyph_w = self.big.getbbox(character)[2]
            cell = self.cell if character.isdigit() else glyph_w + round(4 * s)
            draw.text((left + (cell - glyph_w) / 2, pad * 1.6), character, font=self.big, fill="white")
            left += cell
        draw.text(
            (pad * 2, pad * 1.6 + big_h + round(8 * s)),
            f"frame {index + 1:03d} / {FRAMES}",
            font=self.small,
            fill=(230, 230, 230),
        )
        label = f"{self.rendition.width}x{self.rendition.height} · {self.rendition.name}"
        label_w = self.small.getbbox(label)[2]
        label_h = self.small.getbbox("Xg")[3]
        pill = (width - pad - label_w - 2 * pad, pad, width - pad, pad + label_h + pad)
        draw.rounded_rectangle(pill, radius=round(12 * s), fill=self.rendition.colour)
        draw.text((pill[0] + pad, pad + pad / 2), label, font=self.small, fill="white")
        title_h = self.small.getbbox(spec.title)[3]
        draw.text(
            (pad + 1, height - pad - title_h - round(10 * s) + 1), spec.title, font=self.small, fill="black"
        )
        draw.text((pad, height - pad - title_h - round(10 * s)), spec.title, font=self.small, fill="white")
        progress = (index + 1) / FRAMES
        bar = max(round(5 * s), 2)
        draw.rectangle((0, height - bar, width, height), fill=(0, 0, 0, 120))
        draw.rectangle((0, height - bar, round(width * progress), height), fill=self.rendition.colour)
        return image


def tone(spec: VideoSpec) -> np.ndarray:
    """Mono float samples: a quiet tone, a short pip an octave higher at every whole second."""
    seconds = np.arange(DURATION * SAMPLE_RATE) / SAMPLE_RATE
    signal = 0.08 * np.sin(2 * np.pi * spec.tone * seconds)
    pip_length = 0.08
    into_second = seconds % 1.0
    envelope = np.where(into_second < pip_length, np.sin(np.pi * into_second / pip_length), 0.0)
    signal += 0.25 * envelope * np.sin(2 * np.pi * 2 * spec.tone * seconds)
    fade = np.minimum(1.0, np.minimum(seconds, DURATION - seconds) / 0.05)
    return (signal * fade).astype(np.float32)


@dataclass
class RenditionFiles:
    """What one rendition's encode produced, measured."""

    rendition: Rendition
    hls_codecs: str
    hls_segments: list[tuple[float, int]]
    """(seconds, bytes) per segment."""
    dash_codecs: str
    dash_segment_bytes: list[int]


def _peak_and_average(segments: list[tuple[float, int]]) -> tuple[int, int]:
    peak = max(size * 8 / seconds for seconds, size in segments)
    total = sum(size for _seconds, size in segments) * 8 / sum(seconds for seconds, _size in segments)
    return math.ceil(peak), math.ceil(total)


def encode_rendition(
    spec: VideoSpec, photograph: Image.Image, rendition: Rendition, folder: Path
) -> RenditionFiles:
    """The HLS variant (video + audio in TS) and the DASH video representation (fMP4) of one rung."""
    samples = tone(spec)
    hls_folder = folder / "hls" / rendition.name
    dash_folder = folder / "dash" / rendition.name
    hls_folder.mkdir(parents=True)
    dash_folder.mkdir(parents=True)
    hls = Output(
        av.open(
            str(hls_folder / "index.m3u8"),
            "w",
            format="hls",
            options={
                "hls_time": str(SEGMENT),
                "hls_playlist_type": "vod",
                "hls_flags": "independent_segments",
                "hls_segment_filename": str(hls_folder / "segment%d.ts"),
                "start_number": "0",
                # Lets the TS muxer put several AAC frames in one PES packet (else one each: +40 %).
                "max_delay": "700000",
            },
        ),
        rendition,
        samples,
    )
    dash_bytes = io.BytesIO()
    dash = Output(
        av.open(dash_bytes, "w", format="mp4", options=fragmented_mp4_options(video=True)), rendition, None
    )
    maker = FrameMaker(spec, photograph, rendition)
    for index in range(FRAMES):
        image = maker.frame(index)
        hls.picture(image, index)
        dash.picture(image, index)
    hls.close()
    dash.close()
    init, segments = split_fragments(dash_bytes.getvalue())
    (dash_folder / "init.mp4").write_bytes(init)
    for number, segment in enumerate(segments):
        (dash_folder / f"segment{number}.m4s").write_bytes(segment)
    playlist = m3u8.load(str(hls_folder / "index.m3u8"))
    measured = [
        (float(segment.duration), (hls_folder / segment.uri).stat().st_size) for segment in playlist.segments
    ]
    assert hls.first_video_packet is not None
    return RenditionFiles(
        rendition, avc_codecs(hls.first_video_packet), measured, avc_codecs(init), [len(s) for s in segments]
    )


def encode_dash_audio(spec: VideoSpec, folder: Path) -> tuple[int, list[int]]:
    """The DASH audio representation; returns its peak bandwidth and segment sizes."""
    data = io.BytesIO()
    output = Output(
        av.open(data, "w", format="mp4", options=fragmented_mp4_options(video=False)), None, tone(spec)
    )
    output.close()
    init, segments = split_fragments(data.getvalue())
    audio = folder / "dash" / "audio"
    audio.mkdir(parents=True)
    (audio / "init.mp4").write_bytes(init)
    for number, segment in enumerate(segments):
        (audio / f"segment{number}.m4s").write_bytes(segment)
    return math.ceil(max(len(segment) * 8 / SEGMENT for segment in segments)), [len(s) for s in segments]


def encode_original(spec: VideoSpec, photograph: Image.Image, path: Path) -> Image.Image:
    """The uploaded MP4 (moov first, for progressive playback); returns the poster frame."""
    output = Output(
        av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}), ORIGINAL, tone(spec)
    )
    maker = FrameMaker(spec, photograph, ORIGINAL)
    poster_index = round(spec.poster_at * FPS)
    poster: Image.Image | None = None
    for index in range(FRAMES):
        image = maker.frame(index)
        if index == poster_index:
            poster = image
        output.picture(image, index)
    output.close()
    assert poster is not None
    return poster


# --- manifests -----------------------------------------------------------------------------------


def master_playlist(renditions: list[RenditionFiles]) -> str:
    """The HLS master: one variant per rendition, audio muxed in each (an audio group without URI)."""
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:6",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="Tone",LANGUAGE="zxx",DEFAULT=YES,AUTOSELECT=YES,'
        'CHANNELS="1"',
    ]
    for files in renditions:
        peak, average = _peak_and_average(files.hls_segments)
        rendition = files.rendition
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},"
            f"RESOLUTION={rendition.width}x{rendition.height},"
            f'CODECS="{files.hls_codecs},{AUDIO_CODECS}",FRAME-RATE={FPS:.3f},AUDIO="aac"'
        )
        lines.append(f"hls/{rendition.name}/index.m3u8")
    return "\n".join(lines) + "\n"


def dash_manifest(renditions: list[RenditionFiles], audio_bandwidth: int) -> str:
    """A static DASH MPD (isoff-live profile): a video adaptation set with one representation per
    rendition and an audio adaptation set, segments by template, relative to the manifest."""
    template = (
        f'<SegmentTemplate timescale="1000" duration="{SEGMENT * 1000}" startNumber="0" '
        'initialization="dash/$RepresentationID$/init.mp4" media="dash/$RepresentationID$/segment$Number$.m4s"/>'
    )
    widest = max(renditions, key=lambda files: files.rendition.width).rendition
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" '
        f'type="static" mediaPresentationDuration="PT{DURATION}.000S" minBufferTime="PT{SEGMENT}.000S">',
        '  <Period id="0" start="PT0S">',
        f'    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" '
        f'startWithSAP="1" maxWidth="{widest.width}" maxHeight="{widest.height}" frameRate="{FPS}" par="16:9">',
        f"      {template}",
    ]
    for files in renditions:
        rendition = files.rendition
        peak = math.ceil(max(size * 8 / SEGMENT for size in files.dash_segment_bytes))
        lines.append(
            f'      <Representation id="{rendition.name}" bandwidth="{peak}" width="{rendition.width}" '
            f'height="{rendition.height}" sar="1:1" codecs="{files.dash_codecs}"/>'
        )
    lines += [
        "    </AdaptationSet>",
        '    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="zxx" segmentAlignment="true" '
        'startWithSAP="1">',
        f"      {template}",
        f'      <Representation id="audio" bandwidth="{audio_bandwidth}" codecs="{AUDIO_CODECS}" '
        f'audioSamplingRate="{SAMPLE_RATE}">',
        '        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" '
        'value="1"/>',
        "      </Representation>",
        "    </AdaptationSet>",
        "  </Period>",
        "</MPD>",
    ]
    return "\n".join(lines) + "\n"


# --- the library -----------------------------------------------------------------------------------


def write_video(spec: VideoSpec, out: Path) -> dict[str, Any]:
    """Make one video's files and return its catalogue record."""
    photograph = Image.open(out / "originals" / spec.photograph).convert("RGB")
    folder = out / "videos" / spec.slug
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    renditions = [encode_rendition(spec, photograph, rendition, folder) for rendition in LADDER]
    audio_bandwidth, _sizes = encode_dash_audio(spec, folder)
    (folder / "manifest.m3u8").write_text(master_playlist(renditions), encoding="utf-8")
    (folder / "manifest.mpd").write_text(dash_manifest(renditions, audio_bandwidth), encoding="utf-8")
    original = out / "originals" / spec.file_name
    poster = encode_original(spec, photograph, original)
    poster_path = out / "previews" / f"{spec.slug}.jpg"
    poster.save(poster_path, "JPEG", quality=85, optimize=True)
    renditions_folder = out / "renditions" / spec.slug
    shutil.rmtree(renditions_folder, ignore_errors=True)
    renditions_folder.mkdir(parents=True)
    files = {
        "cq5dam.thumbnail.140.100.png": fit(poster, (140, 100)),
        "cq5dam.thumbnail.319.319.png": fit(poster, (319, 319)),
        "cq5dam.web.1280.1280.jpeg": fit(poster, (1280, 1280)),
    }
    for name, image in files.items():
        if name.endswith(".png"):
            image.save(renditions_folder / name, "PNG", optimize=True)
        else:
            image.save(renditions_folder / name, "JPEG", quality=82, optimize=True)
    crops = profile_crops(poster.size, (0.5, 0.5))
    return {
        "id": asset_id(spec.slug),
        "file": original.relative_to(out).as_posix(),
        "preview": poster_path.relative_to(out).as_posix(),
        "video": folder.relative_to(out).as_posix(),
        "status": "approved",
        "activation_target": "delivery",
        **spec.rules,
        "renditions": {name: f"renditions/{spec.slug}/{name}" for name in files},
        "smart_crops": crops,
        "metadata": {
            "repositoryMetadata": {
                "repo:name": spec.file_name,
                "repo:createDate": spec.created,
                "repo:modifyDate": spec.modified,
            },
            "assetMetadata": {
                "dc:title": spec.title,
                "dc:description": spec.description,
                "dc:subject": spec.keywords,
                "dc:creator": [spec.creator],
                "dc:rights": spec.licence,
                "xmp:CreateDate": spec.created,
                "xmp:ModifyDate": spec.modified,
                "xmp:CreatorTool": "aemviewer scripts/make_demo_videos.py",
                "xmpDM:duration": {"xmpDM:value": str(FRAMES), "xmpDM:scale": f"1/{FPS}"},
                "xmpDM:videoFrameSize_stDim:w": ORIGINAL.width,
                "xmpDM:videoFrameSize_stDim:h": ORIGINAL.height,
                "xmpDM:videoFrameRate": str(FPS),
                "xmpDM:videoCompressor": "H.264",
                "xmpDM:audioCompressor": "AAC",
                "xmpDM:audioSampleRate": SAMPLE_RATE,
                "xcm:machineKeywords": [
                    {"value": value, "confidence": score} for value, score in spec.machine
                ],
                "collection": spec.collection,
            },
        },
    }


def write_videos(out: Path) -> list[dict[str, Any]]:
    """Every demo video's files; returns their catalogue records (after the images in the catalogue)."""
    return [write_video(spec, out) for spec in VIDEOS]


SOURCES_HEADING = "## Videos"


def sources_section(entries: list[dict[str, Any]], out: Path) -> list[str]:
    """The videos' part of SOURCES.md."""
    lines = [
        SOURCES_HEADING,
        "",
        f"Generated by `scripts/make_demo_videos.py` with PyAV {av.__version__} (libx264, FFmpeg's AAC "
        "encoder) from the demo photographs above: a camera move over the photograph, a burnt-in timecode, "
        "frame counter and rendition label, and a generated tone. Posters (`previews/`) are a frame of the "
        "original, thumbnails are made from the poster.",
        "",
        "| asset | original | made from | source and licence | HLS and DASH |",
        "|---|---|---|---|---|",
    ]
    for spec, entry in zip(VIDEOS, entries, strict=True):
        size = (out / entry["file"]).stat().st_size
        folder = out / entry["video"]
        streaming = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        ladder = ", ".join(f"{r.width}×{r.height}" for r in LADDER)
        lines.append(
            f"| {spec.title} | `{entry['file']}` ({size:,} bytes) | `originals/{spec.photograph}` | "
            f"{spec.licence} | `{entry['video']}/`: {ladder}, {SEGMENT} s segments ({streaming:,} bytes) |"
        )
    return [*lines, ""]


def _update_catalogue(out: Path, entries: list[dict[str, Any]]) -> None:
    path = out / "catalogue.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    by_id = {entry["id"]: entry for entry in entries}
    assets = [by_id.pop(record["id"], record) for record in document["assets"]]
    document["assets"] = assets + list(by_id.values())
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sources = out / "SOURCES.md"
    text = sources.read_text(encoding="utf-8")
    head = text.split("\n" + SOURCES_HEADING + "\n", 1)[0].rstrip("\n")
    sources.write_text(head + "\n\n" + "\n".join(sources_section(entries, out)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "demo")
    out = parser.parse_args().out.resolve()
    entries = write_videos(out)
    _update_catalogue(out, entries)
    for spec, entry in zip(VIDEOS, entries, strict=True):
        folder = out / entry["video"]
        size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        print(f"  {entry['id']}  {spec.slug}  ({size / 1e6:.2f} MB of HLS and DASH)")
    total = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(f"wrote {len(entries)} videos to {out} (library now {total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
