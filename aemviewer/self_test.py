"""`aemviewer --self-test`: prove that this installation (or frozen bundle) can do its job.

It starts offscreen, serves the demo library from the bundled files, fetches and decodes a demo image
in each format the preview meets (Qt's readers and Pillow's AVIF), and decodes a few video frames from
the demo HLS manifest through QtMultimedia's FFmpeg backend. It prints one line per check and exits 0
only when every check passed — so a bundle missing a plugin or a library fails before users see it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator.demo import DemoEmulator, first_public

FRAMES_WANTED = 5
VIDEO_TIMEOUT_MS = 20_000
FORMATS = (("jpg", "image/jpeg"), ("png", "image/png"), ("webp", "image/webp"), ("avif", "image/avif"))


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    name: str
    passed: bool
    detail: str


def image_checks(base_url: str, asset_id: str) -> list[Check]:
    """Fetch the asset at 320 px in every format and decode each answer as the preview does."""
    from aemviewer.ui.common.image_decoding import decode_now

    async def fetch_all() -> list[Check]:
        checks = []
        async with DeliveryClient(
            DeliveryEndpoints(base_url), ClientSettings(token=StaticToken(None))
        ) as client:
            for extension, media_type in FORMATS:
                name = f"decode {extension}"
                try:
                    delivery = await client.image(
                        asset_id,
                        ImageModifiers(width=320, auto_format=False),
                        format=extension,
                        accept=media_type,
                    )
                    image = await asyncio.to_thread(decode_now, delivery.body, delivery.content_type)
                except DeliveryError as error:
                    checks.append(Check(name, False, error.message))
                    continue
                ok = delivery.media_type == media_type and image.width() == 320
                checks.append(
                    Check(
                        name,
                        ok,
                        f"{delivery.media_type}, {image.width()}×{image.height()}, {delivery.byte_count} bytes",
                    )
                )
        return checks

    return asyncio.run(fetch_all())


def video_check(manifest_url: str) -> Check:
    """Play the HLS manifest offscreen until a few frames are decoded (or the time runs out)."""
    try:
        from PySide6.QtCore import QEventLoop, QTimer, QUrl
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
    except ImportError as error:
        return Check("decode HLS video", False, f"QtMultimedia cannot be imported: {error}")

    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    frames: list[tuple[int, int]] = []
    errors: list[str] = []
    loop = QEventLoop()
    started = time.monotonic()

    def frame(video_frame: object) -> None:
        size = video_frame.size()  # type: ignore[attr-defined]
        if size.width() > 0:
            frames.append((size.width(), size.height()))
        if len(frames) >= FRAMES_WANTED:
            loop.quit()

    def failed(_error: object, message: str) -> None:
        errors.append(message or "unknown playback error")
        loop.quit()

    sink.videoFrameChanged.connect(frame)
    player.errorOccurred.connect(failed)
    QTimer.singleShot(VIDEO_TIMEOUT_MS, loop.quit)
    player.setSource(QUrl(manifest_url))
    player.play()
    loop.exec()
    player.stop()
    elapsed = time.monotonic() - started
    if errors:
        return Check("decode HLS video", False, errors[0])
    if len(frames) < FRAMES_WANTED:
        return Check("decode HLS video", False, f"{len(frames)} frames in {elapsed:.1f} s")
    width, height = frames[-1]
    return Check("decode HLS video", True, f"{len(frames)} frames of {width}×{height} in {elapsed:.1f} s")


def run_self_test(print_line: Callable[[str], None] = print) -> int:
    """Run every check, print them, return the exit code (0: all passed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    checks: list[Check] = []
    with DemoEmulator() as demo:
        library = demo.library
        checks.append(Check("demo library", True, f"{len(library.assets)} assets in {library.root}"))
        base_url = demo.base_url()
        image = first_public(library, "image/")
        if image is None:
            checks.append(Check("demo image", False, "the demo library has no public image"))
        else:
            checks.extend(image_checks(base_url, image))
        video = first_public(library, "video/")
        if video is None:
            checks.append(Check("decode HLS video", False, "the demo library has no public video"))
        else:
            endpoints = DeliveryEndpoints(base_url)
            checks.append(video_check(endpoints.manifest_hls(video)))
    del app
    for check in checks:
        print_line(f"{'ok  ' if check.passed else 'FAIL'} {check.name}: {check.detail}")
    passed = all(check.passed for check in checks)
    print_line("self-test passed" if passed else "self-test FAILED")
    return 0 if passed else 1
