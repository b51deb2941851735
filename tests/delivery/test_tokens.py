"""Token sources and the Secret wrapper: the token is given where needed and shown nowhere."""

from __future__ import annotations

import copy
import pickle

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from aemviewer.delivery.errors import ExitCode, TokenUnavailable
from aemviewer.delivery.tokens import (
    EnvironmentToken,
    KeyringToken,
    Secret,
    StaticToken,
    TokenSource,
    bearer_value,
)
from tests.support.clients import TOKEN
from tests.support.keyring import MemoryKeyring, installed


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_secret_never_shows_itself() -> None:
    secret = Secret(TOKEN)
    assert secret.reveal() == TOKEN
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", repr([secret]), repr({"t": secret})):
        assert TOKEN not in text
    assert str(secret) == "••••"
    assert repr(secret) == "Secret('••••')"
    assert secret == Secret(TOKEN) and secret != Secret("other")
    assert len({secret, Secret(TOKEN)}) == 1
    assert copy.deepcopy(secret) is secret
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(secret)


def test_static_token() -> None:
    assert StaticToken(TOKEN).token() == TOKEN
    assert StaticToken(Secret(TOKEN)).token() == TOKEN
    assert StaticToken(None).token() is None
    assert TOKEN not in repr(StaticToken(TOKEN))
    assert isinstance(StaticToken(TOKEN), TokenSource)


def test_environment_token(monkeypatch: pytest.MonkeyPatch) -> None:
    source = EnvironmentToken()
    monkeypatch.delenv("AEMVIEWER_TOKEN", raising=False)
    assert source.token() is None
    monkeypatch.setenv("AEMVIEWER_TOKEN", f" {TOKEN}\n")
    assert source.token() == TOKEN
    monkeypatch.setenv("AEMVIEWER_TOKEN", "")
    assert source.token() is None
    monkeypatch.setenv("OTHER_TOKEN", "x")
    assert EnvironmentToken("OTHER_TOKEN").token() == "x"
    assert repr(EnvironmentToken("OTHER_TOKEN")) == "EnvironmentToken(var='OTHER_TOKEN')"


def test_keyring_token_reads_once_and_keeps_in_step(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.passwords[("aemviewer", "prod")] = TOKEN
    source = KeyringToken("prod")

    assert source.token() == TOKEN
    assert source.token() == TOKEN
    assert memory_keyring.reads == 1
    source.save("new-token")
    assert memory_keyring.passwords[("aemviewer", "prod")] == "new-token"
    assert source.token() == "new-token"
    source.delete()
    assert source.token() is None
    source.delete()  # nothing left to delete is fine
    assert KeyringToken("other", service="svc").token() is None
    assert TOKEN not in repr(source) and repr(source) == "KeyringToken(profile='prod', service='aemviewer')"


def test_keyring_without_backend_is_a_clear_error() -> None:
    with installed(keyring.backends.fail.Keyring()), pytest.raises(TokenUnavailable) as caught:
        KeyringToken("prod").token()
    error = caught.value
    assert str(error) == (
        "Could not read the token of profile 'prod' (keyring service 'aemviewer'): "
        "no keyring backend is available on this system."
    )
    assert "AEMVIEWER_TOKEN" in error.hint
    assert error.exit_code is ExitCode.AUTHENTICATION


def test_a_locked_keyring_says_so() -> None:
    with installed(LockedKeyring()), pytest.raises(TokenUnavailable, match="the keyring is locked"):
        KeyringToken("prod").token()


def test_bearer_value_cleans_and_checks() -> None:
    assert bearer_value(None) is None
    assert bearer_value(StaticToken(None)) is None
    assert bearer_value(StaticToken("   ")) is None
    assert bearer_value(StaticToken(f"bearer {TOKEN}")) == TOKEN
    assert bearer_value(StaticToken(f" Bearer  {TOKEN} ")) == TOKEN
    for bad in (f"{TOKEN}\nX-Injected: 1", "tök en", "a b"):
        with pytest.raises(TokenUnavailable, match="cannot be sent in an HTTP header") as caught:
            bearer_value(StaticToken(bad))
        assert bad not in str(caught.value)
