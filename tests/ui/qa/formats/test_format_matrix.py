"""The Formats tab against the emulator: the matrix's values against direct httpx requests, the bound
on concurrency, cancellation when the asset changes, quality levels, and opening a row."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import EmulatorServer, Library
from aemviewer.qa.format_matrix import ACCEPT_PROFILES, DEFAULT_FORMATS
from aemviewer.ui.qa.formats.model import BYTES, QUALITY, SMALLEST, STATUS
from aemviewer.ui.qa.formats.panel import FormatMatrixPanel, parse_qualities
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.feature_harness import FeatureHarness
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait

MATRIX_WAIT_MS = 60_000


def finished(panel: FormatMatrixPanel) -> bool:
    rows = panel.model.rows
    # Run is enabled again once the runner has delivered the outcome (a loop turn after the task).
    return bool(rows) and panel.model.done == len(rows) and not panel.running and panel.run_button.isEnabled()


def matrix_panel(qtbot: QtBot, harness: FeatureHarness) -> FormatMatrixPanel:
    """The Formats tab alone, over the harness's context (not shown yet)."""
    panel = FormatMatrixPanel(harness.context)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    return panel


def show_matrix(qtbot: QtBot, harness: FeatureHarness, url: str) -> FormatMatrixPanel:
    panel = matrix_panel(qtbot, harness)
    harness.open(qtbot, url)
    panel.show()  # shown: it runs for the preview's state
    qtbot.waitExposed(panel)
    return panel


def test_the_matrix_matches_direct_requests_and_marks_the_smallest(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    panel = show_matrix(qtbot, harness, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?width=120")
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    rows = panel.model.rows
    assert len(rows) == len(DEFAULT_FORMATS) * 2 * len(ACCEPT_PROFILES)
    assert {row.request.accept for row in rows} == set(ACCEPT_PROFILES)
    with httpx.Client(timeout=30) as direct:
        for row in rows:
            result = row.result
            assert result is not None and result.ok, row.request
            answer = direct.get(row.request.url, headers={"Accept": row.request.accept.header})
            assert answer.status_code == 200 and result.status in (200, 304)  # 304: revalidated by the window
            assert result.media_type == answer.headers["content-type"]
            assert result.byte_count == len(answer.content)
            with Image.open(io.BytesIO(answer.content)) as image:
                assert (result.width, result.height) == image.size == (120, image.size[1])
            assert row.thumbnail is not None and not row.thumbnail.isNull()
    best = panel.model.best
    assert best is not None and best.byte_count == min(
        row.result.byte_count or 0 for row in rows if row.result
    )
    marks = [panel.model.index(i, SMALLEST).data() for i in range(len(rows))]
    assert marks.count("★ smallest") == 1
    best_row = next(i for i, row in enumerate(rows) if row.result is best)
    assert marks[best_row] == "★ smallest"
    assert panel.model.index(best_row, BYTES).data() == f"{best.byte_count:,}"
    assert best.media_type in panel.summary.text()


def test_requests_run_concurrently_with_a_bound(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    service = harness.context.service
    real_fetch = service.fetch
    in_flight = 0
    peak = 0

    async def counting(endpoints: DeliveryEndpoints, url: str, *, accept: str | None = None) -> Delivery:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await real_fetch(endpoints, url, accept=accept)
        finally:
            in_flight -= 1

    asset = demo_assets.public_image
    panel = matrix_panel(qtbot, harness)
    harness.open(qtbot, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?width=110")
    service.fetch = counting  # type: ignore[method-assign]  # counts, then sends for real
    panel.show()
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    assert peak == 4


def test_changing_the_asset_mid_matrix_cancels_it_and_no_stale_row_appears(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo: Library, demo_assets: DemoAssets
) -> None:
    first = demo_assets.public_image
    second = next(
        a
        for a in demo.assets.values()
        if a.id != first.id and a.media_type == "image/jpeg" and not a.roles and a.status == "approved"
    )
    panel = show_matrix(qtbot, harness, f"{emulator.base_url}/adobe/assets/{first.id}/as/a.jpg?width=140")
    qtbot.waitUntil(lambda: panel.model.done >= 1, timeout=WAIT_MS)
    old_task = panel.task
    assert old_task is not None and panel.model.done < len(panel.model.rows)

    assert harness.navigation.open_text(f"{emulator.base_url}/adobe/assets/{second.id}/as/b.jpg?width=130")
    qtbot.waitUntil(old_task.done, timeout=WAIT_MS)
    assert old_task.cancelled()
    assert all(first.id not in row.request.url for row in panel.model.rows)

    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)  # it ran again for the new asset
    assert panel.task is not old_task
    assert all(second.id in row.request.url and "width=130" in row.request.url for row in panel.model.rows)
    assert all(row.result is not None and row.result.request is row.request for row in panel.model.rows)


def test_quality_levels_multiply_the_rows_and_bad_levels_are_refused(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    panel = show_matrix(qtbot, harness, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?width=100")
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    for box, profile in panel.accept_boxes:
        box.setChecked(profile.name == "curl")
    panel.auto_on.setChecked(False)
    panel.qualities.setText("30, 90")
    panel.run_button.click()
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    rows = panel.model.rows
    assert [(r.request.image_format, r.request.quality) for r in rows[:2]] == [("jpg", 30), ("jpg", 90)]
    assert len(rows) == len(DEFAULT_FORMATS) * 2
    jpeg = {
        r.request.quality: r.result.byte_count for r in rows if r.request.image_format == "jpg" and r.result
    }
    assert jpeg[30] is not None and jpeg[90] is not None and jpeg[30] < jpeg[90]
    assert not panel.table.isColumnHidden(QUALITY)

    panel.qualities.setText("0")
    panel.run_button.click()
    assert panel.banner.isVisible() and "expected integers from 1 to 100" in panel.banner.message_label.text()
    assert not panel.running and panel.model.rows == rows
    with pytest.raises(Exception, match="1 to 100"):
        parse_qualities("101")
    assert parse_qualities("") == [None]


def show_matrix_in_window(qtbot: QtBot, window: MainWindow, url: str) -> FormatMatrixPanel:
    open_and_wait(qtbot, window, url)
    window.tabs.setCurrentWidget(window.format_matrix_panel)  # shown: it runs for the preview's state
    return window.format_matrix_panel


def test_a_row_opens_in_the_preview_with_its_accept(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    panel = show_matrix_in_window(
        qtbot, window, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?width=90"
    )
    qtbot.waitUntil(lambda: finished(panel), timeout=MATRIX_WAIT_MS)
    task = panel.task
    row = next(
        i
        for i, r in enumerate(panel.model.rows)
        if r.request.accept.name == "older" and not r.request.auto_format
    )
    request = panel.model.rows[row].request
    index = panel.proxy.mapFromSource(panel.model.index(row, STATUS))
    panel.table.scrollTo(index)
    rect = panel.table.visualRect(index)
    # A real double-click: a click, then the double-click event.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == 0
    assert window.controller.url == request.url
    assert window.controller.accept == request.accept.header
    assert window.modifier_panel.accept_header() == request.accept.header
    qtbot.waitUntil(
        lambda: (
            window.controller.last_preview is not None and window.controller.last_preview.url == request.url
        ),
        timeout=WAIT_MS,
    )
    # Same asset: the matrix still stands (no re-run, no cleared rows).
    assert panel.task is task and all(r.result is not None for r in panel.model.rows)


def test_stop_cancels_the_running_matrix(
    qtbot: QtBot, harness: FeatureHarness, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    asset = demo_assets.public_image
    panel = show_matrix(qtbot, harness, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?width=150")
    qtbot.waitUntil(lambda: panel.model.done >= 1, timeout=WAIT_MS)
    task = panel.task
    assert task is not None
    panel.stop_button.click()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.cancelled() and panel.run_button.isEnabled() and not panel.stop_button.isEnabled()
    assert panel.summary.text().startswith("Stopped after")
