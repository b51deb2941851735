"""Byte counts and durations as people read them."""

from __future__ import annotations


def format_bytes(count: int) -> str:
    """1 234 567 → '1.18 MiB (1,234,567 bytes)'."""
    if count < 1024:
        return f"{count} bytes"
    size = count / 1024
    unit = "KiB"
    for bigger in ("MiB", "GiB"):
        if size < 1024:
            break
        size /= 1024
        unit = bigger
    return f"{size:.1f} {unit} ({count:,} bytes)"


def format_seconds(seconds: float | None) -> str:
    """A duration: milliseconds under ten seconds, else seconds; "—" when unknown."""
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
