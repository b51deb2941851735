"""`check` and `diff` with saved profiles: the profile's token reaches its own host only."""

from __future__ import annotations

from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer
from aemviewer.workspace.profile_store import ProfileStore, default_profiles_path
from aemviewer.workspace.profiles import Profile, TokenKind
from tests.support.keyring import MemoryKeyring

RESTRICTED = """\
[[asset]]
ref = "urn:avid:aem:retina-left-eye"
name = "retina"
restricted = true
metadata_present = ["dc:title"]
"""


@pytest.fixture
def clinic(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    emulator: EmulatorServer,
    tokens: dict[str, str],
) -> str:
    """A saved profile `Clinic` on the demo emulator, its editor token in the (test) keyring."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = ProfileStore(default_profiles_path())
    store.save_profile(Profile(name="Clinic", base_url=emulator.base_url, token_kind=TokenKind.KEYRING))
    memory_keyring.passwords[("aemviewer", "Clinic")] = tokens["editor"]
    return tokens["editor"]


def test_check_with_a_profile_after_the_subcommand_sends_its_token(run, clinic: str, tmp_path: Path) -> None:
    checks = tmp_path / "restricted.toml"
    checks.write_text(RESTRICTED, encoding="utf-8")
    junit = tmp_path / "report.xml"

    without = run("check", str(checks))
    result = run("check", str(checks), "--profile", "Clinic", "--junit", str(junit))

    assert without.code == ExitCode.CHECKS_FAILED
    assert result.code == 0, result.out + result.err
    assert "404 without a token, 200 with it" in result.out
    assert clinic not in result.out + result.err + junit.read_text(encoding="utf-8")


def test_diff_gives_the_profile_side_its_token_and_the_url_side_none(
    run, clinic: str, changed_emulator: EmulatorServer
) -> None:
    result = run("diff", "urn:avid:aem:retina-left-eye", "--a", "Clinic", "--b", changed_emulator.base_url)

    assert result.code == ExitCode.DIFFERENT, result.err
    assert result.out.startswith("A: 200 ")
    assert "B: missing (404)" in result.out, "the restricted asset is not delivered without a token"
    assert clinic not in result.out + result.err


def test_an_unknown_profile_is_bad_input(run, clinic: str) -> None:
    result = run("diff", "urn:avid:aem:chelsea-the-cat", "--a", "Nowhere", "--b", "Clinic")

    assert result.code == ExitCode.BAD_INPUT and "Nowhere" in result.err
