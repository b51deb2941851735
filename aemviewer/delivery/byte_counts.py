"""Byte counts as people read them, for the window and the command line alike.

Two forms: the short one for columns, progress lines and speeds (`1.5 KiB`), and the full one for
a sentence or a detail pane, which also gives the exact count (`1.2 MiB (1,234,567 bytes)`).
"""

from __future__ import annotations

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def short_bytes(count: float) -> str:
    """512 → '512 B'; 1536 → '1.5 KiB'; a speed such as 2.5e6 → '2.4 MiB'. Binary units up to TiB."""
    if count < 1024:
        return f"{count:.0f} B"
    size = count / 1024
    for unit in _UNITS[:-1]:
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} {_UNITS[-1]}"


def full_bytes(count: int) -> str:
    """512 → '512 bytes'; 1 234 567 → '1.2 MiB (1,234,567 bytes)': the short form and the exact count."""
    if count < 1024:
        return f"{count} bytes"
    return f"{short_bytes(count)} ({count:,} bytes)"
