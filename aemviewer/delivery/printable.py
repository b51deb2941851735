"""Text from a server, made safe to print on a terminal.

Metadata values, problem details and header values are the server's text. Printed as they are, an
escape character could recolour or clear the terminal, set its title or move the cursor over earlier
lines, and a bidirectional override could make a line read differently from what it holds.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with control characters (ESC, NUL, newlines, C1) and bidirectional controls shown as
    escapes (`\\x1b`, `\\n`, `\\u202e`): nothing is lost, and nothing acts on the terminal."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
