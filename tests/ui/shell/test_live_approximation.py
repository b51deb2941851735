"""The live approximation while dragging, in the real window against the real emulator: it appears
at once (before any request), is marked, is replaced by the delivered image, and is never saved nor
seen by the response panel or the features."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from aemviewer.ui.common.preview_model import Preview
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.helpers import DemoAssets, SaveChooser, open_and_wait, wait_for_preview


def _grab(window: MainWindow) -> QImage:
    return window.canvas.grab().toImage()


def _as_shown(window: MainWindow, preview: Preview) -> QImage:
    """The delivered pixels at most as large as the canvas fits them: what approximations start from."""
    image, box = preview.image, window.canvas.fit_box()
    if image.width() <= box.width() and image.height() <= box.height():
        return image
    return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _watch(window: MainWindow) -> tuple[list[str], list[Preview]]:
    started: list[str] = []
    published: list[Preview] = []
    window.controller.request_started.connect(started.append)
    window.preview.preview_ready.connect(published.append)
    return started, published


def test_a_width_move_shows_a_marked_approximation_at_once_then_the_delivered_image(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    delivered = open_and_wait(qtbot, window, demo_assets.public_image.id)
    started, published = _watch(window)
    summary_before = window.response_panel.values["Pixels"].text()

    window.modifier_panel.rows.width_control.slider.setValue(400)

    # Synchronously, before the debounce fired or any event was processed.
    canvas = window.canvas
    assert started == []
    assert canvas.approximate
    expected_height = round(delivered.size.height() * 400 / delivered.size.width())
    assert canvas.image_size == QSize(400, expected_height)
    # Made from the delivered pixels as shown (stretched by the canvas when painted), not fetched.
    assert canvas.image == _as_shown(window, delivered)
    assert window.controller.last_preview is delivered
    assert window.response_panel.values["Pixels"].text() == summary_before
    assert published == []

    preview = wait_for_preview(qtbot, window, "width=400")
    assert not canvas.approximate
    assert canvas.image == preview.image
    assert canvas.image_size == preview.size == QSize(400, expected_height)
    assert published == [preview]
    assert started == [preview.url]


def test_the_approximation_is_marked_on_screen_and_the_mark_goes_with_it(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    window.canvas.set_busy(False)  # the spinner would differ between the two grabs
    window.controller.busy_changed.disconnect(window.canvas.set_busy)
    delivered_look = _grab(window)

    window.modifier_panel.rows.control("quality").slider.setValue(40)
    assert window.canvas.approximate
    marked_look = _grab(window)
    # Same pixels of the image (quality is not simulated), but the frame and caption differ.
    assert marked_look != delivered_look

    wait_for_preview(qtbot, window, "quality=40")
    assert not window.canvas.approximate


def test_rotate_and_flip_turn_the_last_image_locally(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    delivered = open_and_wait(qtbot, window, demo_assets.public_image.id)
    source = _as_shown(window, delivered)

    window.modifier_panel.rows.rotate.buttons[1].click()  # 90° clockwise

    canvas = window.canvas
    assert canvas.approximate
    assert canvas.image_size == delivered.size.transposed()
    turned = canvas.image
    # Clockwise: the top-left pixel of the original is now the top-right one.
    assert turned.pixel(turned.width() - 1, 0) == source.pixel(0, 0)
    assert turned.pixel(0, 0) == source.pixel(0, source.height() - 1)

    rotated = wait_for_preview(qtbot, window, "rotate=90")
    assert rotated.size == delivered.size.transposed()

    window.modifier_panel.rows.control("flip").buttons[0].click()  # flip h
    assert canvas.approximate
    flipped = canvas.image
    base = _as_shown(window, rotated)
    assert flipped.pixel(0, 0) == base.pixel(base.width() - 1, 0)
    wait_for_preview(qtbot, window, "flip=h")
    assert not canvas.approximate


def test_a_crop_shows_that_part_of_the_last_image(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    delivered = open_and_wait(qtbot, window, demo_assets.public_image.id)
    # A pixel crop is placed on the original by its size, from the metadata.
    qtbot.waitUntil(lambda: window.controller.metadata is not None)
    window.modifier_panel.set_crop_fractions(0.5, 0.5, 0.5, 0.5)

    canvas = window.canvas
    assert canvas.approximate
    image = _as_shown(window, delivered)
    assert abs(canvas.image.width() - image.width() / 2) <= 1
    # The bottom-right quarter: its top-left pixel is the centre of the delivered image.
    assert canvas.image.pixel(0, 0) == image.pixel(image.width() // 2, image.height() // 2)
    wait_for_preview(qtbot, window, "crop=")
    assert not canvas.approximate


def test_ctrl_s_during_an_approximation_saves_the_newly_delivered_bytes(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    old = open_and_wait(qtbot, window, demo_assets.public_image.id)
    target = tmp_path / "saved.webp"
    save_chooser.path = target

    window.modifier_panel.rows.width_control.slider.setValue(300)
    assert window.canvas.approximate
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # No dialog and no file while only the approximation is shown.
    assert save_chooser.suggested is None
    assert not target.exists()

    new = wait_for_preview(qtbot, window, "width=300")
    qtbot.waitUntil(lambda: window.downloads.saved_paths == [target])
    assert target.read_bytes() == new.delivery.body != old.delivery.body
