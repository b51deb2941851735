"""Side B asked of another environment (a profile other than the active one): same asset id, same
modifiers, format and Accept, on that profile's host with that profile's token, trust and proxy.

The environment has a client pool of its own, so the active profile's token never goes to B's
host, and B's token never leaves it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox

from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.context import FeatureContext


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


class SideBSource(QObject):
    """The "B from" choice: the combo, and the `OtherEnvironment` chosen in it (None: active profile)."""

    changed = Signal()
    """B's environment changed (the old one's clients are being closed)."""
    refused = Signal(str)
    """The chosen profile cannot be used: why."""

    def __init__(self, context: FeatureContext) -> None:
        super().__init__()
        self._context = context
        self.other: OtherEnvironment | None = None
        self.combo = EnvironmentCombo()
        self.combo.activated.connect(lambda position: self.choose(self.combo.itemData(position)))

    def refill(self) -> None:
        """List the profiles other than the active one (the names may have changed)."""
        environments = self._context.environments
        names = environments.names() if environments is not None else []
        others = [name for name in names if name != self._context.service.profile_name]
        self.combo.refill(others, self.other.name if self.other is not None else None)

    def choose(self, name: str | None) -> bool:
        """Take B from profile `name` (None: the active profile); False when it cannot be used."""
        environments = self._context.environments
        try:
            other = OtherEnvironment(name, environments.policy(name)) if name and environments else None
        except DeliveryError as error:
            self.refused.emit(error.message)
            self.refill()
            return False
        previous, self.other = self.other, other
        self.refill()
        if previous is not None:
            self._context.runner.run(previous.aclose())
        self.changed.emit()
        return True
