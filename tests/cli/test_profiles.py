"""`--profile NAME`: the command line on profiles saved by the window (the same JSON file, read
without Qt), tokens from a keyring kept in the test or from an environment variable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.delivery.tokens import TokenHeader
from aemviewer.emulator import EmulatorServer, Library
from aemviewer.workspace.profile_store import ProfileStore, default_profiles_path
from aemviewer.workspace.profiles import HostKind, Profile, TokenKind
from tests.support.keyring import MemoryKeyring
from tests.support.servers import LoopbackServer, Reply

from .cli_support import original_bytes

RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"  # restricted: role "clinical"
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProfileStore:
    """The profiles file where the window would write it, in a temporary configuration folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = default_profiles_path()
    assert path.is_relative_to(tmp_path)
    return ProfileStore(path)


def test_a_profile_gives_host_and_keyring_token(
    run, store: ProfileStore, memory_keyring: MemoryKeyring, emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    store.save_profile(Profile(name="Clinic", base_url=emulator.base_url, token_kind=TokenKind.KEYRING))
    memory_keyring.passwords[("aemviewer", "Clinic")] = tokens["editor"]
    assert run("meta", RETINA).code == ExitCode.NOT_FOUND  # AEMVIEWER_BASE_URL, no token
    result = run("--profile", "Clinic", "meta", RETINA, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["assetMetadata"]["dc:title"]
    assert tokens["editor"] not in result.out + result.err


@pytest.mark.parametrize(
    ("token_header", "asset"),
    [
        (TokenHeader.AUTHORIZATION, RETINA),
        # The keyring token sent as x-asset-delivery-token, to a vanity id of the same asset.
        (TokenHeader.DELIVERY_TOKEN, "urn:avid:aem:retina-left-eye"),
    ],
)
def test_get_saves_a_restricted_original_with_the_profile(
    run,
    store: ProfileStore,
    memory_keyring: MemoryKeyring,
    emulator: EmulatorServer,
    demo: Library,
    tokens: dict[str, str],
    tmp_path: Path,
    token_header: TokenHeader,
    asset: str,
) -> None:
    profile = Profile(
        name="Clinic", base_url=emulator.base_url, token_kind=TokenKind.KEYRING, token_header=token_header
    )
    store.save_profile(profile)
    memory_keyring.passwords[("aemviewer", "Clinic")] = tokens["editor"]
    before = len(emulator.request_log)
    result = run("--profile", "Clinic", "get", asset, "--original", "-o", str(tmp_path))
    assert result.code == 0, result.err
    assert Path(result.out.strip().splitlines()[-1]).read_bytes() == original_bytes(demo, RETINA)
    assert tokens["editor"] not in result.out + result.err + "".join(emulator.request_log[before:])
    assert tokens["editor"] not in default_profiles_path().read_text(encoding="utf-8")


def test_an_environment_variable_profile_and_an_emulator_profile(
    run, store: ProfileStore, monkeypatch: pytest.MonkeyPatch, tokens: dict[str, str]
) -> None:
    store.save_profile(
        Profile(
            name="Local",
            host_kind=HostKind.EMULATOR,
            token_kind=TokenKind.ENVIRONMENT,
            token_variable="CLINIC_TOKEN",
        )
    )
    monkeypatch.setenv("CLINIC_TOKEN", tokens["editor"])
    # The built-in emulator starts in-process on the demo library, and the variable's token reaches it.
    result = run("--profile", "Local", "meta", RETINA)
    assert result.code == 0, result.err
    assert "using the built-in demo library" in result.err
    monkeypatch.delenv("CLINIC_TOKEN")
    assert run("--profile", "Local", "meta", RETINA).code == ExitCode.NOT_FOUND


def test_the_token_goes_only_to_the_profile_host(
    run, store: ProfileStore, memory_keyring: MemoryKeyring, emulator: EmulatorServer
) -> None:
    store.save_profile(Profile(name="Emu", base_url=emulator.base_url, token_kind=TokenKind.KEYRING))
    store.save_profile(Profile(name="Other", base_url="http://127.0.0.1:9", token_kind=TokenKind.NONE))
    memory_keyring.passwords[("aemviewer", "Emu")] = "emulator-only-token"
    document = json.dumps({"assetId": CHELSEA, "repositoryMetadata": {}, "assetMetadata": {}}).encode()
    with LoopbackServer() as other:
        # Like --base-url, a profile's host replaces a pasted URL's host: nothing goes to the other one.
        result = run("--profile", "Emu", "meta", f"{other.url}/adobe/assets/{CHELSEA}/metadata")
        assert result.code == 0, result.err
        assert other.received() == []

        store.save_profile(
            Profile(name="Other", base_url=other.url, token_kind=TokenKind.KEYRING), replacing="Other"
        )
        memory_keyring.passwords[("aemviewer", "Other")] = "other-host-token"
        other.queue(Reply(200, [("Content-Type", "application/json")], document))
        assert run("--profile", "Other", "meta", CHELSEA).code == 0
        (request,) = other.received()
        assert request.header("authorization") == "Bearer other-host-token"


def test_unknown_profiles_and_two_hosts_are_refused(run, store: ProfileStore) -> None:
    store.save_profile(Profile(name="Prod", base_url="https://delivery-p1-e2.adobeaemcloud.com"))
    result = run("--profile", "Nope", "meta", CHELSEA)
    assert result.code == ExitCode.BAD_INPUT
    assert "There is no profile called 'Nope'" in result.err and "'Prod'" in result.err
    result = run("--profile", "Prod", "--base-url", "https://other.example", "meta", CHELSEA)
    assert result.code == ExitCode.BAD_INPUT
    assert "--profile and --base-url" in result.err
