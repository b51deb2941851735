"""Fixtures for driving the real window against the real emulator over loopback.

Qt runs offscreen; one qasync loop wraps the Qt event loop that pytest-qt already runs, for the
whole session (`asyncio.run` would starve Qt). Coroutines progress whenever a test waits with
`qtbot.waitUntil` / `waitSignal`, which spin the Qt event loop.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.emulator import Asset, EmulatorServer, Library
from aemviewer.emulator.visibility import Caller, is_delivered
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.feature_harness import FeatureHarness, feature_harness
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, make_window

T = TypeVar("T")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def event_loop_qt(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[qasync.QEventLoop]:
    """The session's asyncio loop, running inside Qt's (never stopped: closing it would stop Qt)."""
    # Keep every default QSettings() away from the real user's configuration.
    settings_root = tmp_path_factory.mktemp("qsettings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_root))
    loop = qasync.QEventLoop(qapp, already_running=True)
    # Our own executor for asyncio.to_thread, so its threads end with the session, not at exit.
    executor = qasync.QThreadExecutor(2)
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown(wait=True)


@pytest.fixture
def run(event_loop_qt: qasync.QEventLoop, qtbot: QtBot) -> Callable[[Coroutine[Any, Any, T]], T]:
    """Run a coroutine on the Qt-driven loop and return its result."""

    def runner(coro: Coroutine[Any, Any, T]) -> T:
        future = asyncio.ensure_future(coro)
        qtbot.waitUntil(future.done, timeout=WAIT_MS)
        return future.result()

    return runner


def _public_images(library: Library) -> list[Asset]:
    anonymous = Caller.anonymous()
    return [
        a for a in library.assets.values() if a.media_type.startswith("image/") and is_delivered(a, anonymous)
    ]


@pytest.fixture(scope="session")
def demo_assets(demo: Library) -> DemoAssets:
    images = _public_images(demo)
    assert images, "the demo library has no public image"
    return DemoAssets(
        public_image=images[0],
        with_smart_crops=next((a for a in images if a.smart_crops), images[0]),
        with_alpha=next((a for a in images if a.raster.has_alpha), None),
        restricted=next((a for a in demo.assets.values() if a.roles and a.status == "approved"), None),
    )


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(tmp_path / "aemviewer.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def save_chooser() -> SaveChooser:
    return SaveChooser()


@pytest.fixture
def window_with_token(
    event_loop_qt: qasync.QEventLoop,
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[Callable[[str | None], MainWindow]]:
    """`window_with_token(token)`: a window over the emulator whose profile sends `token` (None: no token)."""
    windows: list[MainWindow] = []

    def make(token: str | None) -> MainWindow:
        windows.append(make_window(qtbot, emulator.base_url, settings, save_chooser, token=token))
        return windows[-1]

    yield make
    for window in windows:
        window.downloads.shutdown()
        window.controller.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


@pytest.fixture
def window(window_with_token: Callable[[str | None], MainWindow]) -> MainWindow:
    """A window over the session's emulator, without a token."""
    return window_with_token(None)


@pytest.fixture
def harness(
    event_loop_qt: qasync.QEventLoop,
    qtbot: QtBot,
    emulator: EmulatorServer,
    settings: WindowSettings,
    save_chooser: SaveChooser,
    run: Callable[[Coroutine[Any, Any, None]], None],
) -> Iterator[FeatureHarness]:
    """A `FeatureContext` over the session's emulator, for a feature tested without the window."""
    harness = feature_harness(qtbot, emulator.base_url, settings, save_chooser)
    yield harness
    harness.close()
    run(harness.context.service.aclose())


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    """The application's style and palette put back after the test (other tests expect the default)."""
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)
