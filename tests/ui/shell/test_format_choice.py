"""What is picked in the Format control is what the window asks for and gets."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from aemviewer.ui.modifiers.format_choice import LET_CDN_CHOOSE
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.helpers import DemoAssets, choose, open_and_wait, wait_for_preview


def test_picking_a_format_delivers_it_and_one_click_gives_the_choice_back(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, tmp_path: Path
) -> None:
    panel = window.modifier_panel
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    line = panel.format_choice
    assert "auto-format is on" in line.label.text()

    choose(panel.rows.format, "png")
    preview = wait_for_preview(qtbot, window, ".png")
    assert "auto-format=false" in preview.url
    assert preview.delivery.media_type == "image/png"
    # Visibly: the Auto format control and the line under Format both say it is off.
    assert panel.rows.control("auto_format").value() == "false"
    assert line.isVisibleTo(window)
    assert "PNG is delivered" in line.label.text()
    assert line.button.text() == LET_CDN_CHOOSE
    window.grab().save(str(tmp_path / "format-picked.png"))

    line.button.click()
    preview = wait_for_preview(qtbot, window, ".png")
    assert "auto-format" not in preview.url
    assert preview.delivery.media_type == "image/webp"
    assert panel.rows.control("auto_format").value() is None
    assert "auto-format is on" in line.label.text()


def test_opening_another_asset_keeps_format_and_auto_format_together(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    panel = window.modifier_panel
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    choose(panel.rows.format, "png")
    wait_for_preview(qtbot, window, "auto-format=false")

    preview = open_and_wait(qtbot, window, demo_assets.with_smart_crops.id)
    assert preview.url.split("?")[0].endswith(".png")
    assert "auto-format=false" in preview.url
    assert preview.delivery.media_type == "image/png"
    assert panel.rows.control("auto_format").value() == "false"
