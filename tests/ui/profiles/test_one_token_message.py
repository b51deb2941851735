"""After a restart with a token that was kept for the session only, one message says what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer
from tests.ui.helpers import WAIT_MS, DemoAssets
from tests.ui.profiles_support import (
    close_windows,  # noqa: F401 - a fixture
    keyring_profile_window,
    no_keyring,  # noqa: F401 - a fixture
)


def test_a_restricted_404_without_the_session_token_gives_one_banner(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo_assets: DemoAssets,
    no_keyring: None,  # noqa: F811
    close_windows: Any,  # noqa: F811
) -> None:
    # The restart: the session's token is gone, the keyring cannot be read, the last asset is restricted.
    window = keyring_profile_window(qtbot, tmp_path, emulator)
    close_windows(window)
    assert demo_assets.restricted is not None
    with qtbot.waitSignal(window.controller.failed, timeout=WAIT_MS):
        assert window.open_text(demo_assets.restricted.id)
    visible = [b for b in (window.profiles_ui.token_banner, window.banner) if b.isVisible()]
    texts = [(b.title_label.text(), b.message_label.text()) for b in visible]
    assert len(visible) == 1, texts
    title, message = texts[0]
    assert "cannot be read" in title
    # The token is unreadable, so nothing was sent: said once, without "sent without a token" beside it.
    assert f"{demo_assets.restricted.id} was not requested" in message
    assert "Nothing is requested from this profile's host" in message
    assert "go without a token" not in message
