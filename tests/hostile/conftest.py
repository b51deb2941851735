"""Fixtures of the hostile suite: misbehaving servers, and the command line and the window pointed
at them (the client is made per test with `support.client_of`)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.cli.main import main
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.tokens import StaticToken
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.behaviours import not_found
from tests.support.servers import LoopbackServer

from .payloads import TOKEN
from .support import FAST_RETRIES, READ_TIMEOUT, WAIT_MS, CliResult, SaveDialog


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        if "tests/hostile" in path and "window" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback only: a proxy from the environment would swallow 127.0.0.2 (the "other host")."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def hostile() -> Iterator[LoopbackServer]:
    """The profile's delivery host, misbehaving as each test says."""
    with LoopbackServer(fallback=not_found) as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[LoopbackServer]:
    """Another host (127.0.0.2): where redirects and playlists may point, never where a token goes."""
    with LoopbackServer("127.0.0.2", fallback=not_found) as server:
        yield server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """`cli("get", URL, "-o", folder)`: the command line in-process (in a worker thread, see
    `support.run_async`), with the token in `AEMVIEWER_TOKEN` and a short `--timeout`."""
    monkeypatch.setenv("AEMVIEWER_TOKEN", TOKEN)
    monkeypatch.delenv("AEMVIEWER_BASE_URL", raising=False)

    def invoke(*argv: str) -> CliResult:
        with ThreadPoolExecutor(1, thread_name_prefix="hostile-cli") as pool:
            code = pool.submit(main, ["--timeout", str(READ_TIMEOUT), *argv]).result(timeout=60)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """An empty download folder inside an otherwise empty folder (to see anything written beside it)."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def qt_loop(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[asyncio.AbstractEventLoop]:
    """The asyncio loop inside Qt's: the one tests/ui started if it ran first, else our own."""
    running = asyncio._get_running_loop()
    if isinstance(running, qasync.QEventLoop):
        yield running
        return
    settings_root = tmp_path_factory.mktemp("qsettings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_root))
    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = qasync.QThreadExecutor(2)
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown(wait=True)


@pytest.fixture
def window(
    qt_loop: asyncio.AbstractEventLoop, qtbot: QtBot, hostile: LoopbackServer, tmp_path: Path
) -> Iterator[MainWindow]:
    """The real window whose profile host is `hostile`, with the token, fast retries and a short
    read timeout."""
    service = DeliveryService(
        DeliveryEndpoints(hostile.url),
        StaticToken(TOKEN),
        profile_name="Hostile server",
        retries=FAST_RETRIES,
        timeout=READ_TIMEOUT,
    )
    settings = WindowSettings(QSettings(str(tmp_path / "aemviewer.ini"), QSettings.Format.IniFormat))
    shown = MainWindow(service, settings, choose_save_path=SaveDialog())
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.controller.shutdown()
    shown.runner.cancel_all()
    closing = asyncio.ensure_future(service.aclose())
    qtbot.waitUntil(closing.done, timeout=WAIT_MS)
