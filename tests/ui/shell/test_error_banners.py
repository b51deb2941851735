"""Errors are shown in place, with what to do; nothing freezes or crashes."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.retry import NO_RETRIES
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.ui.widgets.banner import BannerKind
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, open_and_wait

UNKNOWN_ID = "urn:aaid:aem:00000000-0000-4000-8000-000000000000"


def wait_for_banner(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)


def test_unknown_asset_shows_the_404_banner_with_the_token_hint(qtbot: QtBot, window: MainWindow) -> None:
    assert window.open_text(UNKNOWN_ID)
    wait_for_banner(qtbot, window)
    assert window.banner.kind is BannerKind.ERROR
    assert "404" in window.banner.title_label.text()
    message = window.banner.message_label.text()
    for word in ("unknown", "not approved", "expired", "restricted", "no token", "Test emulator"):
        assert word in message
    # No token on the profile: the banner offers to add one (tests/ui/profiles/test_profiles_tokens.py opens it).
    assert [b.text() for b in window.banner.action_buttons] == ["Add a token…", "Retry"]
    panel = window.response_panel
    assert panel.status_badge.text().strip() == "✗ 404 Not Found"
    # The error answer's exchange is shown as a 200's is.
    response = {name.lower(): value for name, value in panel.response_headers.headers()}
    assert response["content-type"].startswith("application/problem+json")
    request = {name.lower(): value for name, value in panel.request_headers.headers()}
    assert request["accept"] and "authorization" not in request
    assert panel.tabs.tabText(0) == f"Response headers ({len(response)})"


def test_a_404_with_a_token_shows_the_headers_sent_with_the_token_redacted(
    qtbot: QtBot, window_with_token: Callable[[str], MainWindow], tokens: dict[str, str]
) -> None:
    window = window_with_token(tokens["viewer"])
    assert window.open_text(UNKNOWN_ID)
    wait_for_banner(qtbot, window)
    panel = window.response_panel
    assert panel.status_badge.text().strip() == "✗ 404 Not Found"
    assert panel.response_headers.rowCount() > 0
    request = {name.lower(): value for name, value in panel.request_headers.headers()}
    assert request["authorization"] == "Bearer ••••"
    assert all(tokens["viewer"] not in value for value in request.values())


def test_restricted_asset_without_token_is_a_404(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    assert demo_assets.restricted is not None
    assert window.open_text(demo_assets.restricted.id)
    wait_for_banner(qtbot, window)
    assert "404" in window.banner.title_label.text()


def test_a_refused_parameter_shows_the_400_banner_with_the_servers_detail(
    qtbot: QtBot, window: MainWindow, emulator: EmulatorServer, demo_assets: DemoAssets
) -> None:
    # The panel cannot know which smart crops exist until the metadata is in; the server can.
    url = f"{emulator.base_url}/adobe/assets/{demo_assets.public_image.id}/as/x.jpg?smartcrop=NoSuchCrop"
    assert window.open_text(url)
    wait_for_banner(qtbot, window)
    assert "400" in window.banner.title_label.text()
    assert "NoSuchCrop" in window.banner.message_label.text()
    labels = [b.text() for b in window.banner.action_buttons]
    assert "Reset modifiers" in labels

    next(b for b in window.banner.action_buttons if b.text() == "Reset modifiers").click()
    qtbot.waitUntil(lambda: window.controller.last_preview is not None and not window.banner.isVisible())
    assert "smartcrop" not in window.controller.url


def test_a_failed_asset_never_shows_the_previous_assets_image(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    window.open_text(UNKNOWN_ID)
    wait_for_banner(qtbot, window)
    assert window.canvas.image.isNull()
    assert window.controller.last_preview is None

    open_and_wait(qtbot, window, demo_assets.public_image.id)
    assert not window.banner.isVisible()
    assert not window.canvas.image.isNull()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_network_errors_offer_retry(
    qtbot: QtBot, settings: WindowSettings, save_chooser: SaveChooser, run: Callable[..., None]
) -> None:
    service = DeliveryService(
        DeliveryEndpoints(f"http://127.0.0.1:{_closed_port()}"), StaticToken(None), retries=NO_RETRIES
    )
    window = MainWindow(service, settings, choose_save_path=save_chooser)
    qtbot.addWidget(window)
    window.show()
    started: list[str] = []
    window.controller.request_started.connect(started.append)
    try:
        assert window.open_text(UNKNOWN_ID)
        wait_for_banner(qtbot, window)
        assert "No answer" in window.banner.title_label.text()
        retry = next(b for b in window.banner.action_buttons if b.text() == "Retry")
        window.banner.hide()
        retry.click()
        wait_for_banner(qtbot, window)
        assert len(started) == 2
        assert window.canvas.image.isNull()
    finally:
        window.controller.shutdown()
        run(service.aclose())


def test_a_defect_reaches_a_banner_and_the_log(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug in a background operation")

    with caplog.at_level(logging.ERROR):
        window.runner.run(broken())
        qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert "Something went wrong" in window.banner.title_label.text()
    assert "RuntimeError: a bug in a background operation" in window.banner.message_label.text()
    assert "a bug in a background operation" in caplog.text
