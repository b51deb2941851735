"""Checking, parsing and formatting one modifier's value, by the kind its catalogue entry gives.

Every error is an `InvalidModifier` naming the query parameter and what it accepts, worded from the
catalogue entry, so the window, the command line and pasted URLs refuse a value with one message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal

from aemviewer.delivery.crop import Crop
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec, number_text

_INT_RE = re.compile(r"\d+", re.ASCII)  # "٣٠٠" is no width, though int() would read it
_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_TRUE = ("true", "1")
_FALSE = ("false", "0")
_NAME = "a non-empty name without control characters"


def expected(spec: ModifierSpec) -> str:
    """What the parameter accepts, as the end of "expected …"."""
    low, high = spec.bounds or (0, 0)
    if spec.kind is ModifierKind.INTEGER:
        return f"an integer from {number_text(low)} to {number_text(high)}"
    if spec.kind is ModifierKind.SIZE:
        return f"W,H, each an integer from {number_text(low)} to {number_text(high)}"
    if spec.kind is ModifierKind.DECIMAL:
        return f"a number greater than {number_text(low)} and at most {number_text(high)}"
    if spec.kind is ModifierKind.BOOLEAN:
        return "true or false"
    if spec.kind in (ModifierKind.CHOICE, ModifierKind.FLAGS):
        return "one of " + ", ".join(str(choice) for choice in spec.choices)
    if spec.kind is ModifierKind.CROP:
        return "a Crop value (use Crop.parse for text)"
    return _NAME


def check_value(spec: ModifierSpec, value: object) -> object:
    """The value as stored (a whole dpr becomes a float); raises `InvalidModifier` when refused."""
    if not _CHECKS[spec.kind](spec, value):
        wanted = expected(spec)
        if spec.kind is ModifierKind.SIZE:
            wanted = "two integers " + wanted
        raise InvalidModifier(spec.query, value, wanted)
    if spec.kind is ModifierKind.DECIMAL and isinstance(value, int):
        # Values compare and print alike only if a whole number is stored as a float.
        return float(value)
    return value


def parse_value(spec: ModifierSpec, raw: str) -> object:
    """Read a decoded query value (commas of size and crop may still be `%2C`)."""
    if spec.kind is ModifierKind.INTEGER:
        return _parse_int(spec, raw)
    if spec.kind is ModifierKind.CHOICE and all(isinstance(choice, int) for choice in spec.choices):
        return _parse_int(spec, raw)
    if spec.kind is ModifierKind.SIZE:
        parts = raw.replace("%2C", ",").replace("%2c", ",").split(",")
        if len(parts) != 2:
            raise InvalidModifier(spec.query, raw, expected(spec))
        width, height = (_parse_int(spec, part) for part in parts)
        return (width, height)
    if spec.kind is ModifierKind.CROP:
        return Crop.parse(raw)
    if spec.kind is ModifierKind.BOOLEAN:
        lowered = raw.lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        raise InvalidModifier(spec.query, raw, expected(spec))
    if spec.kind is ModifierKind.DECIMAL:
        if not _DECIMAL_RE.fullmatch(raw):
            raise InvalidModifier(spec.query, raw, expected(spec))
        return float(raw)
    return raw


def format_value(value: object) -> str:
    """A checked value as the query spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float; 'f' avoids exponents (1e-05).
        return format(Decimal(repr(value)), "f").removesuffix(".0")
    if isinstance(value, tuple):
        return ",".join(str(part) for part in value)
    if isinstance(value, Crop):
        return value.to_query_value()
    return str(value)


def _parse_int(spec: ModifierSpec, raw: str) -> int:
    if not _INT_RE.fullmatch(raw):
        raise InvalidModifier(spec.query, raw, expected(spec))
    return int(raw)


def _is_int_in(value: object, bounds: tuple[float, float] | None) -> bool:
    low, high = bounds or (-math.inf, math.inf)
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_size(spec: ModifierSpec, value: object) -> bool:
    return (
        isinstance(value, tuple) and len(value) == 2 and all(_is_int_in(part, spec.bounds) for part in value)
    )


def _is_decimal(spec: ModifierSpec, value: object) -> bool:
    low, high = spec.bounds or (0, math.inf)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and low < value <= high


def _is_choice(spec: ModifierSpec, value: object) -> bool:
    # bool is an int: True must not pass for 1.
    return not isinstance(value, bool) and value in spec.choices


def _is_name(_spec: ModifierSpec, value: object) -> bool:
    return isinstance(value, str) and bool(value) and not _CONTROL_RE.search(value)


_CHECKS: dict[ModifierKind, Callable[[ModifierSpec, object], bool]] = {
    ModifierKind.INTEGER: lambda spec, value: _is_int_in(value, spec.bounds),
    ModifierKind.DECIMAL: _is_decimal,
    ModifierKind.BOOLEAN: lambda _spec, value: isinstance(value, bool),
    ModifierKind.CHOICE: _is_choice,
    ModifierKind.FLAGS: _is_choice,
    ModifierKind.SIZE: _is_size,
    ModifierKind.CROP: lambda _spec, value: isinstance(value, Crop),
    ModifierKind.NAME: _is_name,
    ModifierKind.TEXT: _is_name,
}
