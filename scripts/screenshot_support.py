"""What the screenshot scripts share: waiting for a state of the window, and running a shooting
coroutine on a qasync loop beside the in-process demo emulator."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import Library
from aemviewer.emulator.demo import DemoEmulator
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme

Shoot = Callable[[QApplication, str, Library, Path, Path], Coroutine[Any, Any, None]]
"""`shoot(app, base_url, library, out, scratch_folder)`."""


async def wait_until(condition: Callable[[], bool], what: str = "the window", timeout: float = 120.0) -> None:
    """Poll `condition` until it holds, then let layouts and the last paint settle."""
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise SystemExit(f"timed out waiting for {what}") from None
    await asyncio.sleep(0.3)


async def each_window(
    app: QApplication,
    base_url: str,
    folder: Path,
    sizes: tuple[tuple[int, int], ...],
    shoot_one: Callable[[MainWindow, str], Coroutine[Any, Any, None]],
) -> None:
    """A fresh window for each theme (light, dark) and size, shown, handed to `shoot_one` with its
    name (`1024x700-dark`), then closed."""
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for width, height in sizes:
            name = f"{width}x{height}-{theme}"
            settings = WindowSettings(QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat))
            service = DeliveryService(DeliveryEndpoints(base_url), None, profile_name="Demo library")
            window = MainWindow(service, settings, history_path=folder / f"history-{name}.jsonl")
            window.resize(width, height)
            window.show()
            try:
                await shoot_one(window, name)
            finally:
                window.video_panel.shutdown()
                window.close()
                window.runner.cancel_all()
                await service.aclose()


def main(shoot: Shoot, description: str, name: str) -> int:
    """Parse `--out`, then run `shoot` against the demo emulator with a scratch folder; 0 once done."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--out", default="screenshots", help="folder for the PNG files (default: screenshots)"
    )
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([name])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # windows close one after another; the loop outlives them
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as folder, DemoEmulator() as demo, loop:
        loop.run_until_complete(shoot(app, demo.base_url(), demo.library, out, Path(folder)))
    return 0
