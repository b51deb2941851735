"""Values for any catalogue entry, derived from its kind and range: hypothesis strategies for the
Qt-free round trips, and a few fixed examples for the window's controls and the command line.

A kind without an entry here raises KeyError, so a new kind fails the catalogue tests until it has
values to test with.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from aemviewer.delivery.crop import Crop
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec

names = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12)


def _bounds(spec: ModifierSpec) -> tuple[int, int]:
    assert spec.bounds is not None, f"{spec.field} has no bounds"
    return int(spec.bounds[0]), int(spec.bounds[1])


@st.composite
def percent_crops(draw: st.DrawFn) -> Crop:
    hundredths = st.integers(min_value=0, max_value=9999)
    x = draw(hundredths)
    y = draw(hundredths)
    w = draw(st.integers(min_value=1, max_value=10000 - x))
    h = draw(st.integers(min_value=1, max_value=10000 - y))
    return Crop(*(Decimal(value).scaleb(-2) for value in (x, y, w, h)), percent=True)


pixel_crops = st.builds(
    Crop,
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
)


def _integers(spec: ModifierSpec) -> st.SearchStrategy[Any]:
    low, high = _bounds(spec)
    return st.integers(min_value=low, max_value=high)


def _decimals(spec: ModifierSpec) -> st.SearchStrategy[Any]:
    assert spec.bounds is not None
    return st.floats(min_value=spec.bounds[0], max_value=spec.bounds[1], exclude_min=True)


_STRATEGIES: dict[ModifierKind, Callable[[ModifierSpec], st.SearchStrategy[Any]]] = {
    ModifierKind.INTEGER: _integers,
    ModifierKind.DECIMAL: _decimals,
    ModifierKind.BOOLEAN: lambda _spec: st.booleans(),
    ModifierKind.CHOICE: lambda spec: st.sampled_from(spec.choices),
    ModifierKind.FLAGS: lambda spec: st.sampled_from(spec.choices),
    ModifierKind.SIZE: lambda spec: st.tuples(_integers(spec), _integers(spec)),
    ModifierKind.CROP: lambda _spec: pixel_crops | percent_crops(),
    ModifierKind.NAME: lambda _spec: names,
    ModifierKind.TEXT: lambda _spec: names,
}


def value_strategy(spec: ModifierSpec) -> st.SearchStrategy[Any]:
    """Any value the entry accepts."""
    return _STRATEGIES[spec.kind](spec)


def _integer_examples(spec: ModifierSpec) -> list[Any]:
    low, high = _bounds(spec)
    return [low, (low + high) // 2, high]


_EXAMPLES: dict[ModifierKind, Callable[[ModifierSpec], list[Any]]] = {
    ModifierKind.INTEGER: _integer_examples,
    ModifierKind.DECIMAL: lambda spec: [spec.step, 1.5, spec.bounds[1] if spec.bounds else 1.0],
    ModifierKind.BOOLEAN: lambda _spec: [True, False],
    ModifierKind.CHOICE: lambda spec: list(spec.choices),
    ModifierKind.FLAGS: lambda spec: list(spec.choices),
    ModifierKind.SIZE: lambda spec: [(_bounds(spec)[0], _bounds(spec)[1]), (400, 300)],
    ModifierKind.CROP: lambda _spec: [
        Crop(10, 20, 300, 200),
        Crop(Decimal("10.5"), 0, Decimal("50.25"), 100, percent=True),
    ],
    ModifierKind.NAME: lambda _spec: ["Large", "Large Wide"],
    ModifierKind.TEXT: lambda _spec: ["web", "a:b,c"],
}


def example_values(spec: ModifierSpec) -> list[Any]:
    """A few values a person would set in the window or on the command line (boundaries included)."""
    return _EXAMPLES[spec.kind](spec)
