"""Every catalogue entry has a command-line option that sets exactly its parameter."""

from __future__ import annotations

import io
from typing import Any

import pytest

from aemviewer.cli.console import Console
from aemviewer.cli.main import build_parser
from aemviewer.cli.modifier_options import modifiers_from_options
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_catalogue import CATALOGUE
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec
from aemviewer.delivery.modifier_values import format_value
from aemviewer.delivery.modifiers import ImageModifiers
from tests.support.modifiers import example_values

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
CASES = [(spec, value) for spec in CATALOGUE for value in example_values(spec)]


def _argv(spec: ModifierSpec, value: Any) -> list[str]:
    if spec.kind is ModifierKind.BOOLEAN:
        return [spec.option if value else f"--no-{spec.query}"]
    return [spec.option, format_value(value)]


@pytest.mark.parametrize(("spec", "value"), CASES, ids=[f"{spec.query}={value}" for spec, value in CASES])
@pytest.mark.parametrize("command", ["url", "get", "formats"])
def test_every_entry_has_an_option_on_every_command(spec: ModifierSpec, value: Any, command: str) -> None:
    args = build_parser().parse_args([command, CHELSEA, *_argv(spec, value)])
    err = io.StringIO()
    modifiers = modifiers_from_options(args, ImageModifiers(), Console(io.StringIO(), err))
    assert modifiers == ImageModifiers(**{spec.field: value})


def test_options_override_a_pasted_urls_parameters_and_keep_the_rest() -> None:
    base = ImageModifiers.from_query_string("width=300&zz=1&quality=50")
    args = build_parser().parse_args(["url", CHELSEA, "--quality", "90", "--param", "zz=2"])
    modifiers = modifiers_from_options(args, base, Console(io.StringIO(), io.StringIO()))
    assert modifiers.to_query() == [("width", "300"), ("quality", "90"), ("zz", "2")]


def test_a_value_outside_the_range_is_refused_with_the_catalogues_words() -> None:
    args = build_parser().parse_args(["url", CHELSEA, "--max-quality", "101"])
    with pytest.raises(
        InvalidModifier, match=r"^max-quality=101 is not valid: expected an integer from 1 to 100"
    ):
        modifiers_from_options(args, ImageModifiers(), Console(io.StringIO(), io.StringIO()))
