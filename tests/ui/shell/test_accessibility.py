"""Screen readers: every interactive element of every tab has an accessible name and description."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.accessibility_support import unnamed_interactive_elements
from tests.ui.helpers import DemoAssets, open_and_wait


def test_every_interactive_element_of_every_tab_is_named_and_described(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.with_smart_crops.id)
    qtbot.waitUntil(lambda: window.modifier_panel.rows.smartcrop.combo.count() > 1)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)

    assert unnamed_interactive_elements(window) == []


def test_the_walk_finds_an_unnamed_control(qtbot: QtBot, window: MainWindow) -> None:
    # Without this, an empty result could mean the walk saw nothing.
    stray = QLineEdit(window.preview_tab.splitter)
    stray.setObjectName("stray")

    assert any("'stray'" in line for line in unnamed_interactive_elements(window))
