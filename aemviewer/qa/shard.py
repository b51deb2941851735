"""`--shard K/N`: a deterministic partition of a list by asset, so that N machines share a run.

An entry's shard depends only on its key (the asset id), not on its position in the list:
the same asset lands in the same shard on every run, on every machine, whatever else the list holds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from aemviewer.delivery.errors import InvalidInput

T = TypeVar("T")
_SHARD_RE = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*", re.ASCII)


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise InvalidInput(
                f"Shard {self.index}/{self.count} does not exist.",
                hint="Give --shard K/N with 1 <= K <= N, e.g. --shard 2/3.",
            )

    def holds(self, key: str) -> bool:
        """True when the entry with `key` belongs to this shard."""
        return shard_number(key, self.count) == self.index

    def select(self, items: Iterable[T], key: Callable[[T], str]) -> list[T]:
        """The items of this shard, in their order."""
        return [item for item in items if self.holds(key(item))]


def shard_number(key: str, count: int) -> int:
    """The 1-based shard of `key` among `count`: a hash (SHA-256, not Python's salted `hash`)."""
    digest = hashlib.sha256(key.strip().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def entry_key(asset_id: str | None, text: str) -> str:
    """The key an entry is sharded by: its asset id, or its text when it names no asset (so that
    an unusable line is reported by exactly one shard)."""
    return asset_id if asset_id is not None else text


def parse_shard(text: str) -> Shard:
    """`"2/3"` → `Shard(2, 3)`; `InvalidInput` otherwise."""
    match = _SHARD_RE.fullmatch(text)
    if match is None:
        raise InvalidInput(f"--shard {text!r} is not K/N.", hint="Write it as --shard 2/3 (shard 2 of 3).")
    return Shard(int(match.group(1)), int(match.group(2)))
