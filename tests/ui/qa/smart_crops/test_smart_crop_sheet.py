"""The Smart crops tab: every crop of the asset on the sheet with its name, rectangle, aspect ratio,
delivered size and URL (against the emulator and direct requests), the overlay's rectangles, what is
said when a server gives names without rectangles, and the asset changing under it."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from aemviewer.delivery.metadata import SmartCrop
from aemviewer.emulator import Asset, Library
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.qa.smart_crops.model import LISTED, aspect_text, merge_crops, missing_note
from aemviewer.ui.qa.smart_crops.panel import SmartCropSheetPanel
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.servers import LoopbackServer, Reply, Request
from tests.ui.feature_harness import FeatureHarness, feature_harness
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, open_and_wait

SHEET_WAIT_MS = 30_000
UNKNOWN_ID = "urn:aaid:aem:00000000-0000-4000-8000-00000000c0de"


def loaded(sheet: SmartCropSheetPanel) -> bool:
    cards = sheet.sheet.cards
    return (
        bool(cards)
        and all(card.delivered is not None for card in cards)
        and not sheet.overlay.image.isNull()
        and not sheet.overlay.busy
    )


def show_sheet(qtbot: QtBot, window: MainWindow, asset_id: str) -> SmartCropSheetPanel:
    open_and_wait(qtbot, window, asset_id)
    sheet = window.smart_crop_sheet
    sheet.overlay_width = 200  # small test images
    sheet.set_crop_width(120)  # loads at once…
    window.tabs.setCurrentWidget(sheet)  # …so showing it does not load again
    qtbot.waitUntil(lambda: loaded(sheet), timeout=SHEET_WAIT_MS)
    return sheet


def show_sheet_alone(qtbot: QtBot, harness: FeatureHarness, asset_id: str) -> SmartCropSheetPanel:
    """The Smart crops tab on its own, over the harness's context and its emulator."""
    sheet = SmartCropSheetPanel(harness.context)
    qtbot.addWidget(sheet)
    sheet.resize(1100, 700)
    harness.open(qtbot, asset_id)
    sheet.overlay_width = 200  # small test images
    sheet.set_crop_width(120)  # loads at once…
    sheet.show()  # …so showing it does not load again
    qtbot.waitUntil(lambda: loaded(sheet), timeout=SHEET_WAIT_MS)
    return sheet


def other_asset_with_crops(library: Library, besides: str) -> Asset:
    return next(
        asset
        for asset in library.assets.values()
        if asset.id != besides
        and asset.smart_crops
        and not asset.roles
        and asset.status == "approved"
        and asset.media_type == "image/jpeg"
    )


def test_every_crop_is_on_the_sheet_with_its_rectangle_and_delivered_size(
    qtbot: QtBot, harness: FeatureHarness, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    sheet = show_sheet_alone(qtbot, harness, asset.id)
    cards = sheet.sheet.cards
    assert [card.crop.name for card in cards] == [crop.name for crop in asset.smart_crops]
    assert sheet.note.text().startswith(f"{len(asset.smart_crops)} smart crops of {asset.id}.")
    assert "No rectangle" not in sheet.note.text()
    with httpx.Client(timeout=20) as direct:
        for card, crop in zip(cards, asset.smart_crops, strict=True):
            assert card.crop.rect == pytest.approx(
                (crop.left, crop.top, crop.normalized_width, crop.normalized_height), abs=1e-4
            )
            assert card.crop.rect_source == LISTED
            assert card.crop.nominal == (crop.width, crop.height)
            assert (
                card.shape_label.text()
                == f"{aspect_text(crop.width, crop.height)} · nominal {crop.width} × {crop.height}"
            )
            assert f"smartcrop={crop.name}" in card.url and "width=120" in card.url and asset.id in card.url
            assert card.url_label.toolTip() == card.url
            answer = direct.get(card.url, headers={"Accept": harness.controller.accept or "*/*"})
            with Image.open(io.BytesIO(answer.content)) as image:
                assert card.delivered == image.size and image.size[0] == 120
            assert f"delivered {image.size[0]} × {image.size[1]} px" in card.delivered_label.text()
            assert answer.headers["content-type"] in card.delivered_label.text()


def test_the_overlay_draws_each_rectangle_where_the_metadata_puts_it(
    qtbot: QtBot, harness: FeatureHarness, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    sheet = show_sheet_alone(qtbot, harness, asset.id)
    overlay = sheet.overlay
    assert overlay.image.width() == 200
    shown = overlay.image_rect_on_widget()
    for crop in overlay.crops:
        assert crop.rect is not None
        rect = overlay.crop_rect_on_widget(crop)
        assert rect is not None
        left, top, width, height = crop.rect
        assert rect.left() == pytest.approx(shown.left() + left * shown.width(), abs=0.5)
        assert rect.top() == pytest.approx(shown.top() + top * shown.height(), abs=0.5)
        assert rect.width() == pytest.approx(width * shown.width(), abs=0.5)
        assert rect.height() == pytest.approx(height * shown.height(), abs=0.5)


def test_clicking_a_card_highlights_its_rectangle_clearly(
    qtbot: QtBot, harness: FeatureHarness, demo_assets: DemoAssets
) -> None:
    sheet = show_sheet_alone(qtbot, harness, demo_assets.with_smart_crops.id)
    overlay = sheet.overlay
    before = overlay.grab().toImage()
    card = sheet.sheet.cards[1]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    after = overlay.grab().toImage()

    assert overlay.highlight == card.crop.name
    assert [c.selected for c in sheet.sheet.cards] == [c is card for c in sheet.sheet.cards]
    rect = overlay.crop_rect_on_widget(card.crop)
    shown = overlay.image_rect_on_widget()
    assert rect is not None
    scale = after.width() / overlay.width()  # the grab is in device pixels

    def at(image: QImage, x: float, y: float) -> QColor:
        return image.pixelColor(round(x * scale), round(y * scale))

    # Inside the crop (away from the others' lines) the picture is as it was; outside it is shaded.
    others = [overlay.crop_rect_on_widget(c) for c in overlay.crops if c is not card.crop]
    inside = next(
        point
        for point in (rect.center(), rect.center() + QPointF(rect.width() / 4, rect.height() / 4))
        if not any(
            o is not None
            and o.adjusted(-4, -4, 4, 4).contains(point)
            and not o.adjusted(4, 4, -4, -4).contains(point)
            for o in others
        )
    )
    assert at(after, inside.x(), inside.y()) == at(before, inside.x(), inside.y())
    grid = [
        QPointF(shown.left() + shown.width() * (i + 0.5) / 12, shown.top() + shown.height() * (j + 0.5) / 12)
        for i in range(12)
        for j in range(12)
    ]
    outside = [point for point in grid if not rect.adjusted(-8, -8, 8, 8).contains(point)]
    assert len(outside) > 20

    def lightness(image: QImage) -> float:
        return sum(at(image, p.x(), p.y()).lightness() for p in outside) / len(outside)

    assert lightness(after) < 0.75 * lightness(before)
    # Its outline is drawn in its colour, thick (several pixels of it across the edge).
    edge = [at(after, rect.center().x(), rect.top() + dy) for dy in (-1, 0, 1)]
    assert all(abs(c.hue() - card.crop.color.hue()) <= 10 for c in edge)

    # Another card moves the highlight; a new load clears it.
    qtbot.mouseClick(sheet.sheet.cards[0], Qt.MouseButton.LeftButton)
    assert overlay.highlight == sheet.sheet.cards[0].crop.name and not card.selected
    sheet.load()
    assert overlay.highlight is None


def test_a_new_asset_replaces_the_sheet_and_nothing_stale_lands_on_it(
    qtbot: QtBot, harness: FeatureHarness, demo: Library, demo_assets: DemoAssets
) -> None:
    first = demo_assets.with_smart_crops
    sheet = show_sheet_alone(qtbot, harness, first.id)
    old_task = sheet.task
    second = other_asset_with_crops(demo, first.id)
    sheet.load()  # running again for the first asset…
    running = sheet.task
    assert harness.navigation.open_text(second.id)  # …when another asset is opened
    assert running is not None and running is not old_task
    qtbot.waitUntil(running.done, timeout=WAIT_MS)
    assert running.cancelled()
    qtbot.waitUntil(
        lambda: loaded(sheet) and sheet.loaded_for is not None and sheet.loaded_for[0] == second.id,
        timeout=SHEET_WAIT_MS,
    )
    assert all(second.id in card.url for card in sheet.sheet.cards)
    assert [card.crop.name for card in sheet.sheet.cards] == [crop.name for crop in second.smart_crops]


def test_a_card_opens_its_crop_in_the_preview(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    sheet = show_sheet(qtbot, window, demo_assets.with_smart_crops.id)
    card = sheet.sheet.cards[0]
    card.open_requested.emit(card.url)
    assert window.tabs.currentIndex() == 0 and window.controller.url == card.url
    assert window.modifier_panel.rows.smartcrop.value() == card.crop.name


# --- a server that lists names only ----------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _names_only(request: Request) -> Reply:
    """Like the real API without a token: minimal metadata, a smartCrops list of names."""
    json_type = ("Content-Type", "application/json")
    if request.target.endswith("/smartCrops"):
        body = json.dumps({"items": [{"name": "Hero"}, {"name": "Thumb"}]}).encode()
        return Reply(200, [json_type], body)
    if request.target.endswith("/metadata"):
        body = json.dumps({"assetId": UNKNOWN_ID, "repositoryMetadata": {"dc:format": "image/png"}}).encode()
        return Reply(200, [json_type], body)
    return Reply(200, [("Content-Type", "image/png")], _png(120, 80))


def test_names_without_rectangles_are_listed_and_what_is_missing_is_said(
    qtbot: QtBot,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> None:
    with LoopbackServer() as server:
        server.queue(*[_names_only] * 40)
        harness = feature_harness(qtbot, server.url, settings, save_chooser)
        try:
            sheet = show_sheet_alone(qtbot, harness, UNKNOWN_ID)
            assert [card.crop.name for card in sheet.sheet.cards] == ["Hero", "Thumb"]
            assert all(card.crop.rect is None and card.crop.nominal is None for card in sheet.sheet.cards)
            note = sheet.note.text()
            assert "No rectangle for Hero, Thumb" in note and "token" in note
            assert sheet.sheet.cards[0].shape_label.text() == "no nominal size given"
            assert all(sheet.overlay.crop_rect_on_widget(crop) is None for crop in sheet.overlay.crops)
        finally:
            harness.close()
            run(harness.context.service.aclose())


def test_crops_merge_names_and_geometry_from_both_sources() -> None:
    listed = [SmartCrop("Wide"), SmartCrop("Tall", 0.1, 0.0, 0.5, 1.0, 400, 800)]
    from_metadata = [SmartCrop("Wide", 0.0, 0.25, 1.0, 0.5, 1280, 720), SmartCrop("Extra", 0, 0, 1, 1)]
    merged = merge_crops(listed, from_metadata)
    assert [crop.name for crop in merged] == ["Wide", "Tall", "Extra"]
    assert merged[0].rect == (0.0, 0.25, 1.0, 0.5) and merged[0].nominal == (1280, 720)
    assert merged[0].rect_source == "the metadata" and merged[1].rect_source == LISTED
    assert merged[2].nominal is None and len({crop.color.name() for crop in merged}) == 3
    assert missing_note(merged, "", "") == ""
    assert "The metadata could not be read: gone" in missing_note(merged, "", "gone")
    assert aspect_text(1280, 720) == "16:9 (1.78)" and aspect_text(1000, 700) == "10:7 (1.43)"
    assert aspect_text(1283, 720) == "1.78:1" and aspect_text(0, 5) == "—"
