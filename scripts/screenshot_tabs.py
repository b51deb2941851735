"""Screenshots of every tab of the window at 1024×700 (a 1024×768 screen) and 1920×1080, in the
light and dark themes, on the demo library: `screenshots/tab-<tab>-<size>-<theme>.png`. Look at
each for clipping, overlap and unreadable text. The Video tab is taken twice: with the poster, and
paused after playing (`tab-video-playing-…`), where the picture stays empty: an offscreen grab
does not include QVideoWidget's frames (the tests check the frames on its video sink). Usage:

    .venv/bin/python scripts/screenshot_tabs.py [--out screenshots]
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from screenshot_support import each_window, main, wait_until

from aemviewer.emulator import Library
from aemviewer.ui.shell.main_window import MainWindow

SIZES = ((1024, 700), (1920, 1080))


def mosaic_and_video(library: Library) -> tuple[str, str]:
    """The asset with the most smart crops (for the image tabs) and the first public video."""
    mosaic = max(library.assets.values(), key=lambda asset: len(asset.smart_crops))
    video = next(a for a in library.assets.values() if a.video is not None and not a.roles)
    return mosaic.id, video.id


def save(window: MainWindow, path: Path) -> None:
    asked = int(path.stem.split("-")[-2].split("x")[0])  # tab-<tab>-<width>x<height>-<theme>
    if window.width() != asked:
        print(f"warning: {path.name}: the window is {window.width()} wide, not {asked}")
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def loaded(window: MainWindow, tab: object) -> bool:
    """What the tab loads once shown has arrived (the other tabs show what they have at once)."""
    if tab is window.metadata_tab.panel:
        return window.metadata_tab.panel.model.rowCount() > 0
    if tab is window.smart_crop_sheet:
        cards = window.smart_crop_sheet.sheet.cards
        return bool(cards) and all(card.delivered is not None for card in cards)
    if tab is window.format_matrix_panel:
        model = window.format_matrix_panel.model
        return bool(model.rows) and model.done == len(model.rows)
    return True


def slug(title: str) -> str:
    return title.lower().replace("&", "").replace(" ", "-")


async def shoot_window(window: MainWindow, mosaic: str, video: str, out: Path, name: str) -> None:
    """Every tab with the mosaic open (the Video tab with the video, played for a moment)."""
    controller = window.controller
    window.open_text(mosaic)
    await wait_until(lambda: controller.last_preview is not None and not controller.busy, "the preview")
    for index in range(window.tabs.count()):
        title, tab = window.tabs.tabText(index), window.tabs.widget(index)
        if tab is window.video_panel:
            continue
        window.tabs.setCurrentIndex(index)
        await wait_until(lambda tab=tab: loaded(window, tab), title)
        save(window, out / f"tab-{slug(title)}-{name}.png")
    panel = window.video_panel
    window.tabs.setCurrentWidget(panel)
    window.open_text(video)
    await wait_until(lambda: panel.video is not None, "the video")
    save(window, out / f"tab-video-{name}.png")
    player = panel.player
    if player is None:  # no QtMultimedia here: the tab says what to install, shown above
        return
    panel.toggle_play()
    await wait_until(lambda: player.frames >= 10, "frames")
    player.pause()
    await asyncio.sleep(0.5)
    save(window, out / f"tab-video-playing-{name}.png")


async def shoot(app: QApplication, base_url: str, library: Library, out: Path, folder: Path) -> None:
    mosaic, video = mosaic_and_video(library)

    async def shoot_one(window: MainWindow, name: str) -> None:
        await shoot_window(window, mosaic, video, out, name)

    await each_window(app, base_url, folder, SIZES, shoot_one)


if __name__ == "__main__":
    raise SystemExit(main(shoot, __doc__.splitlines()[0], "aemviewer-tab-shots"))
