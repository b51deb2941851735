"""A small least-recently-used cache of delivered images, bounded by their total size in bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Final

DEFAULT_BUDGET: Final = 64 * 1024 * 1024


class TransformCache:
    """Delivered bytes by render-plan key; evicts the least recently used beyond `budget` bytes.

    Thread-safe: renders finish in worker threads. An item larger than a quarter of the budget is
    not kept, so one huge answer cannot flush everything else.
    """

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        """The cached bytes for `key`, marking them recently used; None on a miss."""
        with self._lock:
            body = self._items.get(key)
            if body is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: str, body: bytes) -> None:
        """Keep `body` under `key`, evicting old items to stay within the budget."""
        if len(body) > self.budget // 4:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._items[key] = body
            self._size += len(body)
            while self._size > self.budget:
                _key, evicted = self._items.popitem(last=False)
                self._size -= len(evicted)

    @property
    def size(self) -> int:
        """Bytes currently held."""
        with self._lock:
            return self._size

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
