"""Screenshots of the window on the demo library: 1280×800 and 1920×1080, light and dark.

Runs offscreen (no display needed) and writes `screenshots/preview-<size>-<theme>.png`, plus a few
states worth reviewing (an error banner, crop drawing). Usage:

    .venv/bin/python scripts/take_screenshots.py [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import Library
from aemviewer.emulator.demo import DemoEmulator, first_public
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme

SIZES = ((1280, 800), (1920, 1080))
TIMEOUT = 30.0


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    async with asyncio.timeout(TIMEOUT):
        while not condition():
            await asyncio.sleep(0.05)
    # Let layouts and the last paint settle.
    await asyncio.sleep(0.3)


def current(window: MainWindow) -> bool:
    """The painted preview is for the newest URL and nothing is loading."""
    preview = window.controller.last_preview
    return preview is not None and preview.url == window.controller.url and not window.controller.busy


def mosaic_id(library: Library) -> str | None:
    """The asset with the most smart crops (the demo's contact sheet), for a richer panel."""
    assets = sorted(library.assets.values(), key=lambda asset: len(asset.smart_crops), reverse=True)
    return assets[0].id if assets else None


async def shoot(
    app: QApplication, base_url: str, library: Library, out: Path, settings_dir: Path
) -> list[Path]:
    written: list[Path] = []
    first = first_public(library)
    assert first is not None, "the demo library has no public image"
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for width, height in SIZES:
            settings = WindowSettings(
                QSettings(str(settings_dir / f"{theme}-{width}.ini"), QSettings.Format.IniFormat)
            )
            service = DeliveryService(
                DeliveryEndpoints(base_url), None, profile_name="Demo library (local emulator)"
            )
            window = MainWindow(service, settings)
            window.resize(width, height)
            window.show()
            window.open_text(first)
            await wait_until(lambda w=window: current(w), "preview")
            written.append(save(window, out / f"preview-{width}x{height}-{theme}.png"))
            if width == 1920:
                await extra_states(window, library, out, theme, written)
            window.close()
            await service.aclose()
    return written


async def extra_states(
    window: MainWindow, library: Library, out: Path, theme: str, written: list[Path]
) -> None:
    mosaic = mosaic_id(library)
    if mosaic is not None:
        window.open_text(mosaic)
        await wait_until(lambda: window.modifier_panel.rows.smartcrop.combo.count() > 2, "smart crops")
        panel = window.modifier_panel
        panel.rows.width_control.spin.setValue(1200)
        panel.rows.control("quality").spin.setValue(80)
        await wait_until(
            lambda: current(window) and "quality=80" in window.controller.url, "modified preview"
        )
        written.append(save(window, out / f"modifiers-1920x1080-{theme}.png"))
        # The live approximation: a slider move shows the turned, narrower image at once, marked.
        panel.rows.rotate.buttons[1].click()
        panel.rows.width_control.spin.setValue(700)
        written.append(save(window, out / f"approximate-1920x1080-{theme}.png"))
        await wait_until(lambda: current(window) and "rotate=90" in window.controller.url, "rotated preview")
        window.crop_button.click()
        await wait_until(lambda: window.canvas.crop_mode, "crop mode")
        written.append(save(window, out / f"crop-drawing-1920x1080-{theme}.png"))
        window.canvas.end_crop()
    transparent = next(
        (a.id for a in library.assets.values() if a.raster.has_alpha and a.status == "approved"), None
    )
    if transparent is not None:
        window.open_text(
            f"{window.service.endpoints.base_url}/adobe/assets/{transparent}/as/logo.png?auto-format=false"
        )
        await wait_until(lambda: current(window), "transparent preview")
        written.append(save(window, out / f"transparency-1920x1080-{theme}.png"))
    window.open_text("urn:aaid:aem:00000000-0000-4000-8000-000000000000")
    await wait_until(lambda: window.banner.isVisible() and not window.controller.busy, "404 banner")
    written.append(save(window, out / f"error-404-1920x1080-{theme}.png"))


def save(window: MainWindow, path: Path) -> Path:
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    # Windows are closed one after another; the loop must outlive them.
    app.setQuitOnLastWindowClosed(False)
    demo = DemoEmulator()
    library = demo.library
    base_url = demo.base_url()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with tempfile.TemporaryDirectory() as settings_dir, loop:
            loop.run_until_complete(shoot(app, base_url, library, args.out, Path(settings_dir)))
    finally:
        demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
