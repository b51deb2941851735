"""The smart crops of an asset as the contact sheet shows them: names from the `smartCrops` list and
the metadata, each with its rectangle (fractions of the stored image) when one of them gives it, its
nominal size, and a colour shared by its card and its rectangle on the overlay.

Without a token the real API's metadata carries only minimal fields (no smart crops), and its
`smartCrops` list may give names only; what is missing is said, not guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

from PySide6.QtGui import QColor

from aemviewer.delivery.metadata import SmartCrop

PALETTE = (
    QColor(230, 25, 75),
    QColor(60, 180, 75),
    QColor(255, 200, 25),
    QColor(0, 130, 200),
    QColor(245, 130, 48),
    QColor(145, 30, 180),
    QColor(70, 240, 240),
    QColor(240, 50, 230),
    QColor(210, 245, 60),
    QColor(250, 190, 212),
    QColor(0, 128, 128),
    QColor(220, 190, 255),
)
"""Distinct colours (Sasha Trubetskoy's list), one per crop in order; they repeat after twelve."""

LISTED = "the smartCrops list"
METADATA = "the metadata"


@dataclass(frozen=True)
class SheetCrop:
    """One named smart crop with what is known about it."""

    name: str
    rect: tuple[float, float, float, float] | None
    """(left, top, width, height) as fractions of the stored image, or None when no source gives it."""
    nominal: tuple[int, int] | None
    """The size the crop is delivered at without width/height/size."""
    rect_source: str
    """Where the rectangle came from (`LISTED`, `METADATA`) or ``."""
    color: QColor


def _rect(crop: SmartCrop) -> tuple[float, float, float, float] | None:
    values = (crop.left, crop.top, crop.normalized_width, crop.normalized_height)
    if any(value is None for value in values):
        return None
    left, top, width, height = (float(value or 0.0) for value in values)
    if width <= 0 or height <= 0:
        return None
    return (left, top, width, height)


def _nominal(crop: SmartCrop) -> tuple[int, int] | None:
    if crop.width and crop.height and crop.width > 0 and crop.height > 0:
        return (crop.width, crop.height)
    return None


def merge_crops(listed: Sequence[SmartCrop], from_metadata: Sequence[SmartCrop]) -> list[SheetCrop]:
    """The crops named by either source, the list's order first; geometry from whichever has it."""
    by_name: dict[str, list[tuple[str, SmartCrop]]] = {}
    for source, crops in ((LISTED, listed), (METADATA, from_metadata)):
        for crop in crops:
            by_name.setdefault(crop.name, []).append((source, crop))
    merged: list[SheetCrop] = []
    for index, (name, found) in enumerate(by_name.items()):
        rect, rect_source, nominal = None, "", None
        for source, crop in found:
            if rect is None and (candidate := _rect(crop)) is not None:
                rect, rect_source = candidate, source
            nominal = nominal or _nominal(crop)
        merged.append(SheetCrop(name, rect, nominal, rect_source, PALETTE[index % len(PALETTE)]))
    return merged


def aspect_text(width: int, height: int) -> str:
    """`1280, 720` → `16:9 (1.78)`; sizes without small whole terms → `1.43:1`."""
    if width <= 0 or height <= 0:
        return "—"
    divisor = gcd(width, height)
    w, h = width // divisor, height // divisor
    ratio = width / height
    if max(w, h) <= 32:
        return f"{w}:{h} ({ratio:.2f})"
    return f"{ratio:.2f}:1"


def missing_note(crops: Sequence[SheetCrop], listed_error: str, metadata_error: str) -> str:
    """What the sheet cannot show and why ('' when nothing is missing)."""
    notes: list[str] = []
    if listed_error:
        notes.append(f"The smartCrops list could not be read: {listed_error}")
    if metadata_error:
        notes.append(f"The metadata could not be read: {metadata_error}")
    without = [crop.name for crop in crops if crop.rect is None]
    if without:
        notes.append(
            f"No rectangle for {', '.join(without)}: neither the smartCrops list nor the metadata gives "
            "one. The real API puts the rectangles in the full metadata, which needs a token "
            "(AEMVIEWER_TOKEN)."
        )
    return " ".join(notes)
