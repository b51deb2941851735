"""Screenshots of names corrected on save: the Downloads tab after Save original… was given a name
whose extension names another type (or none, or a taken one), with the status bar's message — at
1280×800 and 1920×1080, light and dark. Usage:

    .venv/bin/python scripts/screenshot_save_names.py [--out screenshots]
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from screenshot_support import main, wait_until

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import Library
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme

SIZES = ((1280, 800), (1920, 1080))
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
"""A demo asset whose original is a JPEG."""
TYPED = ("photo.jpeg", "portrait", "photo.png")
"""What the user types in the save dialog, in turn: kept as typed, `.jpg` added, and corrected
while `photo.jpg` (a file of the user's) is taken."""


class Typed:
    """Stands in for the save dialog: answers with the next typed name in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = list(TYPED)

    def __call__(self, parent: QWidget, suggested: str, title: str = "") -> Path | None:
        return self.folder / self.names.pop(0)


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


async def shoot(app: QApplication, base_url: str, library: Library, out: Path, work: Path) -> None:
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for width, height in SIZES:
            tag = f"{width}x{height}-{theme}"
            folder = work / tag
            folder.mkdir()
            (folder / "photo.jpg").write_bytes(b"the user's own file")
            settings = WindowSettings(QSettings(str(work / f"{tag}.ini"), QSettings.Format.IniFormat))
            service = DeliveryService(
                DeliveryEndpoints(base_url), StaticToken(None), profile_name="Demo library"
            )
            window = MainWindow(service, settings, choose_save_path=Typed(folder))
            window.resize(width, height)
            window.show()
            try:
                window.open_text(CHELSEA)
                await wait_until(lambda w=window: w.controller.last_preview is not None, "the preview")
                downloads = window.downloads
                for count in range(1, len(TYPED) + 1):
                    downloads.save_original_action.trigger()
                    await wait_until(lambda d=downloads, n=count: len(d.saved_paths) == n, "a save")
                window.tabs.setCurrentWidget(downloads.panel)
                downloads.panel.select_job(downloads.queue.jobs[-1])
                await wait_until(lambda: True)
                save(window, out / f"save-names-{tag}.png")
            finally:
                window.close()
                window.runner.cancel_all()
                await service.aclose()


if __name__ == "__main__":
    raise SystemExit(main(shoot, __doc__.splitlines()[0], "screenshot-save-names"))
