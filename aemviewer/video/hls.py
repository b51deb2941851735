"""HLS playlists as typed values: the master's variants, each media playlist's segments.

`m3u8` reads the tags; before it does, every line is checked against RFC 8216's syntax for the tags
that matter here, so a malformed playlist is reported with the line it is on (`MalformedManifest`)
instead of a bare `ValueError` from deep inside the parser. Unknown tags are ignored, as the RFC
asks of clients. DASH manifests: `dash.py`. No I/O here: callers fetch, these functions read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import m3u8

from aemviewer.delivery.errors import MalformedManifest

HLS_MEDIA_TYPES = ("application/vnd.apple.mpegurl", "application/x-mpegurl", "audio/mpegurl")
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
"""Largest playlist or DASH manifest read: real ones are kilobytes (a two-hour video in 2 s segments
is about 200 kB), so anything this large is a broken or hostile answer."""

_HINT = "The server delivered a playlist that players cannot read; report it to whoever packages the video."
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"\r\n]*"|[^",\s]+)')
_DECIMAL = re.compile(r"\d+", re.ASCII)
_FLOAT = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_RESOLUTION = re.compile(r"\d+x\d+", re.ASCII)
_MASTER_TAGS = ("#EXT-X-STREAM-INF", "#EXT-X-MEDIA:", "#EXT-X-I-FRAME-STREAM-INF", "#EXT-X-SESSION-")
_MEDIA_TAGS = ("#EXTINF", "#EXT-X-TARGETDURATION", "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-ENDLIST")


@dataclass(frozen=True, slots=True)
class Variant:
    """One `#EXT-X-STREAM-INF` of a master playlist."""

    uri: str
    """Absolute URL of the variant's media playlist."""
    bandwidth: int
    """Peak bits per second (required by the RFC)."""
    average_bandwidth: int | None
    resolution: tuple[int, int] | None
    codecs: str | None
    frame_rate: float | None
    audio_group: str | None
    line: int
    """Line of the `#EXT-X-STREAM-INF` tag."""

    @property
    def label(self) -> str:
        """What a person calls it: `1280×720`, else the bandwidth."""
        if self.resolution is not None:
            return f"{self.resolution[0]}×{self.resolution[1]}"
        return f"{self.bandwidth / 1000:.0f} kbit/s"


@dataclass(frozen=True, slots=True)
class AudioRendition:
    """One `#EXT-X-MEDIA:TYPE=AUDIO`; `uri` None means the audio is muxed into the variants."""

    group_id: str
    name: str
    language: str | None
    uri: str | None
    default: bool
    channels: str | None


@dataclass(frozen=True, slots=True)
class MasterPlaylist:
    """A multivariant playlist: the variants to choose from."""

    url: str
    text: str
    version: int | None
    variants: tuple[Variant, ...]
    audio: tuple[AudioRendition, ...]
    independent_segments: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """One media segment of a media playlist."""

    uri: str
    """Absolute URL."""
    duration: float


@dataclass(frozen=True, slots=True)
class MediaPlaylist:
    """A media playlist: the segments of one variant."""

    url: str
    text: str
    version: int | None
    target_duration: int
    media_sequence: int
    playlist_type: str | None
    """`VOD`, `EVENT` or None (live without a type)."""
    ended: bool
    """`#EXT-X-ENDLIST` present: no segment will be added."""
    segments: tuple[Segment, ...]

    @property
    def total_duration(self) -> float:
        """Seconds: the sum of the segments' durations."""
        return sum(segment.duration for segment in self.segments)


def is_master_text(text: str) -> bool:
    """Whether a (valid) playlist is a master playlist rather than a media playlist."""
    return any(line.strip().startswith("#EXT-X-STREAM-INF") for line in text.splitlines())


def parse_master_playlist(text: str, url: str) -> MasterPlaylist:
    """Read a master playlist delivered from `url` (relative URIs resolve against it).

    Raises `MalformedManifest` naming the line for a playlist players cannot read, and when `text`
    is a media playlist (use `parse_media_playlist`) or names no variant. The error carries `text`.
    """
    with _carrying(text):
        return _master(text, url)


def _master(text: str, url: str) -> MasterPlaylist:
    lines = _checked_lines(text, url)
    if not is_master_text(text):
        raise MalformedManifest(
            f"The playlist at {url} is a media playlist (segments), not a master playlist (variants).",
            hint="Give the master playlist, or play this media playlist as a single variant.",
            url=url,
        )
    document = _load(text, url)
    stream_lines = [number for number, line in lines if line.startswith("#EXT-X-STREAM-INF")]
    variants = []
    for playlist, line in zip(document.playlists, stream_lines, strict=True):
        info = playlist.stream_info
        variants.append(
            Variant(
                uri=urljoin(url, playlist.uri),
                bandwidth=int(info.bandwidth),
                average_bandwidth=None if info.average_bandwidth is None else int(info.average_bandwidth),
                resolution=None
                if info.resolution is None
                else (int(info.resolution[0]), int(info.resolution[1])),
                codecs=info.codecs or None,
                frame_rate=None if info.frame_rate is None else float(info.frame_rate),
                audio_group=info.audio or None,
                line=line,
            )
        )
    audio = tuple(
        AudioRendition(
            group_id=media.group_id or "",
            name=media.name or "",
            language=media.language or None,
            uri=urljoin(url, media.uri) if media.uri else None,
            default=(media.default or "").upper() == "YES",
            channels=media.channels or None,
        )
        for media in document.media
        if (media.type or "").upper() == "AUDIO"
    )
    return MasterPlaylist(
        url=url,
        text=text,
        version=_int_or_none(document.version),
        variants=tuple(variants),
        audio=audio,
        independent_segments=bool(document.is_independent_segments),
    )


def parse_media_playlist(text: str, url: str) -> MediaPlaylist:
    """Read a media playlist delivered from `url`; `MalformedManifest` (carrying `text`), naming the
    line, otherwise."""
    with _carrying(text):
        return _media(text, url)


def _media(text: str, url: str) -> MediaPlaylist:
    lines = _checked_lines(text, url)
    if is_master_text(text):
        raise MalformedManifest(
            f"The playlist at {url} is a master playlist (variants), not a media playlist (segments).",
            hint="Open one of its variants.",
            url=url,
        )
    if not any(line.startswith("#EXT-X-TARGETDURATION:") for _number, line in lines):
        raise MalformedManifest(
            f"The media playlist at {url} has no #EXT-X-TARGETDURATION tag, which every media playlist needs.",
            hint=_HINT,
            url=url,
        )
    document = _load(text, url)
    return MediaPlaylist(
        url=url,
        text=text,
        version=_int_or_none(document.version),
        target_duration=int(document.target_duration or 0),
        media_sequence=int(document.media_sequence or 0),
        playlist_type=(document.playlist_type or "").upper() or None,
        ended=bool(document.is_endlist),
        segments=tuple(
            Segment(uri=urljoin(url, segment.uri), duration=float(segment.duration or 0.0))
            for segment in document.segments
        ),
    )


# --- checking ------------------------------------------------------------------------------------


def _malformed(url: str, number: int, line: str, why: str) -> MalformedManifest:
    shown = line if len(line) <= 120 else line[:117] + "…"
    return MalformedManifest(
        f"The playlist at {url} is malformed at line {number}: {why} ({shown!r}).",
        line=number,
        hint=_HINT,
        url=url,
    )


def _checked_lines(text: str, url: str) -> list[tuple[int, str]]:
    """The playlist's non-blank lines with their numbers, after checking the syntax of each."""
    lines = [(number, line.strip()) for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines or lines[0][1] != "#EXTM3U":
        number, line = lines[0] if lines else (1, "")
        raise _malformed(url, number, line, "a playlist starts with #EXTM3U")
    is_master = any(line.startswith(_MASTER_TAGS) for _number, line in lines)
    is_media = any(line.startswith(_MEDIA_TAGS) for _number, line in lines)
    if is_master and is_media:
        number, line = next((n, x) for n, x in lines if x.startswith(_MEDIA_TAGS))
        raise _malformed(url, number, line, "a master playlist cannot hold media segment tags")
    expecting: tuple[int, str] | None = None
    for number, line in lines[1:]:
        if not line.startswith("#"):
            if expecting is None:
                why = "a variant URI needs an #EXT-X-STREAM-INF line before it"
                if not is_master:
                    why = "a segment URI needs an #EXTINF line before it"
                raise _malformed(url, number, line, why)
            expecting = None
            continue
        if expecting is not None and line.startswith(("#EXTINF", "#EXT-X-STREAM-INF")):
            raise _malformed(url, expecting[0], expecting[1], "no URI follows this tag")
        if line.startswith("#EXT-X-STREAM-INF:"):
            _check_attributes(url, number, line, required={"BANDWIDTH"})
            expecting = (number, line)
        elif line.startswith("#EXT-X-STREAM-INF"):
            raise _malformed(url, number, line, "#EXT-X-STREAM-INF needs attributes (BANDWIDTH=…)")
        elif line.startswith(("#EXT-X-MEDIA:", "#EXT-X-I-FRAME-STREAM-INF:", "#EXT-X-KEY:", "#EXT-X-MAP:")):
            _check_attributes(url, number, line, required=set())
        elif line.startswith("#EXTINF"):
            duration = line.partition(":")[2].partition(",")[0].strip()
            if not _FLOAT.fullmatch(duration):
                raise _malformed(url, number, line, "#EXTINF needs a duration in seconds, e.g. #EXTINF:2.0,")
            expecting = (number, line)
        elif line.startswith(("#EXT-X-TARGETDURATION", "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-VERSION")):
            tag, _colon, value = line.partition(":")
            if not _DECIMAL.fullmatch(value.strip()):
                raise _malformed(url, number, line, f"{tag} needs a whole number")
    if expecting is not None:
        raise _malformed(url, expecting[0], expecting[1], "no URI follows this tag")
    return lines


def _check_attributes(url: str, number: int, line: str, *, required: set[str]) -> None:
    tag, _colon, attributes = line.partition(":")
    position, found = 0, {}
    while position < len(attributes):
        match = _ATTRIBUTE.match(attributes, position)
        if match is None:
            raise _malformed(
                url, number, line, f"cannot read the attribute list of {tag} at {attributes[position:]!r}"
            )
        found[match.group(1)] = match.group(2)
        position = match.end()
        if position < len(attributes):
            if attributes[position] != ",":
                raise _malformed(url, number, line, f"attributes of {tag} are separated by commas")
            position += 1
    missing = sorted(required - set(found))
    if missing:
        raise _malformed(url, number, line, f"{tag} needs {', '.join(missing)}")
    checks = {
        "BANDWIDTH": (_DECIMAL, "a whole number of bits per second"),
        "AVERAGE-BANDWIDTH": (_DECIMAL, "a whole number of bits per second"),
        "RESOLUTION": (_RESOLUTION, "WIDTHxHEIGHT, e.g. 1280x720"),
        "FRAME-RATE": (_FLOAT, "a number, e.g. 25.000"),
    }
    for name, (pattern, expected) in checks.items():
        if name in found and not pattern.fullmatch(found[name]):
            raise _malformed(url, number, line, f"{name} must be {expected}, not {found[name]}")


def _load(text: str, url: str) -> Any:
    # The checks above cover what m3u8 converts; should it still fail, the line it was on is known.
    current = [0]

    def track(line: str, number: int, _data: object, _state: object) -> bool:
        current[0] = number
        return False

    try:
        return m3u8.M3U8(text, base_uri=url, custom_tags_parser=track)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        lines = text.splitlines()
        number = current[0] or 1
        line = lines[number - 1].strip() if number <= len(lines) else ""
        raise _malformed(url, number, line, f"the playlist parser stopped: {error}") from error


@contextmanager
def _carrying(text: str) -> Iterator[None]:
    try:
        yield
    except MalformedManifest as error:
        error.text = text
        raise


def _int_or_none(value: object) -> int | None:
    try:
        return None if value is None else int(str(value))
    except ValueError:
        return None
