"""`--profile NAME`: the command line on a profile saved in the window (no Qt needed to read it).

The profile gives the host (its base URL, program + environment, or the built-in emulator), the
token (system keyring or environment variable), the CA file and the proxy. Without `--profile`:
`--base-url`/`AEMVIEWER_BASE_URL` and `AEMVIEWER_TOKEN`. `host_policy` turns either into the one
host/token rule of the client pool (`cli.clients`).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aemviewer.delivery.errors import InvalidInput

if TYPE_CHECKING:
    from aemviewer.workspace.profile_store import ProfileStore
    from aemviewer.workspace.profiles import Profile

BASE_URL_VARIABLE = "AEMVIEWER_BASE_URL"


@dataclass(frozen=True)
class ProfileSettings:
    """What a profile changes for the clients of one command."""

    profile: Profile
    host: str | None
    """The profile's base URL; None for the built-in emulator."""


def add_profile_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """`--profile NAME` (`default`: `argparse.SUPPRESS` on subcommands)."""
    parser.add_argument(
        "--profile",
        default=default,
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
    # Imported here: the window's start parses `--profile` but reads profiles only later.
    from aemviewer.workspace.profile_store import ProfileStore
    from aemviewer.workspace.profiles import HostKind

    profile = (store or ProfileStore()).get(name)
    host = None if profile.host_kind is HostKind.EMULATOR else profile.endpoints().base_url
    args.base_url = host
    args.profile_settings = ProfileSettings(profile, host)
