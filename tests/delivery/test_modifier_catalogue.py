"""The modifier catalogue is complete and each entry is wired: a field, a query name the API knows,
a parse/format round trip for any value, and rules that say something only when they apply."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_catalogue import (
    BY_QUERY,
    CATALOGUE,
    QUERY_ORDER,
    SECTIONS,
    VERBATIM_PARAMETERS,
)
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec
from aemviewer.delivery.modifiers import ImageModifiers
from tests.support.modifiers import example_values, value_strategy

ENTRIES = pytest.mark.parametrize("spec", CATALOGUE, ids=lambda spec: spec.query)


def test_every_field_has_one_entry_and_every_entry_a_field() -> None:
    value_fields = [f.name for f in fields(ImageModifiers) if f.name != "extra"]
    assert sorted(value_fields) == sorted(spec.field for spec in CATALOGUE)
    assert len(BY_QUERY) == len(CATALOGUE), "query names are unique"


def test_the_catalogue_covers_every_parameter_the_api_names() -> None:
    # The emulator implements api_spec.KNOWN_PARAMETERS: an entry outside it would never be applied.
    assert [spec.query for spec in QUERY_ORDER] == [
        name for name in api_spec.KNOWN_PARAMETERS if name not in VERBATIM_PARAMETERS
    ]


@ENTRIES
def test_every_entry_describes_itself(spec: ModifierSpec) -> None:
    assert spec.label and spec.help.endswith(".") and spec.section in SECTIONS
    assert spec.tooltip().startswith(spec.query)
    if spec.kind in (ModifierKind.INTEGER, ModifierKind.DECIMAL, ModifierKind.SIZE):
        assert spec.bounds is not None and spec.range_text()
    if spec.kind in (ModifierKind.CHOICE, ModifierKind.FLAGS):
        assert spec.choices
    if spec.kind is ModifierKind.FLAGS:
        letters = {letter for letter, _label in spec.choice_labels}
        assert {letter for choice in spec.choices for letter in str(choice)} == letters


@ENTRIES
@given(data=st.data())
def test_every_entry_round_trips_through_the_query(spec: ModifierSpec, data: st.DataObject) -> None:
    value = data.draw(value_strategy(spec))
    modifiers = ImageModifiers(**{spec.field: value})
    ((name, text),) = modifiers.to_query()
    assert name == spec.query
    assert ImageModifiers.from_query([(name, text)]) == modifiers
    assert ImageModifiers.from_query_string(modifiers.to_query_string()) == modifiers


@given(data=st.data())
def test_any_combination_round_trips_in_the_api_order(data: st.DataObject) -> None:
    values: dict[str, Any] = {
        spec.field: data.draw(st.none() | value_strategy(spec), label=spec.field) for spec in CATALOGUE
    }
    modifiers = ImageModifiers(**values)
    names = [name for name, _ in modifiers.to_query()]
    assert names == [spec.query for spec in QUERY_ORDER if values[spec.field] is not None]
    assert ImageModifiers.from_query(modifiers.to_query()) == modifiers


@ENTRIES
def test_every_entry_refuses_a_value_of_the_wrong_type_naming_itself(spec: ModifierSpec) -> None:
    wrong = 3.5 if spec.kind is not ModifierKind.DECIMAL else "2"
    with pytest.raises(InvalidModifier) as caught:
        ImageModifiers(**{spec.field: wrong})
    assert caught.value.name == spec.query


@pytest.mark.parametrize(
    ("modifiers", "image_format", "expected"),
    [
        (ImageModifiers(width=300), None, []),
        (ImageModifiers(width=300, size=(200, 100)), None, [("width", True)]),
        (ImageModifiers(quality=80, max_quality=70), None, [("max-quality", True)]),
        (ImageModifiers(quality=80, auto_format=False), "png", [("quality", True)]),
        (ImageModifiers(quality=80, auto_format=False), "jpg", []),
        (ImageModifiers(quality=80), "png", []),
        (ImageModifiers(preferwebp=True), None, [("preferwebp", False)]),
        (ImageModifiers(preferwebp=True, auto_format=False), None, []),
        (ImageModifiers(sharpen="1"), None, [("sharpen", False)]),
    ],
)
def test_rules_apply_only_to_their_combination(
    modifiers: ImageModifiers, image_format: str | None, expected: list[tuple[str, bool]]
) -> None:
    assert [(note.parameter, note.ignored) for note in modifiers.notes(image_format)] == expected


def test_examples_exist_for_every_entry() -> None:
    for spec in CATALOGUE:
        for value in example_values(spec):
            assert getattr(ImageModifiers(**{spec.field: value}), spec.field) == value


@pytest.mark.parametrize(
    ("name", "experimental"), [("layers", True), ("source[logo]", True), ("layersx", False), ("zoom", False)]
)
def test_parameters_without_a_field_are_experimental_only_by_name(name: str, experimental: bool) -> None:
    (note,) = ImageModifiers(extra=((name, "1"),)).notes()
    assert ("experimental" in note.text) is experimental
    assert ("not a documented modifier" in note.text) is not experimental
