"""The Metadata tab of the real window against the emulator (with and without a token) and against
a misbehaving server: rows, hints, smart crops, copy, export, and errors in place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from aemviewer.emulator import Asset, EmulatorServer
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.metadata.feature import MetadataTab
from aemviewer.ui.metadata.panel import MetadataPanel
from aemviewer.ui.metadata.table_model import Column
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.banner import BannerKind
from tests.support.servers import LoopbackServer, Reply, Request
from tests.ui.feature_harness import FeatureHarness, feature_harness
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, make_window, wait_for_preview

UNKNOWN_ID = "urn:aaid:aem:00000000-0000-4000-8000-0000000000aa"
MINIMAL_KEYS = {"assetId", "dc:format", "repo:size", "dam:assetStatus", "tiff:ImageWidth", "tiff:ImageLength"}


@pytest.fixture
def make(
    event_loop_qt: qasync.QEventLoop,
    qtbot: QtBot,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[Callable[[str, str | None], MainWindow]]:
    """Makes windows on any host with any token; closes them after the test."""
    made: list[MainWindow] = []

    def factory(base_url: str, token: str | None = None) -> MainWindow:
        window = make_window(qtbot, base_url, settings, save_chooser, token)
        made.append(window)
        return window

    yield factory
    for window in made:
        window.controller.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


@pytest.fixture
def editor_window(
    make: Callable[[str, str | None], MainWindow], emulator: EmulatorServer, tokens: dict[str, str]
) -> MainWindow:
    return make(emulator.base_url, tokens["editor"])


def open_metadata(qtbot: QtBot, window: MainWindow, asset_id: str) -> MetadataPanel:
    panel = window.metadata_tab.panel
    with qtbot.waitSignal(panel.rows_ready, timeout=WAIT_MS):
        assert window.open_text(asset_id)
    return panel


def metadata_alone(qtbot: QtBot, harness: FeatureHarness) -> MetadataTab:
    """The Metadata tab on its own, over the harness's context."""
    tab = MetadataTab(harness.context)
    qtbot.addWidget(tab.panel)
    tab.panel.show()
    return tab


def banner_shown(panel: MetadataPanel) -> bool:
    # The tab may be behind the Preview tab: shown within the panel is what counts.
    return panel.banner.isVisibleTo(panel)


def shown_keys(panel: MetadataPanel) -> list[str]:
    return [panel.proxy.index(row, Column.KEY).data() for row in range(panel.proxy.rowCount())]


def cell(panel: MetadataPanel, key: str, column: Column) -> str:
    row = shown_keys(panel).index(key)
    return str(panel.proxy.index(row, column).data())


def double_click(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    # QTest's double click alone does not reach an item view's doubleClicked: press first, as a hand does.
    center = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def metadata_requests(emulator: EmulatorServer, asset_id: str) -> int:
    return sum(1 for line in emulator.request_log if f"{asset_id}/metadata" in line)


# --- against the emulator ----------------------------------------------------------------------------


def test_the_tab_sits_beside_the_preview_and_waits_for_an_asset(window: MainWindow) -> None:
    panel = window.metadata_tab.panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Metadata"
    assert window.tabs.currentIndex() == 0
    assert panel.model.rowCount() == 0
    assert "Open an asset" in panel.placeholder.text()
    assert not panel.export_json_button.isEnabled()


def test_without_a_token_the_minimal_set_comes_with_a_hint_and_is_fetched_once(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    before = metadata_requests(emulator, asset.id)
    tab = metadata_alone(qtbot, harness)
    panel = tab.panel
    harness.open(qtbot, asset.id)
    qtbot.waitUntil(lambda: panel.metadata is not None, timeout=WAIT_MS)

    assert set(shown_keys(panel)) == MINIMAL_KEYS
    assert cell(panel, "repo:size", Column.PROPERTY) == "Size"
    assert cell(panel, "repo:size", Column.TYPE) == "size (as text)"
    assert cell(panel, "tiff:ImageWidth", Column.VALUE) == f"{asset.raster.width} px"
    assert banner_shown(panel) and panel.banner.kind is BannerKind.INFO
    assert "minimal" in panel.banner.title_label.text()
    assert "AEMVIEWER_TOKEN" in panel.banner.message_label.text()
    assert panel.title_label.text() == asset.id

    # The smart crops come from the smartCrops list: names, without rectangles.
    qtbot.waitUntil(lambda: panel.crop_model.rowCount() == len(asset.smart_crops), timeout=WAIT_MS)
    assert [row.name for row in panel.crop_model.rows] == [crop.name for crop in asset.smart_crops]
    assert panel.crop_model.index(0, 1).data() == "—"
    assert "token" in panel.crops.note.text()

    # The preview's own metadata request is the one the tab shows.
    assert metadata_requests(emulator, asset.id) - before == 1
    assert panel.metadata is harness.controller.metadata


def test_with_a_token_the_full_set_shows_for_people(
    qtbot: QtBot, editor_window: MainWindow, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    panel = open_metadata(qtbot, editor_window, asset.id)
    meta = asset.asset_metadata

    assert not banner_shown(panel)
    assert panel.title_label.text() == meta["dc:title"]
    assert asset.name in panel.summary_label.text()
    assert f"{asset.raster.width} × {asset.raster.height} px" in panel.summary_label.text()
    assert cell(panel, "dc:title", Column.PROPERTY) == "Title"
    assert cell(panel, "dc:title", Column.VALUE) == meta["dc:title"]
    assert cell(panel, "dc:description", Column.PROPERTY) == "Description"
    keywords = meta["dc:subject"]
    assert cell(panel, "dc:subject", Column.PROPERTY) == "▸ Keywords"
    assert cell(panel, "dc:subject", Column.VALUE).startswith(f"{len(keywords)} items: {keywords[0]}")
    assert cell(panel, "xcm:machineKeywords", Column.PROPERTY) == "▸ Smart tags"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", cell(panel, "xmp:CreateDate", Column.VALUE))
    assert shown_keys(panel)[0] == "dc:title", "sorted by section: the asset's own metadata first"
    assert panel.count_label.text() == f"{len(panel.model.entries)} properties"

    # Opening a list by double-click shows its items as rows.
    editor_window.tabs.setCurrentWidget(panel)
    table = panel.table
    row = shown_keys(panel).index("dc:subject")
    double_click(qtbot, table, panel.proxy.index(row, Column.VALUE))
    assert shown_keys(panel)[row + 1 : row + 1 + len(keywords)] == [
        f"dc:subject[{i}]" for i in range(len(keywords))
    ]
    assert [panel.proxy.index(row + 1 + i, Column.VALUE).data() for i in range(len(keywords))] == keywords


def test_smart_crops_show_pixel_and_normalized_rectangles(
    qtbot: QtBot, editor_window: MainWindow, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.with_smart_crops
    panel = open_metadata(qtbot, editor_window, asset.id)
    width, height = asset.raster.width, asset.raster.height
    rows = panel.crop_model.rows
    assert [row.name for row in rows] == [crop.name for crop in asset.smart_crops]
    for row, crop in zip(rows, asset.smart_crops, strict=True):
        name, pixels, fractions, nominal = (
            panel.crop_model.index(rows.index(row), c).data() for c in range(4)
        )
        assert name == crop.name
        match = re.fullmatch(r"(\d+) × (\d+) at (\d+), (\d+)", pixels)
        assert match, pixels
        w, h, x, y = map(int, match.groups())
        assert abs(x - crop.left * width) <= 0.5 and abs(y - crop.top * height) <= 0.5
        assert abs(w - crop.normalized_width * width) <= 1 and abs(h - crop.normalized_height * height) <= 1
        assert x + w <= width and y + h <= height
        assert fractions.endswith(f"at {crop.left:g}, {crop.top:g}")
        assert nominal == (f"{crop.width} × {crop.height} px" if crop.width else "—")


def test_choosing_a_smart_crop_previews_it_on_the_preview_tab(
    qtbot: QtBot, editor_window: MainWindow, demo_assets: DemoAssets
) -> None:
    window = editor_window
    asset = demo_assets.with_smart_crops
    panel = open_metadata(qtbot, window, asset.id)
    wait_for_preview(qtbot, window)
    window.tabs.setCurrentWidget(panel)
    name = asset.smart_crops[-1].name

    assert panel.crops.select(name)
    assert panel.crops.preview_button.isEnabled()
    assert window.tabs.currentWidget() is panel, "selecting alone changes nothing"
    row = [r.name for r in panel.crop_model.rows].index(name)
    double_click(qtbot, panel.crop_table, panel.crop_model.index(row, 0))

    assert window.tabs.currentWidget() is window.splitter
    assert window.modifier_panel.modifiers().smartcrop == name
    assert window.modifier_panel.rows.smartcrop.value() == name
    preview = wait_for_preview(qtbot, window, f"smartcrop={name}")
    assert preview.image.width() > 0


def test_an_unaccepted_token_gets_its_own_hint(
    qtbot: QtBot,
    make: Callable[[str, str | None], MainWindow],
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
) -> None:
    window = make(emulator.base_url, tokens["expired"])
    panel = open_metadata(qtbot, window, demo_assets.public_image.id)
    assert set(shown_keys(panel)) == MINIMAL_KEYS
    assert panel.banner.kind is BannerKind.WARNING
    assert "although a token was sent" in panel.banner.title_label.text()


def test_filter_copy_and_export_from_the_tab(
    qtbot: QtBot,
    editor_window: MainWindow,
    demo_assets: DemoAssets,
    save_chooser: SaveChooser,
    tmp_path: Path,
) -> None:
    asset = demo_assets.public_image
    out = tmp_path / "exports"
    out.mkdir()
    panel = open_metadata(qtbot, editor_window, asset.id)
    total = panel.proxy.rowCount()
    editor_window.tabs.setCurrentWidget(panel)

    qtbot.keyClicks(panel.filter_field, "TITLE")
    qtbot.waitUntil(lambda: shown_keys(panel) == ["dc:title"], timeout=WAIT_MS)
    assert panel.count_label.text() == f"1 of {total} rows"

    panel.table.setFocus()
    panel.table.selectionModel().select(
        panel.proxy.index(0, Column.VALUE), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == asset.asset_metadata["dc:title"]
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text().splitlines()[1].startswith("asset\tTitle\tdc:title\t")
    panel.filter_field.clear()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == total, timeout=WAIT_MS)

    save_chooser.path = out / "doc.json"
    with qtbot.waitSignal(panel.exported, timeout=WAIT_MS) as saved:
        panel.export_json_button.click()
    assert saved.args == [save_chooser.path]
    metadata = panel.metadata
    assert metadata is not None
    assert save_chooser.path.read_bytes() == metadata.raw
    stem = asset.name.rsplit(".", 1)[0]
    assert save_chooser.suggested == [f"{stem}-metadata.json"]

    save_chooser.path = out / "doc.csv"
    with qtbot.waitSignal(panel.exported, timeout=WAIT_MS):
        panel.export_csv_button.click()
    lines = save_chooser.path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Section,Key,Property,Value,Value as sent,Type"
    assert len(lines) == 1 + len(panel.model.entries)
    assert sorted(p.name for p in out.iterdir()) == ["doc.csv", "doc.json"]
    assert "Exported" in editor_window.statusBar().currentMessage()

    # Cancelled dialog: nothing written, nothing said.
    save_chooser.path = None
    panel.export_csv_button.click()
    assert sorted(p.name for p in out.iterdir()) == ["doc.csv", "doc.json"]


def test_opening_another_asset_replaces_the_rows(
    qtbot: QtBot, editor_window: MainWindow, demo: Any, demo_assets: DemoAssets
) -> None:
    first = demo_assets.public_image
    other = next(
        a for a in demo.assets.values() if a.id != first.id and a.status == "approved" and not a.roles
    )
    open_metadata(qtbot, editor_window, first.id)
    panel = open_metadata(qtbot, editor_window, other.id)
    assert cell(panel, "assetId", Column.VALUE) == other.id
    assert panel.title_label.text() == other.asset_metadata["dc:title"]


# --- errors ------------------------------------------------------------------------------------------


def test_an_unknown_asset_shows_the_404_in_the_tab_and_retry_asks_again(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer
) -> None:
    tab = metadata_alone(qtbot, harness)
    panel = tab.panel
    assert harness.navigation.open_text(UNKNOWN_ID)
    qtbot.waitUntil(lambda: banner_shown(panel), timeout=WAIT_MS)
    assert panel.banner.kind is BannerKind.ERROR
    assert "404" in panel.banner.title_label.text()
    assert "AEMVIEWER_TOKEN" in panel.banner.message_label.text()
    assert "No metadata" in panel.placeholder.text()
    assert panel.model.rowCount() == 0

    before = metadata_requests(emulator, UNKNOWN_ID)
    retry = next(b for b in panel.banner.action_buttons if b.text() == "Retry")
    retry.click()
    qtbot.waitUntil(lambda: metadata_requests(emulator, UNKNOWN_ID) == before + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: banner_shown(panel), timeout=WAIT_MS)
    assert "404" in panel.banner.title_label.text()


def scripted_host(metadata: list[Reply]) -> Callable[[Request], Reply]:
    """Answers metadata requests with the next of `metadata`; everything else 404."""

    def answer(request: Request) -> Reply:
        if request.target.split("?", 1)[0].endswith("/metadata"):
            return metadata.pop(0)
        problem = json.dumps({"title": "Not Found", "status": 404, "detail": "scripted"}).encode()
        return Reply(404, [("Content-Type", "application/problem+json")], problem)

    return answer


def json_reply(body: bytes, *headers: tuple[str, str]) -> Reply:
    return Reply(200, [("Content-Type", "application/json"), *headers], body)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"assetId": "urn:aaid:aem:1", "repositoryMetadata": {', "not valid JSON"),
        (b"[1, 2, 3]", "not an object"),
    ],
)
def test_a_broken_answer_shows_in_place_and_retry_recovers(
    qtbot: QtBot,
    make: Callable[[str, str | None], MainWindow],
    run: Callable[[Coroutine[Any, Any, None]], None],
    body: bytes,
    words: str,
) -> None:
    good = json.dumps(
        {
            "assetId": UNKNOWN_ID,
            "repositoryMetadata": {"repo:name": "fixed.jpg"},
            "assetMetadata": {"dc:title": "Fixed"},
        }
    ).encode()
    with LoopbackServer() as server:
        server.queue(*[scripted_host([json_reply(body), json_reply(good)])] * 12)
        window = make(server.url, None)
        panel = window.metadata_tab.panel
        assert window.open_text(UNKNOWN_ID)
        qtbot.waitUntil(lambda: banner_shown(panel), timeout=WAIT_MS)
        assert panel.banner.title_label.text() == "The answer cannot be shown"
        assert words in panel.banner.message_label.text()
        assert server.url in panel.banner.message_label.text()
        # The window stays usable: the preview reports its own failure in its own banner.
        qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)

        # The smartCrops list failed too (and was reported) before Retry is pressed.
        qtbot.waitUntil(
            lambda: "could not be listed" in window.modifier_panel.rows.smartcrop.tooltip, timeout=WAIT_MS
        )
        retry = next(b for b in panel.banner.action_buttons if b.text() == "Retry")
        with qtbot.waitSignal(panel.rows_ready, timeout=WAIT_MS):
            retry.click()
        assert panel.title_label.text() == "Fixed"
        # Asking again for the metadata keeps what the smartCrops list said (here: it failed).
        assert panel.crops.note.text().startswith("The smart crop list could not be loaded")
        assert not banner_shown(panel), panel.banner.title_label.text()
        # Close the window's connections before the server goes away.
        window.controller.shutdown()
        run(window.service.aclose())


def test_a_document_larger_than_the_limit_is_refused_in_place(
    qtbot: QtBot,
    settings: WindowSettings,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> None:
    huge = json_reply(b"{}", ("Content-Length", str(200 * 1000 * 1000)))
    huge.cut_after = 0
    with LoopbackServer() as server:
        server.queue(*[scripted_host([huge])] * 12)
        harness = feature_harness(qtbot, server.url, settings)
        tab = metadata_alone(qtbot, harness)
        panel = tab.panel
        assert harness.navigation.open_text(UNKNOWN_ID)
        qtbot.waitUntil(lambda: banner_shown(panel), timeout=WAIT_MS)
        assert panel.banner.title_label.text() == "The answer cannot be shown"
        assert "bytes" in panel.banner.message_label.text()
        # Close the connections before the server goes away.
        harness.close()
        run(harness.context.service.aclose())


def test_asset_fixture_sanity(demo_assets: DemoAssets) -> None:
    asset: Asset = demo_assets.with_smart_crops
    assert asset.smart_crops, "the demo library has an image with smart crops"
    assert "dc:subject" in asset.asset_metadata and "dc:title" in asset.asset_metadata
