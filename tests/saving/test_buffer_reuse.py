"""glibc keeps freed download buffers for reuse once a download has started."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys
from aemviewer.saving.buffer_reuse import keep_freed_buffers

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
set_now = keep_freed_buffers()
# 2 MiB buffers, freed: with the thresholds they come from the heap (no mapping of their own) and
# the freed space stays in the heap for the next one.
buffers = [bytearray(2 * 1024 * 1024) for _ in range(8)]
mapped_while_alive = libc.mallinfo2().hblkhd
del buffers
print(set_now, keep_freed_buffers(), mapped_while_alive, libc.mallinfo2().fordblks)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_freed_buffers_stay_in_the_heap_for_reuse() -> None:
    shown = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    set_now, again, mapped, free_in_heap = shown.stdout.split()
    assert set_now == "True" and again == "True"
    assert int(mapped) < 2 * 1024 * 1024  # none of the 2 MiB buffers got a mapping of its own
    assert int(free_in_heap) >= 8 * 2 * 1024 * 1024  # all 16 MiB kept, not given back
