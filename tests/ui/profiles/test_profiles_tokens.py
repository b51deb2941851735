"""Tokens in the window: sent only to the profile's host, restricted assets with and without one,
the "Add a token…" path, no keyring (session only), expiry warnings, and a log without tokens."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from aemviewer.logging_setup import LOG_FILE, register_secret, setup_logging
from aemviewer.ui.widgets.banner import BannerKind
from aemviewer.workspace.jwt import ExpiryState
from aemviewer.workspace.profiles import DEMO_PROFILE, Profile, TokenKind
from tests.support.keyring import MemoryKeyring
from tests.support.servers import LoopbackServer, Reply, Request
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait, wait_for_preview
from tests.ui.profiles_support import (
    close_windows,  # noqa: F401 - a fixture
    jwt_expiring_in,
    keyring_profile_window,
    no_keyring,  # noqa: F401 - a fixture
    profiled_window,
    settings_in,
)

ASSET = "urn:aaid:aem:11111111-2222-4333-8444-555555555555"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def answer_as_delivery_host(received: Request) -> Reply:
    """Metadata, smart crops and images of any id, like a small delivery host."""
    path = received.target.split("?")[0]
    if path.endswith("/metadata"):
        body = {
            "assetId": ASSET,
            "repositoryMetadata": {"dc:format": "image/jpeg", "repo:name": "scripted.jpg"},
        }
        return Reply(200, [("Content-Type", "application/json")], json.dumps(body).encode())
    if path.endswith("/smartCrops"):
        return Reply(200, [("Content-Type", "application/json")], b'{"items": []}')
    return Reply(200, [("Content-Type", "image/jpeg")], _jpeg())


@pytest.fixture
def scripted_host() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        server.queue(*[answer_as_delivery_host] * 40)
        yield server


def test_the_token_goes_only_to_the_profile_host(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    scripted_host: LoopbackServer,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    on_emulator = Profile(name="Emulator", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
    on_scripted = Profile(name="Scripted", base_url=scripted_host.url, token_kind=TokenKind.KEYRING)
    for profile, token in ((on_emulator, "emulator-token-0001"), (on_scripted, "scripted-token-0002")):
        settings.profiles.save_profile(profile)
        memory_keyring.passwords[("aemviewer", profile.name)] = token
    window = profiled_window(qtbot, settings, emulator, on_emulator)
    close_windows(window)

    # A pasted URL on another host is asked without the profile's token.
    pasted = f"{scripted_host.url}/adobe/assets/{ASSET}/as/pasted.jpg?width=40"
    open_and_wait(qtbot, window, pasted)
    before = scripted_host.received()
    assert before and all(request.header("authorization") is None for request in before)

    # Switched to the scripted host: its own token, never the other profile's.
    window.profiles_ui.switch_to(on_scripted)
    open_and_wait(qtbot, window, ASSET)
    after = scripted_host.received()[len(before) :]
    assert {request.target.split("?")[0].rsplit("/", 1)[-1] for request in after} >= {
        "metadata",
        "smartCrops",
    }
    assert {request.header("authorization") for request in after} == {"Bearer scripted-token-0002"}
    assert all("emulator-token-0001" not in str(request.headers) for request in scripted_host.received())


def test_restricted_assets_explained_without_a_token_and_loaded_after_adding_one(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    profile = Profile(name="Staging", base_url=emulator.base_url)
    settings.profiles.save_profile(profile)
    window = profiled_window(qtbot, settings, emulator, profile)
    close_windows(window)
    assert demo_assets.restricted is not None
    restricted = demo_assets.restricted.id
    assert window.open_text(restricted)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)
    assert window.banner.kind is BannerKind.ERROR
    assert window.banner.title_label.text() == f"Not found (404): {restricted}"
    message = window.banner.message_label.text()
    assert "Restricted assets answer 404" in message and "“Staging” has none" in message
    add, retry = window.banner.action_buttons
    assert (add.text(), retry.text()) == ("Add a token…", "Retry")

    add.click()
    dialog = window.profiles_ui.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.form.name_edit.text() == "Staging"
    assert dialog.form.token_combo.currentData() == TokenKind.KEYRING
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.token_edit, timeout=WAIT_MS)
    dialog.form.token_edit.setText(tokens["editor"])
    assert dialog.save()
    dialog.close()
    assert memory_keyring.passwords[("aemviewer", "Staging")] == tokens["editor"]
    # Saving the active profile re-points the window at once: the bare id is asked again, with the token.
    preview = wait_for_preview(qtbot, window, restricted)
    assert preview.delivery.status == 200
    assert not window.banner.isVisible()
    assert "A token is sent (from the system keyring" in window.asset_bar.profile_button.toolTip()


def test_a_built_in_profile_gets_an_editable_copy_for_the_token(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    window = profiled_window(qtbot, settings, emulator, DEMO_PROFILE, demo_token=None)
    close_windows(window)
    dialog = window.profiles_ui.open_dialog(focus_token=True)
    name = f"{DEMO_PROFILE.name} with token"
    assert dialog.form.name_edit.text() == name and not dialog.form.token_edit.isReadOnly()
    assert dialog.form.host_combo.currentData() == DEMO_PROFILE.host_kind
    dialog.form.token_edit.setText(tokens["editor"])
    dialog.use_button.click()
    assert settings.profiles.load().active == name
    assert memory_keyring.passwords[("aemviewer", name)] == tokens["editor"]
    assert window.asset_bar.profile_button.text() == name
    assert demo_assets.restricted is not None
    assert open_and_wait(qtbot, window, demo_assets.restricted.id).delivery.status == 200


def test_without_a_keyring_the_token_can_be_kept_for_this_session(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    no_keyring: None,  # noqa: F811
    close_windows: Any,  # noqa: F811
) -> None:
    window = keyring_profile_window(qtbot, tmp_path, emulator)
    settings = window.settings
    close_windows(window)
    # The stored profile wants the keyring, which does not exist: said in the banner and the indicator.
    banner = window.profiles_ui.token_banner
    assert banner.isVisible() and banner.kind is BannerKind.WARNING
    assert "cannot be read" in banner.title_label.text()
    assert "no keyring backend" in banner.message_label.text()
    assert window.asset_bar.profile_button.text() == "⚠ Laptop"
    assert "⚠ token unavailable" in window.asset_bar.profile_button.toolTip()

    questions: list[str] = []
    window.profiles_ui.ask = lambda _parent, _title, text: questions.append(text) or True
    banner.action_buttons[0].click()
    dialog = window.profiles_ui.dialog
    assert dialog is not None
    assert "keyring cannot be read" in dialog.form.token_state.text()
    dialog.form.token_edit.setText(tokens["editor"])
    dialog.save()
    dialog.close()
    (question,) = questions
    assert "no keyring backend is available" in question and "this session only" in question
    assert tokens["editor"] not in question
    assert tokens["editor"] not in settings.profiles.path.read_text()
    assert not banner.isVisible()
    assert "kept for this session only" in window.asset_bar.profile_button.toolTip()
    assert demo_assets.restricted is not None
    preview = open_and_wait(qtbot, window, demo_assets.restricted.id)
    assert preview.delivery.status == 200


@pytest.mark.parametrize(
    ("expires_in", "state", "kind", "indicator"),
    [
        (timedelta(hours=-3), ExpiryState.EXPIRED, BannerKind.ERROR, "⚠ token expired 3 h ago"),
        (timedelta(minutes=2), ExpiryState.EXPIRING, BannerKind.WARNING, "⚠ token expires in 2 min"),
        (timedelta(days=3650), ExpiryState.VALID, None, ""),
    ],
)
def test_expiry_warnings(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
    expires_in: timedelta,
    state: ExpiryState,
    kind: BannerKind | None,
    indicator: str,
) -> None:
    settings = settings_in(tmp_path)
    profile = Profile(name="Prod", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
    settings.profiles.save_profile(profile)
    token = jwt_expiring_in(expires_in)
    memory_keyring.passwords[("aemviewer", "Prod")] = token
    window = profiled_window(qtbot, settings, emulator, profile)
    close_windows(window)
    ui = window.profiles_ui
    assert ui.watch.state() is state
    banner = ui.token_banner
    button = window.asset_bar.profile_button
    if kind is None:
        assert not banner.isVisible()
        assert button.text() == "Prod"
        # The watch wakes up when the warning starts, 15 minutes before the expiry.
        assert ui.watch.timer_active
    else:
        assert banner.isVisible() and banner.kind is kind
        assert button.text() == "⚠ Prod"
        assert indicator in button.toolTip()
        assert token not in banner.title_label.text() + banner.message_label.text() + button.toolTip()
        assert [b.text() for b in banner.action_buttons] == ["Update token…"]
    if state is ExpiryState.EXPIRING:
        assert banner.title_label.text() == "The token of profile “Prod” expires in 2 min"
        # The watch wakes up at the expiry (and a second), to turn the warning into "expired".
        # Qt's default coarse timers may fire up to 5 % late, and remainingTime() includes that.
        assert ui.watch.timer_active and 110_000 < ui.watch.remaining_ms() <= 121_000 * 1.05
    if state is ExpiryState.EXPIRED:
        assert banner.title_label.text() == "The token of profile “Prod” expired 3 h ago"
        assert not ui.watch.timer_active
    # The dialog says it too, next to the (never shown) stored token.
    dialog = ui.open_dialog()
    assert dialog.form.token_state.text().startswith("⚠ " if kind else "A token is stored")
    assert indicator.removeprefix("⚠ token ") in dialog.form.token_state.text()
    dialog.close()


def test_the_log_never_holds_a_token(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    log_file = setup_logging(tmp_path / "logs", level=logging.DEBUG, stderr=False)
    try:
        assert log_file == tmp_path / "logs" / LOG_FILE
        opaque = "opaque-secret-token-0123456789"
        register_secret(opaque)
        log = logging.getLogger("aemviewer.test")
        log.info("sending Authorization: Bearer %s", tokens["editor"])
        log.warning("headers %s", {"Authorization": f"Bearer {opaque}"})
        try:
            raise ValueError(f"token {tokens['viewer']} refused")
        except ValueError:
            log.exception("a failure that quotes the token")
        # And a real session: a restricted asset with the editor token, logged at DEBUG.
        settings = settings_in(tmp_path)
        profile = Profile(name="Logged", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
        settings.profiles.save_profile(profile)
        memory_keyring.passwords[("aemviewer", "Logged")] = tokens["editor"]
        window = profiled_window(qtbot, settings, emulator, profile)
        close_windows(window)
        assert demo_assets.restricted is not None
        open_and_wait(qtbot, window, demo_assets.restricted.id)
    finally:
        for handler in root.handlers:
            handler.flush()
        text = log_file.read_text()
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    for secret in (tokens["editor"], tokens["viewer"], opaque):
        assert secret not in text
    assert "sending Authorization: ••••" in text
    assert "a failure that quotes the token" in text and "token •••• refused" in text
    assert "profile 'Logged' active" in text
