"""The Compare tab against the emulator: sides from the preview, edited sides, synchronised zoom and
pan in both layouts, the facts under each side against direct requests, swap, copy, two assets."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.emulator.visibility import Caller, is_delivered
from aemviewer.ui.qa.compare.panel import ComparePanel
from aemviewer.ui.qa.compare.side import byte_difference
from aemviewer.ui.qa.compare.view import CompareMode
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.canvas_view import ZoomMode
from aemviewer.ui.widgets.image_canvas import PreviewCanvas
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait

SMALL = "width=160&quality=80"


def other_public_images(library: Library, besides: str) -> list[str]:
    """Ids of the demo's public images other than `besides`, in catalogue order."""
    anonymous = Caller.anonymous()
    return [
        asset.id
        for asset in library.assets.values()
        if asset.id != besides and asset.media_type.startswith("image/") and is_delivered(asset, anonymous)
    ]


@pytest.fixture
def panel(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> Iterator[ComparePanel]:
    asset = demo_assets.public_image
    open_and_wait(qtbot, window, f"{emulator.base_url}/adobe/assets/{asset.id}/as/photo.jpg?{SMALL}")
    window.tabs.setCurrentWidget(window.compare_panel)  # shown: both sides start from the preview
    compare = window.compare_panel
    qtbot.waitUntil(lambda: all(result is not None for result in compare.results), timeout=WAIT_MS)
    yield compare


def commit(qtbot: QtBot, panel: ComparePanel, index: int, text: str) -> None:
    """Type a line into a side's editor and press Enter, as a user does."""
    line = panel.editors[index].line
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def wait_side(qtbot: QtBot, panel: ComparePanel, index: int, url_part: str) -> None:
    def arrived() -> bool:
        result = panel.results[index]
        return result is not None and url_part in result.url and result.url == panel.urls[index]

    qtbot.waitUntil(arrived, timeout=WAIT_MS)


def wheel(canvas: PreviewCanvas, at: QPointF, steps: int) -> None:
    event = QWheelEvent(
        at,
        canvas.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def assert_in_step(panel: ComparePanel) -> None:
    a, b = panel.view.canvas_a.view(), panel.view.canvas_b.view()
    assert b.scale == pytest.approx(a.scale * panel.view.link.ratio())
    assert (b.offset.x(), b.offset.y()) == pytest.approx((a.offset.x(), a.offset.y()))


def test_both_sides_start_from_the_preview_and_show_what_was_delivered(
    qtbot: QtBot, window: MainWindow, panel: ComparePanel
) -> None:
    assert panel.urls == [window.controller.url, window.controller.url]
    assert panel.editors[0].line.text() == SMALL
    assert panel.editors[0].image_format() == "jpg"
    assert panel.editors[0].accept() == window.controller.accept
    assert panel.difference.text() == "A and B have the same size"
    with httpx.Client(timeout=20) as direct:
        answer = direct.get(panel.urls[0], headers={"Accept": window.controller.accept or "*/*"})
    result = panel.results[0]
    assert result is not None
    assert result.delivery.byte_count == len(answer.content)
    assert result.delivery.media_type == answer.headers["content-type"]
    facts = panel.stats[0].facts.text()
    assert f"{len(answer.content):,} bytes" in facts and answer.headers["content-type"] in facts
    assert f"{result.image.width()} × {result.image.height()} px" in facts and " ms" in facts
    assert panel.stats[0].url_label.toolTip() == panel.urls[0]


def test_an_edited_side_b_is_requested_and_the_difference_is_shown(
    qtbot: QtBot, window: MainWindow, panel: ComparePanel
) -> None:
    panel.editors[1].format_combo.setCurrentIndex(panel.editors[1].format_combo.findData("webp"))
    commit(qtbot, panel, 1, "width=160&quality=20&auto-format=false")
    wait_side(qtbot, panel, 1, "quality=20")
    a, b = panel.results
    assert a is not None and b is not None
    assert b.url.split("?")[0].endswith(".webp") and b.delivery.media_type == "image/webp"
    assert b.delivery.byte_count < a.delivery.byte_count
    expected = byte_difference(a.delivery.byte_count, b.delivery.byte_count)
    percent = (a.delivery.byte_count - b.delivery.byte_count) / a.delivery.byte_count * 100
    assert expected.startswith(f"B is {percent:.1f} % smaller than A (−")
    assert panel.difference.text() == expected
    assert panel.urls[0] == window.controller.url  # A untouched


def test_an_invalid_line_is_refused_in_place_and_nothing_is_sent(
    qtbot: QtBot, emulator: EmulatorServer, panel: ComparePanel
) -> None:
    before = list(panel.urls)
    sent = len(emulator.request_log)
    commit(qtbot, panel, 1, "width=160&quality=500")
    message = panel.editors[1].message
    assert message.isVisible() and "quality" in message.text() and "1 to 100" in message.text()
    assert panel.urls == before and len(emulator.request_log) == sent


def test_zoom_and_pan_of_one_side_move_the_other_in_the_split_view(qtbot: QtBot, panel: ComparePanel) -> None:
    commit(qtbot, panel, 1, "width=160&quality=15")
    wait_side(qtbot, panel, 1, "quality=15")
    view = panel.view
    a, b = view.canvas_a, view.canvas_b
    assert view.mode is CompareMode.SPLIT and a.geometry() == b.geometry()
    assert view.link.ratio() == 1.0  # same pixel size on both sides

    a.actual_size()  # 100 %
    assert a.zoom == 1.0 and b.zoom == 1.0
    assert_in_step(panel)

    center = QPointF(b.width() * 0.75, b.height() / 2)  # B's part of the split
    wheel(b, center, 3)  # the user zooms on side B…
    assert a.zoom == pytest.approx(1.25**3) and a.zoom_mode is ZoomMode.MANUAL  # …and A follows
    assert_in_step(panel)
    for _ in range(8):  # larger than the view both ways, so it pans both ways
        a.zoom_in()
    assert a.image_rect_on_widget().width() > a.width()
    assert b.zoom == pytest.approx(a.zoom)

    before_a, before_b = a.image_rect_on_widget().topLeft(), b.image_rect_on_widget().topLeft()
    start = QPoint(round(a.width() * 0.25), a.height() // 2)  # A's part of the split
    QTest.mousePress(a, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(a, start + QPoint(30, 20))
    QTest.mouseRelease(a, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(30, 20))
    moved_a = a.image_rect_on_widget().topLeft() - before_a
    moved_b = b.image_rect_on_widget().topLeft() - before_b
    assert moved_a.toPoint() == QPoint(30, 20) and moved_b.toPoint() == QPoint(30, 20)

    b_start = QPoint(round(b.width() * 0.8), b.height() // 2)
    QTest.mousePress(b, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b_start)
    QTest.mouseMove(b, b_start - QPoint(25, 10))
    QTest.mouseRelease(b, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b_start - QPoint(25, 10))
    assert_in_step(panel)

    b.fit()  # fit on B fits both
    assert a.zoom_mode is ZoomMode.FIT
    assert_in_step(panel)


def test_the_divider_splits_the_picture_and_is_dragged(qtbot: QtBot, panel: ComparePanel) -> None:
    view = panel.view
    middle_y = view.height() // 2
    x = view.divider_x()
    assert view.childAt(QPoint(x - 60, middle_y + 80)) is view.canvas_a
    assert view.childAt(QPoint(x + 60, middle_y + 80)) is view.canvas_b
    handle = view.handle
    grip = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grip)
    QTest.mouseMove(handle, grip - QPoint(200, 0))
    # The handle moved with the mouse: the release is over its new place.
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle.rect().center()
    )
    assert view.divider_x() == pytest.approx(x - 200, abs=2)
    assert view.childAt(QPoint(view.divider_x() + 20, middle_y + 80)) is view.canvas_b
    assert view.childAt(QPoint(view.divider_x() - 20, middle_y + 80)) is view.canvas_a
    assert view.canvas_b.mask().boundingRect().left() == view.divider_x()


def test_side_by_side_keeps_the_sides_in_step(qtbot: QtBot, panel: ComparePanel) -> None:
    panel.mode_buttons.buttons()[1].click()
    view = panel.view
    a, b = view.canvas_a, view.canvas_b
    assert view.mode is CompareMode.SIDE_BY_SIDE and not view.handle.isVisible()
    assert a.geometry().right() < b.geometry().left() and a.width() == b.width()
    assert b.mask().isEmpty()
    a.actual_size()
    wheel(a, QPointF(a.width() / 3, a.height() / 3), 2)
    assert b.zoom == pytest.approx(1.25**2)
    assert_in_step(panel)


def test_swap_exchanges_the_sides_and_copy_takes_either_url(
    qtbot: QtBot, window: MainWindow, panel: ComparePanel
) -> None:
    commit(qtbot, panel, 1, "width=120")
    wait_side(qtbot, panel, 1, "width=120")
    url_a, url_b = panel.urls
    bytes_a, bytes_b = (result.delivery.byte_count for result in panel.results if result is not None)
    panel.swap_button.click()
    assert panel.urls == [url_b, url_a]
    assert panel.editors[0].line.text() == "width=120" and panel.editors[1].line.text() == SMALL
    assert panel.view.canvas_a.image.width() == 120
    assert panel.difference.text() == byte_difference(bytes_b, bytes_a)
    panel.editors[1].copy_button.click()
    assert QGuiApplication.clipboard().text() == url_a
    panel.editors[0].copy_button.click()
    assert QGuiApplication.clipboard().text() == url_b


def test_a_side_with_its_own_asset_stays_while_the_other_follows_the_preview(
    qtbot: QtBot,
    window: MainWindow,
    emulator: EmulatorServer,
    demo: Library,
    demo_assets: DemoAssets,
    panel: ComparePanel,
) -> None:
    other, third = other_public_images(demo, demo_assets.public_image.id)[:2]
    own = f"{emulator.base_url}/adobe/assets/{other}/as/other.png?width=100"
    commit(qtbot, panel, 1, own)
    wait_side(qtbot, panel, 1, other)
    assert panel.results[1] is not None and panel.results[1].url == own
    assert panel.editors[1].image_format() == "png"

    window.tabs.setCurrentIndex(0)
    open_and_wait(qtbot, window, third)
    window.tabs.setCurrentWidget(panel)  # A follows the preview's asset, B keeps its own
    wait_side(qtbot, panel, 0, third)
    assert panel.urls[1] == own and "width=160" in panel.urls[0]


def test_from_preview_takes_the_preview_state_again(
    qtbot: QtBot, window: MainWindow, panel: ComparePanel
) -> None:
    commit(qtbot, panel, 0, "width=90")
    wait_side(qtbot, panel, 0, "width=90")
    panel.editors[0].from_preview_button.click()
    wait_side(qtbot, panel, 0, SMALL)
    assert panel.urls[0] == window.controller.url
