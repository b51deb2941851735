"""Where the bearer token comes from, and a wrapper that never shows it."""

from __future__ import annotations

import hmac
import os
import re
from enum import StrEnum
from typing import Any, NoReturn, Protocol, runtime_checkable

from aemviewer.api_spec import DELIVERY_TOKEN_HEADER
from aemviewer.delivery.errors import TokenUnavailable

REDACTED = "••••"
"""What is shown instead of a token, everywhere."""

DEFAULT_TOKEN_VARIABLE = "AEMVIEWER_TOKEN"
KEYRING_SERVICE = "aemviewer"

# Visible ASCII only: anything else cannot travel in a header (and a line break would split it).
_HEADER_SAFE_RE = re.compile(r"[\x21-\x7e]+")


class Secret:
    """A string that never shows itself: `repr` and `str` print `••••`; `reveal()` gives the value.

    Pickling is refused so that a secret cannot end up in a file by accident.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret value; only for the one place that puts it in a request header."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


@runtime_checkable
class TokenSource(Protocol):
    """Gives the current bearer token, or `None` when requests go without one."""

    def token(self) -> str | None:
        """The token (without `Bearer `), or `None`. Raises `TokenUnavailable` when it cannot be read."""
        ...


class StaticToken:
    """A token given once (from a dialog, a test, a command-line option)."""

    __slots__ = ("_secret",)

    def __init__(self, token: str | Secret | None) -> None:
        self._secret = token if isinstance(token, Secret) or token is None else Secret(token)

    def token(self) -> str | None:
        """The token given at construction."""
        return None if self._secret is None else self._secret.reveal()

    def __repr__(self) -> str:
        return f"StaticToken({'None' if self._secret is None else repr(self._secret)})"


class EnvironmentToken:
    """The token in an environment variable, read at every request (empty means none)."""

    __slots__ = ("var",)

    def __init__(self, var: str = DEFAULT_TOKEN_VARIABLE) -> None:
        self.var = var

    def token(self) -> str | None:
        """The variable's value, or `None` when it is unset or empty."""
        return os.environ.get(self.var, "").strip() or None

    def __repr__(self) -> str:
        return f"EnvironmentToken(var={self.var!r})"


class KeyringToken:
    """The token of one profile in the system keyring (service `aemviewer`, user name = profile).

    The value is read once and remembered, because keyring backends can be slow and the token is
    asked for at every request; `save` and `delete` keep the memory in step.
    """

    __slots__ = ("_cached", "_loaded", "profile", "service")

    def __init__(self, profile: str, service: str = KEYRING_SERVICE) -> None:
        self.profile = profile
        self.service = service
        self._cached: Secret | None = None
        self._loaded = False

    def token(self) -> str | None:
        """The stored token, or `None` when the keyring has none for this profile."""
        if not self._loaded:
            value = self._call("read", "get_password", self.service, self.profile)
            self._cached = Secret(value) if isinstance(value, str) and value.strip() else None
            self._loaded = True
        return None if self._cached is None else self._cached.reveal()

    def save(self, token: str) -> None:
        """Store a token for this profile."""
        self._call("store", "set_password", self.service, self.profile, token)
        self._cached, self._loaded = Secret(token), True

    def delete(self) -> None:
        """Remove this profile's token (no error when there is none)."""
        keyring_errors = _keyring_errors()
        try:
            self._call("delete", "delete_password", self.service, self.profile)
        except TokenUnavailable as exc:
            if not isinstance(exc.__cause__, keyring_errors.PasswordDeleteError):
                raise
        self._cached, self._loaded = None, True

    def _call(self, verb: str, function: str, *args: str) -> Any:
        keyring = _keyring_module()
        errors = _keyring_errors()
        what = f"the token of profile {self.profile!r} (keyring service {self.service!r})"
        try:
            return getattr(keyring, function)(*args)
        except errors.NoKeyringError as exc:
            raise TokenUnavailable(
                f"Could not {verb} {what}: no keyring backend is available on this system.",
                hint="Install or start a keyring (GNOME Keyring, KWallet, macOS Keychain, Windows Credential "
                f"Manager), or set {DEFAULT_TOKEN_VARIABLE} for this session.",
            ) from exc
        except errors.KeyringLocked as exc:
            raise TokenUnavailable(
                f"Could not {verb} {what}: the keyring is locked.", hint="Unlock the keyring and try again."
            ) from exc
        except errors.KeyringError as exc:
            raise TokenUnavailable(
                f"Could not {verb} {what}: {type(exc).__name__}.",
                hint=f"Check the system keyring, or set {DEFAULT_TOKEN_VARIABLE} for this session.",
            ) from exc

    def __repr__(self) -> str:
        return f"KeyringToken(profile={self.profile!r}, service={self.service!r})"


def _keyring_module() -> Any:
    # keyring imports its backends lazily and may be missing from a trimmed frozen build.
    try:
        import keyring
    except ImportError as exc:
        raise TokenUnavailable(
            "The keyring package is not available, so the token cannot be read from the system keyring.",
            hint=f"Install keyring, or set {DEFAULT_TOKEN_VARIABLE} for this session.",
        ) from exc
    return keyring


def _keyring_errors() -> Any:
    _keyring_module()
    import keyring.errors

    return keyring.errors


class TokenHeader(StrEnum):
    """How a token travels to the delivery host (a profile chooses; the token itself is the same)."""

    AUTHORIZATION = "authorization"
    """`Authorization: Bearer <token>`, as the Delivery API documents for restricted assets."""
    DELIVERY_TOKEN = DELIVERY_TOKEN_HEADER
    """`x-asset-delivery-token: <token>`, as Adobe's secure-assets block sends it."""

    def headers(self, token: str) -> dict[str, str]:
        """The request header that carries `token`."""
        if self is TokenHeader.AUTHORIZATION:
            return {"Authorization": f"Bearer {token}"}
        return {DELIVERY_TOKEN_HEADER: token}


def bearer_value(source: TokenSource | None) -> str | None:
    """The token of `source`, cleaned for an `Authorization` header, or `None`.

    Whitespace and a pasted `Bearer ` prefix are removed; a value with characters a header cannot
    carry raises `TokenUnavailable` (without showing the value).
    """
    if source is None:
        return None
    raw = source.token()
    if raw is None:
        return None
    value = raw.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not value:
        return None
    if not _HEADER_SAFE_RE.fullmatch(value):
        raise TokenUnavailable(
            "The token contains characters that cannot be sent in an HTTP header (spaces, line breaks or "
            "non-ASCII characters).",
            hint="Copy the token again, without anything around it.",
        )
    return value
