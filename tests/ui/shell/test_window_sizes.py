"""Every tab fits a 1024×700 window (a 1024×768 screen) without forcing it wider or taller, with a
video, an image with smart crops and its metadata open: the layouts scroll, elide and wrap."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.shell.theme import apply_theme
from tests.support.video_library import PUBLIC_VIDEO
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, make_window, open_and_wait
from tests.ui.video.test_video_panel import close_after  # noqa: F401 - the fixture

SMALL = (1024, 700)


def too_large(window: MainWindow) -> list[str]:
    """Each tab whose minimum size (or the window's with it shown) exceeds the small window."""
    width, height = SMALL
    found = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab: QWidget = window.tabs.widget(index)
        needed = tab.minimumSizeHint().expandedTo(tab.minimumSize())
        # The asset bar, the tab bar and the status bar take about 200 of the 700 pixels.
        if needed.width() > width - 8 or needed.height() > height - 200:
            found.append(f"{window.tabs.tabText(index)}: needs {needed.width()}×{needed.height()}")
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    if hint.width() > width or hint.height() > height:
        found.append(f"the window: needs {hint.width()}×{hint.height()}")
    return found


@pytest.mark.parametrize("role", [None, "editor"])
def test_every_tab_fits_a_1024_by_700_window(
    qtbot: QtBot,
    app_look: QApplication,
    emulator: EmulatorServer,
    settings: WindowSettings,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    close_after: list[MainWindow],  # noqa: F811 - the fixture
    role: str | None,
) -> None:
    """Without a token, and with one (the full metadata, the smart crops' rectangles)."""
    apply_theme(app_look, "dark")  # the window's own style (Fusion), as at every start
    window = make_window(
        qtbot, emulator.base_url, settings, SaveChooser(), token=tokens[role] if role else None
    )
    close_after.append(window)
    window.resize(*SMALL)
    open_and_wait(qtbot, window, demo_assets.with_smart_crops.id)
    for index in range(window.tabs.count()):  # each tab loads what it shows once shown
        window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.metadata_tab.panel.model.rowCount() > 0, timeout=WAIT_MS)
    problems = too_large(window)
    window.tabs.setCurrentWidget(window.video_panel)
    with qtbot.waitSignal(window.video_panel.video_loaded, timeout=WAIT_MS):
        assert window.open_text(PUBLIC_VIDEO)
    problems += too_large(window)
    assert not problems, problems
    assert window.width() == SMALL[0] and window.height() == SMALL[1]


def test_the_first_window_is_no_larger_than_a_small_screen(qtbot: QtBot, settings: WindowSettings) -> None:
    """Without remembered geometry the window opens at most as large as the screen (offscreen, the
    screen is 800×800: the window shrinks to its minimum width and to the screen's height)."""
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    available = screen.availableGeometry()
    assert available.width() < 1500, "this test needs a small screen"
    window = MainWindow(DeliveryService(DeliveryEndpoints("http://127.0.0.1:9")), settings)
    qtbot.addWidget(window)
    assert window.height() <= available.height()
    assert window.width() <= max(available.width(), window.minimumSizeHint().width())
    window.controller.shutdown()
