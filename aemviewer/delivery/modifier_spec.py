"""The shape of a modifier catalogue entry: `ModifierSpec`, its `ModifierKind` and `ModifierRule`.

The entries themselves are in `delivery.modifier_catalogue`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aemviewer.delivery.modifiers import ImageModifiers


class ModifierKind(Enum):
    """What sort of value a modifier takes; parsing, validation and the control follow from it."""

    INTEGER = "integer"
    """A whole number in `bounds`."""
    DECIMAL = "decimal"
    """A number above `bounds[0]` and at most `bounds[1]`, edited in steps of `step`."""
    BOOLEAN = "boolean"
    """true or false."""
    CHOICE = "choice"
    """Exactly one of `choices`."""
    FLAGS = "flags"
    """One of `choices`, each made of letters that are switched on one by one (h, v → hv)."""
    SIZE = "size"
    """Two integers W,H, each in `bounds`."""
    CROP = "crop"
    """A rectangle (`delivery.crop.Crop`) in pixels or percent."""
    NAME = "name"
    """A name the asset defines (the window offers the asset's names, any name may be typed)."""
    TEXT = "text"
    """Free text, sent as written."""


@dataclass(frozen=True, slots=True)
class ModifierRule:
    """A combination the server treats specially: `text` says why, or returns None when it does not apply.

    `text` receives the modifiers and the path's image format (None when unknown).
    """

    text: Callable[[ImageModifiers, str | None], str | None]
    ignored: bool
    """True when the server will not use the parameter at all when the rule applies."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifierSpec:
    """One image modifier: its field on `ImageModifiers`, its query name and everything shown about it."""

    field: str
    query: str
    kind: ModifierKind
    label: str
    help: str
    """What it does, in one sentence (tooltips and option help add the name and the range)."""
    section: str
    """The panel section the control sits in."""
    bounds: tuple[float, float] | None = None
    choices: tuple[int | str, ...] = ()
    choice_labels: tuple[tuple[str, str], ...] = ()
    """(value or letter, label) where a control shows words instead of the value."""
    unit: str = ""
    step: float = 1
    unset_text: str = ""
    """What the control shows when the parameter is not sent."""
    value_syntax: str = ""
    """How the value is written, where the name alone does not say it (`W,H`)."""
    example: str = ""
    """An example or the accepted syntaxes, for the command line's help."""
    second_help: str = ""
    """For two-part values (size): the help of the second part."""
    experimental: bool = False
    """Applied only under the experimental path prefix, with a syntax that is only partly public."""
    rules: tuple[ModifierRule, ...] = ()
    legacy_form: Callable[[str], bool] | None = None
    """Raw values in an older syntax: kept verbatim (in `extra`) instead of parsed."""
    legacy_help: str = ""
    """What the older syntax is and what to use instead (completes "crop=16:9,smart is …")."""

    @property
    def option(self) -> str:
        """The command-line option (`--max-quality`)."""
        return f"--{self.query}"

    @property
    def metavar(self) -> str:
        """The value's placeholder in the command line's help (`MAX_QUALITY`, `W,H`)."""
        return self.value_syntax or self.query.upper().replace("-", "_")

    def range_text(self) -> str:
        """The allowed values in a few characters (`1–12000 px`, `h, v, hv`), or '' for names and text."""
        unit = f" {self.unit}" if self.unit and self.unit.isalpha() else self.unit
        if self.kind is ModifierKind.DECIMAL and self.bounds is not None:
            return f"{number_text(max(self.bounds[0], self.step))}–{number_text(self.bounds[1])}{unit}"
        if self.bounds is not None:
            return f"{number_text(self.bounds[0])}–{number_text(self.bounds[1])}{unit}"
        if self.choices:
            return ", ".join(str(choice) for choice in self.choices)
        return ""

    def tooltip(self) -> str:
        """`name (range): help`, as the window shows it."""
        if self.kind is ModifierKind.SIZE:
            return f"{self.query}=W,H ({self.range_text()} each): {self.help}"
        if self.kind in (ModifierKind.INTEGER, ModifierKind.DECIMAL):
            return f"{self.query} ({self.range_text()}): {self.help}"
        return f"{self.query}: {self.help}"

    def second_tooltip(self) -> str:
        """The tooltip of the second part of a two-part value."""
        return f"{self.query}=W,H ({self.range_text()} each): {self.second_help}"


def number_text(number: float) -> str:
    """A bound as a person writes it: 12000, 0.1, 5."""
    return str(int(number)) if number == int(number) else repr(float(number))


def experimental_text(name: str) -> str:
    """Why an experimental parameter may have no effect."""
    return (
        f"{name} is an experimental modifier: the server applies it only under the "
        "/adobe/experimental/advancemodifiers-expires-YYYYMMDD/assets prefix, and its syntax is only "
        "partly public."
    )
