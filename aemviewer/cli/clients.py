"""The clients of one command: the host/token policy from the options, and the pool that holds it."""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aemviewer.api_spec import API_PREFIX
from aemviewer.cli.console import Console
from aemviewer.cli.profile_option import ProfileSettings
from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.client_settings import connection_settings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE, EnvironmentToken

if TYPE_CHECKING:
    from aemviewer.delivery.metadata import Metadata
    from aemviewer.emulator.demo import DemoEmulator
    from aemviewer.saving.batch import BatchItem


def host_policy(args: argparse.Namespace, typed: str | None = None) -> HostPolicy:
    """The host/token policy of one command (`typed`: the ASSET or URL on its command line).

    The token is bound to one host: the profile's, else `--base-url`/`AEMVIEWER_BASE_URL`, else the
    host of the URL typed on the command line, else the demo emulator once it runs. Entries of a list
    never extend it. With a host configured, every URL is fetched from that host.
    """
    settings = connection_settings(args.timeout)
    profile_settings: ProfileSettings | None = getattr(args, "profile_settings", None)
    if profile_settings is not None:
        profile = profile_settings.profile
        token = profile.token_source()
        if profile.built_in and os.environ.get(DEFAULT_TOKEN_VARIABLE):
            token = EnvironmentToken()  # the built-in demo profile has no token of its own
        host = profile_settings.host
        return HostPolicy(
            home=profile.endpoints() if host is not None else None,
            token=token,
            pin_to_home=host is not None,
            settings=replace(
                settings,
                extra_ca_file=profile.extra_ca_file or None,
                proxy=profile.proxy(),
                system_proxy=profile.use_system_proxy,
                token_header=profile.token_header,
            ),
        )
    if args.base_url:
        home = DeliveryEndpoints(args.base_url, API_PREFIX)
        return HostPolicy(home=home, token=EnvironmentToken(), pin_to_home=True, settings=settings)
    return HostPolicy(token=EnvironmentToken(), token_base_url=_typed_host(typed), settings=settings)


def _typed_host(typed: str | None) -> str | None:
    if not typed:
        return None
    try:
        return parse_reference(typed).base_url
    except InvalidInput:
        # Not an asset reference (e.g. a media playlist URL for video-check): its own host.
        parts = urlsplit(typed)
        return (
            f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None
        )


class DemoOnDemand:
    """The demo emulator of one command, imported and started on the first `base_url()` (a command
    given a host never loads it); leaving the `with` block stops it if it ran."""

    def __init__(self) -> None:
        self._emulator: DemoEmulator | None = None

    def __enter__(self) -> DemoOnDemand:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._emulator is not None:
            self._emulator.stop()

    def base_url(self) -> str:
        """The running emulator's base URL."""
        if self._emulator is None:
            from aemviewer.emulator.demo import DemoEmulator

            self._emulator = DemoEmulator()
        return self._emulator.base_url()


def pool_for(
    args: argparse.Namespace, console: Console, demo: DemoOnDemand, typed: str | None = None
) -> ClientPool:
    """The clients of one command under `host_policy`; a bare id without a configured host starts
    `demo` (the caller stops it)."""
    profile_settings: ProfileSettings | None = getattr(args, "profile_settings", None)

    def start_demo() -> DeliveryEndpoints:
        console.note("no --base-url or AEMVIEWER_BASE_URL: using the built-in demo library")
        if profile_settings is not None:
            return profile_settings.profile.endpoints(demo.base_url())
        return DeliveryEndpoints(demo.base_url(), API_PREFIX)

    return ClientPool(host_policy(args, typed), start_demo)


@asynccontextmanager
async def command_pool(
    args: argparse.Namespace, console: Console, typed: str | None = None
) -> AsyncIterator[ClientPool]:
    """`pool_for` with its own demo emulator, both closed on leaving."""
    with DemoOnDemand() as demo:
        async with pool_for(args, console, demo, typed) as pool:
            yield pool


def metadata_source(pool: ClientPool) -> Callable[[BatchItem], Awaitable[Metadata | None]]:
    """The asset's metadata through `pool`, or `None` when it cannot be had (the download then
    says why)."""

    async def metadata(item: BatchItem) -> Metadata | None:
        try:
            return await pool.client_for(item.endpoints).metadata(item.asset.asset_id)
        except DeliveryError:
            return None

    return metadata
