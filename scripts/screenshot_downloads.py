"""Screenshots of saving: the Batch download dialog, a batch in progress in the Downloads tab, and
its summary — at 1280×800 and 1920×1080, light and dark.

The emulator answers in milliseconds, so the window talks to it through a throttling loopback
proxy (each connection's answer trickles at `RATE` bytes per second): the batch is caught while
files are still downloading, one is paused on purpose, and nothing depends on timing luck. Usage:

    .venv/bin/python scripts/screenshot_downloads.py [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from screenshot_support import wait_until

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import Library
from aemviewer.emulator.demo import DemoEmulator, first_public
from aemviewer.emulator.visibility import Caller, is_delivered
from aemviewer.saving.download_job import JobState
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme

SIZES = ((1280, 800), (1920, 1080))
RATE = 160 * 1024
"""Bytes per second per connection through the proxy."""


class ThrottlingProxy:
    """A TCP proxy on loopback that forwards to `upstream` and slows the answers down."""

    def __init__(self, upstream_port: int, rate: int) -> None:
        self.upstream_port = upstream_port
        self.rate = rate
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> str:
        self._thread.start()
        self._ready.wait(5)
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, throttle: bool) -> None:
            with contextlib.suppress(ConnectionError):
                while chunk := await source.read(16 * 1024):
                    sink.write(chunk)
                    await sink.drain()
                    if throttle:
                        await asyncio.sleep(len(chunk) / self.rate)
            sink.close()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))


def save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def editor_token(library: Library) -> str:
    return next(token for token, grant in library.tokens.items() if "clinical" in grant.roles)


def batch_list(library: Library, base_url: str) -> str:
    editor = Caller(token_known=True, roles=frozenset({"clinical", "marketing"}))
    ids = [asset.id for asset in library.assets.values() if is_delivered(asset, editor)]
    lines = [
        *ids[:9],
        "https://cdn.example.com/not-a-delivery-url",
        "urn:aaid:aem:00000000-0000-4000-8000-00000000dead",
    ]
    lines += [f"{base_url}/adobe/assets/{asset_id}/original/as/IMG_0001.jpg" for asset_id in ids[9:12]]
    return "\n".join(lines)


async def shoot(app: QApplication, proxy_url: str, library: Library, out: Path, work: Path) -> None:
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for width, height in SIZES:
            tag = f"{width}x{height}-{theme}"
            folder = work / f"batch-{tag}"
            folder.mkdir()
            settings = WindowSettings(QSettings(str(work / f"{tag}.ini"), QSettings.Format.IniFormat))
            # The editor's token: the metadata then names the files as in the DAM.
            service = DeliveryService(
                DeliveryEndpoints(proxy_url),
                StaticToken(editor_token(library)),
                profile_name="Demo library (slowed)",
            )
            window = MainWindow(service, settings)
            window.resize(width, height)
            window.show()
            first = first_public(library)
            assert first is not None
            window.open_text(first)
            await wait_until(lambda w=window: w.controller.last_preview is not None, "preview")
            downloads = window.downloads
            dialog = downloads.batches.open_dialog()
            dialog.list_edit.setPlainText(batch_list(library, proxy_url))
            dialog.folder_edit.setText(str(folder))
            dialog.images_check.setChecked(True)
            dialog.format_checks["webp"].setChecked(True)
            dialog.format_checks["jpg"].setChecked(False)
            await wait_until(dialog.start_button.isEnabled, "a valid batch")
            if width == 1920 or theme == "light":
                save(dialog, out / f"batch-dialog-{tag}.png")
            dialog.start_button.click()
            queue = downloads.queue
            await wait_until(
                lambda q=queue: q.counts()[JobState.DONE] >= 4 and q.counts()[JobState.RUNNING] >= 3,
                "a batch in progress",
            )
            waiting = next((job for job in queue.jobs if job.state is JobState.QUEUED), None)
            if waiting is not None:
                queue.pause(waiting)  # one paused on purpose: every state on one screen
            await asyncio.sleep(1.2)  # speeds and times to go need a second of samples
            running = max(
                (job for job in queue.jobs if job.state is JobState.RUNNING),
                key=lambda job: job.bytes_total or 0,
            )
            downloads.panel.select_job(running)
            await asyncio.sleep(0.2)
            save(window, out / f"downloads-in-progress-{tag}.png")
            if waiting is not None:
                queue.resume(waiting)
            await wait_until(lambda d=downloads: d.batches.last_summary is not None, "the batch's end")
            save(window, out / f"downloads-finished-{tag}.png")
            summary_dialog = downloads.batches.show_summary()
            assert summary_dialog is not None
            await asyncio.sleep(0.3)
            save(summary_dialog, out / f"batch-summary-{tag}.png")
            summary_dialog.close()
            window.close()
            await service.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    demo = DemoEmulator()
    library = demo.library
    base_url = demo.base_url()
    proxy = ThrottlingProxy(int(base_url.rsplit(":", 1)[1]), RATE)
    proxy_url = proxy.start()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with tempfile.TemporaryDirectory() as work, loop:
            loop.run_until_complete(shoot(app, proxy_url, library, args.out, Path(work)))
    finally:
        proxy.stop()
        demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
