"""Image modifiers: the query parameters of the image endpoint, as one immutable, validated value."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, quote

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop, is_legacy_smart_crop
from aemviewer.delivery.errors import InvalidModifier

QueryPairs = tuple[tuple[str, str], ...]

NAME_SAFE = "[]"
"""Characters left unencoded in parameter names (`source[layer]` stays readable)."""
VALUE_SAFE = ",:/[]"
"""Characters left unencoded in parameter values: commas of crop/size, colons, slashes, brackets.
Everything else outside RFC 3986's unreserved set is percent-encoded; a space is `%20`, never `+`."""

_INT_RE = re.compile(r"\d+", re.ASCII)  # "٣٠٠" is no width, though int() would read it
_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_TRUE = ("true", "1")
_FALSE = ("false", "0")

_DIMENSION = f"an integer from {api_spec.DIMENSION_RANGE[0]} to {api_spec.DIMENSION_RANGE[1]}"
_QUALITY = f"an integer from {api_spec.QUALITY_RANGE[0]} to {api_spec.QUALITY_RANGE[1]}"
_BOOLEAN = "true or false"
_NAME = "a non-empty name without control characters"
_DPR = f"a number greater than 0 and at most {api_spec.DPR_MAX:g}"
_VERBATIM_PARAMETERS = ("layers",)

# Field name → query parameter name, in the one order `to_query` writes them: the order in which
# the API applies modifiers, then the other parameters the API names. `layers` has no field: its
# syntax is not public, so it stays verbatim in `extra`.
_QUERY_NAMES: dict[str, str] = {
    name.replace("-", "_"): name for name in api_spec.KNOWN_PARAMETERS if name not in _VERBATIM_PARAMETERS
}
_FIELD_FOR_QUERY = {query: name for name, query in _QUERY_NAMES.items()}
_EXPERIMENTAL = ("dpr", "blur", "sharpen", "layers")


@dataclass(frozen=True, slots=True)
class ModifierNote:
    """Something the UI should tell about one parameter (shown as a tooltip)."""

    parameter: str
    text: str
    ignored: bool
    """True when the server will not use the parameter at all."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageModifiers:
    """Every image modifier of the Delivery API, validated on construction.

    `None` means "not sent". Parameters without a field of their own (`layers`, `source[layer]`,
    unknown names, the legacy `crop=W:H,smart`) are kept verbatim and in order in `extra`, so that a
    pasted URL survives a round trip. Invalid values raise `InvalidModifier`.
    """

    rotate: int | None = None
    crop: Crop | None = None
    flip: str | None = None
    size: tuple[int, int] | None = None
    preferwebp: bool | None = None
    height: int | None = None
    width: int | None = None
    quality: int | None = None
    smartcrop: str | None = None
    max_quality: int | None = None
    auto_format: bool | None = None
    preset: str | None = None
    attachment: bool | None = None
    dpr: float | None = None
    blur: str | None = None
    sharpen: str | None = None
    extra: QueryPairs = ()

    def __post_init__(self) -> None:
        _check_int("width", self.width, api_spec.DIMENSION_RANGE, _DIMENSION)
        _check_int("height", self.height, api_spec.DIMENSION_RANGE, _DIMENSION)
        _check_int("quality", self.quality, api_spec.QUALITY_RANGE, _QUALITY)
        _check_int("max-quality", self.max_quality, api_spec.QUALITY_RANGE, _QUALITY)
        if self.size is not None:
            if not isinstance(self.size, tuple) or len(self.size) != 2:
                raise InvalidModifier("size", self.size, f"two integers W,H, each {_DIMENSION}")
            for value in self.size:
                _check_int("size", value, api_spec.DIMENSION_RANGE, f"W,H, each {_DIMENSION}")
        if self.rotate is not None and (
            isinstance(self.rotate, bool) or self.rotate not in api_spec.ROTATIONS
        ):
            raise InvalidModifier("rotate", self.rotate, _one_of(api_spec.ROTATIONS))
        if self.flip is not None and self.flip not in api_spec.FLIPS:
            raise InvalidModifier("flip", self.flip, _one_of(api_spec.FLIPS))
        if self.crop is not None and not isinstance(self.crop, Crop):
            raise InvalidModifier("crop", self.crop, "a Crop value (use Crop.parse for text)")
        for name in ("preferwebp", "auto_format", "attachment"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise InvalidModifier(_QUERY_NAMES[name], value, _BOOLEAN)
        for name in ("smartcrop", "preset", "blur", "sharpen"):
            _check_text(name, getattr(self, name))
        self._check_dpr()
        self._check_extra()

    def _check_dpr(self) -> None:
        if self.dpr is None:
            return
        if isinstance(self.dpr, bool) or not isinstance(self.dpr, int | float):
            raise InvalidModifier("dpr", self.dpr, _DPR)
        if not math.isfinite(self.dpr) or not 0 < self.dpr <= api_spec.DPR_MAX:
            raise InvalidModifier("dpr", self.dpr, _DPR)
        # Frozen: store ints as floats so that equal values compare and print alike.
        object.__setattr__(self, "dpr", float(self.dpr))

    def _check_extra(self) -> None:
        if not isinstance(self.extra, tuple | list):
            raise InvalidModifier("extra", self.extra, "a sequence of (name, value) pairs")
        pairs: list[tuple[str, str]] = []
        for pair in self.extra:
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidModifier("extra", pair, "a (name, value) pair of strings")
            name, value = pair
            if not isinstance(name, str) or not name or not isinstance(value, str):
                raise InvalidModifier("extra", pair, "a (name, value) pair of strings with a non-empty name")
            if name in api_spec.IGNORED_PARAMETERS:
                raise InvalidModifier(name, value, "nothing: the API ignores it, so it is not kept")
            if name in _FIELD_FOR_QUERY and not (
                name == "crop" and self.crop is None and is_legacy_smart_crop(value)
            ):
                raise InvalidModifier(
                    name,
                    value,
                    f"the field {_FIELD_FOR_QUERY[name]!r}, not extra (only parameters without a field)",
                )
            pairs.append((name, value))
        object.__setattr__(self, "extra", tuple(pairs))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if getattr(self, f.name) is not None and getattr(self, f.name) != ()
        )
        return f"ImageModifiers({shown})"

    # --- queries -------------------------------------------------------------------------------

    def to_query(self) -> list[tuple[str, str]]:
        """The query parameters in one stable order.

        First the modifiers in the order the API applies them (`api_spec.MODIFIER_ORDER`), then the
        other named parameters, then `extra` in its original order. Values are not percent-encoded.
        """
        pairs: list[tuple[str, str]] = []
        for name, query_name in _QUERY_NAMES.items():
            value = getattr(self, name)
            if value is not None:
                pairs.append((query_name, _format_value(value)))
        pairs.extend(self.extra)
        return pairs

    def to_query_string(self) -> str:
        """`to_query` percent-encoded, without the leading `?` (commas stay readable)."""
        return "&".join(
            f"{quote(name, safe=NAME_SAFE)}={quote(value, safe=VALUE_SAFE)}"
            for name, value in self.to_query()
        )

    @classmethod
    def from_query(cls, pairs: Iterable[tuple[str, str]]) -> ImageModifiers:
        """Read decoded query parameters (any order) into a value.

        Known parameters are validated (commas of crop and size may still be `%2C`), the legacy
        `crop=W:H,smart` and every unknown parameter go to `extra` in order, `accept-experimental`
        is dropped (the API ignores it). A known parameter given twice raises `InvalidModifier`.
        """
        values: dict[str, Any] = {}
        extra: list[tuple[str, str]] = []
        for query_name, raw in pairs:
            if query_name in api_spec.IGNORED_PARAMETERS:
                continue
            field_name = _FIELD_FOR_QUERY.get(query_name)
            if field_name is None or (field_name == "crop" and is_legacy_smart_crop(raw)):
                extra.append((query_name, raw))
                continue
            if field_name in values:
                raise InvalidModifier(query_name, raw, "a single value: the parameter appears more than once")
            values[field_name] = _parse_value(field_name, query_name, raw)
        if any(name == "crop" for name, _ in extra) and "crop" in values:
            raise InvalidModifier(
                "crop", "both forms", "a single value: the parameter appears more than once"
            )
        return cls(**values, extra=tuple(extra))

    @classmethod
    def from_query_string(cls, query: str) -> ImageModifiers:
        """Read an encoded query string (with or without `?`); `+` means a space, as in forms."""
        return cls.from_query(parse_qsl(query.removeprefix("?"), keep_blank_values=True))

    # --- editing and explaining ----------------------------------------------------------------

    def with_changes(self, **changes: Any) -> ImageModifiers:
        """A copy with some fields changed (validated like a new value); `None` removes one."""
        return replace(self, **changes)

    @property
    def is_default(self) -> bool:
        """True when no parameter at all is set (the URL has no query)."""
        return not self.to_query()

    @property
    def effective_width(self) -> int | None:
        """The width the server works with: from `size` when given (it makes `width` ignored)."""
        return self.size[0] if self.size is not None else self.width

    def notes(self) -> tuple[ModifierNote, ...]:
        """What the server will ignore or treat specially, and why (for tooltips)."""
        notes: list[ModifierNote] = []
        if self.size is not None and self.width is not None:
            notes.append(
                ModifierNote(
                    "width", "Ignored: size is given, and the server takes the width from size.", True
                )
            )
        if self.quality is not None and self.max_quality is not None:
            notes.append(ModifierNote("max-quality", "Ignored: quality wins over max-quality.", True))
        for name in ("dpr", "blur", "sharpen"):
            if getattr(self, name) is not None:
                notes.append(ModifierNote(name, _experimental_text(name), False))
        for name, value in self.extra:
            notes.append(_extra_note(name, value))
        return tuple(notes)

    def ignored(self) -> frozenset[str]:
        """The query names of parameters the server will ignore (see `notes`)."""
        return frozenset(note.parameter for note in self.notes() if note.ignored)


def _extra_note(name: str, value: str) -> ModifierNote:
    if name == "crop":
        return ModifierNote(
            "crop",
            f"crop={value} is the legacy smart crop by aspect ratio; current servers may ignore it. "
            "Use smartcrop=<name> instead.",
            False,
        )
    if name in _EXPERIMENTAL or name.startswith("source["):
        return ModifierNote(name, _experimental_text(name), False)
    return ModifierNote(
        name, f"{name} is not a documented modifier: the server may ignore or refuse it.", False
    )


def _experimental_text(name: str) -> str:
    return (
        f"{name} is an experimental modifier: the server applies it only under the "
        "/adobe/experimental/advancemodifiers-expires-YYYYMMDD/assets prefix, and its syntax is only "
        "partly public."
    )


def _one_of(values: Iterable[object]) -> str:
    return "one of " + ", ".join(str(value) for value in values)


def _check_int(name: str, value: object, bounds: tuple[int, int], expected: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
        raise InvalidModifier(name, value, expected)


def _check_text(field_name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or _CONTROL_RE.search(value):
        raise InvalidModifier(_QUERY_NAMES[field_name], value, _NAME)


def _format_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, tuple):
        return ",".join(str(part) for part in value)
    if isinstance(value, Crop):
        return value.to_query_value()
    return str(value)


def _format_float(value: float) -> str:
    # repr is the shortest text that reads back as the same float; 'f' avoids exponents (1e-05).
    return format(Decimal(repr(value)), "f").removesuffix(".0")


def _parse_value(field_name: str, query_name: str, raw: str) -> object:
    if field_name in ("width", "height"):
        return _parse_int(query_name, raw, _DIMENSION)
    if field_name in ("quality", "max_quality"):
        return _parse_int(query_name, raw, _QUALITY)
    if field_name == "rotate":
        return _parse_int(query_name, raw, _one_of(api_spec.ROTATIONS))
    if field_name == "size":
        parts = raw.replace("%2C", ",").replace("%2c", ",").split(",")
        if len(parts) != 2:
            raise InvalidModifier("size", raw, f"W,H, each {_DIMENSION}")
        width, height = (_parse_int("size", part, f"W,H, each {_DIMENSION}") for part in parts)
        return (width, height)
    if field_name == "crop":
        return Crop.parse(raw)
    if field_name in ("preferwebp", "auto_format", "attachment"):
        lowered = raw.lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        raise InvalidModifier(query_name, raw, _BOOLEAN)
    if field_name == "dpr":
        if not _DECIMAL_RE.fullmatch(raw):
            raise InvalidModifier("dpr", raw, _DPR)
        return float(raw)
    return raw


def _parse_int(name: str, raw: str, expected: str) -> int:
    if not _INT_RE.fullmatch(raw):
        raise InvalidModifier(name, raw, expected)
    return int(raw)
