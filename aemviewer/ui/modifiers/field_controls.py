"""The window's control for each catalogue entry, built from the entry's kind.

A `FieldControl` is the row(s) that edit one field of `ImageModifiers` and the two conversions
between the rows and the field's value. No modifier is named here: a new catalogue entry gets its
control from its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec
from aemviewer.ui.modifiers.button_controls import SegmentControl, ToggleControl
from aemviewer.ui.modifiers.controls import ChoiceControl, ControlRow, DecimalControl, IntControl
from aemviewer.ui.modifiers.editors import CropControl, TextControl

SLIDER_DIMENSION_MAX = 4096
"""Slider range for pixel sizes until the original's size is known (the spin box goes to the API max)."""


@dataclass(frozen=True, slots=True)
class FieldControl:
    """The rows that edit one field, and how to read and write the field's value through them."""

    spec: ModifierSpec
    rows: tuple[ControlRow, ...]
    read: Callable[[], Any]
    """The field's value (None: not sent); raises `InvalidModifier` for a half-filled value."""
    write: Callable[[Any], None]
    """Show a value (None: not sent) without emitting `changed`."""


def build_field_control(spec: ModifierSpec) -> FieldControl:
    """The control for one catalogue entry, chosen by its kind."""
    return _BUILDERS[spec.kind](spec)


def _plain(spec: ModifierSpec, row: IntControl | DecimalControl | CropControl | TextControl) -> FieldControl:
    return FieldControl(spec, (row,), row.value, row.set_value)


def _int_row(spec: ModifierSpec, label: str, tooltip: str) -> IntControl:
    low, high = spec.bounds or (0, 0)
    pixels = spec.unit == "px"
    return IntControl(
        spec.query,
        label,
        tooltip,
        minimum=int(low),
        maximum=int(high),
        slider_maximum=SLIDER_DIMENSION_MAX if pixels else None,
        unset_text=spec.unset_text,
        suffix=f" {spec.unit}" if spec.unit else "",
    )


def _integer(spec: ModifierSpec) -> FieldControl:
    return _plain(spec, _int_row(spec, spec.label, spec.tooltip()))


def _size(spec: ModifierSpec) -> FieldControl:
    first = _int_row(spec, f"{spec.label} W", spec.tooltip())
    second = _int_row(spec, f"{spec.label} H", spec.second_tooltip())

    def read() -> tuple[int, int] | None:
        width, height = first.value(), second.value()
        if width is None and height is None:
            return None
        if width is None or height is None:
            raise InvalidModifier(
                spec.query, f"{width or '?'},{height or '?'}", f"both W and H, each {spec.range_text()}"
            )
        return (width, height)

    def write(value: tuple[int, int] | None) -> None:
        first.set_value(value[0] if value else None)
        second.set_value(value[1] if value else None)

    return FieldControl(spec, (first, second), read, write)


def _decimal(spec: ModifierSpec) -> FieldControl:
    high = spec.bounds[1] if spec.bounds else 0.0
    # The spin box starts one step above the API's exclusive minimum; below it means "not set".
    decimals = len(repr(float(spec.step)).partition(".")[2].rstrip("0"))
    row = DecimalControl(
        spec.query,
        spec.label,
        spec.tooltip(),
        minimum=spec.step,
        maximum=high,
        step=spec.step,
        decimals=decimals,
        unset_text=spec.unset_text,
    )
    return _plain(spec, row)


def _boolean(spec: ModifierSpec) -> FieldControl:
    row = ChoiceControl(
        spec.query,
        spec.label,
        spec.tooltip(),
        [(spec.unset_text, None), ("true", "true"), ("false", "false")],
    )

    def write(value: bool | None) -> None:
        row.set_value(None if value is None else ("true" if value else "false"))

    return FieldControl(spec, (row,), lambda: None if row.value() is None else row.value() == "true", write)


def _choice(spec: ModifierSpec) -> FieldControl:
    by_text = {str(choice): choice for choice in spec.choices}
    row = SegmentControl(
        spec.query,
        spec.label,
        spec.tooltip(),
        [(spec.unset_text, None), *((f"{choice}{spec.unit}", str(choice)) for choice in spec.choices)],
    )

    def read() -> int | str | None:
        text = row.value()
        return None if text is None else by_text[text]

    return FieldControl(
        spec, (row,), read, lambda value: row.set_value(None if value is None else str(value))
    )


def _flags(spec: ModifierSpec) -> FieldControl:
    row = ToggleControl(
        spec.query, spec.label, spec.tooltip(), [(label, letter) for letter, label in spec.choice_labels]
    )
    return FieldControl(spec, (row,), row.value, row.set_value)


def _crop(spec: ModifierSpec) -> FieldControl:
    return _plain(spec, CropControl(spec.query, spec.label, spec.tooltip()))


def _name(spec: ModifierSpec) -> FieldControl:
    row = ChoiceControl(spec.query, spec.label, spec.tooltip(), [(spec.unset_text, None)], editable=True)
    return FieldControl(spec, (row,), row.value, row.set_value)


def _text(spec: ModifierSpec) -> FieldControl:
    return _plain(spec, TextControl(spec.query, spec.label, spec.tooltip(), spec.unset_text))


_BUILDERS: dict[ModifierKind, Callable[[ModifierSpec], FieldControl]] = {
    ModifierKind.INTEGER: _integer,
    ModifierKind.SIZE: _size,
    ModifierKind.DECIMAL: _decimal,
    ModifierKind.BOOLEAN: _boolean,
    ModifierKind.CHOICE: _choice,
    ModifierKind.FLAGS: _flags,
    ModifierKind.CROP: _crop,
    ModifierKind.NAME: _name,
    ModifierKind.TEXT: _text,
}
