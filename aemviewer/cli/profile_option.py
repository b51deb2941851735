"""`--profile NAME`: the command line on a profile saved in the window (no Qt needed to read it).

The profile gives the host (its base URL, program + environment, or the built-in emulator), the
token (system keyring or environment variable), the CA file and the proxy. The token goes only to
the profile's host: a pasted URL on another host is fetched without it. Without `--profile`
nothing changes: `--base-url`/`AEMVIEWER_BASE_URL` and `AEMVIEWER_TOKEN` as before.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Any

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE, EnvironmentToken
from aemviewer.workspace.profiles import HostKind, Profile, ProfileStore

BASE_URL_VARIABLE = "AEMVIEWER_BASE_URL"


@dataclass(frozen=True)
class ProfileSettings:
    """What a profile changes for the clients of one command."""

    profile: Profile
    host: str | None
    """The profile's base URL; None for the built-in emulator."""


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="use a saved profile (host, token, CA file, proxy) instead of --base-url and AEMVIEWER_TOKEN",
    )


def apply_profile(args: argparse.Namespace, store: ProfileStore | None = None) -> None:
    """Read `--profile` into `args`: `base_url` becomes the profile's host (None for the built-in
    emulator, which then starts in-process), `profile_settings` the rest. Raises `InvalidInput`
    for an unknown profile, or when `--base-url` names another host too."""
    name = getattr(args, "profile", None)
    args.profile_settings = None
    if not name:
        return
    explicit = args.base_url and args.base_url != os.environ.get(BASE_URL_VARIABLE)
    if explicit:
        raise InvalidInput(
            "--profile and --base-url both say which host to use.", hint="Give one of them, not both."
        )
    profile = (store or ProfileStore()).get(name)
    host = None if profile.host_kind is HostKind.EMULATOR else profile.endpoints().base_url
    args.base_url = host
    args.profile_settings = ProfileSettings(profile, host)


def client_settings(args: argparse.Namespace, endpoints: DeliveryEndpoints, *, demo: bool) -> dict[str, Any]:
    """Keyword arguments for the `DeliveryClient` of `endpoints` (`demo`: the in-process emulator):
    the token, and with a profile its CA file and proxy."""
    settings: ProfileSettings | None = getattr(args, "profile_settings", None)
    if settings is None:
        has_variable = bool(os.environ.get(DEFAULT_TOKEN_VARIABLE))
        return {"token": EnvironmentToken() if not demo or has_variable else None}
    profile = settings.profile
    own_host = demo if settings.host is None else endpoints.base_url == settings.host
    token = profile.token_source() if own_host else None
    if own_host and profile.built_in and os.environ.get(DEFAULT_TOKEN_VARIABLE):
        token = EnvironmentToken()  # the built-in demo profile has no token of its own
    return {
        "token": token,
        "token_header": profile.token_header,
        "extra_ca_file": profile.extra_ca_file or None,
        "proxy": profile.proxy(),
        "system_proxy": profile.use_system_proxy,
    }
