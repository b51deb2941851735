"""Argument types for the numbers of the command line: plain ASCII decimals, within their range.

`int()` and `float()` also read "٣٠", "３０", "nan", "inf" and "1e3"; argparse would hand any of
them on (`--timeout nan` ended in a traceback, `--port 70000` too). A refused value is a usage
error (exit 2) that names the option's range.
"""

from __future__ import annotations

import argparse
import math
import re

_WHOLE = re.compile(r"[0-9]{1,12}")
_DECIMAL = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,9})?|\.[0-9]{1,9}")

MAX_TIMEOUT = 24 * 3600.0
MAX_PORT = 65535


def whole_number(text: str, low: int, high: int, what: str) -> int:
    """`text` as an int in [low, high], else `argparse.ArgumentTypeError` saying what is expected."""
    value = text.strip()
    if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}: expected a whole number {low}-{high}")
    return int(value)


def seconds(text: str, high: float, what: str) -> float:
    """`text` as seconds above 0 and at most `high`, else `argparse.ArgumentTypeError`."""
    value = text.strip()
    number = float(value) if _DECIMAL.fullmatch(value) else math.nan
    if not 0 < number <= high:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not {what}: expected seconds above 0 and up to {high:g} (e.g. 30 or 2.5)"
        )
    return number


def decimal(text: str) -> float:
    """Any plain decimal number, signs included (the command checks its range)."""
    value = text.strip()
    if not _DECIMAL.fullmatch(value.removeprefix("-")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number: expected digits 0-9, e.g. 2 or 0.5")
    return float(value)


def timeout_seconds(text: str) -> float:
    """A timeout: seconds above 0, at most a day (`--timeout 0.5`, `--timeout 30`)."""
    return seconds(text, MAX_TIMEOUT, "a timeout")


def port_number(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    return whole_number(text, 0, MAX_PORT, "a port")


def count(text: str) -> int:
    """A count of things at once (jobs, concurrency); its upper bound is checked by the command."""
    return whole_number(text, 0, 10**6, "a count")
