"""The shell's `Environments`: the saved profiles, as host policies a feature can build clients from.

Each profile keeps its own token, trust and proxy, exactly as when it is the active one; the
connection's time and retries are the window's.
"""

from __future__ import annotations

from dataclasses import replace

from aemviewer.delivery.client_pool import HostPolicy
from aemviewer.delivery.errors import DeliveryError, InvalidInput
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.profiles.controller import ProfileController
from aemviewer.workspace.profiles import Profile


class ProfileEnvironments:
    """The profiles of `ProfileController`, for a feature that asks a second host."""

    def __init__(self, profiles: ProfileController, service: DeliveryService) -> None:
        self._profiles = profiles
        self._service = service

    def names(self) -> list[str]:
        try:
            return [profile.name for profile in self._profiles.listed()]
        except DeliveryError:
            # An unreadable profiles file is reported by the Profiles dialog; here only the active one.
            return [self._profiles.current.name]

    def policy(self, name: str) -> HostPolicy:
        profile = self._profile(name)
        settings = replace(
            self._service.pool.policy.settings,
            extra_ca_file=profile.extra_ca_file or None,
            proxy=profile.proxy(),
            system_proxy=profile.use_system_proxy,
            token_header=profile.token_header,
        )
        return HostPolicy(
            home=self._profiles.endpoints(profile),
            token=self._profiles.token_source(profile),
            settings=settings,
        )

    def _profile(self, name: str) -> Profile:
        for profile in self._profiles.listed():
            if profile.name == name:
                return profile
        raise InvalidInput(
            f"There is no profile named {name!r} any more.",
            hint="Choose another profile in Compare's “B from” list, or add it in Settings → Profiles.",
        )
