"""A restricted asset's 404 while a token is sent says that a token was sent, whose it is and its role."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from aemviewer.emulator import EmulatorServer, Library
from aemviewer.ui.shell.main_window import MainWindow
from aemviewer.workspace.profiles import DEMO_PROFILE
from tests.ui.helpers import WAIT_MS
from tests.ui.profiles_support import (
    close_windows,  # noqa: F401 - a fixture
    profiled_window,
    settings_in,
)


def test_a_404_with_the_demo_token_names_the_token_and_its_role(
    qtbot: QtBot,
    tmp_path: Path,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    close_windows,  # noqa: F811
) -> None:
    viewer_roles = demo.tokens[tokens["viewer"]].roles
    hidden = next(
        asset
        for asset in demo.assets.values()
        if asset.roles and asset.status == "approved" and not asset.roles & viewer_roles
    )
    window: MainWindow = profiled_window(
        qtbot, settings_in(tmp_path), emulator, DEMO_PROFILE, demo_token=tokens["viewer"]
    )
    close_windows(window)
    assert window.open_text(hidden.id)
    banner = window.banner
    qtbot.waitUntil(lambda: banner.isVisible() and "404" in banner.title_label.text(), timeout=WAIT_MS)
    assert banner.title_label.text() == f"Not found (404): {hidden.id}"
    message = banner.message_label.text()
    assert "A token was sent" in message
    assert "Demo Viewer &lt;demo-viewer@aemviewer.example&gt;" in message
    assert f"with the role {', '.join(sorted(viewer_roles))}" in message
    assert tokens["viewer"] not in message
    assert "has none" not in message
