"""Controls ↔ URL: every control changes its parameter; a pasted or dropped URL sets every control."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.preview_model import Preview
from aemviewer.ui.modifiers.panel import ModifierPanel
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.banner import BannerKind
from tests.ui.helpers import WAIT_MS, DemoAssets, choose, open_and_wait, wait_for_preview

ControlEdit = Callable[[ModifierPanel], None]


def _set_size(panel: ModifierPanel) -> None:
    panel.rows.size_w.spin.setValue(400)
    # Half a size is refused at the panel, with the field and its range, and not sent.
    assert "size" in panel.error_label.text()
    panel.rows.size_h.spin.setValue(300)


def _set_crop_percent(panel: ModifierPanel) -> None:
    panel.rows.crop.unit.setCurrentIndex(panel.rows.crop.unit.findData("%"))
    for part, value in zip("xywh", (10, 10, 50, 50), strict=True):
        panel.rows.crop.spins[part].setValue(value)


def _set_crop_pixels(panel: ModifierPanel) -> None:
    for part, value in zip("xywh", (10, 20, 300, 200), strict=True):
        panel.rows.crop.spins[part].setValue(value)


def _set_text(panel: ModifierPanel, name: str, value: str) -> None:
    control = panel.rows.control(name)
    control.edit.setText(value)
    control.edit.editingFinished.emit()


def _add_extra(panel: ModifierPanel) -> None:
    panel.rows.extra.add_button.click()
    _row, name, value = panel.rows.extra.rows[-1]
    name.setText("layers")
    value.setText("logo")
    value.editingFinished.emit()


CONTROL_CASES: list[tuple[str, ControlEdit, str, bool]] = [
    ("width slider", lambda p: p.rows.width_control.slider.setValue(320), "?width=320", True),
    ("width spin", lambda p: p.rows.width_control.spin.setValue(3000), "?width=3000", True),
    ("height", lambda p: p.rows.height_control.spin.setValue(200), "?height=200", True),
    ("size", _set_size, "?size=400,300", True),
    ("dpr", lambda p: p.rows.control("dpr").spin.setValue(2.0), "?dpr=2", True),
    ("format", lambda p: choose(p.rows.format, "png"), "/image.png", True),
    ("legacy format", lambda p: choose(p.rows.format, "pjpg"), "/image.pjpg", True),
    ("auto-format", lambda p: choose(p.rows.control("auto_format"), "false"), "?auto-format=false", True),
    ("preferwebp", lambda p: choose(p.rows.control("preferwebp"), "true"), "?preferwebp=true", True),
    ("quality", lambda p: p.rows.control("quality").slider.setValue(55), "?quality=55", True),
    ("max-quality", lambda p: p.rows.control("max_quality").spin.setValue(70), "?max-quality=70", True),
    ("rotate", lambda p: p.rows.rotate.buttons[1].click(), "?rotate=90", True),
    ("flip h", lambda p: p.rows.control("flip").buttons[0].click(), "?flip=h", True),
    (
        "flip hv",
        lambda p: (p.rows.control("flip").buttons[0].click(), p.rows.control("flip").buttons[1].click()),
        "?flip=hv",
        True,
    ),
    ("crop px", _set_crop_pixels, "?crop=10,20,300,200", True),
    ("crop percent", _set_crop_percent, "?crop=10p,10p,50p,50p", True),
    ("smartcrop", lambda p: choose(p.rows.smartcrop, "Landscape"), "?smartcrop=Landscape", True),
    ("preset", lambda p: _set_text(p, "preset", "thumbnail"), "?preset=thumbnail", True),
    ("attachment", lambda p: choose(p.rows.control("attachment"), "true"), "?attachment=true", True),
    ("extra row", _add_extra, "?layers=logo", True),
]


@pytest.mark.parametrize(
    ("edit", "expected", "delivers"),
    [case[1:] for case in CONTROL_CASES],
    ids=[case[0] for case in CONTROL_CASES],
)
def test_each_control_changes_the_requested_url(
    qtbot: QtBot,
    window: MainWindow,
    demo_assets: DemoAssets,
    edit: ControlEdit,
    expected: str,
    delivers: bool,
) -> None:
    open_and_wait(qtbot, window, demo_assets.with_smart_crops.id)
    qtbot.waitUntil(lambda: window.modifier_panel.rows.smartcrop.combo.count() > 1)
    before = window.controller.url
    assert "?" not in before

    edit(window.modifier_panel)

    url = window.controller.url
    assert expected in url
    assert window.asset_bar.url_field.text() == url
    if delivers:
        preview = wait_for_preview(qtbot, window, expected)
        assert preview.delivery.url == url
    else:
        # The emulator refuses parameters it does not know; the URL is still exactly what was asked.
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15_000)
        assert "400" in window.banner.title_label.text()


def test_reset_of_one_control_and_of_all(qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    panel = window.modifier_panel
    panel.rows.width_control.spin.setValue(300)
    panel.rows.control("quality").spin.setValue(40)
    assert "width=300" in window.controller.url
    assert panel.rows.width_control.reset_button.isEnabled()

    panel.rows.width_control.reset_button.click()
    assert "width" not in window.controller.url
    assert "quality=40" in window.controller.url

    panel.reset_all_button.click()
    assert "?" not in window.controller.url
    wait_for_preview(qtbot, window)


def test_controls_the_server_ignores_say_why(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    panel = window.modifier_panel
    panel.rows.width_control.spin.setValue(300)
    panel.rows.size_w.spin.setValue(200)
    panel.rows.size_h.spin.setValue(200)
    assert "Ignored" in panel.rows.width_control.spin.toolTip()
    assert "size" in panel.rows.width_control.label.toolTip()
    panel.rows.size_w.reset_button.click()
    panel.rows.size_h.reset_button.click()
    assert "Ignored" not in panel.rows.width_control.spin.toolTip()


def test_a_pasted_url_sets_every_control(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    # Canonical parameter order, so the URL built back from the controls is byte-identical.
    url = (
        f"{emulator.base_url}/adobe/assets/{asset.id}/as/pasted.webp?rotate=90&crop=10p,5p,50p,60.5p&flip=v"
        "&preferwebp=false&height=300&quality=70&max-quality=80&auto-format=false&attachment=false&dpr=1.5"
    )
    assert window.open_text(url)
    preview = wait_for_preview(qtbot, window)
    panel = window.modifier_panel

    assert preview.url == url
    assert window.asset_bar.url_field.text() == url
    assert panel.image_format() == "webp"
    assert panel.rows.rotate.value() == "90"
    assert panel.rows.control("flip").value() == "v"
    assert panel.rows.crop.percent
    assert [panel.rows.crop.spins[p].value() for p in "xywh"] == [10, 5, 50, 60.5]
    assert panel.rows.height_control.value() == 300
    assert panel.rows.width_control.value() is None
    assert panel.rows.control("quality").value() == 70
    assert panel.rows.control("max_quality").value() == 80
    assert panel.rows.control("auto_format").value() == "false"
    assert panel.rows.control("preferwebp").value() == "false"
    assert panel.rows.control("attachment").value() == "false"
    assert panel.rows.control("dpr").value() == 1.5
    assert preview.delivery.media_type == "image/webp"

    # And back: a control edit changes exactly its parameter.
    panel.rows.control("quality").spin.setValue(71)
    assert window.controller.url == url.replace("quality=70", "quality=71")


@pytest.mark.parametrize("crop", ["100,50,5000,4000", "600,0,100,100"])
def test_a_pasted_crop_beyond_the_picture_is_kept_exactly(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets, crop: str
) -> None:
    asset = demo_assets.public_image
    assert asset.raster.width < 600 and asset.raster.height < 4000
    url = f"{emulator.base_url}/adobe/assets/{asset.id}/as/pasted.jpg?crop={crop}&quality=70"
    assert window.open_text(url)
    qtbot.waitUntil(lambda: window.controller.metadata is not None, timeout=WAIT_MS)
    panel = window.modifier_panel
    # The original's size is known now (the crop control works in its pixels): the values stay.
    numbers = [float(n) for n in crop.split(",")]
    assert [panel.rows.crop.spins[p].value() for p in "xywh"] == numbers
    assert window.controller.url == url

    # An unrelated edit changes only its own parameter; the crop is not clamped to the picture.
    panel.rows.control("quality").spin.setValue(71)
    assert window.controller.url == url.replace("quality=70", "quality=71")
    assert [panel.rows.crop.spins[p].value() for p in "xywh"] == numbers
    # The control says that the rectangle passes the picture's edge.
    edge = panel.rows.crop.edge_label
    assert not edge.isHidden()
    width, height = asset.raster.width, asset.raster.height
    assert edge.text() == f"This rectangle goes beyond the original ({width} × {height} px); kept as written."
    # A rectangle inside the picture has no such note.
    panel.rows.crop.spins["x"].setValue(0)
    panel.rows.crop.spins["w"].setValue(10)
    panel.rows.crop.spins["y"].setValue(0)
    panel.rows.crop.spins["h"].setValue(10)
    assert edge.isHidden() and "crop=0,0,10,10" in window.controller.url


def test_a_width_above_a_smart_crops_size_says_at_the_control_what_came_back(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    crop = asset.smart_crops[0]
    asked = crop.width * 3
    url = f"{emulator.base_url}/adobe/assets/{asset.id}/as/x.jpg?width={asked}&smartcrop={crop.name}"
    assert window.open_text(url)
    preview = wait_for_preview(qtbot, window, f"width={asked}")
    delivered = (preview.image.width(), preview.image.height())
    assert delivered[0] < asked  # the server does not enlarge past the smart crop
    note = window.modifier_panel.size_note
    assert not note.isHidden()
    assert note.text() == (
        f"⚠ Asked {asked} px wide; {delivered[0]} × {delivered[1]} px came back, smaller than asked "
        "(the server does not enlarge past the smart crop's size)."
    )
    # A width the smart crop can give: the note goes with the edit, and does not come back.
    panel = window.modifier_panel
    panel.rows.width_control.spin.setValue(delivered[0] // 2)
    assert note.isHidden()
    smaller = wait_for_preview(qtbot, window, f"width={delivered[0] // 2}")
    assert smaller.image.width() == delivered[0] // 2
    assert note.isHidden()


def test_a_jpeg_decoded_at_the_size_shown_is_not_called_smaller_than_asked(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    asked = asset.raster.width
    window.resize(1024, 700)  # the canvas shows fewer pixels than the image has
    qtbot.waitUntil(lambda: window.canvas.fit_box().width() < asked)
    window.controller.set_decode_box(window.canvas.fit_box())  # as the laid-out canvas does
    window.controller.set_accept("image/jpeg")  # JPEGs are decoded at the size shown
    delivered: list[Preview] = []
    window.controller.preview_ready.connect(delivered.append)
    url = f"{emulator.base_url}/adobe/assets/{asset.id}/as/x.jpg?width={asked}"
    assert window.open_text(url)
    wait_for_preview(qtbot, window, f"width={asked}")
    # Decoded scaled to the canvas, delivered as asked: the control has nothing to warn about.
    assert delivered[-1].image.width() < asked == delivered[-1].size.width()
    assert window.modifier_panel.size_note.isHidden()


def test_a_pasted_url_in_the_field_opens_on_paste(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    text = (
        f"{window.service.endpoints.base_url}/adobe/assets/{demo_assets.public_image.id}/as/x.png?width=128"
    )
    QGuiApplication.clipboard().setText(text)
    window.asset_bar.field.setFocus()
    window.asset_bar.field.clear()
    QTest.keySequence(window.asset_bar.field, "Ctrl+V")
    preview = wait_for_preview(qtbot, window, "width=128")
    assert preview.url == text
    assert window.modifier_panel.rows.width_control.value() == 128


def test_typing_is_validated_inline(qtbot: QtBot, window: MainWindow) -> None:
    field = window.asset_bar.field
    QTest.keyClicks(field, "urn:aaid:aem:not-a-uuid")
    message = window.asset_bar.message.text()
    assert "UUID" in message
    assert window.asset_bar.message.property("invalid")
    assert not window.asset_bar.open_current()
    assert window.controller.url == ""


def test_a_dropped_link_opens(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    url = f"{emulator.base_url}/adobe/assets/{demo_assets.public_image.id}/as/dropped.jpg?rotate=180"
    mime = QMimeData()
    mime.setUrls([QUrl(url)])
    field = window.asset_bar.field
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    field.dropEvent(drop)
    preview = wait_for_preview(qtbot, window, "rotate=180")
    assert preview.url == url
    assert field.text() == url
    assert window.modifier_panel.rows.rotate.value() == "180"


def test_other_url_shapes_round_trip(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    base = f"{emulator.base_url}/adobe/assets/{demo_assets.public_image.id}"
    # The image-with-defaults endpoint keeps its shape; the format control says so.
    assert window.open_text(f"{base}?width=300")
    preview = wait_for_preview(qtbot, window)
    assert preview.url == f"{base}?width=300"
    assert window.modifier_panel.image_format() is None
    assert window.canvas.image.width() == 300

    # A legacy smart crop has no control: it stays as an extra row and in the URL.
    legacy = f"{base}/as/legacy.jpg?crop=16:9,smart"
    assert window.open_text(legacy)
    assert window.controller.url == legacy
    assert [(n.text(), v.text()) for _r, n, v in window.modifier_panel.rows.extra.rows] == [
        ("crop", "16:9,smart")
    ]
    window.modifier_panel.rows.control("quality").spin.setValue(50)
    # Parameters without a field of their own come last in the canonical order.
    assert window.controller.url == f"{base}/as/legacy.jpg?quality=50&crop=16:9,smart"

    # A metadata URL opens the asset's image, and says so.
    assert window.open_text(f"{base}/metadata")
    wait_for_preview(qtbot, window)
    assert window.banner.kind is BannerKind.INFO and window.banner.isVisible()
    assert "/as/" in window.controller.url


def test_the_aspect_lock_keeps_the_originals_ratio(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    open_and_wait(qtbot, window, asset.id)
    rows = window.modifier_panel.rows
    qtbot.waitUntil(rows.aspect_lock.isEnabled)
    rows.aspect_lock.click()
    rows.width_control.spin.setValue(200)
    expected = round(200 * asset.raster.height / asset.raster.width)
    assert rows.height_control.value() == expected
    assert f"height={expected}&width=200" in window.controller.url
