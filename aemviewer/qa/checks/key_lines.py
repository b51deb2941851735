"""Finding the line of a key path (`asset[2].budget[0].max_bytes`) in a TOML text.

`tomllib` reports lines only for syntax errors; a value of the wrong type is found afterwards by
walking the text the way the path walks the document. It is a search, not a second parser: when
a segment cannot be found, the line of the last segment that was found is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PathSegment = str | int


def format_key_path(path: Sequence[PathSegment]) -> str:
    """`["asset", 2, "budget"]` → `asset[2].budget`."""
    text = ""
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


def line_of_key(text: str, path: Sequence[PathSegment]) -> int | None:
    """The 1-based line where the key `path` is written, or of its nearest parent found."""
    lines = text.splitlines()
    position = 0
    found: int | None = None
    table = ""
    segments = list(path)
    index = 0
    while index < len(segments):
        segment = segments[index]
        if not isinstance(segment, str):
            index += 1
            continue
        following = segments[index + 1] if index + 1 < len(segments) else None
        if isinstance(following, int):
            line = _nth_header(lines, position, f"[[{table}{segment}]]", following)
            index += 2
        else:
            line = _header(lines, position, f"[{table}{segment}]")
            if line is None:
                line = _header(lines, position, f"[[{table}{segment}]]")
            if line is None:
                line = _key(lines, position, segment)
            index += 1
        if line is None:
            break
        if lines[line].lstrip().startswith("["):
            table = f"{table}{segment}."
        position = line
        found = line + 1
    return found


def _nth_header(lines: list[str], start: int, header: str, occurrence: int) -> int | None:
    seen = 0
    for number in range(start, len(lines)):
        if _normalised(lines[number]) == header:
            if seen == occurrence:
                return number
            seen += 1
    return None


def _header(lines: list[str], start: int, header: str) -> int | None:
    for number in range(start, len(lines)):
        if _normalised(lines[number]) == header:
            return number
    return None


def _key(lines: list[str], start: int, key: str) -> int | None:
    pattern = re.compile(
        r"\s*(?:" + re.escape(key) + r'|"' + re.escape(key) + r'"|\'' + re.escape(key) + r"')\s*="
    )
    for number in range(start, len(lines)):
        line = lines[number]
        # A key of the current table stands before the next table header.
        if number > start and line.lstrip().startswith("["):
            return None
        if pattern.match(line):
            return number
    return None


def _normalised(line: str) -> str:
    return line.split("#", 1)[0].replace(" ", "").replace("\t", "")
