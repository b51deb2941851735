"""The one description of every image modifier: what it is called, what it accepts, how it is shown.

Parsing and formatting (`delivery.modifiers`), the window's controls (`ui.modifiers`) and the
command line's options and warnings (`cli.modifier_options`) all walk `CATALOGUE` instead of
listing modifiers (the panel names only the few it gives behaviour beyond a value: the aspect lock,
drawing a crop, the asset's smart crops). Adding a modifier is one `ModifierSpec` here plus its
field on `ImageModifiers`; a test fails until every entry has a field, a control, an option and a
round trip.

Ranges and allowed values come from `api_spec`, the only thing the emulator shares; labels, help
texts and the rules about combinations the server treats specially are the client's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aemviewer import api_spec
from aemviewer.delivery.crop import is_legacy_smart_crop
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierRule, ModifierSpec

if TYPE_CHECKING:
    from aemviewer.delivery.modifiers import ImageModifiers


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
EXPERIMENTAL_VERBATIM_PREFIX = "source["
"""`source[<layer>]` parameters: without a field and, like `layers`, experimental."""


def is_experimental_verbatim(name: str) -> bool:
    """True for a parameter without a field that only the experimental prefix applies."""
    return name in VERBATIM_PARAMETERS or name.startswith(EXPERIMENTAL_VERBATIM_PREFIX)


def _query_position(spec: ModifierSpec) -> int:
    known = api_spec.KNOWN_PARAMETERS
    return known.index(spec.query) if spec.query in known else len(known)


QUERY_ORDER: tuple[ModifierSpec, ...] = tuple(sorted(CATALOGUE, key=_query_position))
"""The catalogue in the order `to_query` writes it: the order the API applies modifiers, then the
other parameters the API names (`api_spec.KNOWN_PARAMETERS`)."""

BY_QUERY: dict[str, ModifierSpec] = {spec.query: spec for spec in CATALOGUE}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(spec.section for spec in CATALOGUE))
"""The panel's sections, in order."""
