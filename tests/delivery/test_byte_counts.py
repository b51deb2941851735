"""Byte counts in their short (column) and full (sentence) forms."""

from __future__ import annotations

import pytest

from aemviewer.delivery.byte_counts import full_bytes, short_bytes


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1023 B"),
        (512.6, "513 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (34_304, "33.5 KiB"),
        (4_404_019, "4.2 MiB"),
        (3 * 1024**3, "3.0 GiB"),
        (5 * 1024**4, "5.0 TiB"),
        (2048 * 1024**4, "2048.0 TiB"),
    ],
)
def test_short_bytes(count: float, text: str) -> None:
    assert short_bytes(count) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1.0 KiB (1,024 bytes)"),
        (1_234_567, "1.2 MiB (1,234,567 bytes)"),
    ],
)
def test_full_bytes(count: int, text: str) -> None:
    assert full_bytes(count) == text
