"""Expectations that hold now, from what the window has seen: "Save as checks…" turns the Formats
matrix, the smart-crop list or one delivered image into an `AssetChecks` the user then edits.

Byte budgets get headroom (`budget_for`): a budget equal to today's size would fail on the next
harmless re-encode; the user tightens or loosens it before saving.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import gcd
from typing import Final

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.reference import parse_reference
from aemviewer.qa.checks.model import AssetChecks, BudgetExpectation, DimensionsExpectation, Modifiers
from aemviewer.qa.format_matrix import MatrixResult

CACHE_HEADERS: Final = ("Cache-Control", "ETag", "Last-Modified")
"""The cache headers an expectation is written for, when the answer carries them."""
BUDGET_HEADROOM_PERCENT: Final = 10
BUDGET_STEP: Final = 1000


def budget_for(byte_count: int) -> int:
    """Today's size plus `BUDGET_HEADROOM_PERCENT`, rounded up to a whole `BUDGET_STEP` bytes."""
    # Whole numbers throughout: 100,000 × 1.1 in floats is a hair over 110,000 and would round up.
    steps = -(-byte_count * (100 + BUDGET_HEADROOM_PERCENT) // (100 * BUDGET_STEP))
    return max(BUDGET_STEP, steps * BUDGET_STEP)


def aspect_ratio(width: int, height: int) -> str:
    """`1280, 720` → `16:9`; sizes without small whole terms stay as they are (`1280:721`)."""
    divisor = gcd(width, height)
    small = (width // divisor, height // divisor)
    return f"{small[0]}:{small[1]}" if max(small) <= 64 else f"{width}:{height}"


def from_formats(
    ref: str, modifiers: Modifiers, image_format: str, results: Iterable[MatrixResult]
) -> AssetChecks:
    """The types each Accept profile is delivered (auto-format on, in `image_format`, at the
    modifiers' own quality), and a budget per format with auto-format off (from its first answer).
    The asset's modifiers are those of the auto-format cells (the matrix sets `auto-format` itself)."""
    types: dict[str, str] = {}
    budgets: dict[str, BudgetExpectation] = {}
    for result in results:
        request = result.request
        if not result.ok or request.quality is not None or not result.media_type:
            continue
        profile = request.accept.name if request.accept.name != "custom" else request.accept.header
        if request.auto_format and request.image_format == image_format:
            types.setdefault(profile, result.media_type)
            modifiers = tuple(parse_reference(request.url).modifiers.to_query())
        if not request.auto_format and result.width and result.byte_count:
            budget = BudgetExpectation(result.width, request.image_format, budget_for(result.byte_count))
            budgets.setdefault(request.image_format, budget)
    return AssetChecks(
        ref,
        modifiers=modifiers,
        format=image_format,
        types=tuple(types.items()),
        budgets=tuple(budgets.values()),
    )


def from_smart_crops(ref: str, crops: Sequence[tuple[str, tuple[int, int] | None]]) -> AssetChecks:
    """Each smart crop present, with its aspect ratio when its pixel size is known."""
    expected = tuple((name, aspect_ratio(*size) if size else "") for name, size in crops)
    return AssetChecks(ref, smart_crops=expected)


def from_delivery(
    ref: str, modifiers: Modifiers, image_format: str, delivery: Delivery, size: tuple[int, int] | None
) -> AssetChecks:
    """The delivered pixel size for these modifiers, the cache headers it carries, and a byte budget
    when the answer is in the path's format (auto-format did not change it)."""
    dimensions: tuple[DimensionsExpectation, ...] = ()
    if size is not None:
        dimensions = (DimensionsExpectation(modifiers, size[0], size[1], image_format),)
    budgets: tuple[BudgetExpectation, ...] = ()
    delivered_format = delivery.media_type.removeprefix("image/").replace("jpeg", "jpg")
    if size is not None and delivered_format == image_format and delivery.byte_count:
        budgets = (BudgetExpectation(size[0], image_format, budget_for(delivery.byte_count)),)
    present = tuple(name for name in CACHE_HEADERS if delivery.header(name) is not None)
    return AssetChecks(
        ref,
        modifiers=modifiers,
        format=image_format,
        dimensions=dimensions,
        budgets=budgets,
        cache_headers=present,
    )
