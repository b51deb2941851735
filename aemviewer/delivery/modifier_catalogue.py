"""The one description of every image modifier: what it is called, what it accepts, how it is shown.

Parsing and formatting (`delivery.modifiers`), the window's controls (`ui.modifiers`) and the
command line's options and warnings (`cli.modifier_options`) all walk `CATALOGUE`; none of them
names a modifier. Adding a modifier is one `ModifierSpec` here plus its field on `ImageModifiers`
(a test fails until every entry has a field, a control, an option and a round trip).

Ranges and allowed values come from `api_spec`, the only thing the emulator shares; labels, help
texts and the rules about combinations the server treats specially are the client's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from aemviewer import api_spec
from aemviewer.delivery.crop import is_legacy_smart_crop

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


LOSSLESS_FORMATS = ("png", "png8", "gif")
"""Path formats without a quality setting."""


def _width_with_size(modifiers: ImageModifiers, _format: str | None) -> str | None:
    if modifiers.size is None:
        return None
    return "Ignored: size is given, and the server takes the width from size."


def _max_quality_with_quality(modifiers: ImageModifiers, _format: str | None) -> str | None:
    return "Ignored: quality wins over max-quality." if modifiers.quality is not None else None


def _lossless(modifiers: ImageModifiers, image_format: str | None) -> str | None:
    if modifiers.auto_format is not False or image_format not in LOSSLESS_FORMATS:
        return None
    return f"{image_format} is lossless: quality settings have no effect with auto-format=false."


def _preferwebp_with_auto_format(modifiers: ImageModifiers, _format: str | None) -> str | None:
    if modifiers.auto_format is False:
        return None
    return (
        "auto-format is on (the default), so the server already picks the format from Accept; "
        "preferwebp matters when auto-format=false."
    )


_LOSSLESS_RULE = ModifierRule(_lossless, ignored=True)
_DIMENSIONS = api_spec.DIMENSION_RANGE
_QUALITIES = api_spec.QUALITY_RANGE

CATALOGUE: tuple[ModifierSpec, ...] = (
    ModifierSpec(
        field="width",
        query="width",
        kind=ModifierKind.INTEGER,
        label="Width",
        help="the aspect ratio of the original is kept; no upscaling.",
        section="Size",
        bounds=_DIMENSIONS,
        unit="px",
        unset_text="auto",
        rules=(ModifierRule(_width_with_size, ignored=True),),
    ),
    ModifierSpec(
        field="height",
        query="height",
        kind=ModifierKind.INTEGER,
        label="Height",
        help="the aspect ratio is kept, also when width is given too.",
        section="Size",
        bounds=_DIMENSIONS,
        unit="px",
        unset_text="auto",
    ),
    ModifierSpec(
        field="size",
        query="size",
        kind=ModifierKind.SIZE,
        label="Size",
        help="a bounding box; width is ignored when size is given. Set both.",
        second_help="the box's height. Set both.",
        value_syntax="W,H",
        section="Size",
        bounds=_DIMENSIONS,
        unit="px",
        unset_text="auto",
    ),
    ModifierSpec(
        field="dpr",
        query="dpr",
        kind=ModifierKind.DECIMAL,
        label="DPR",
        help="device pixel ratio, an experimental modifier.",
        section="Size",
        bounds=(0.0, api_spec.DPR_MAX),
        step=0.1,
        unset_text="auto",
        experimental=True,
    ),
    ModifierSpec(
        field="auto_format",
        query="auto-format",
        kind=ModifierKind.BOOLEAN,
        label="Auto format",
        help="true (the default) lets the server pick AVIF → WebP → JPEG (PNG with alpha) from Accept, "
        "ignoring the extension; false delivers the extension's format.",
        section="Format and quality",
        unset_text="server default",
    ),
    ModifierSpec(
        field="preferwebp",
        query="preferwebp",
        kind=ModifierKind.BOOLEAN,
        label="Prefer WebP",
        help="WebP when the client accepts it.",
        section="Format and quality",
        unset_text="server default",
        rules=(ModifierRule(_preferwebp_with_auto_format, ignored=False),),
    ),
    ModifierSpec(
        field="quality",
        query="quality",
        kind=ModifierKind.INTEGER,
        label="Quality",
        help="wins over max-quality.",
        section="Format and quality",
        bounds=_QUALITIES,
        unset_text="default",
        rules=(_LOSSLESS_RULE,),
    ),
    ModifierSpec(
        field="max_quality",
        query="max-quality",
        kind=ModifierKind.INTEGER,
        label="Max quality",
        help=f"an upper bound; {api_spec.DEFAULT_MAX_QUALITY} when neither is set.",
        section="Format and quality",
        bounds=_QUALITIES,
        unset_text="default",
        rules=(ModifierRule(_max_quality_with_quality, ignored=True), _LOSSLESS_RULE),
    ),
    ModifierSpec(
        field="rotate",
        query="rotate",
        kind=ModifierKind.CHOICE,
        label="Rotate",
        help="clockwise, applied first (before crop).",
        section="Orientation",
        choices=api_spec.ROTATIONS,
        unit="°",
        unset_text="0°",
    ),
    ModifierSpec(
        field="flip",
        query="flip",
        kind=ModifierKind.FLAGS,
        label="Flip",
        help="h (horizontal), v (vertical) or hv.",
        section="Orientation",
        choices=api_spec.FLIPS,
        choice_labels=(("h", "↔ Horizontal"), ("v", "↕ Vertical")),
    ),
    ModifierSpec(
        field="crop",
        query="crop",
        kind=ModifierKind.CROP,
        label="Crop",
        help="a rectangle of the (rotated) original, in source pixels or percent. Applied after rotate "
        "and before flip and resizing. w = 0 means no crop.",
        section="Crop",
        value_syntax="X,Y,W,H",
        example="e.g. 10,20,300,200 in pixels, or 10p,10p,50p,50p in percent",
        legacy_form=is_legacy_smart_crop,
        legacy_help="the legacy smart crop by aspect ratio; current servers may ignore it. "
        "Use smartcrop=<name> instead.",
    ),
    ModifierSpec(
        field="smartcrop",
        query="smartcrop",
        kind=ModifierKind.NAME,
        label="Smart crop",
        help="the name of a smart crop defined on the asset (listed from its metadata).",
        section="Crop",
        unset_text="none",
    ),
    ModifierSpec(
        field="preset",
        query="preset",
        kind=ModifierKind.TEXT,
        label="Preset",
        help="the name of an image preset.",
        section="Advanced",
        unset_text="none",
    ),
    ModifierSpec(
        field="blur",
        query="blur",
        kind=ModifierKind.TEXT,
        label="Blur",
        help="experimental; its syntax is only partly public.",
        section="Advanced",
        unset_text="none",
        experimental=True,
    ),
    ModifierSpec(
        field="sharpen",
        query="sharpen",
        kind=ModifierKind.TEXT,
        label="Sharpen",
        help="experimental; its syntax is only partly public.",
        section="Advanced",
        unset_text="none",
        experimental=True,
    ),
    ModifierSpec(
        field="attachment",
        query="attachment",
        kind=ModifierKind.BOOLEAN,
        label="Attachment",
        help="true asks for Content-Disposition: attachment (a download in browsers).",
        section="Advanced",
        unset_text="not sent",
    ),
)
"""Every modifier with a field, in the order the window shows them."""

VERBATIM_PARAMETERS = ("layers",)
"""Named by the API but without a field: their syntax is not public, so they stay as written."""
EXPERIMENTAL_VERBATIM = ("layers", "source[")
"""Parameter names (or prefixes) without a field that only the experimental prefix applies."""


def _query_position(spec: ModifierSpec) -> int:
    known = api_spec.KNOWN_PARAMETERS
    return known.index(spec.query) if spec.query in known else len(known)


QUERY_ORDER: tuple[ModifierSpec, ...] = tuple(sorted(CATALOGUE, key=_query_position))
"""The catalogue in the order `to_query` writes it: the order the API applies modifiers, then the
other parameters the API names (`api_spec.KNOWN_PARAMETERS`)."""

BY_FIELD: dict[str, ModifierSpec] = {spec.field: spec for spec in CATALOGUE}
BY_QUERY: dict[str, ModifierSpec] = {spec.query: spec for spec in CATALOGUE}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(spec.section for spec in CATALOGUE))
"""The panel's sections, in order."""


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
