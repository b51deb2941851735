"""Image modifiers: the query parameters of the image endpoint, as one immutable, validated value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qsl, quote

from aemviewer import api_spec
from aemviewer.delivery.crop import Crop
from aemviewer.delivery.errors import InvalidModifier
from aemviewer.delivery.modifier_catalogue import (
    BY_QUERY,
    CATALOGUE,
    QUERY_ORDER,
    is_experimental_verbatim,
)
from aemviewer.delivery.modifier_spec import experimental_text
from aemviewer.delivery.modifier_values import check_value, format_value, parse_value

QueryPairs = tuple[tuple[str, str], ...]

NAME_SAFE = "[]"
"""Characters left unencoded in parameter names (`source[layer]` stays readable)."""
VALUE_SAFE = ",:/[]"
"""Characters left unencoded in parameter values: commas of crop/size, colons, slashes, brackets.
Everything else outside RFC 3986's unreserved set is percent-encoded; a space is `%20`, never `+`."""

_MORE_THAN_ONCE = "a single value: the parameter appears more than once"


@dataclass(frozen=True, slots=True)
class ModifierNote:
    """Something to tell about one parameter: a tooltip in the window, a line on stderr in the CLI."""

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
        for spec in CATALOGUE:
            value = getattr(self, spec.field)
            if value is not None:
                # Frozen: a normalised value (a whole dpr as float) is stored through object.
                object.__setattr__(self, spec.field, check_value(spec, value))
        self._check_extra()

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
            spec = BY_QUERY.get(name)
            legacy = spec is not None and spec.legacy_form is not None and spec.legacy_form(value)
            if spec is not None and not (legacy and getattr(self, spec.field) is None):
                raise InvalidModifier(
                    name, value, f"the field {spec.field!r}, not extra (only parameters without a field)"
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
        pairs = [
            (spec.query, format_value(getattr(self, spec.field)))
            for spec in QUERY_ORDER
            if getattr(self, spec.field) is not None
        ]
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
            spec = BY_QUERY.get(query_name)
            if spec is None or (spec.legacy_form is not None and spec.legacy_form(raw)):
                extra.append((query_name, raw))
                continue
            if spec.field in values:
                raise InvalidModifier(query_name, raw, _MORE_THAN_ONCE)
            values[spec.field] = parse_value(spec, raw)
        for query_name, _raw in extra:
            spec = BY_QUERY.get(query_name)
            if spec is not None and spec.field in values:
                raise InvalidModifier(query_name, "both forms", _MORE_THAN_ONCE)
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

    def notes(self, image_format: str | None = None) -> tuple[ModifierNote, ...]:
        """What the server will ignore or treat specially, and why (tooltips, command-line warnings).

        `image_format` is the path's format: some rules depend on it (lossless formats have no
        quality). Each parameter's rules come from its catalogue entry, in the catalogue's order.
        """
        notes: list[ModifierNote] = []
        for spec in CATALOGUE:
            if getattr(self, spec.field) is None:
                continue
            for rule in spec.rules:
                text = rule.text(self, image_format)
                if text is not None:
                    notes.append(ModifierNote(spec.query, text, rule.ignored))
            if spec.experimental:
                notes.append(ModifierNote(spec.query, experimental_text(spec.query), False))
        notes.extend(_extra_note(name, value) for name, value in self.extra)
        return tuple(notes)

    def ignored(self, image_format: str | None = None) -> frozenset[str]:
        """The query names of parameters the server will ignore (see `notes`)."""
        return frozenset(note.parameter for note in self.notes(image_format) if note.ignored)


def _extra_note(name: str, value: str) -> ModifierNote:
    spec = BY_QUERY.get(name)
    if spec is not None:  # only a legacy form reaches extra under a known name
        return ModifierNote(name, f"{name}={value} is {spec.legacy_help}", False)
    if is_experimental_verbatim(name):
        return ModifierNote(name, experimental_text(name), False)
    return ModifierNote(
        name, f"{name} is not a documented modifier: the server may ignore or refuse it.", False
    )
