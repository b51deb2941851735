"""Preview overhead: from a modifier change (after the debounce) to the new image painted, minus the
server's own time, for 2048 px JPEG, WebP and AVIF answers.

The real main window runs offscreen against the emulator (its own process) serving the demo
library's 4096 × 2304 photograph.
Each sample changes the quality, so every request is a new URL that the server renders and the
client fetches in full (no revalidation); the `Delivery`'s timings (request sent → last body byte)
are subtracted. What remains is the client: starting the task, decoding off the GUI thread,
handing the image to the canvas, painting.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from time import perf_counter

from PySide6.QtCore import QSize

from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.common.image_decoding import decode_to_fit_now
from aemviewer.ui.shell.main_window import MainWindow

from .common import Row, Section, emit, emulator_process, median, ms, percentile
from .libraries import demo_copy
from .qt_harness import PaintedPreview, PreviewProbe, main_window, qt_loop

SAMPLES = 25
WARM_UP = 3
FORMATS = {"jpg": ("image/jpeg", 0.020), "webp": ("image/webp", 0.025), "avif": ("image/avif", 0.045)}
"""URL extension → (the one media type accepted, the p95 target in seconds)."""


async def sample_format(
    window: MainWindow, probe: PreviewProbe, image_url: str, media_type: str
) -> list[PaintedPreview]:
    """Open `image_url` accepting only `media_type`, then time WARM_UP + SAMPLES quality changes."""
    first = probe.next()
    window.controller.set_accept(media_type)
    if not window.open_text(image_url):
        raise RuntimeError(f"the window refused {image_url}: {window.asset_bar.message.text()}")
    await first
    painted: list[PaintedPreview] = []
    for index in range(WARM_UP + SAMPLES):
        waiting = probe.next()
        window.controller.set_modifiers(ImageModifiers(quality=50 + index))
        result = await waiting
        if result.delivery.media_type != media_type:
            raise RuntimeError(f"asked for {media_type}, the server delivered {result.delivery.media_type}")
        if index >= WARM_UP:
            painted.append(result)
    return painted


def decode_seconds(body: bytes, content_type: str, box: QSize | None) -> float:
    """The median time of decoding `body` alone to fit `box` (None: in full), for the notes."""
    times = []
    for _ in range(5):
        started = perf_counter()
        decode_to_fit_now(body, content_type, box)
        times.append(perf_counter() - started)
    return median(times)


def main() -> None:
    section = Section("Preview overhead (2048 px answers, real window offscreen)")
    results: dict[str, list[PaintedPreview]] = {}
    with tempfile.TemporaryDirectory(prefix="aemviewer-bench-") as temporary:
        # The demo's 4096 × 2304 photograph: without a width, the API answers 2048 px wide.
        asset = demo_copy(Path(temporary))
        with (
            emulator_process(Path(temporary)) as base_url,
            qt_loop() as loop,
            main_window(base_url) as window,
        ):
            probe = PreviewProbe(window)
            box = window.canvas.fit_box()
            for extension, (media_type, _target) in FORMATS.items():
                image_url = f"{base_url}/adobe/assets/{asset}/as/mosaic.{extension}"
                results[extension] = loop.run_until_complete(
                    sample_format(window, probe, image_url, media_type)
                )
    for extension, (media_type, target) in FORMATS.items():
        painted = results[extension]
        overheads = [item.overhead for item in painted]
        servers = [item.delivery.timings.total for item in painted]
        last = painted[-1].delivery
        p95 = percentile(overheads, 95)
        section.add(
            Row(
                f"{media_type}, {last.byte_count / 1024:.0f} KiB, {SAMPLES} changes",
                f"p50 {ms(median(overheads))}, p95 {ms(p95)}",
                f"server (Delivery timings): p50 {ms(median(servers))}, p95 {ms(percentile(servers, 95))}",
                f"{median(overheads) / median(servers):.2f} of server time",
                f"p95 ≤ {target * 1000:.0f} ms",
                p95 <= target,
            )
        )
        section.notes.append(
            f"{media_type}: decode alone {ms(decode_seconds(last.body, last.content_type, None))} in full, "
            f"{ms(decode_seconds(last.body, last.content_type, box))} to fit the canvas "
            f"({box.width()} × {box.height()}) (medians, worker thread); "
            f"paint event {ms(median([item.paint for item in painted]))}; "
            f"request → preview_ready minus server {ms(median([item.ready - item.requested - item.delivery.timings.total for item in painted]))} (p50)."
        )
    emit(section)


if __name__ == "__main__":
    main()
