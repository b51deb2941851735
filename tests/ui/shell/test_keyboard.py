"""The window with the keyboard alone: the marketer's journey, the shortcuts, the tab order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aemviewer.ui.common.feature import MenuName
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.helpers import DemoAssets, SaveChooser, wait_for_preview

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
MAX_TABS = 80


def focused(window: MainWindow) -> QWidget:
    widget = QApplication.focusWidget()
    return widget if widget is not None else window


def press(window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key press where a user's would go: to the widget with the focus."""
    QTest.keyClick(focused(window), key, modifier)


def tab_to(window: MainWindow, target: QWidget) -> int:
    """Press Tab until `target` has the focus; how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        press(window, Qt.Key.Key_Tab)
        if focused(window) is target:
            return presses
    raise AssertionError(f"{MAX_TABS} Tabs never reached {target.accessibleName()!r}")


def test_the_marketer_journey_with_the_keyboard_alone(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    asset = demo_assets.with_smart_crops
    crops = [crop.name for crop in asset.smart_crops]
    assert crops, "the demo library has no asset with smart crops"
    window.activateWindow()
    panel = window.modifier_panel

    # Open the asset: Ctrl+L, type its id, Enter.
    press(window, Qt.Key.Key_L, CTRL)
    assert focused(window) is window.asset_bar.field
    QTest.keyClicks(window.asset_bar.field, asset.id)
    press(window, Qt.Key.Key_Return)
    wait_for_preview(qtbot, window, asset.id)
    qtbot.waitUntil(lambda: panel.rows.smartcrop.combo.count() > 1)

    # Pick a smart crop: Ctrl+] steps from "none" to the first crop.
    press(window, Qt.Key.Key_BracketRight, CTRL)
    chosen = panel.rows.smartcrop.value()
    assert chosen in crops
    wait_for_preview(qtbot, window, f"smartcrop={chosen}")

    # Set the width: Tab to its field, type, Enter.
    width = panel.rows.width_control.spin
    tab_to(window, width)
    QTest.keyClick(width, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(width, "120")
    press(window, Qt.Key.Key_Return)
    wait_for_preview(qtbot, window, "width=120")

    # Set the format: Tab on to the format list, arrow down to webp.
    formats = panel.rows.format.combo
    tab_to(window, formats)
    for _ in range(formats.count()):
        if panel.image_format() == "webp":
            break
        press(window, Qt.Key.Key_Down)
    assert panel.image_format() == "webp"
    preview = wait_for_preview(qtbot, window, ".webp")
    assert f"smartcrop={chosen}" in preview.url and "width=120" in preview.url

    # Save the preview: Ctrl+S (the dialog answers from the test).
    target = tmp_path / "hero.webp"
    save_chooser.path = target
    press(window, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: window.downloads.saved_paths == [target], timeout=15_000)
    assert target.read_bytes() == preview.delivery.body
    assert preview.image.width() <= 120


def test_smart_crops_step_both_ways_through_none(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    window.activateWindow()
    assert window.open_text(asset.id)
    panel = window.modifier_panel
    qtbot.waitUntil(lambda: panel.rows.smartcrop.combo.count() > 1)
    names = [crop.name for crop in asset.smart_crops]

    press(window, Qt.Key.Key_BracketLeft, CTRL)
    assert panel.rows.smartcrop.value() == panel.rows.smartcrop.combo.itemData(
        panel.rows.smartcrop.combo.count() - 1
    )
    assert panel.rows.smartcrop.value() in names
    assert window.statusBar().currentMessage() == f"Smart crop: {panel.rows.smartcrop.value()}"
    press(window, Qt.Key.Key_BracketRight, CTRL)
    assert panel.rows.smartcrop.value() is None
    assert "none" in window.statusBar().currentMessage()


def test_tabs_switch_by_order_and_by_number_wherever_the_focus_is(window: MainWindow) -> None:
    window.activateWindow()
    window.asset_bar.field.setFocus()
    tabs = window.tabs
    assert tabs.currentIndex() == 0

    press(window, Qt.Key.Key_PageDown, CTRL)
    assert tabs.currentIndex() == 1
    press(window, Qt.Key.Key_PageUp, CTRL)
    press(window, Qt.Key.Key_PageUp, CTRL)
    assert tabs.currentIndex() == tabs.count() - 1
    press(window, Qt.Key.Key_3, ALT)
    assert tabs.currentIndex() == 2
    press(window, Qt.Key.Key_1, ALT)
    assert tabs.currentIndex() == 0


def test_reset_modifiers_by_key(qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets) -> None:
    window.activateWindow()
    assert window.open_text(demo_assets.public_image.id)
    window.modifier_panel.rows.width_control.spin.setValue(200)
    wait_for_preview(qtbot, window, "width=200")

    press(window, Qt.Key.Key_Backspace, CTRL | SHIFT)

    assert window.modifier_panel.rows.width_control.value() is None
    preview = wait_for_preview(qtbot, window)
    assert "width=" not in preview.url


def test_the_menus_show_the_main_jobs_keys(window: MainWindow) -> None:
    shortcuts = {
        action.text(): action.shortcut().toString()
        for menu in window.menus.values()
        for action in menu.actions()
    }

    for text, keys in {
        "Open asset or URL…": "Ctrl+L",
        "Reset all modifiers": "Ctrl+Shift+Backspace",
        "Save original…": "Ctrl+Shift+S",
        "Save this preview…": "Ctrl+S",
        "Copy request URL": "Ctrl+Shift+C",
        "Next smart crop": "Ctrl+]",
        "Previous smart crop": "Ctrl+[",
        "Next tab": "Ctrl+PgDown",
        "Previous tab": "Ctrl+PgUp",
        "Copy as HTML…": "Ctrl+Shift+H",
        "Export report…": "Ctrl+E",
    }.items():
        assert shortcuts.get(text) == keys, text
    go_to = next(a.menu() for a in window.menus[MenuName.VIEW].actions() if a.text() == "Go to tab")
    assert [a.shortcut().toString() for a in go_to.actions()][:3] == ["Alt+1", "Alt+2", "Alt+3"]


def test_no_two_actions_share_a_key(window: MainWindow) -> None:
    # An ambiguous shortcut does nothing at all in Qt: each key must belong to one action.
    keys = [
        key.toString()
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
        if not key.isEmpty()
    ]

    assert len(keys) > 15
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []
