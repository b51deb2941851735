"""Decoding at the size shown, in the real window: a large JPEG answer is decoded to fit the canvas,
the response panel still reports the delivered pixels, and zooming past fit decodes it in full."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.helpers import DemoAssets, choose, open_and_wait, wait_for_preview


def test_a_large_jpeg_is_decoded_to_fit_and_in_full_once_zoomed(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    choose(window.modifier_panel.rows.control("auto_format"), "false")
    preview = wait_for_preview(qtbot, window, "auto-format=false")
    assert preview.delivery.media_type == "image/jpeg"
    canvas = window.canvas
    box = canvas.fit_box()
    delivered = preview.size
    assert delivered.width() > box.width(), "the demo image must be larger than the canvas"

    assert not preview.full_resolution
    assert preview.image.width() <= box.width() and preview.image.height() <= box.height()
    assert canvas.image_size == delivered
    assert window.response_panel.values["Pixels"].text() == f"{delivered.width()} × {delivered.height()}"
    assert f"{delivered.width()} × {delivered.height()} px" in window.preview_tab.status_detail.text()

    canvas.actual_size()
    qtbot.waitUntil(lambda: canvas.image.size() == delivered)
    assert window.controller.last_preview is not None
    assert window.controller.last_preview.full_resolution
    assert window.controller.last_preview.delivery is preview.delivery
    assert canvas.zoom == 1.0 and not canvas.approximate
