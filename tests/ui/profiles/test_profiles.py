"""Profiles in the window, against the emulator: add, edit, test, switch, delete and persist (in a
temporary settings folder and a keyring kept in the test), the built-in demo profile, favourites."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.app import start_session
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.tokens import bearer_value
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.profiles.controller import ProfileController
from aemviewer.ui.profiles.dialog import ProfileDialog
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.window_options import WindowOptions
from aemviewer.workspace.profiles import DEMO_PROFILE, HostKind, Profile, TokenKind
from tests.support.keyring import MemoryKeyring
from tests.ui.helpers import WAIT_MS, DemoAssets, open_and_wait, wait_for_preview
from tests.ui.profiles_support import (
    close_windows,  # noqa: F401 - a fixture
    profiled_window,
    settings_in,
)

Run = Callable[[Coroutine[Any, Any, Any]], Any]


def fill_new_profile(dialog: ProfileDialog, name: str, base_url: str, token: str, api_key: str) -> None:
    dialog.add_button.click()
    form = dialog.form
    form.name_edit.setText(name)
    form.host_combo.setCurrentIndex(form.host_combo.findData(HostKind.URL))
    form.url_edit.setText(base_url)
    form.token_combo.setCurrentIndex(form.token_combo.findData(TokenKind.KEYRING))
    form.token_edit.setText(token)
    form.api_key_edit.setText(api_key)
    form.changed.emit()


def test_add_test_edit_switch_delete_and_persist(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    memory_keyring: MemoryKeyring,
    close_windows: Callable[[MainWindow], None],  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    window = profiled_window(qtbot, settings, emulator, DEMO_PROFILE, demo_token=tokens["viewer"])
    close_windows(window)
    assert window.asset_bar.profile_button.text() == DEMO_PROFILE.name
    window.profiles_ui.ask = lambda _parent, _title, _text: True
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert window.profiles_ui.profiles_action in menus["&Settings"].actions()
    assert window.profiles_ui.log_action in menus["&Help"].actions()

    dialog = window.profiles_ui.open_dialog()
    assert dialog.isVisible()
    assert dialog.form.name_edit.text() == DEMO_PROFILE.name and dialog.form.name_edit.isReadOnly()
    assert not dialog.save_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert "built in" in dialog.note.text()

    fill_new_profile(dialog, "Emulator (editor)", emulator.base_url, tokens["editor"], "aemviewer-demo")
    assert dialog.form.token_edit.echoMode() == dialog.form.token_edit.EchoMode.Password
    assert (
        dialog.form.token_state.text()
        == "This token names no expiry. It will be stored in the system keyring."
    )
    assert dialog.save_button.isEnabled()
    assert dialog.save()
    assert memory_keyring.passwords[("aemviewer", "Emulator (editor)")] == tokens["editor"]
    stored_file = settings.profiles.path.read_text()
    assert "Emulator (editor)" in stored_file and tokens["editor"] not in stored_file
    assert "A token is stored in the system keyring." in dialog.form.token_state.text()
    assert dialog.form.token_edit.text() == "", "a stored token is never shown again"

    # Test connection: the stored token and the API key reach the emulator; search answers.
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Search works" in dialog.result_label.text(), timeout=WAIT_MS)
    assert dialog.result_label.text().count("✓") == 2

    # Rename: the token moves with the profile.
    dialog.form.name_edit.setText("Emu editor")
    dialog.form.changed.emit()
    assert dialog.save()
    assert ("aemviewer", "Emulator (editor)") not in memory_keyring.passwords
    assert memory_keyring.passwords[("aemviewer", "Emu editor")] == tokens["editor"]
    assert [dialog.profile_list.item(i).text().strip() for i in range(dialog.profile_list.count())] == [
        f"● {DEMO_PROFILE.name}  (built in)",
        "Emu editor",
    ]

    # Use it: the window follows at once; a restricted asset now loads.
    dialog.use_button.click()
    assert not dialog.isVisible()
    assert window.asset_bar.profile_button.text() == "Emu editor"
    assert window.service.endpoints.base_url == emulator.base_url
    assert window.service.has_token()
    assert demo_assets.restricted is not None
    open_and_wait(qtbot, window, demo_assets.restricted.id)

    # Persisted: a new settings object over the same folder sees the profile active, the keyring its token.
    again = settings_in(tmp_path)
    assert again.profiles.load().active == "Emu editor"
    controller = ProfileController(again.profiles, DeliveryService(window.service.endpoints))
    profile = again.profiles.get("Emu editor")
    assert profile.api_key == "aemviewer-demo" and profile.token_kind is TokenKind.KEYRING
    assert bearer_value(controller.token_source(profile)) == tokens["editor"]

    # Delete: profile and token go, the demo is active again.
    dialog = window.profiles_ui.open_dialog()
    assert dialog.select("Emu editor")
    dialog.delete_button.click()
    assert again.profiles.load().names == [DEMO_PROFILE.name]
    assert ("aemviewer", "Emu editor") not in memory_keyring.passwords
    assert window.asset_bar.profile_button.text() == DEMO_PROFILE.name
    dialog.close()


def test_the_demo_profile_cannot_be_broken(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    # A hand-edited file that tries to redefine the demo profile is not obeyed.
    settings.profiles.path.write_text(
        '{"active": "Demo library", "profiles": [{"name": "Demo library", "base_url": "https://evil.example"}]}'
    )
    assert settings.profiles.load().active_profile is DEMO_PROFILE
    with pytest.raises(InvalidInput, match="cannot be changed"):
        settings.profiles.save_profile(Profile(name=DEMO_PROFILE.name, base_url="https://x.example"))
    window = profiled_window(qtbot, settings, emulator, DEMO_PROFILE, demo_token=tokens["viewer"])
    close_windows(window)
    # The demo profile searches out of the box: the emulator's demo token and API key.
    assert window.service.has_token() and window.profiles_ui.controller.current.api_key == "aemviewer-demo"

    dialog = window.profiles_ui.open_dialog()
    form = dialog.form
    assert all(
        edit.isReadOnly() for edit in (form.name_edit, form.url_edit, form.token_edit, form.api_key_edit)
    )
    assert not form.host_combo.isEnabled() and not form.token_combo.isEnabled()
    assert not dialog.save() and not dialog.delete_button.isEnabled()
    dialog.duplicate_button.click()
    assert form.name_edit.text() == f"{DEMO_PROFILE.name} (copy)" and not form.name_edit.isReadOnly()
    assert form.host_combo.currentData() == HostKind.EMULATOR
    assert form.token_combo.currentData() == TokenKind.KEYRING
    dialog.close()


def test_switching_re_points_the_preview_of_a_bare_id(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    memory_keyring: MemoryKeyring,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    anonymous = Profile(name="Anonymous", base_url=emulator.base_url)
    editor = Profile(name="Editor", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
    settings.profiles.save_profile(anonymous)
    settings.profiles.save_profile(editor)
    memory_keyring.passwords[("aemviewer", "Editor")] = tokens["editor"]
    window = profiled_window(qtbot, settings, emulator, anonymous)
    close_windows(window)
    assert demo_assets.restricted is not None
    restricted = demo_assets.restricted.id
    assert window.open_text(restricted)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.controller.busy, timeout=WAIT_MS)
    assert "404" in window.banner.title_label.text()

    window.profiles_ui.switch_menu.aboutToShow.emit()
    actions = {action.text(): action for action in window.profiles_ui.switch_menu.actions()}
    assert actions["Anonymous"].isChecked() and not actions["Editor"].isChecked()
    actions["Editor"].trigger()
    preview = wait_for_preview(qtbot, window, restricted)
    assert preview.delivery.status == 200
    assert not window.banner.isVisible()
    assert window.asset_bar.profile_button.text() == "Editor"
    assert settings.profiles.load().active == "Editor"


def test_favourites_star_persist_and_open(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    demo_assets: DemoAssets,
    close_windows: Any,  # noqa: F811
) -> None:
    settings = settings_in(tmp_path)
    # With a token the metadata is full, so the favourite gets its title.
    window = profiled_window(qtbot, settings, emulator, DEMO_PROFILE, demo_token=tokens["viewer"])
    close_windows(window)
    star = window.asset_bar.favourite_button
    assert not star.isEnabled()
    chosen = demo_assets.with_smart_crops
    open_and_wait(qtbot, window, chosen.id)
    qtbot.waitUntil(lambda: window.controller.metadata is not None, timeout=WAIT_MS)
    assert star.isEnabled() and star.text() == "☆"
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert star.text() == "★" and star.isChecked()
    (favourite,) = settings_in(tmp_path).favourites
    assert favourite.text == chosen.id and favourite.title == chosen.asset_metadata["dc:title"]

    other = demo_assets.public_image if demo_assets.public_image.id != chosen.id else demo_assets.with_alpha
    assert other is not None
    open_and_wait(qtbot, window, other.id)
    assert star.text() == "☆"
    menu = window.profiles_ui.favourites_menu
    menu.aboutToShow.emit()
    entry = next(action for action in menu.actions() if action.toolTip() == chosen.id)
    assert entry.text() == chosen.asset_metadata["dc:title"]
    entry.trigger()
    wait_for_preview(qtbot, window, chosen.id)
    assert star.text() == "★"
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    assert settings_in(tmp_path).favourites == []


def test_the_app_starts_on_the_active_profile(
    qapp: Any, tmp_path: Path, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.delenv("AEMVIEWER_BASE_URL", raising=False)
    settings = settings_in(tmp_path)
    settings.profiles.save_profile(Profile(name="Emu", base_url=emulator.base_url))
    settings.profiles.set_active("Emu")
    session = start_session(WindowOptions(), settings)
    try:
        assert session.service.endpoints.base_url == emulator.base_url
        assert session.profiles is not None and session.profiles.current.name == "Emu"
        assert session.emulator is not None and not session.emulator.running  # not needed, not started
        assert session.demo_asset is None
    finally:
        run(session.service.aclose())
        session.stop()

    session = start_session(WindowOptions(profile=DEMO_PROFILE.name), settings)
    try:
        assert session.emulator is not None and session.emulator.running
        assert session.service.endpoints.base_url == session.emulator.base_url()
        assert session.demo_asset is not None
        assert session.service.has_token(), "the demo profile searches with the demo viewer token"
        assert settings.profiles.load().active == DEMO_PROFILE.name
    finally:
        run(session.service.aclose())
        session.stop()

    with pytest.raises(InvalidInput, match="no profile called 'Nope'"):
        start_session(WindowOptions(profile="Nope"), settings)

    # --base-url: a profile for this session (token from AEMVIEWER_TOKEN), offered beside the stored ones.
    session = start_session(WindowOptions(base_url=emulator.base_url), settings)
    try:
        assert session.profiles is not None
        current = session.profiles.current
        assert current.token_kind is TokenKind.ENVIRONMENT and current.base_url == emulator.base_url
        assert [profile.name for profile in session.profiles.listed()] == [
            DEMO_PROFILE.name,
            "Emu",
            current.name,
        ]
    finally:
        run(session.service.aclose())
        session.stop()

    # A broken profiles file does not keep the window closed: the demo profile instead.
    settings.profiles.path.write_text("{broken")
    session = start_session(WindowOptions(), settings)
    try:
        assert session.profiles is not None and session.profiles.current is DEMO_PROFILE
    finally:
        run(session.service.aclose())
        session.stop()


def test_test_connection_says_what_failed(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    close_windows: Any,  # noqa: F811
) -> None:
    window = profiled_window(
        qtbot, settings_in(tmp_path), emulator, DEMO_PROFILE, demo_token=tokens["viewer"]
    )
    close_windows(window)
    dialog = window.profiles_ui.open_dialog()
    # Not saved: the form's values are tested as they are.
    fill_new_profile(dialog, "Nowhere", "http://127.0.0.1:9", "", "")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "✗" in dialog.result_label.text(), timeout=WAIT_MS)
    assert "127.0.0.1:9" in dialog.result_label.text()

    fill_new_profile(dialog, "No key", emulator.base_url, "", "")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Search not tried" in dialog.result_label.text(), timeout=WAIT_MS)
    assert "answers like a Delivery API" in dialog.result_label.text()
    assert "it needs a token and an API key" in dialog.result_label.text()

    fill_new_profile(dialog, "Bad key", emulator.base_url, tokens["viewer"], "not-the-key")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Search refused" in dialog.result_label.text(), timeout=WAIT_MS)
    assert "X-Api-Key" in dialog.result_label.text()
    assert tokens["viewer"] not in dialog.result_label.text()
    dialog.close()
