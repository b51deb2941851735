"""Helpers of the hostile suite: running the client off the Qt thread, reading what the window and
the disk show."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.retry import RetryPolicy
from aemviewer.delivery.tokens import StaticToken
from aemviewer.ui.preview.controller import Preview
from aemviewer.ui.shell.main_window import MainWindow
from tests.support.servers import LoopbackServer

T = TypeVar("T")
E = TypeVar("E", bound=DeliveryError)

FAST_RETRIES = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0, retry_after_cap=2.0)
"""Real retries with tiny waits, so that the suite stays fast."""
READ_TIMEOUT = 0.5
"""Seconds without a byte before a request times out (client, command line and window)."""
WAIT_MS = 10_000


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on a fresh event loop in a worker thread and return its result (or raise).

    A worker thread because `asyncio.run` refuses to start where Qt's loop already runs (the main
    thread, once a window test has started the session's qasync loop)."""
    with ThreadPoolExecutor(1, thread_name_prefix="hostile-client") as pool:
        return pool.submit(asyncio.run, coro).result(timeout=60)


def client_of(server: LoopbackServer, *, token: str | None = None, **options: Any) -> DeliveryClient:
    """A client whose profile host is `server`, with fast retries and a short read timeout."""
    options.setdefault("retries", FAST_RETRIES)
    options.setdefault("timeout", READ_TIMEOUT)
    transport = options.pop("transport", None)
    settings = ClientSettings(token=StaticToken(token), **options)
    return DeliveryClient(DeliveryEndpoints(server.url), settings, transport=transport)


def fetch_error(
    server: LoopbackServer, url: str, *, token: str | None = None, **options: Any
) -> DeliveryError:
    """The `DeliveryError` that `client.fetch(url)` raises (fails the test if it returns)."""

    async def attempt() -> DeliveryError:
        async with client_of(server, token=token, **options) as client:
            try:
                delivery = await client.fetch(url)
            except DeliveryError as error:
                return error
        raise AssertionError(f"fetch succeeded: {delivery!r}")

    return run_async(attempt())


def call_error(
    server: LoopbackServer,
    call: Callable[[DeliveryClient], Awaitable[object]],
    kind: type[E],
    **options: Any,
) -> E:
    """The `kind` of error that `call(client)` raises, on a client made with `options` (fails the
    test if it returns; other errors propagate)."""

    async def attempt() -> E:
        async with client_of(server, **options) as client:
            try:
                result = await call(client)
            except kind as error:
                return error
        raise AssertionError(f"the call succeeded: {result!r}")

    return run_async(attempt())


class SaveDialog:
    """Stands in for the save dialog: records the suggested names and cancels."""

    def __init__(self) -> None:
        self.suggested: list[str] = []

    def __call__(self, parent: QWidget, suggested: str, title: str) -> Path | None:
        self.suggested.append(suggested)
        return None


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


def files_under(folder: Path) -> list[str]:
    """Every file below `folder`, relative and sorted (hidden and `.part` files included)."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def open_expecting_failure(qtbot: QtBot, window: MainWindow, text: str) -> tuple[DeliveryError, str]:
    """Open `text` in the window; wait for the preview's failure and its banner: (error, url)."""
    with qtbot.waitSignal(window.controller.failed, timeout=WAIT_MS) as blocker:
        assert window.open_text(text), window.asset_bar.message.text()
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)
    error, url = blocker.args
    return error, url


def open_expecting_preview(qtbot: QtBot, window: MainWindow, text: str) -> Preview:
    """Open `text` in the window and wait until its image is painted."""
    with qtbot.waitSignal(window.controller.preview_ready, timeout=WAIT_MS) as blocker:
        assert window.open_text(text), window.asset_bar.message.text()
    preview: Preview = blocker.args[0]
    return preview


def banner_text(window: MainWindow) -> str:
    """Title and message of the banner, as one string."""
    return f"{window.banner.title_label.text()}\n{window.banner.message_label.text()}"
