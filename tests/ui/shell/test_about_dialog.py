"""Help → About lists the real versions and licences of what the app runs on."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from pytestqt.qtbot import QtBot

from aemviewer import __version__
from aemviewer.ui.shell.about_dialog import AboutDialog, components, ffmpeg_libraries


def test_the_about_dialog_lists_versions_and_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(row, 0).text(): (dialog.table.item(row, 1).text(), dialog.table.item(row, 2).text())
        for row in range(dialog.table.rowCount())
    }
    assert rows["aemviewer"] == (__version__, "MIT")
    assert rows["Qt"][0] == qVersion()
    assert rows["httpx"][1] == "BSD-3-Clause"
    assert rows["FFmpeg (QtMultimedia)"][0] == ffmpeg_libraries()
    assert len(rows) == len(components())


def test_ffmpeg_is_found_inside_pyside6_addons() -> None:
    assert ffmpeg_libraries().startswith("libavformat ")
