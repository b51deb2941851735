"""Encoding for scripts/make_demo_videos.py: x264 and AAC streams, interleaved muxing, fragmented MP4.

The timing every output shares lives here too: 25 fps, 6 s, 2 s segments that each start with a
keyframe (so HLS and DASH segments line up), 48 kHz mono audio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
import numpy as np
from PIL import Image

FPS = 25
DURATION = 6
"""Seconds."""
SEGMENT = 2
"""Seconds per segment; every segment starts with a keyframe (GOP = SEGMENT × FPS)."""
GOP = SEGMENT * FPS
FRAMES = DURATION * FPS
SAMPLE_RATE = 48000
AUDIO_KBPS = 32
AUDIO_CODECS = "mp4a.40.2"
"""AAC-LC, what FFmpeg's native encoder writes."""


@dataclass(frozen=True)
class Rendition:
    """One rung of the bitrate ladder."""

    name: str
    width: int
    height: int
    kbps: int
    """x264's VBV maximum rate; the manifests state what the files measure."""
    crf: int
    colour: str
    """Of the label pill, so that variant switches are visible at a glance."""


def video_stream(container: Any, rendition: Rendition) -> Any:
    stream = container.add_stream("libx264", rate=FPS)
    stream.width, stream.height, stream.pix_fmt = rendition.width, rendition.height, "yuv420p"
    stream.codec_context.gop_size = GOP
    stream.codec_context.thread_count = 1
    # mbtree off: with it, x264 gave different bytes for the same 320×180 frames from run to run.
    stream.options = {
        "preset": "slow",
        "profile": "main",
        "crf": str(rendition.crf),
        "maxrate": f"{rendition.kbps}k",
        "bufsize": f"{2 * rendition.kbps}k",
        "x264-params": f"keyint={GOP}:min-keyint={GOP}:scenecut=0:open-gop=0:mbtree=0",
    }
    return stream


def audio_stream(container: Any) -> Any:
    stream = container.add_stream("aac", rate=SAMPLE_RATE)
    stream.layout = "mono"
    stream.bit_rate = AUDIO_KBPS * 1000
    return stream


class Output:
    """One container being written, with its video and/or audio stream; audio is fed up to the
    time of each video frame, so packets arrive interleaved as the muxers expect."""

    def __init__(self, container: Any, rendition: Rendition | None, samples: np.ndarray | None) -> None:
        self.container = container
        self.video = video_stream(container, rendition) if rendition is not None else None
        self.audio = audio_stream(container) if samples is not None else None
        self.samples = samples
        self.sent = 0
        self.first_video_packet: bytes | None = None

    def _mux(self, packets: Any) -> None:
        for packet in packets:
            if self.first_video_packet is None and packet.stream is self.video:
                # The SPS is in-band, or (muxers that want global headers) in the extradata.
                self.first_video_packet = bytes(packet) + bytes(self.video.codec_context.extradata or b"")
            self.container.mux(packet)

    def audio_until(self, seconds: float) -> None:
        if self.audio is None or self.samples is None:
            return
        end = min(len(self.samples), math.ceil(seconds * SAMPLE_RATE))
        while self.sent < end:
            chunk = self.samples[self.sent : self.sent + 1024]
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = self.sent
            frame.time_base = Fraction(1, SAMPLE_RATE)
            self._mux(self.audio.encode(frame))
            self.sent += len(chunk)

    def picture(self, image: Image.Image, index: int) -> None:
        self.audio_until((index + 1) / FPS)
        if self.video is not None:
            frame = av.VideoFrame.from_image(image)
            frame.pts = index
            frame.time_base = Fraction(1, FPS)
            self._mux(self.video.encode(frame))

    def close(self) -> None:
        if self.video is not None:
            self._mux(self.video.encode(None))
        self.audio_until(DURATION)
        if self.audio is not None:
            self._mux(self.audio.encode(None))
        self.container.close()


def avc_codecs(data: bytes) -> str:
    """`avc1.PPCCLL` from the first SPS NAL unit of an Annex B stream or an `avcC` box."""
    box = data.find(b"avcC")
    if box >= 0:
        profile, constraints, level = data[box + 5 : box + 8]
        return f"avc1.{profile:02x}{constraints:02x}{level:02x}"
    for start in (b"\x00\x00\x01\x67", b"\x00\x00\x01\x27"):
        at = data.find(start)
        if at >= 0:
            profile, constraints, level = data[at + 4 : at + 7]
            return f"avc1.{profile:02x}{constraints:02x}{level:02x}"
    raise ValueError("no H.264 sequence parameter set found")


def fragmented_mp4_options(*, video: bool) -> dict[str, str]:
    # Video: a fragment per keyframe, i.e. per 2 s GOP. Audio (every packet a keyframe): by duration.
    if video:
        return {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
    return {"movflags": "empty_moov+default_base_moof", "frag_duration": str(SEGMENT * 1_000_000)}


def split_fragments(data: bytes) -> tuple[bytes, list[bytes]]:
    """A fragmented MP4 as (init segment: ftyp + moov, [segment: moof + mdat (+ moof + mdat), …])."""
    boxes: list[tuple[bytes, bytes]] = []
    offset = 0
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        if size < 8:
            raise ValueError(f"unexpected box size {size} at {offset}")
        boxes.append((kind, data[offset : offset + size]))
        offset += size
    init = b"".join(body for kind, body in boxes if kind in (b"ftyp", b"moov"))
    segments: list[bytes] = []
    for kind, body in boxes:
        if kind == b"moof":
            segments.append(body)
        elif kind == b"mdat":
            segments[-1] += body
    # The audio encoder's priming and padding spill a few milliseconds into a last, tiny fragment; a
    # segment may hold several fragments, so it joins the last of the DURATION / SEGMENT segments.
    count = math.ceil(DURATION / SEGMENT)
    return init, [*segments[: count - 1], b"".join(segments[count - 1 :])]
