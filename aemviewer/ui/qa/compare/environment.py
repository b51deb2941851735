"""Side B asked of another environment (a profile other than the active one): same asset id, same
modifiers, format and Accept, on that profile's host with that profile's token, trust and proxy.

The environment has a client pool of its own, so the active profile's token never goes to B's
host, and B's token never leaves it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox

from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.reference import AssetRef


class OtherEnvironment:
    """A named profile's host, for one side of the compare."""

    def __init__(self, name: str, policy: HostPolicy) -> None:
        self.name = name
        self.pool = ClientPool(policy)

    @property
    def endpoints(self) -> DeliveryEndpoints:
        """The environment's host."""
        return self.pool.home()

    def target(self, asset: AssetRef) -> tuple[AssetRef, DeliveryEndpoints]:
        """The same asset on this environment's host (a pasted URL's own host is not asked)."""
        return replace(asset, base_url=None, prefix=None), self.endpoints

    async def fetch(self, url: str, accept: str | None) -> Delivery:
        """GET `url` with the environment's client; raises its `DeliveryError` (`NotFound` for 404)."""
        return await self.pool.client_for(self.endpoints).fetch(url, accept=accept, revalidate=False)

    async def aclose(self) -> None:
        await self.pool.aclose()


ACTIVE_PROFILE = "the active profile"


class EnvironmentCombo(QComboBox):
    """ "B from": the active profile first, then the other profiles (by name)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("compareEnvironment")
        self.setToolTip(
            "Ask side B of another profile's host (same asset, modifiers, format and Accept), with its token"
        )
        self.refill([], None)

    def refill(self, names: list[str], chosen: str | None) -> None:
        """List `names` after the active profile and select `chosen` (None: the active profile)."""
        self.clear()
        self.addItem(ACTIVE_PROFILE, None)
        for name in names:
            self.addItem(name, name)
        self.setCurrentIndex(max(self.findData(chosen), 0) if chosen else 0)
        self.setEnabled(self.count() > 1)
