"""The heavy tabs (Compare, Formats, Smart crops, Checks, Video) are built when first shown: a stand-in page
until then, the feature's own page after, following the asset opened before it existed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.main_window import HEAVY_TABS, MainWindow
from tests.ui.helpers import DemoAssets, open_and_wait


def test_heavy_tabs_wait_for_their_first_showing(qtbot: QtBot, window: MainWindow) -> None:
    titles = [window.tabs.tabText(index) for index in range(window.tabs.count())]
    for title, _module, _name in HEAVY_TABS:
        page = window.lazy_tabs[title]
        assert page.feature is None
        assert page.page is page
        assert title in titles
    assert titles[:7] == ["Preview", "Metadata", "Compare", "Formats", "Smart crops", "Checks", "Video"]


def test_a_tab_built_late_takes_its_place_and_follows_the_open_asset(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    stand_in = window.lazy_tabs["Formats"]
    index = window.tabs.indexOf(stand_in)

    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: stand_in.feature is not None)

    panel = window.format_matrix_panel
    assert window.tabs.widget(index) is panel and window.tabs.currentWidget() is panel
    assert window.tabs.tabText(index) == "Formats"
    assert window.tabs.indexOf(stand_in) == -1
    # Built after the asset was opened, it still runs for the preview's asset.
    qtbot.waitUntil(lambda: panel.ran_for is not None)
    assert panel.ran_for is not None and panel.ran_for[0] == window.controller.url


def test_asking_for_a_panel_builds_it_in_place(qtbot: QtBot, window: MainWindow) -> None:
    stand_in = window.lazy_tabs["Video"]
    index = window.tabs.indexOf(stand_in)
    panel = window.video_panel
    assert window.tabs.widget(index) is panel
    assert window.video_panel is panel  # built once
    window.navigation.show_video()
    assert window.tabs.currentWidget() is panel
