"""The `crop` modifier: a rectangle of the source image, in pixels or in percent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from aemviewer import api_spec
from aemviewer.delivery.errors import InvalidModifier

_PIXELS_EXPECTED = "x,y,w,h in source pixels (integers, x,y ≥ 0, w,h ≥ 1)"
_PERCENT_EXPECTED = (
    f"xp,yp,wp,hp in percent (at most {api_spec.CROP_PERCENT_DECIMALS} decimals, w,h > 0, "
    "x+w ≤ 100 and y+h ≤ 100)"
)
_SYNTAX_EXPECTED = "x,y,w,h in pixels (e.g. 10,20,300,200) or xp,yp,wp,hp in percent (e.g. 10p,10p,50p,50p)"

_PIXELS_RE = re.compile(r"\d+,\d+,\d+,\d+", re.ASCII)
_PERCENT_NUMBER = r"\d+(?:\.\d+)?p"
_PERCENT_RE = re.compile(",".join([_PERCENT_NUMBER] * 4), re.ASCII)
_LEGACY_SMART_RE = re.compile(r"\d+:\d+,smart", re.ASCII)
_HUNDRED = Decimal(100)
_STEP = Decimal(1).scaleb(-api_spec.CROP_PERCENT_DECIMALS)


def is_legacy_smart_crop(value: str) -> bool:
    """True for the old `crop=W:H,smart` syntax (a smart crop by aspect ratio), still seen in URLs."""
    return _LEGACY_SMART_RE.fullmatch(_decode_commas(value)) is not None


def _decode_commas(text: str) -> str:
    # Commas may arrive percent-encoded when the caller did not decode the query string.
    return text.replace("%2C", ",").replace("%2c", ",")


@dataclass(frozen=True, slots=True)
class Crop:
    """A crop rectangle: origin (x, y) and size (w, h).

    In pixels (`percent=False`) every number is an int, x and y ≥ 0, w and h ≥ 1. In percent
    (`percent=True`) every number is a `Decimal` with at most two decimals (ints and floats are
    converted), w and h > 0, and origin plus size stays within 100 on both axes.
    """

    x: int | Decimal
    y: int | Decimal
    w: int | Decimal
    h: int | Decimal
    percent: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.percent, bool):
            raise InvalidModifier("crop", self.percent, "percent=True or percent=False")
        if self.percent:
            self._check_percent()
        else:
            self._check_pixels()

    def _check_pixels(self) -> None:
        for name, value, minimum in (("x", self.x, 0), ("y", self.y, 0), ("w", self.w, 1), ("h", self.h, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise InvalidModifier(f"crop {name}", value, f"an integer ≥ {minimum} ({_PIXELS_EXPECTED})")

    def _check_percent(self) -> None:
        numbers: list[Decimal] = []
        for name in ("x", "y", "w", "h"):
            value = _to_decimal(name, getattr(self, name))
            minimum_ok = value > 0 if name in ("w", "h") else value >= 0
            if not minimum_ok or value > _HUNDRED:
                raise InvalidModifier(f"crop {name}", value, _PERCENT_EXPECTED)
            numbers.append(value)
            # Frozen: the only way to store the normalised Decimal.
            object.__setattr__(self, name, value)
        x, y, w, h = numbers
        if x + w > _HUNDRED or y + h > _HUNDRED:
            raise InvalidModifier("crop", self.to_query_value(), _PERCENT_EXPECTED)

    @classmethod
    def parse(cls, text: str) -> Crop:
        """Read a `crop` query value: `10,20,300,200` (pixels) or `10p,10p,50p,50p` (percent).

        Percent-encoded commas (`%2C`) are accepted. Raises `InvalidModifier` for anything else,
        including the legacy `W:H,smart` syntax (see `is_legacy_smart_crop`).
        """
        value = _decode_commas(text)
        if _PIXELS_RE.fullmatch(value):
            x, y, w, h = (int(part) for part in value.split(","))
            return cls(x, y, w, h)
        if _PERCENT_RE.fullmatch(value):
            px, py, pw, ph = (Decimal(part[:-1]) for part in value.split(","))
            return cls(px, py, pw, ph, percent=True)
        if is_legacy_smart_crop(value):
            raise InvalidModifier("crop", text, f"{_SYNTAX_EXPECTED}; W:H,smart is the legacy smart crop")
        raise InvalidModifier("crop", text, _SYNTAX_EXPECTED)

    def to_query_value(self) -> str:
        """The query value: `x,y,w,h` or `xp,yp,wp,hp` (commas left readable)."""
        if not self.percent:
            return f"{self.x},{self.y},{self.w},{self.h}"
        return ",".join(f"{_format_decimal(value)}p" for value in (self.x, self.y, self.w, self.h))

    def __str__(self) -> str:
        return self.to_query_value()


def _to_decimal(name: str, value: object) -> Decimal:
    if isinstance(value, bool):
        raise InvalidModifier(f"crop {name}", value, _PERCENT_EXPECTED)
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            raise InvalidModifier(f"crop {name}", value, _PERCENT_EXPECTED)
    except InvalidOperation as exc:
        raise InvalidModifier(f"crop {name}", value, _PERCENT_EXPECTED) from exc
    if not number.is_finite() or not 0 <= number <= _HUNDRED or number != number.quantize(_STEP):
        raise InvalidModifier(f"crop {name}", value, _PERCENT_EXPECTED)
    exponent = number.as_tuple().exponent
    # Keep the written precision (10.50 stays 10.50) unless it has more digits than allowed.
    if isinstance(exponent, int) and exponent < -api_spec.CROP_PERCENT_DECIMALS:
        number = number.quantize(_STEP)
    return number


def _format_decimal(value: int | Decimal) -> str:
    # 'f' never uses exponent notation (Decimal("1E+1") → "10").
    return format(value, "f")
