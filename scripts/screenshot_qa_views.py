"""Screenshots of the QA views — Compare (split and side by side), Formats, Smart crops, History —
on the demo library, at 1280×800 and 1920×1080, light and dark. Usage:

    .venv/bin/python scripts/screenshot_qa_views.py [--out screenshots]
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from screenshot_support import each_window, main, wait_until

from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.emulator import Library
from aemviewer.ui.qa.compare.side import SideSpec
from aemviewer.ui.qa.compare.view import CompareMode
from aemviewer.ui.shell.main_window import MainWindow

SIZES = ((1280, 800), (1920, 1080))


def photo_and_mosaic(library: Library) -> tuple[str, str]:
    """A public JPEG photograph (the first), and the asset with the most smart crops."""
    photos = [a for a in library.assets.values() if a.media_type == "image/jpeg" and not a.roles]
    mosaic = max(library.assets.values(), key=lambda asset: len(asset.smart_crops))
    return photos[1].id if len(photos) > 1 else photos[0].id, mosaic.id


async def shoot_window(
    window: MainWindow, base_url: str, photo: str, mosaic: str, out: Path, name: str
) -> None:
    """Open the photo, then take each QA view of this window."""
    controller = window.controller
    window.open_text(f"{base_url}/adobe/assets/{photo}/as/photo.jpg?width=600&quality=80")
    await wait_until(lambda: controller.last_preview is not None and not controller.busy)

    compare = window.compare_panel
    window.tabs.setCurrentWidget(compare)
    await wait_until(lambda: all(result is not None for result in compare.results))
    accept = compare.specs[0].accept if compare.specs[0] else None
    compare.set_side(1, SideSpec(ImageModifiers.from_query_string("width=600&quality=20"), "webp", accept))
    await wait_until(lambda: compare.results[1] is not None and "quality=20" in compare.results[1].url)
    compare.view.canvas_a.actual_size()
    await asyncio.sleep(0.3)
    window.grab().save(str(out / f"qa-compare-{name}.png"))
    compare.set_mode(CompareMode.SIDE_BY_SIDE)
    await asyncio.sleep(0.3)
    window.grab().save(str(out / f"qa-compare-side-by-side-{name}.png"))

    matrix = window.format_matrix_panel
    window.tabs.setCurrentWidget(matrix)
    await wait_until(lambda: bool(matrix.model.rows) and matrix.model.done == len(matrix.model.rows))
    window.grab().save(str(out / f"qa-formats-{name}.png"))

    window.tabs.setCurrentIndex(0)
    window.open_text(mosaic)
    await wait_until(
        lambda: mosaic in controller.url and controller.last_preview is not None and not controller.busy
    )
    sheet = window.smart_crop_sheet
    window.tabs.setCurrentWidget(sheet)
    await wait_until(
        lambda: (
            bool(sheet.sheet.cards)
            and all(card.delivered is not None for card in sheet.sheet.cards)
            and not sheet.overlay.image.isNull()
        )
    )
    window.grab().save(str(out / f"qa-smartcrops-{name}.png"))

    window.tabs.setCurrentWidget(window.history_panel)
    await asyncio.sleep(0.4)
    window.grab().save(str(out / f"qa-history-{name}.png"))


async def shoot(app: QApplication, base_url: str, library: Library, out: Path, folder: Path) -> None:
    photo, mosaic = photo_and_mosaic(library)

    async def shoot_one(window: MainWindow, name: str) -> None:
        await shoot_window(window, base_url, photo, mosaic, out, name)
        print(f"{out}/qa-*-{name}.png")

    await each_window(app, base_url, folder, SIZES, shoot_one)


if __name__ == "__main__":
    raise SystemExit(main(shoot, __doc__.splitlines()[0], "aemviewer-qa-shots"))
