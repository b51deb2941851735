"""The real window against the real emulator: open, live preview, crop drawing, save, keys, settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.accept import BROWSER_ACCEPT
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.canvas_view import ZoomMode
from tests.ui.helpers import (
    WAIT_MS,
    DemoAssets,
    SaveChooser,
    choose,
    make_window,
    open_and_wait,
    wait_for_preview,
)


def test_opening_an_id_shows_the_delivered_image(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)

    delivery = preview.delivery
    assert delivery.status == 200
    assert window.canvas.image.size() == preview.image.size()
    assert not preview.image.isNull()
    # The URL shown, the URL requested and the URL answered are the same bytes.
    assert window.asset_bar.url_field.text() == window.controller.url == preview.url == delivery.url
    assert window.response_panel.url_field.text() == preview.url
    assert window.response_panel.values["Status"].text().startswith("200")
    assert (
        window.response_panel.values["Pixels"].text() == f"{preview.size.width()} × {preview.size.height()}"
    )
    assert window.response_panel.values["ETag"].text() == delivery.header("ETag")
    assert window.response_panel.response_headers.rowCount() == len(delivery.headers)
    # Metadata gives the original's size, so the panel shows the ratio.
    qtbot.waitUntil(lambda: "% of the original" in window.response_panel.values["Bytes"].text())


def test_while_another_asset_loads_the_response_panel_shows_nothing_of_the_first(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    first = open_and_wait(qtbot, window, demo_assets.public_image.id)
    qtbot.waitUntil(lambda: "% of the original" in window.response_panel.values["Bytes"].text())
    panel = window.response_panel
    second = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"  # Chelsea the cat, public in the demo
    assert second != first.asset_id

    # A bare id waits for its metadata (its file name goes into the URL): the metadata comes first.
    with qtbot.waitSignal(window.controller.metadata_ready, timeout=WAIT_MS):
        assert window.open_text(second)
        # At once: nothing of the first asset's answer is left to be read as the second's.
        assert panel.summary is None and panel.url_field.text() == ""
        assert panel.values["Bytes"].text() == panel.values["Pixels"].text() == "—"
        assert window.preview_tab.status_detail.text() == ""
    assert window.controller.metadata is not None and window.controller.metadata.asset_id == second
    # The second asset's metadata is not combined with the first asset's answer.
    assert panel.summary is None
    assert first.asset_id not in panel.url_field.text()
    assert panel.values["Bytes"].text() == "—"

    preview = wait_for_preview(qtbot, window, second)
    assert panel.url_field.text() == preview.url
    metadata = window.controller.metadata
    assert metadata is not None and metadata.size
    ratio = preview.delivery.byte_count / metadata.size * 100
    assert f"{ratio:.1f} % of the original" in panel.values["Bytes"].text()


def test_a_different_delivered_type_is_explained_with_the_accept_sent(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    assert preview.url.endswith(".jpg")
    # Auto-format (the server's default) answers the WebP-first Accept with WebP, not the path's JPEG.
    assert preview.delivery.media_type == "image/webp"
    note = window.response_panel.type_note
    assert note.isVisibleTo(window)
    assert "Accept: image/webp" in note.text().replace("\u200b", "")

    choose(window.modifier_panel.rows.accept, BROWSER_ACCEPT)
    preview = wait_for_preview(qtbot, window)
    assert preview.delivery.media_type == "image/avif"
    assert f"Accept: {BROWSER_ACCEPT}" in note.text().replace("\u200b", "")

    choose(window.modifier_panel.rows.control("auto_format"), "false")
    preview = wait_for_preview(qtbot, window, "auto-format=false")
    assert preview.delivery.media_type == "image/jpeg"
    assert not note.isVisibleTo(window)


def test_a_fast_burst_of_slider_moves_paints_only_the_last_answer(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    painted: list[str] = []
    started: list[str] = []
    window.controller.preview_ready.connect(lambda preview: painted.append(preview.url))
    window.controller.request_started.connect(started.append)
    slider = window.modifier_panel.rows.width_control.slider
    widths = list(range(100, 420, 40))

    for width in widths:
        slider.setValue(width)
        # As if the debounce fired after every move: requests overlap and must be superseded.
        window.controller.request_now()
        QTest.qWait(0)

    preview = wait_for_preview(qtbot, window, f"width={widths[-1]}")
    assert len(started) == len(widths)
    assert painted == [preview.url]
    assert window.controller.superseded >= len(widths) - 1
    assert window.canvas.image.width() == widths[-1]


def test_slider_moves_within_the_debounce_make_one_request(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    started: list[str] = []
    window.controller.request_started.connect(started.append)
    slider = window.modifier_panel.rows.width_control.slider
    for width in range(200, 300, 10):
        slider.setValue(width)
    # The old image stays up with a busy indicator until the newest answer arrives.
    assert window.canvas.busy
    old_width = window.canvas.image.width()
    assert old_width > 0

    wait_for_preview(qtbot, window, "width=290")
    assert started == [window.controller.url]
    assert window.canvas.image.width() == 290
    assert not window.canvas.busy


def test_drawing_a_crop_on_the_canvas_sets_the_crop_parameter(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    open_and_wait(qtbot, window, asset.id)
    qtbot.waitUntil(lambda: window.controller.metadata is not None)
    window.crop_button.click()
    qtbot.waitUntil(lambda: window.canvas.crop_mode, timeout=15_000)
    canvas = window.canvas
    rect = canvas.image_rect_on_widget()

    def at(fx: float, fy: float) -> QPoint:
        return QPoint(round(rect.x() + fx * rect.width()), round(rect.y() + fy * rect.height()))

    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.25, 0.25))
    QTest.mouseMove(canvas, at(0.5, 0.5))
    QTest.mouseMove(canvas, at(0.75, 0.75))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.75, 0.75))

    assert not canvas.crop_mode
    crop = window.modifier_panel.rows.crop.value()
    assert crop is not None and not crop.percent
    width, height = asset.raster.width, asset.raster.height
    assert abs(int(crop.x) - width / 4) <= 2 and abs(int(crop.w) - width / 2) <= 3
    assert abs(int(crop.y) - height / 4) <= 2 and abs(int(crop.h) - height / 2) <= 3
    assert f"crop={crop.x},{crop.y},{crop.w},{crop.h}" in window.controller.url
    preview = wait_for_preview(qtbot, window, "crop=")
    assert (preview.size.width(), preview.size.height()) == (crop.w, crop.h)


def difference(first: QImage, second: QImage) -> float:
    """Mean difference of two pictures (0 same … 255), compared at a small common size."""
    a = first.scaled(24, 24, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    b = second.scaled(
        24, 24, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    total = 0
    for x in range(24):
        for y in range(24):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue())
    return total / (24 * 24 * 3)


@pytest.mark.parametrize(("rotate", "flip"), [("", "h"), ("", "v"), ("", "hv"), ("rotate=90&", "h")])
def test_with_flip_the_crop_is_drawn_on_what_is_shown_and_delivered_as_drawn(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, rotate: str, flip: str
) -> None:
    asset = demo_assets.public_image
    base = window.service.endpoints.base_url
    shown = open_and_wait(qtbot, window, f"{base}/adobe/assets/{asset.id}/as/photo.png?{rotate}flip={flip}")
    qtbot.waitUntil(lambda: window.controller.metadata is not None)
    window.crop_button.click()
    qtbot.waitUntil(lambda: window.canvas.crop_mode, timeout=15_000)
    canvas = window.canvas
    uncropped = canvas.image.copy()
    # What is drawn on is what was displayed: the flipped picture, not the unflipped one.
    assert difference(uncropped, shown.image) < 8
    assert (
        difference(uncropped, shown.image.flipped(_orientations(flip)))
        > 3 * difference(uncropped, shown.image) + 8
    )

    rect = canvas.image_rect_on_widget()

    def at(fx: float, fy: float) -> QPoint:
        return QPoint(round(rect.x() + fx * rect.width()), round(rect.y() + fy * rect.height()))

    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.05, 0.1))
    QTest.mouseMove(canvas, at(0.3, 0.4))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(0.5, 0.6))
    assert not canvas.crop_mode
    preview = wait_for_preview(qtbot, window, "crop=")
    assert f"flip={flip}" in preview.url
    drawn = uncropped.copy(
        round(0.05 * uncropped.width()),
        round(0.1 * uncropped.height()),
        round(0.45 * uncropped.width()),
        round(0.5 * uncropped.height()),
    )
    # The delivered crop is the rectangle drawn (and not its mirror image across the picture).
    assert difference(preview.image, drawn) < 10
    mirrored = uncropped.copy(
        round(0.5 * uncropped.width()) if "h" in flip else round(0.05 * uncropped.width()),
        round(0.4 * uncropped.height()) if "v" in flip else round(0.1 * uncropped.height()),
        round(0.45 * uncropped.width()),
        round(0.5 * uncropped.height()),
    )
    assert difference(preview.image, mirrored) > difference(preview.image, drawn) + 8


def _orientations(flip: str) -> Qt.Orientation:
    orientation = Qt.Orientation(0)
    if "h" in flip:
        orientation |= Qt.Orientation.Horizontal
    if "v" in flip:
        orientation |= Qt.Orientation.Vertical
    return orientation


def test_ctrl_s_saves_the_exact_delivered_bytes(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    preview = open_and_wait(qtbot, window, demo_assets.public_image.id)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "saved.webp"
    target.write_bytes(b"old")  # the dialog confirmed replacing it
    save_chooser.path = target
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: window.downloads.saved_paths == [target], timeout=15_000)
    assert target.read_bytes() == preview.delivery.body
    # Written atomically: no temporary file is left beside it.
    assert sorted(p.name for p in folder.iterdir()) == ["saved.webp"]
    assert save_chooser.suggested is not None
    # The suggested name takes the extension of what was delivered, not of the path.
    assert save_chooser.suggested[0].endswith(".webp")


def test_avif_answers_are_decoded_and_shown(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    choose(window.modifier_panel.rows.format, "avif")
    choose(window.modifier_panel.rows.control("auto_format"), "false")
    preview = wait_for_preview(qtbot, window, "auto-format=false")
    assert preview.delivery.media_type == "image/avif"
    assert not window.canvas.image.isNull()
    assert window.canvas.image.size() == preview.image.size()


def test_keyboard_shortcuts(qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.canvas.setFocus()

    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom_mode is ZoomMode.MANUAL and window.canvas.zoom == 1.0
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom_mode is ZoomMode.FIT

    QTest.keyClick(
        window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert QGuiApplication.clipboard().text() == window.controller.url

    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.asset_bar.field.hasFocus()


def test_wheel_zoom_and_drag_pan(qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    canvas = window.canvas
    canvas.actual_size()
    for _ in range(4):
        canvas.zoom_in()
    before = canvas.image_rect_on_widget().topLeft()
    center = canvas.rect().center()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)
    QTest.mouseMove(canvas, center + QPoint(40, 30))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center + QPoint(40, 30)
    )
    after = canvas.image_rect_on_widget().topLeft()
    assert (after - before).toPoint() == QPoint(40, 30)


def test_copy_as_curl_redacts_the_token_unless_asked(
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: object,
    save_chooser: SaveChooser,
    demo_assets: DemoAssets,
    run: Callable[..., None],
) -> None:
    from aemviewer.ui.common.settings import WindowSettings

    assert isinstance(settings, WindowSettings)
    window = make_window(qtbot, emulator.base_url, settings, save_chooser, token="s3cret-token")
    try:
        open_and_wait(qtbot, window, demo_assets.public_image.id)
        window.preview_tab.copy_curl(False)
        redacted = QGuiApplication.clipboard().text()
        assert "s3cret-token" not in redacted
        assert "Authorization: Bearer ••••" in redacted
        assert window.controller.url in redacted
        window.preview_tab.copy_curl(True)
        assert "Authorization: Bearer s3cret-token" in QGuiApplication.clipboard().text()
        # The request headers shown never carry the token either.
        shown = window.response_panel.request_headers.headers()
        assert ("authorization", "Bearer ••••") in [(k.lower(), v) for k, v in shown]
    finally:
        window.controller.shutdown()
        run(window.service.aclose())


def test_the_last_asset_and_the_geometry_are_remembered(
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: object,
    save_chooser: SaveChooser,
    demo_assets: DemoAssets,
    run: Callable[..., None],
) -> None:
    from aemviewer.ui.common.settings import WindowSettings

    assert isinstance(settings, WindowSettings)
    first = make_window(qtbot, emulator.base_url, settings, save_chooser)
    open_and_wait(qtbot, first, demo_assets.public_image.id)
    first.resize(1000, 590)
    first.close()
    run(first.service.aclose())

    assert settings.last_asset == demo_assets.public_image.id
    assert settings.recent_assets[0] == demo_assets.public_image.id
    service = DeliveryService(DeliveryEndpoints(emulator.base_url), StaticToken(None))
    second = MainWindow(service, settings, choose_save_path=save_chooser)
    qtbot.addWidget(second)
    try:
        assert settings.geometry is not None
        # Restoring clamps the width to the offscreen screen (800 px wide); the height fits.
        assert second.height() == 590
        actions = [action.toolTip() for action in second.asset_bar.recent_menu.actions()]
        assert any(demo_assets.public_image.id in tip for tip in actions)
    finally:
        run(second.service.aclose())
