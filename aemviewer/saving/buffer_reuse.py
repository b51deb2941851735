"""Keeping freed download buffers for reuse instead of giving them back to the system (glibc).

A download allocates a buffer for every piece the socket gives (asyncio, anyio and httpcore each
hand out fresh `bytes`: about 1 GiB of them for a 1 GiB file) and frees it once the piece is on the
disk. With glibc's adaptive defaults freed memory often goes back to the system at once, so the
next buffer is fresh pages again: `aemviewer get` of 1 GiB into tmpfs took 34 000–168 000 page
faults and 1.50–1.89 s, against 8 300 and 1.37–1.67 s with the thresholds below (BENCHMARKS.md).
Buffers below `MMAP_THRESHOLD` then come from the heap, and up to `TRIM_THRESHOLD` of free heap is
kept, so the resident memory stays bounded by those figures.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Final

MMAP_THRESHOLD: Final = 4 * 1024 * 1024
"""Allocations below this come from the heap (reusable) rather than from a fresh mapping."""
TRIM_THRESHOLD: Final = 32 * 1024 * 1024
"""Free heap kept for reuse before any is given back to the system."""

_M_TRIM_THRESHOLD: Final = -1
_M_MMAP_THRESHOLD: Final = -3


@functools.cache
def keep_freed_buffers() -> bool:
    """Set glibc's thresholds once per process; False where there is no glibc `mallopt` (other
    C libraries and systems allocate their own way, and there is nothing to set)."""
    if not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # the C library this process runs on
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
