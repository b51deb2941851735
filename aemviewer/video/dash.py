"""DASH manifests (`.mpd`) as typed values: the representations and how many segments each has.

The player in this app cannot play DASH (its FFmpeg has no DASH demuxer), so this is for showing
what a manifest offers next to the HLS variants. Parsed with the standard library's ElementTree
(expat ≥ 2.4 refuses entity-expansion bombs); a document type declaration is refused outright,
since a DASH manifest never has one and entities are the only way XML reaches outside itself.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from fractions import Fraction
from urllib.parse import urljoin

from aemviewer.delivery.errors import MalformedManifest

_NS = "{urn:mpeg:dash:schema:mpd:2011}"
_HINT = "The server delivered a manifest that players cannot read; report it to whoever packages the video."
_DURATION = re.compile(
    r"P(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


@dataclass(frozen=True, slots=True)
class DashRepresentation:
    """One `<Representation>`, with what it inherits from its adaptation set filled in."""

    id: str
    content_type: str
    """`video`, `audio`, `text`, or the media type's first part."""
    mime_type: str | None
    codecs: str | None
    bandwidth: int
    width: int | None
    height: int | None
    frame_rate: float | None
    audio_sampling_rate: int | None
    segment_count: int | None
    """From the segment template, timeline or list; None when the manifest does not say."""
    initialization: str | None
    """Absolute URL of the initialization segment, when there is one."""

    @property
    def label(self) -> str:
        """What a person calls it: `1280×720`, or the id for audio."""
        if self.width and self.height:
            return f"{self.width}×{self.height}"
        return self.id


@dataclass(frozen=True, slots=True)
class DashManifest:
    """A DASH manifest: its kind, duration and representations (in document order)."""

    url: str
    text: str
    kind: str
    """`static` (on demand) or `dynamic` (live)."""
    duration: float | None
    """Seconds (`mediaPresentationDuration`)."""
    min_buffer_time: float | None
    profiles: str
    representations: tuple[DashRepresentation, ...]


def parse_duration(text: str) -> float:
    """An ISO 8601 duration as DASH writes it (`PT6.000S`, `PT1H2M3.5S`, `P1DT2H`) in seconds.
    Raises `ValueError` for anything else."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groupdict().values()):
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as PT6.5S")
    parts = {key: float(value) for key, value in match.groupdict().items() if value}
    return (
        parts.get("days", 0.0) * 86400
        + parts.get("hours", 0.0) * 3600
        + parts.get("minutes", 0.0) * 60
        + parts.get("seconds", 0.0)
    )


def parse_dash_manifest(text: str, url: str) -> DashManifest:
    """Read a DASH manifest delivered from `url`. Raises `MalformedManifest` (with the line, when
    the XML itself is broken, and carrying `text`) for anything that is not a readable MPD."""
    try:
        return _parse(text, url)
    except MalformedManifest as error:
        error.text = text
        raise


def _parse(text: str, url: str) -> DashManifest:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        line = next(
            (n for n, row in enumerate(text.splitlines(), 1) if "<!DOCTYPE" in row or "<!ENTITY" in row), 1
        )
        raise _malformed(
            url, "it declares a document type or entities, which a DASH manifest never does", line
        )
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, column = error.position
        reason = str(error).partition(":")[0]
        raise _malformed(url, f"it is not well-formed XML ({reason}, column {column + 1})", line) from error
    if root.tag != f"{_NS}MPD":
        raise _malformed(url, f"its root element is {_local(root.tag)!r}, not an MPD of {_NS[1:-1]}")
    try:
        duration = _duration(root.get("mediaPresentationDuration"))
        representations = []
        for period in root.findall(f"{_NS}Period"):
            period_duration = _duration(period.get("duration")) or duration
            for adaptation in period.findall(f"{_NS}AdaptationSet"):
                for representation in adaptation.findall(f"{_NS}Representation"):
                    representations.append(
                        _representation(url, period, adaptation, representation, period_duration)
                    )
        return DashManifest(
            url=url,
            text=text,
            kind=root.get("type", "static"),
            duration=duration,
            min_buffer_time=_duration(root.get("minBufferTime")),
            profiles=root.get("profiles", ""),
            representations=tuple(representations),
        )
    except ValueError as error:
        raise _malformed(url, str(error)) from error


def _representation(
    url: str,
    period: ElementTree.Element,
    adaptation: ElementTree.Element,
    element: ElementTree.Element,
    duration: float | None,
) -> DashRepresentation:
    def inherited(name: str) -> str | None:
        return element.get(name) or adaptation.get(name)

    identifier = element.get("id") or "?"
    bandwidth = element.get("bandwidth")
    if bandwidth is None or not (bandwidth.isascii() and bandwidth.isdigit()):
        raise ValueError(f"representation {identifier!r} has no whole-number bandwidth")
    mime_type = inherited("mimeType")
    content_type = adaptation.get("contentType") or (mime_type or "").partition("/")[0] or "unknown"
    template = _closest(f"{_NS}SegmentTemplate", element, adaptation, period)
    count, initialization = _segments(url, identifier, bandwidth, element, template, duration)
    return DashRepresentation(
        id=identifier,
        content_type=content_type,
        mime_type=mime_type,
        codecs=inherited("codecs"),
        bandwidth=int(bandwidth),
        width=_int(inherited("width"), identifier, "width"),
        height=_int(inherited("height"), identifier, "height"),
        frame_rate=_frame_rate(inherited("frameRate"), identifier),
        audio_sampling_rate=_int(inherited("audioSamplingRate"), identifier, "audioSamplingRate"),
        segment_count=count,
        initialization=initialization,
    )


def _segments(
    url: str,
    identifier: str,
    bandwidth: str,
    element: ElementTree.Element,
    template: ElementTree.Element | None,
    duration: float | None,
) -> tuple[int | None, str | None]:
    if template is not None:
        init = template.get("initialization")
        initialization = None if init is None else urljoin(url, _fill(init, identifier, bandwidth))
        timeline = template.find(f"{_NS}SegmentTimeline")
        if timeline is not None:
            return sum(1 + int(s.get("r", "0")) for s in timeline.findall(f"{_NS}S")), initialization
        segment_duration = template.get("duration")
        if segment_duration is not None and duration is not None:
            timescale = int(template.get("timescale", "1"))
            seconds = int(segment_duration) / timescale
            if seconds <= 0:
                raise ValueError(f"representation {identifier!r} has a segment duration of {seconds} s")
            return math.ceil(round(duration / seconds, 6)), initialization
        return None, initialization
    segment_list = element.find(f"{_NS}SegmentList")
    if segment_list is not None:
        init_element = segment_list.find(f"{_NS}Initialization")
        source = None if init_element is None else init_element.get("sourceURL")
        return len(segment_list.findall(f"{_NS}SegmentURL")), None if source is None else urljoin(url, source)
    if element.find(f"{_NS}BaseURL") is not None:
        return 1, None  # one file with byte ranges (SegmentBase)
    return None, None


def _fill(template: str, identifier: str, bandwidth: str) -> str:
    return template.replace("$RepresentationID$", identifier).replace("$Bandwidth$", bandwidth)


def _closest(tag: str, *elements: ElementTree.Element) -> ElementTree.Element | None:
    return next((found for element in elements if (found := element.find(tag)) is not None), None)


def _duration(value: str | None) -> float | None:
    return None if value is None else parse_duration(value)


def _int(value: str | None, identifier: str, name: str) -> int | None:
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"representation {identifier!r} has {name}={value!r}, not a whole number")
    return int(value)


def _frame_rate(value: str | None, identifier: str) -> float | None:
    if value is None:
        return None
    try:
        return float(Fraction(value))
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(
            f"representation {identifier!r} has frameRate={value!r}, not a rate like 25 or 30000/1001"
        ) from error


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _malformed(url: str, why: str, line: int | None = None) -> MalformedManifest:
    where = f" at line {line}" if line is not None else ""
    return MalformedManifest(
        f"The DASH manifest at {url} is malformed{where}: {why}.", line=line, hint=_HINT, url=url
    )
