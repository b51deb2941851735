"""The one network service the window shares: clients per host, metadata, fetches, curl commands.

Panels never hold HTTP code; they ask this service (through the preview controller) and `await`.
The profile's token goes only to the profile's own host: a pasted URL on another host gets a client
without a token.
"""

from __future__ import annotations

import shlex

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import TokenUnavailable
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.delivery.retry import DEFAULT_RETRIES, RetryPolicy
from aemviewer.delivery.tokens import REDACTED, TokenSource, bearer_value


class DeliveryService:
    """Delivery clients for the profile's host (with its token) and for pasted hosts (without)."""

    def __init__(
        self,
        endpoints: DeliveryEndpoints,
        token: TokenSource | None = None,
        profile_name: str = "",
        *,
        retries: RetryPolicy = DEFAULT_RETRIES,
    ) -> None:
        self.endpoints = endpoints
        self.retries = retries
        self.token = token
        self.profile_name = profile_name or endpoints.base_url
        self._clients: dict[tuple[str, str], DeliveryClient] = {}

    def has_token(self) -> bool:
        """Whether requests to the profile's host carry a token. An unreadable token counts as none
        here; the first request then fails with the `TokenUnavailable` that says why."""
        try:
            return bearer_value(self.token) is not None
        except TokenUnavailable:
            return False

    def endpoints_for(self, ref: AssetRef) -> DeliveryEndpoints:
        """The profile's endpoints for a bare id; the pasted URL's own host and prefix otherwise."""
        if ref.base_url is None or ref.prefix is None:
            return self.endpoints
        if ref.base_url == self.endpoints.base_url and ref.prefix == self.endpoints.prefix:
            return self.endpoints
        return DeliveryEndpoints(ref.base_url, ref.prefix)

    def client_for(self, endpoints: DeliveryEndpoints) -> DeliveryClient:
        key = (endpoints.base_url, endpoints.prefix)
        client = self._clients.get(key)
        if client is None:
            own_host = endpoints.base_url == self.endpoints.base_url
            client = DeliveryClient(endpoints, token=self.token if own_host else None, retries=self.retries)
            self._clients[key] = client
        return client

    async def fetch(self, endpoints: DeliveryEndpoints, url: str, *, accept: str | None = None) -> Delivery:
        """GET `url` exactly as given, with the client of `endpoints`' host (raises its `DeliveryError`)."""
        return await self.client_for(endpoints).fetch(url, accept=accept)

    async def metadata(self, ref: AssetRef) -> Metadata:
        return await self.client_for(self.endpoints_for(ref)).metadata(ref.asset_id)

    async def smart_crop_names(self, ref: AssetRef) -> list[str]:
        """Names of the smart crops defined on the asset (the `smartCrops` list)."""
        crops = await self.client_for(self.endpoints_for(ref)).smart_crops(ref.asset_id)
        return [crop.name for crop in crops]

    def curl_command(self, url: str, *, accept: str | None, include_token: bool) -> str:
        """A curl command for `url`: the token (profile host only) is `••••` unless `include_token`."""
        parts = ["curl", "-sS", "-D", "-", "-o", "image.out"]
        if accept:
            parts += ["-H", f"Accept: {accept}"]
        if url.startswith(self.endpoints.base_url + "/"):
            token = bearer_value(self.token)
            if token is not None:
                parts += ["-H", f"Authorization: Bearer {token if include_token else REDACTED}"]
        parts.append(url)
        return shlex.join(parts)

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
