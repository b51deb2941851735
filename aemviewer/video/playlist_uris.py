"""Every URI of an HLS playlist, rewritten so that a player can fetch nothing behind the proxy's back.

The playback proxy passes each playlist through `rewrite_uris`. What counts is what a player reads,
not what RFC 8216 allows, so the rules follow FFmpeg's reader (the one QMediaPlayer uses), which is
more lenient than the RFC:

- lines end at `\\n`, `\\r` or `\\r\\n` only (Python's `splitlines` would also split at `\\v`, `\\x1c`…);
- a line whose first character is not `#` is a URI (variant or segment), leading blanks included;
- every tag line's attribute list is read as FFmpeg's `ff_parse_key_value` reads it: values quoted
  (backslash escapes inside) or unquoted (up to a comma or a blank), so `URI=x.key` counts as much
  as `URI="x.key"`. Attributes named `URI` or `…-URI` (`SERVER-URI`, `X-ASSET-URI`) and
  `X-ASSET-LIST` are URIs, on any tag: `EXT-X-KEY`, `EXT-X-SESSION-KEY`, `EXT-X-MAP`, `EXT-X-MEDIA`,
  `EXT-X-I-FRAME-STREAM-INF`, `EXT-X-SESSION-DATA`, `EXT-X-PART`, `EXT-X-PRELOAD-HINT`,
  `EXT-X-RENDITION-REPORT`, `EXT-X-CONTENT-STEERING`, `EXT-X-DATERANGE` and tags not known yet.

A rewritten value is always written quoted, with quotes, backslashes, blanks and control characters
percent-encoded, so that it reads back as exactly one URL whatever the reader. `m3u8` is not used
here: it re-serialises the playlist from what it understood and drops what it did not, which is
precisely what a player might still read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final
from urllib.parse import urljoin

_LINE_END: Final = re.compile(r"(\r\n|\r|\n)")
_BLANKS: Final = " \t\n\v\f\r"
_UNSAFE: Final = re.compile(r'["\\\x00-\x20\x7f]')
_URI_NAMES: Final = frozenset({"URI", "X-ASSET-LIST"})
_KEPT_SCHEMES: Final = ("data:",)
"""Values that name no place to fetch from: left as they are."""


def rewrite_uris(text: str, base_url: str, rewrite: Callable[[str], str]) -> str:
    """The playlist with every URI resolved against `base_url` and passed through `rewrite`.

    `rewrite` gets an absolute URL and returns the URL the player should fetch instead (the
    playback proxy returns one of its own for every URL, refused or not).
    """
    pieces = _LINE_END.split(text)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:  # a line end, kept as it was
            out.append(piece)
        elif piece.startswith("#"):
            out.append(_rewrite_tag(piece, base_url, rewrite))
        elif piece.strip(_BLANKS):
            out.append(_resolved(piece.strip(_BLANKS), base_url, rewrite))
        else:
            out.append(piece)
    return "".join(out)


def _rewrite_tag(line: str, base_url: str, rewrite: Callable[[str], str]) -> str:
    colon = line.find(":")
    if colon < 0:
        return line
    out, position = [line[: colon + 1]], colon + 1
    for name, start, end, value in _attributes(line, colon + 1):
        if _is_uri_attribute(name):
            out.append(line[position:start])
            out.append(f'"{_resolved(value, base_url, rewrite)}"')
            position = end
    out.append(line[position:])
    return "".join(out)


def _attributes(line: str, start: int) -> Iterator[tuple[str, int, int, str]]:
    """(name, value start, value end, value) for each attribute, read the way FFmpeg reads them."""
    position = start
    while True:
        while position < len(line) and (line[position] in _BLANKS or line[position] == ","):
            position += 1
        equals = line.find("=", position)
        if position >= len(line) or equals < 0:
            return
        name, value_start = line[position:equals], equals + 1
        position, value = _value(line, value_start)
        yield name, value_start, position, value


def _value(line: str, position: int) -> tuple[int, str]:
    """Where the value starting at `position` ends, and the value itself."""
    chars = []
    if line.startswith('"', position):
        position += 1
        while position < len(line) and line[position] != '"':
            if line[position] == "\\":
                if position + 1 >= len(line):
                    break
                position += 1
            chars.append(line[position])
            position += 1
        if position < len(line):
            position += 1  # the closing quote
        return position, "".join(chars)
    end = position
    while end < len(line) and line[end] not in _BLANKS and line[end] != ",":
        end += 1
    return end, line[position:end]


def _is_uri_attribute(name: str) -> bool:
    upper = name.strip(_BLANKS).upper()
    return upper in _URI_NAMES or upper.endswith("-URI")


def _resolved(value: str, base_url: str, rewrite: Callable[[str], str]) -> str:
    if value.lower().startswith(_KEPT_SCHEMES):
        return _UNSAFE.sub(_percent, value)
    value = value.strip(_BLANKS)
    try:
        absolute = urljoin(base_url, value)
    except ValueError:  # e.g. an unclosed IPv6 bracket: `rewrite` still decides where it goes
        absolute = value
    return _UNSAFE.sub(_percent, rewrite(absolute))


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8"))
