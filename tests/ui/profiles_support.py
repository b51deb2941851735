"""Helpers of the profile, token and Browse tests: keyring backends kept in the test, unsigned JWTs,
the session's emulator as the built-in one, and windows started on a profile."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.emulator import EmulatorServer
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.profiles.controller import ProfileController
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.profiles import Profile, TokenKind
from tests.support.keyring import installed
from tests.ui.helpers import SaveChooser


@pytest.fixture
def close_windows(run: Callable[[Coroutine[Any, Any, Any]], Any]) -> Iterator[Callable[[MainWindow], None]]:
    """Register windows to shut down (tasks cancelled, connections closed) after the test."""
    opened: list[MainWindow] = []
    yield opened.append
    for window in opened:
        window.controller.shutdown()
        window.runner.cancel_all()
        run(window.service.aclose())


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The situation of a system without any keyring backend."""
    with installed(keyring.backends.fail.Keyring()):
        yield


def unsigned_jwt(**claims: object) -> str:
    """An unsigned JWT (alg none) with these claims."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(dict(claims))}."


def jwt_expiring_in(delta: timedelta) -> str:
    return unsigned_jwt(sub="tester@example.com", exp=int((datetime.now(UTC) + delta).timestamp()))


class SessionEmulator:
    """The session's emulator standing in for the one `app.py` starts (same protocol)."""

    def __init__(self, server: EmulatorServer, demo_token: str | None) -> None:
        self._server = server
        self._token = demo_token

    @property
    def demo_token(self) -> str | None:
        return self._token

    def token_roles(self, token: str) -> frozenset[str]:
        grant = self._server.library.tokens.get(token)
        return grant.roles if grant is not None else frozenset()

    def base_url(self) -> str:
        return self._server.base_url


def settings_in(folder: Path) -> WindowSettings:
    """Settings (and the profiles file beside them) in `folder`."""
    return WindowSettings(QSettings(str(folder / "aemviewer.ini"), QSettings.Format.IniFormat))


def profiled_window(
    qtbot: QtBot,
    settings: WindowSettings,
    emulator: EmulatorServer,
    profile: Profile,
    *,
    demo_token: str | None = None,
    size: tuple[int, int] = (1280, 800),
) -> MainWindow:
    """A window as `app.py` starts it: a controller over the settings' profiles file, `profile` active."""
    service = DeliveryService(DeliveryEndpoints("http://127.0.0.1"), profile_name=profile.name)
    controller = ProfileController(
        settings.profiles, service, current=profile, emulator=SessionEmulator(emulator, demo_token)
    )
    controller.switch_to(profile)
    chooser = SaveChooser()
    window = MainWindow(service, settings, choose_save_path=chooser, profiles=controller)
    window.metadata_tab.panel.choose_save_path = chooser
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def keyring_profile_window(qtbot: QtBot, folder: Path, emulator: EmulatorServer) -> MainWindow:
    """A window on a stored profile "Laptop" whose token is in the keyring (the emulator's host)."""
    settings = settings_in(folder)
    profile = Profile(name="Laptop", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
    settings.profiles.save_profile(profile)
    return profiled_window(qtbot, settings, emulator, profile)
