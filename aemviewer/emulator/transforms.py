"""Parsing image modifiers from a query string into a `Modifiers` value.

This is the emulator's own reading of the spec, written independently of the client's URL code so
that a misreading in one is caught by the other. It knows nothing about a particular asset: checks
that need the asset (smart crop names, a crop inside the image) happen in `plan.py`.

Every rejection is a `BadParameter` naming the parameter and its allowed values; nothing else may
escape (the tests fuzz this module with hypothesis to prove it). Like the CDN in front of the real
service, parameters the API does not name (cache busters, `assetname`, typos such as `widht`) and
per-layer modifiers (`blur[top]`, `source[layer]`, `layers`) are not refused: they are listed in
`Modifiers.ignored` so that the routes can report them. Only known parameters with bad values are 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import parse_qsl

from aemviewer.api_spec import (
    CROP_PERCENT_DECIMALS,
    DIMENSION_RANGE,
    FLIPS,
    IGNORED_PARAMETERS,
    KNOWN_PARAMETERS,
    QUALITY_RANGE,
    ROTATIONS,
)

DPR_RANGE: Final = (0.1, 5.0)
"""Device pixel ratio: the spec names `dpr` without a range; this is the emulator's choice."""
BLUR_RANGE: Final = (0.0, 100.0)
"""Gaussian blur radius in delivered pixels (emulator's choice; the spec gives no syntax)."""
SHARPEN_RANGE: Final = (0, 500)
"""Unsharp-mask strength in percent (emulator's choice; the spec gives no syntax)."""
MAX_PARAMETERS: Final = 64

_INTEGER = re.compile(r"\d{1,9}", re.ASCII)
_DECIMAL = re.compile(r"\d{1,6}(?:\.\d{1,2})?", re.ASCII)
_PERCENT = re.compile(rf"(\d{{1,3}}(?:\.\d{{1,{CROP_PERCENT_DECIMALS}}})?)p", re.ASCII)
_ASPECT_SMART = re.compile(r"(\d{1,5}):(\d{1,5}),smart", re.ASCII)
_BOOLEANS: Final = {"true": True, "false": False}


class BadParameter(Exception):
    """A query parameter the API would refuse with 400, with what it allows."""

    def __init__(self, parameter: str, detail: str, allowed: str) -> None:
        super().__init__(detail)
        self.parameter = parameter
        self.detail = detail
        self.allowed = allowed


@dataclass(frozen=True)
class PixelCrop:
    """`crop=x,y,w,h` in pixels of the image as it is when the crop applies."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class PercentCrop:
    """`crop=xp,yp,wp,hp`: the same rectangle in percent of the image."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class AspectSmartCrop:
    """Legacy `crop=W:H,smart`: the smart crop closest to this aspect ratio (best effort)."""

    width: int
    height: int


Crop = PixelCrop | PercentCrop | AspectSmartCrop


@dataclass(frozen=True)
class Modifiers:
    """Every modifier of one image request, parsed and range-checked, preset already merged in."""

    rotate: int = 0
    crop: Crop | None = None
    flip: str | None = None
    size: tuple[int, int] | None = None
    width: int | None = None
    height: int | None = None
    quality: int | None = None
    max_quality: int | None = None
    preferwebp: bool = False
    auto_format: bool = True
    smartcrop: str | None = None
    attachment: bool = False
    dpr: float = 1.0
    blur: float = 0.0
    sharpen: int = 0
    ignored: tuple[str, ...] = ()
    """Names of the parameters accepted but not applied, in URL order (reported, never refused)."""


def parse_modifiers(
    query_string: str,
    presets: Mapping[str, Mapping[str, str]],
    defaults: Mapping[str, str] | None = None,
) -> Modifiers:
    """Parse a raw (still percent-encoded) query string into `Modifiers`.

    `defaults` are modifiers the endpoint implies (the image-with-defaults endpoint's width and
    quality); a preset overrides them and the URL's own parameters override both.
    Raises `BadParameter` for repeated, malformed or out-of-range known parameters; unknown and
    per-layer parameters end up in `Modifiers.ignored`.
    """
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, max_num_fields=MAX_PARAMETERS)
    except ValueError as error:
        raise BadParameter(
            "query", f"too many query parameters (more than {MAX_PARAMETERS})", "the modifiers"
        ) from error
    given: dict[str, str] = {}
    ignored: list[str] = []
    for name, value in pairs:
        if (not name and not value) or name in IGNORED_PARAMETERS:
            continue  # a stray "=" or "&&", or what the spec says to accept silently
        if name == "layers" or name not in KNOWN_PARAMETERS:
            ignored.append(name or f"={value}")
            continue
        if name in given:
            raise BadParameter(name, f"parameter {name!r} is given more than once", "one value")
        given[name] = value
    merged = dict(defaults or {})
    preset_name = given.pop("preset", None)
    if preset_name is not None:
        if preset_name not in presets:
            allowed = ", ".join(sorted(presets)) or "none (this library defines no presets)"
            raise BadParameter("preset", f"unknown preset {preset_name!r}", allowed)
        merged.update(presets[preset_name])
    merged.update(given)
    return replace(_modifiers(merged), ignored=tuple(dict.fromkeys(ignored)))


def validate_preset(values: Mapping[str, str]) -> None:
    """Check a catalogue preset's modifiers; raises `BadParameter` like a URL would."""
    if "preset" in values:
        raise BadParameter("preset", "a preset cannot name another preset", "the other modifiers")
    for name in values:
        if name not in KNOWN_PARAMETERS:
            raise BadParameter(name, f"unknown parameter {name!r}", ", ".join(sorted(KNOWN_PARAMETERS)))
    _modifiers(values)


def _modifiers(values: Mapping[str, str]) -> Modifiers:
    fields: dict[str, object] = {}
    for name, value in values.items():
        parser = _PARSERS.get(name)
        if parser is not None:
            fields[name.replace("-", "_")] = parser(name, value)
    return Modifiers(**fields)  # type: ignore[arg-type]


def _integer(name: str, value: str, low: int, high: int, allowed: str | None = None) -> int:
    text = allowed or f"an integer from {low} to {high}"
    if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
        raise BadParameter(name, f"{name}={value!r} is not {text}", text)
    return int(value)


def _decimal(name: str, value: str, low: float, high: float) -> float:
    text = f"a number from {low:g} to {high:g} with at most 2 decimals"
    if not _DECIMAL.fullmatch(value) or not low <= float(value) <= high:
        raise BadParameter(name, f"{name}={value!r} is not {text}", text)
    return float(value)


def _boolean(name: str, value: str) -> bool:
    if value.lower() not in _BOOLEANS:
        raise BadParameter(name, f"{name}={value!r} is not true or false", "true, false")
    return _BOOLEANS[value.lower()]


def _rotate(name: str, value: str) -> int:
    allowed = ", ".join(str(angle) for angle in ROTATIONS)
    if value not in [str(angle) for angle in ROTATIONS]:
        raise BadParameter(name, f"rotate={value!r} is not a supported angle", allowed)
    return int(value)


def _flip(name: str, value: str) -> str:
    if value not in FLIPS:
        raise BadParameter(name, f"flip={value!r} is not a flip direction", ", ".join(FLIPS))
    return value


_CROP_ALLOWED = (
    "x,y,w,h in pixels (w,h ≥ 1), or xp,yp,wp,hp in percent with at most 2 decimals "
    "(x+w ≤ 100, y+h ≤ 100), or W:H,smart"
)


def _crop(name: str, value: str) -> Crop:
    legacy = _ASPECT_SMART.fullmatch(value)
    if legacy:
        width, height = int(legacy.group(1)), int(legacy.group(2))
        if width == 0 or height == 0:
            raise BadParameter(
                name, f"crop={value!r}: the aspect ratio needs two non-zero sides", _CROP_ALLOWED
            )
        return AspectSmartCrop(width, height)
    parts = value.split(",")
    if len(parts) != 4:
        raise BadParameter(name, f"crop={value!r} does not have four comma-separated values", _CROP_ALLOWED)
    percents = [_PERCENT.fullmatch(part) for part in parts]
    if all(percents):
        x, y, w, h = (float(match.group(1)) for match in percents if match)
        if max(x, y, w, h) > 100 or w <= 0 or h <= 0 or x + w > 100 or y + h > 100:
            raise BadParameter(
                name,
                f"crop={value!r}: percentages must stay inside the image (x+w ≤ 100, y+h ≤ 100, w,h > 0)",
                _CROP_ALLOWED,
            )
        return PercentCrop(x, y, w, h)
    if any(percents):
        raise BadParameter(name, f"crop={value!r} mixes pixels and percentages", _CROP_ALLOWED)
    if not all(_INTEGER.fullmatch(part) for part in parts):
        raise BadParameter(name, f"crop={value!r} is not four whole numbers", _CROP_ALLOWED)
    x, y, w, h = (int(part) for part in parts)
    if w < 1 or h < 1:
        raise BadParameter(name, f"crop={value!r}: width and height must be at least 1 pixel", _CROP_ALLOWED)
    return PixelCrop(x, y, w, h)


def _size(name: str, value: str) -> tuple[int, int]:
    low, high = DIMENSION_RANGE
    allowed = f"W,H with whole numbers from {low} to {high}"
    parts = value.split(",")
    if len(parts) != 2:
        raise BadParameter(name, f"size={value!r} is not W,H", allowed)
    width = _integer(name, parts[0], low, high, allowed)
    return width, _integer(name, parts[1], low, high, allowed)


def _smartcrop(name: str, value: str) -> str:
    if not re.fullmatch(r"[\w-]{1,100}", value):
        raise BadParameter(name, f"smartcrop={value!r} is not a smart crop name", "a smart crop of the asset")
    return value


_PARSERS: Final[dict[str, Callable[[str, str], object]]] = {
    "rotate": _rotate,
    "crop": _crop,
    "flip": _flip,
    "size": _size,
    "preferwebp": _boolean,
    "height": lambda name, value: _integer(name, value, *DIMENSION_RANGE),
    "width": lambda name, value: _integer(name, value, *DIMENSION_RANGE),
    "quality": lambda name, value: _integer(name, value, *QUALITY_RANGE),
    "max-quality": lambda name, value: _integer(name, value, *QUALITY_RANGE),
    "smartcrop": _smartcrop,
    "auto-format": _boolean,
    "attachment": _boolean,
    "dpr": lambda name, value: _decimal(name, value, *DPR_RANGE),
    "blur": lambda name, value: _decimal(name, value, *BLUR_RANGE),
    "sharpen": lambda name, value: _integer(name, value, *SHARPEN_RANGE),
}
"""Parsers by parameter name; `layers` and `preset` are handled before, so they have none."""
