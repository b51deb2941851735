"""Help → About: the version, the versions of what runs underneath, and the licences of bundled parts."""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aemviewer import __version__

BUNDLED = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "httpx",
    "h2",
    "truststore",
    "stamina",
    "qasync",
    "starlette",
    "uvicorn",
    "Pillow",
    "m3u8",
    "keyring",
    "platformdirs",
    "pathvalidate",
)
"""The distributions the app runs on, in the order the dialog lists them."""

FFMPEG_LICENCE = "LGPL-2.1-or-later"
"""Qt's bundled FFmpeg build (the FFmpeg project's licence for builds without GPL parts)."""


@dataclass(frozen=True)
class Component:
    """One part the app bundles or runs on."""

    name: str
    version: str
    licence: str


def ffmpeg_libraries() -> str:
    """The FFmpeg libraries QtMultimedia ships with, by their versioned file names, or "not found"."""
    folder = Path(PySide6.__file__).parent / "Qt" / "lib"
    found = []
    for library in ("libavformat", "libavcodec", "libavutil"):
        versions = sorted(
            match.group(1)
            for path in folder.glob(f"{library}.so.*")
            if (match := re.fullmatch(rf"{library}\.so\.(\d+\.\d+\.\d+)", path.name))
        )
        versions += sorted(
            path.stem.split("-")[-1] for path in folder.glob(f"{library.removeprefix('lib')}-*.dll")
        )
        if versions:
            found.append(f"{library} {versions[-1]}")
    return ", ".join(found) or "not found"


def _licence(distribution: str) -> str:
    meta = metadata.metadata(distribution)
    # Not `meta[key]`: once keyring has imported the importlib_metadata backport, a missing key raises.
    expression = (meta.get_all("License-Expression") or [""])[0]
    if expression:
        return str(expression)
    licence = str((meta.get_all("License") or [""])[0]).strip()
    if licence and "\n" not in licence and len(licence) < 60:
        return licence
    classifiers = [
        c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see its distribution"


def components() -> list[Component]:
    """Everything the About dialog lists, read from the installed distributions."""
    rows = [
        Component("aemviewer", __version__, _licence("aemviewer")),
        Component("Python", platform.python_version(), "PSF-2.0"),
        Component("Qt", qVersion(), _licence("PySide6-Essentials")),
        Component("FFmpeg (QtMultimedia)", ffmpeg_libraries(), FFMPEG_LICENCE),
    ]
    for distribution in BUNDLED:
        try:
            rows.append(Component(distribution, metadata.version(distribution), _licence(distribution)))
        except metadata.PackageNotFoundError:
            rows.append(Component(distribution, "not installed", "—"))
    return rows


class AboutDialog(QDialog):
    """Version, runtime and licences, in a dialog a user can copy from."""

    def __init__(self, parent: QWidget | None = None, icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About aemviewer")
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<h2>aemviewer {__version__}</h2>"
            "<p>Preview, inspect, play and save what the AEM Assets Delivery API delivers.<br>"
            "The demo library's photographs and their licences are listed in "
            "<code>resources/demo/SOURCES.md</code>.</p>"
        )
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading.setWordWrap(True)
        if icon is not None:
            self.setWindowIcon(icon)
        layout.addWidget(heading)
        rows = components()
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Component", "Version", "Licence"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, component in enumerate(rows):
            for column, text in enumerate((component.name, component.version, component.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)
