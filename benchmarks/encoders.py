"""Decoding and encoding engines for the emulator's fresh transforms, in process, side by side.

The row issue 18 names: the demo's 4096 × 2304 JPEG → a 1025 px wide WebP at quality 80. The
reference is the naive Pillow way (open, LANCZOS resize, WebP save with Pillow's defaults); beside
it Pillow with `draft()` (libjpeg decodes at 1/2, 1/4 or 1/8 scale) and `reduce()`, and libvips
(`pyvips.Image.thumbnail`: shrink-on-load), each at several encoder efforts (WebP `method` 0–6,
AVIF `speed`), with the time and the bytes of each. Single thread: the emulator renders one image
per core. HTTP is not included here; `emulator_load` measures the emulator as served.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from aemviewer.emulator.imaging import AVIF_SPEED, WEBP_METHOD, shrink_on_load
from aemviewer.resources import demo_library

from .common import Row, Section, emit, median, ms, ratio
from .libraries import MOSAIC

WIDTH = 1025
QUALITY = 80
RUNS = 7
NAIVE = "naive Pillow: open + LANCZOS + WebP save (method 4)"
CHOSEN = f"Pillow draft + reduce, WebP method={WEBP_METHOD}"
# libvips would otherwise spread one image over every core; the emulator already renders one image
# per core (emulator/limits.py), so one thread each is the comparison that holds under load.
os.environ.setdefault("VIPS_CONCURRENCY", "1")


def naive(path: Path) -> bytes:
    with Image.open(path) as image:
        height = round(image.height * WIDTH / image.width)
        resized = image.convert("RGB").resize((WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, "WEBP", quality=QUALITY)
    return buffer.getvalue()


def pillow(path: Path, codec: str, **options: object) -> bytes:
    with Image.open(path) as opened:
        height = round(opened.height * WIDTH / opened.width)
        shrink_on_load(opened, (WIDTH, height))
        image = opened.convert("RGB")
    image = image.resize((WIDTH, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    image.save(buffer, codec, quality=QUALITY, **options)
    return buffer.getvalue()


def vips(path: Path, suffix: str) -> bytes:
    import pyvips

    image = pyvips.Image.thumbnail(str(path), WIDTH, height=10_000_000)
    data: bytes = image.write_to_buffer(suffix)
    return data


def timings(work: dict[str, Callable[[], bytes]]) -> dict[str, tuple[float, int]]:
    """Median seconds and bytes of each, the candidates taken in turns (round robin) so that a
    change in the machine's load falls on all of them alike."""
    sizes = {label: len(function()) for label, function in work.items()}  # warm: loads the codecs
    times: dict[str, list[float]] = {label: [] for label in work}
    for _ in range(RUNS):
        for label, function in work.items():
            started = time.perf_counter()
            function()
            times[label].append(time.perf_counter() - started)
    return {label: (median(times[label]), sizes[label]) for label in work}


def candidates(path: Path) -> dict[str, Callable[[], bytes]]:
    found: dict[str, Callable[[], bytes]] = {}
    for method in (0, 1, 2, 4, 6):
        found[f"Pillow draft + reduce, WebP method={method}"] = lambda m=method: pillow(
            path, "WEBP", method=m
        )
    for speed in (6, 8, 10):
        found[f"Pillow draft + reduce, AVIF speed={speed}"] = lambda s=speed: pillow(path, "AVIF", speed=s)
    try:
        import pyvips  # noqa: F401
    except (ImportError, OSError):
        return found
    for effort in (0, 1, 2, 4):
        found[f"libvips thumbnail, WebP effort={effort}"] = lambda e=effort: vips(
            path, f".webp[Q={QUALITY},effort={e}]"
        )
    for effort in (0, 2):
        found[f"libvips thumbnail, AVIF effort={effort}"] = lambda e=effort: vips(
            path, f".avif[Q={QUALITY},effort={e}]"
        )
    return found


def section_labels(section: Section) -> list[str]:
    return [row.measure for row in section.rows]


def main() -> None:
    section = Section("Emulator: decode, resize and encode engines (4096×2304 JPEG → 1025 px, q80)")
    path = demo_library() / MOSAIC
    work = {NAIVE: lambda: naive(path), **candidates(path)}
    results = timings(work)
    reference, reference_bytes = results.pop(NAIVE)
    section.add(Row(NAIVE, f"{ms(reference)}, {reference_bytes:,} bytes"))
    for label, (seconds, size) in results.items():
        chosen = label == CHOSEN
        section.add(
            Row(
                f"{label} (the emulator's)" if chosen else label,
                f"{ms(seconds)}, {size:,} bytes",
                f"naive: {ms(reference)}, {reference_bytes:,} bytes",
                ratio(seconds / reference),
                "≤ 0.4× the naive time" if chosen else "",
                seconds / reference <= 0.4 if chosen else None,
            )
        )
    section.notes.append(
        f"Median of {RUNS} runs each, taken in turns after one warm-up, one thread (VIPS_CONCURRENCY=1), no HTTP; "
        f"the emulator uses Pillow with draft, WebP method {WEBP_METHOD}, AVIF speed {AVIF_SPEED} "
        "(docs/decisions.md)."
    )
    if not any(label.startswith("libvips") for label in section_labels(section)):
        section.notes.append("pyvips is not installed: `pip install -e .[bench]` adds the libvips rows.")
    emit(section)


if __name__ == "__main__":
    main()
