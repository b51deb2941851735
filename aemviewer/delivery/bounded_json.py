"""JSON parsed with a bound on its size and on how deeply it nests.

`json.loads` recurses once per nested array or object: a few kilobytes of `[[[[…` from a server, a
profiles file or a history line raise `RecursionError` (or exhaust the stack) instead of
`ValueError`, and every reader of the result recurses again. Every JSON the app reads goes through
`loads_bounded`, which measures the nesting first (without recursing) and fails with a
`JSONLimitExceeded` — a `ValueError`, so callers that already refuse malformed JSON refuse this too.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
"""Nesting that no document of the Delivery API or of this app's own files comes near."""
MAX_BYTES = 64 * 1000 * 1000
"""Default size bound; callers with a smaller natural bound (a history line, a sidecar) pass it."""

# Strings are skipped whole (a bracket inside one does not nest); the unrolled loop keeps the regex
# engine from backtracking on long strings.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset("[{")


class JSONLimitExceeded(ValueError):
    """A JSON text larger or more deeply nested than this app reads."""


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deeply `text` nests arrays and objects, counted up to `limit + 1` (then it stops looking)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif token[0] != '"':
            depth -= 1
    return deepest


def loads_bounded(data: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads(data)`, refusing texts over `max_bytes` or nested over `max_depth` levels.

    Raises `JSONLimitExceeded` for those, `ValueError` (including `UnicodeDecodeError`) for anything
    that is not JSON.
    """
    if len(data) > max_bytes:
        raise JSONLimitExceeded(f"larger than {max_bytes:,} bytes")
    # The same reading of bytes as `json.loads` (UTF-8, -16 or -32, told apart by the first bytes).
    text = data.decode(json.detect_encoding(data), "surrogatepass") if isinstance(data, bytes) else data
    if nesting_depth(text, max_depth) > max_depth:
        raise JSONLimitExceeded(f"nested deeper than {max_depth} levels")
    return json.loads(text)
