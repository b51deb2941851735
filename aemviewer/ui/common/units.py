"""Durations as people read them (byte counts: `delivery/byte_counts.py`)."""

from __future__ import annotations


def format_seconds(seconds: float | None) -> str:
    """A duration: milliseconds under ten seconds, else seconds; "—" when unknown."""
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
