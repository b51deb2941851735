"""Profiles: named delivery environments, stored in one JSON file that the window and the command
line both read (no Qt needed).

A profile says where the delivery host is (a base URL, an AEM program + environment id, or the
built-in emulator), where its token comes from (none, the system keyring, an environment variable)
and how it is sent (bearer or delivery-token header), the API key for search, TLS trust (the system
store plus an optional CA file) and the HTTP proxy.
Tokens are never in the file: a keyring profile's token lives in the system keyring under service
`aemviewer` with the profile's name as the user name.

The demo profile is built in: it is always listed first, cannot be changed, and is never written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aemviewer.api_spec import API_PREFIX
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.tokens import (
    DEFAULT_TOKEN_VARIABLE,
    EnvironmentToken,
    KeyringToken,
    TokenHeader,
    TokenSource,
)

PROFILES_FILE = "profiles.json"
MAX_PROFILES_BYTES = 4 * 1000 * 1000
"""Far more than any list of profiles needs; a larger file is not one this app wrote."""
FORMAT_VERSION = 1
DEMO_PROFILE_NAME = "Demo library"
DEMO_API_KEY = "aemviewer-demo"
MAX_NAME_LENGTH = 80

_VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ID_RE = re.compile(r"[0-9]{1,12}")
_API_KEY_RE = re.compile(r"[\x21-\x7e]+")


class HostKind(StrEnum):
    """How a profile names its delivery host."""

    URL = "url"
    """A base URL: Adobe's host or a custom domain."""
    PROGRAM = "program"
    """Program and environment ids: `https://delivery-p<program>-e<env>[-cmstg].adobeaemcloud.com`."""
    EMULATOR = "emulator"
    """The built-in emulator on the demo library, started on a free loopback port when needed."""


class TokenKind(StrEnum):
    """Where a profile's bearer token comes from."""

    NONE = "none"
    KEYRING = "keyring"
    ENVIRONMENT = "environment"


class ProxyMode(StrEnum):
    """How requests reach the host."""

    SYSTEM = "system"
    """The system's proxy settings (`HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, or the OS settings)."""
    NONE = "none"
    URL = "url"


def program_host(program: str, environment: str, *, stage: bool = False) -> str:
    """The delivery base URL of an AEM as a Cloud Service environment."""
    if not _ID_RE.fullmatch(program.strip()) or not _ID_RE.fullmatch(environment.strip()):
        raise InvalidInput(
            f"Program {program!r} and environment {environment!r} must both be numbers.",
            hint="Copy them from Cloud Manager or from an author URL: author-p<program>-e<environment>.",
        )
    suffix = "-cmstg" if stage else ""
    return f"https://delivery-p{program.strip()}-e{environment.strip()}{suffix}.adobeaemcloud.com"


_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "host_kind": HostKind,
    "token_kind": TokenKind,
    "token_header": TokenHeader,
    "proxy_mode": ProxyMode,
}


@dataclass(frozen=True, slots=True)
class Profile:
    """One delivery environment. Build with keywords; `validated()` checks every field."""

    name: str
    host_kind: HostKind = HostKind.URL
    base_url: str = ""
    program: str = ""
    environment: str = ""
    stage: bool = False
    prefix: str = API_PREFIX
    token_kind: TokenKind = TokenKind.NONE
    token_variable: str = DEFAULT_TOKEN_VARIABLE
    token_header: TokenHeader = TokenHeader.AUTHORIZATION
    """How the token is sent: `Authorization: Bearer` or the `x-asset-delivery-token` header."""
    api_key: str = ""
    extra_ca_file: str = ""
    proxy_mode: ProxyMode = ProxyMode.SYSTEM
    proxy_url: str = ""
    built_in: bool = field(default=False, compare=False)
    """The demo profile: listed always, never edited, deleted or written."""

    @property
    def editable(self) -> bool:
        return not self.built_in

    def host(self) -> str | None:
        """The delivery base URL, or None for the built-in emulator (its port is known only once
        it runs). Raises `InvalidInput` when the host fields are unusable."""
        if self.host_kind is HostKind.EMULATOR:
            return None
        if self.host_kind is HostKind.PROGRAM:
            return program_host(self.program, self.environment, stage=self.stage)
        return DeliveryEndpoints(self.base_url, self.prefix).base_url

    def endpoints(self, emulator_url: str | None = None) -> DeliveryEndpoints:
        """The URL builder of this profile's host (`emulator_url` for the built-in emulator)."""
        host = self.host()
        if host is None:
            if emulator_url is None:
                raise InvalidInput(
                    f"Profile {self.name!r} uses the built-in emulator, which is not running.",
                    hint="Start it with `aemviewer serve`, or choose another profile.",
                )
            return DeliveryEndpoints(emulator_url, API_PREFIX)
        return DeliveryEndpoints(host, self.prefix)

    def token_source(self) -> TokenSource | None:
        """Where requests to this profile's host get their token (None: sent without one).

        The built-in demo profile's token is the emulator's demo token, which the caller gives."""
        if self.token_kind is TokenKind.KEYRING:
            return KeyringToken(self.name)
        if self.token_kind is TokenKind.ENVIRONMENT:
            return EnvironmentToken(self.token_variable)
        return None

    def proxy(self) -> str | None:
        """The proxy URL when the profile names one."""
        return self.proxy_url.strip() if self.proxy_mode is ProxyMode.URL else None

    @property
    def use_system_proxy(self) -> bool:
        return self.proxy_mode is ProxyMode.SYSTEM

    def describe_host(self) -> str:
        """The host as a user reads it (never raises)."""
        if self.host_kind is HostKind.EMULATOR:
            return "built-in emulator (demo library)"
        try:
            host = self.host()
        except InvalidInput:
            return "(host not set)"
        prefix = "" if self.prefix == API_PREFIX else f" (prefix {self.prefix or 'none'})"
        return f"{host}{prefix}"

    def validated(self) -> Profile:
        """This profile with surrounding spaces removed, or `InvalidInput` naming the first bad field."""
        profile = replace(
            self,
            name=self.name.strip(),
            base_url=self.base_url.strip(),
            program=self.program.strip(),
            environment=self.environment.strip(),
            prefix=self.prefix.strip(),
            token_variable=self.token_variable.strip(),
            api_key=self.api_key.strip(),
            extra_ca_file=self.extra_ca_file.strip(),
            proxy_url=self.proxy_url.strip(),
        )
        if not profile.name:
            raise InvalidInput("The profile has no name.", hint="Give it a name, e.g. 'Production'.")
        if len(profile.name) > MAX_NAME_LENGTH or not profile.name.isprintable():
            raise InvalidInput(
                f"The profile name must be printable and at most {MAX_NAME_LENGTH} characters.",
                hint="Choose a shorter name.",
            )
        if profile.host_kind is HostKind.URL and not profile.base_url:
            raise InvalidInput(
                "The profile has no delivery URL.",
                hint="Enter the host, e.g. https://delivery-p123-e456.adobeaemcloud.com.",
            )
        profile.host()  # raises with what is wrong
        DeliveryEndpoints("http://localhost", profile.prefix)
        if profile.token_kind is TokenKind.ENVIRONMENT and not _VARIABLE_RE.fullmatch(profile.token_variable):
            raise InvalidInput(
                f"{profile.token_variable!r} is not an environment variable name.",
                hint=f"Use letters, digits and _, e.g. {DEFAULT_TOKEN_VARIABLE}.",
            )
        if profile.api_key and not _API_KEY_RE.fullmatch(profile.api_key):
            raise InvalidInput(
                "The API key contains spaces or characters an HTTP header cannot carry.",
                hint="Copy the API key (the client id) again, without anything around it.",
            )
        if profile.extra_ca_file and not Path(profile.extra_ca_file).expanduser().is_file():
            raise InvalidInput(
                f"The CA file {profile.extra_ca_file!r} does not exist.",
                hint="Choose a PEM file with your organisation's CA certificates, or clear the field.",
            )
        if profile.proxy_mode is ProxyMode.URL:
            _check_proxy_url(profile.proxy_url)
        return profile

    def to_json(self) -> dict[str, Any]:
        """The fields as JSON values (the built-in flag is never written)."""
        data = asdict(self)
        del data["built_in"]
        return {key: str(value) if isinstance(value, StrEnum) else value for key, value in data.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Profile:
        """A profile from `to_json` output; unknown keys are ignored (a newer version wrote them),
        missing ones take their defaults. Raises `InvalidInput` for values of the wrong type."""
        known = {item.name for item in fields(cls)} - {"built_in"}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            values[key] = value
        try:
            for key, kind in _ENUM_FIELDS.items():
                if key in values:
                    values[key] = kind(values[key])
            profile = cls(**values)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(
                f"A stored profile cannot be read: {exc}.", hint="Fix or remove it in the profiles file."
            ) from exc
        for item in fields(cls):
            value = getattr(profile, item.name)
            expected: type = bool if item.name in ("stage", "built_in") else str
            if not isinstance(value, expected):
                raise InvalidInput(
                    f"The stored profile {profile.name!r} has a {type(value).__name__} in {item.name!r}.",
                    hint="Fix or remove it in the profiles file.",
                )
        return profile


DEMO_PROFILE = Profile(
    name=DEMO_PROFILE_NAME, host_kind=HostKind.EMULATOR, api_key=DEMO_API_KEY, built_in=True
)
"""The built-in profile: the emulator on the demo library, with the demo API key."""


def _check_proxy_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            f"The proxy {url!r} is not an http:// or https:// URL.",
            hint="Enter it like http://proxy.example.com:3128 (user:password@ before the host if needed).",
        )
    try:
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as exc:
        raise InvalidInput(f"The proxy {url!r} has an invalid port.", hint="Use a number 1–65535.") from exc
