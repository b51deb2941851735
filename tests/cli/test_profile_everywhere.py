"""`--profile NAME` works for every command that talks to a host, before or after the command.

Each command asks for a restricted asset with no host in the environment: only the profile gives
the host, and only its keyring token opens the asset. Without the profile the same line fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aemviewer.emulator import EmulatorServer
from aemviewer.ui.video import backend as video_backend
from aemviewer.workspace.profile_store import ProfileStore, default_profiles_path
from aemviewer.workspace.profiles import Profile, TokenKind
from tests.support.keyring import MemoryKeyring
from tests.support.video_library import RESTRICTED_VIDEO

from .cli_support import Result

RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"  # restricted: role "clinical"
Run = Callable[..., Result]

COMMANDS: dict[str, list[str]] = {
    "url": ["url", RETINA, "--width", "64"],
    "meta": ["meta", RETINA],
    "get": ["get", RETINA, "--original", "-o", "{out}"],
    "formats": ["formats", RETINA, "--width", "64"],
    "html": ["html", RETINA, "--widths", "64"],
    "report": ["report", RETINA, "-o", "{out}/report.html", "--include", "metadata,preview"],
    "video-check": ["video-check", RESTRICTED_VIDEO, "--seconds", "0.3"],
}


@pytest.fixture
def clinic(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    emulator: EmulatorServer,
    tokens: dict[str, str],
) -> str:
    """A saved profile on the emulator with the editor's token in the keyring; no host otherwise."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("AEMVIEWER_BASE_URL", raising=False)
    ProfileStore(default_profiles_path()).save_profile(
        Profile(name="Clinic", base_url=emulator.base_url, token_kind=TokenKind.KEYRING)
    )
    memory_keyring.passwords[("aemviewer", "Clinic")] = tokens["editor"]
    return "Clinic"


@pytest.fixture
def _qt_for_video_check(request: pytest.FixtureRequest) -> None:
    if "video-check" in request.node.name:
        if video_backend.missing() is not None:
            pytest.skip("QtMultimedia is not available")
        request.getfixturevalue("qapp")  # the session's QApplication, as in test_video_check.py


@pytest.mark.usefixtures("_qt_for_video_check")
@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_takes_its_host_and_token_from_the_profile(
    run: Run,
    clinic: str,
    emulator: EmulatorServer,
    tokens: dict[str, str],
    tmp_path: Path,
    command: str,
    where: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    line = [part.replace("{out}", str(out)) for part in COMMANDS[command]]
    profile = ["--profile", clinic]
    before = len(emulator.request_log)

    without = run(*line)
    result = run(*(profile + line if where == "before" else line + profile))

    assert without.code != 0, f"{command} worked without the profile: {without.out}"
    assert result.code == 0, result.err
    assert tokens["editor"] not in result.out + result.err
    if command == "url":
        assert result.out.startswith(f"{emulator.base_url}/adobe/assets/{RETINA}/")
    else:
        assert len(emulator.request_log) > before  # it talked to the profile's host
