"""The one network service the window shares: clients per host, metadata, fetches, curl commands.

Panels never hold HTTP code; they ask this service (through the preview controller) and `await`.
The profile's token goes only to the profile's own host: a pasted URL on another host gets a client
without a token.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from time import perf_counter
from typing import Any, TypeVar

from aemviewer.delivery.client import DEFAULT_MAX_METADATA_BYTES, DeliveryClient
from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.client_settings import DEFAULT_TIMEOUT, connection_settings
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, TokenUnavailable
from aemviewer.delivery.metadata import Metadata, SmartCrop, parse_smart_crops
from aemviewer.delivery.reference import AssetRef
from aemviewer.delivery.retry import DEFAULT_RETRIES, RetryPolicy
from aemviewer.delivery.search import SearchPage
from aemviewer.delivery.tokens import REDACTED, TokenHeader, TokenSource, bearer_value
from aemviewer.workspace.history import HistoryEntry

T = TypeVar("T")
RequestObserver = Callable[[str, Delivery | DeliveryError, float], None]
"""(URL asked for, the `Delivery` or the `DeliveryError`, seconds): told after every request."""


class DeliveryService:
    """Delivery clients for the profile's host (with its token) and for pasted hosts (without),
    from one `ClientPool` whose policy follows the active profile."""

    def __init__(
        self,
        endpoints: DeliveryEndpoints,
        token: TokenSource | None = None,
        profile_name: str = "",
        *,
        retries: RetryPolicy = DEFAULT_RETRIES,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.profile_name = profile_name or endpoints.base_url
        self.pool = ClientPool(
            HostPolicy(endpoints, token, settings=connection_settings(timeout, retries=retries))
        )
        self.request_observers: list[RequestObserver] = []
        self.entry_observers: list[Callable[[HistoryEntry], None]] = []
        """Told about requests their callers summarise themselves (a streamed download)."""
        """Called after every GET made through this service (the request history listens)."""

    @property
    def endpoints(self) -> DeliveryEndpoints:
        """The active profile's host."""
        return self.pool.home()

    @property
    def token(self) -> TokenSource | None:
        """The active profile's token (sent to its host only)."""
        return self.pool.policy.token

    @token.setter
    def token(self, token: TokenSource | None) -> None:
        self.pool.repoint(replace(self.pool.policy, token=token))

    @property
    def token_header(self) -> TokenHeader:
        """How the active profile's token is sent (bearer `Authorization` or the delivery-token header)."""
        return self.pool.policy.settings.token_header

    def repoint(
        self,
        endpoints: DeliveryEndpoints,
        token: TokenSource | None,
        profile_name: str,
        *,
        extra_ca_file: str | None = None,
        proxy: str | None = None,
        system_proxy: bool = True,
        token_header: TokenHeader = TokenHeader.AUTHORIZATION,
    ) -> None:
        """Switch to another profile: every later request goes to its host with its token (sent in
        `token_header`), trust and proxy. The old clients are kept until `close_retired` (requests in
        flight finish or fail)."""
        self.profile_name = profile_name or endpoints.base_url
        settings = replace(
            self.pool.policy.settings,
            extra_ca_file=extra_ca_file,
            proxy=proxy,
            system_proxy=system_proxy,
            token_header=token_header,
        )
        self.pool.repoint(HostPolicy(endpoints, token, settings=settings))

    async def close_retired(self) -> None:
        """Close the clients of the profiles switched away from."""
        await self.pool.close_retired()

    def token_for(self, endpoints: DeliveryEndpoints) -> TokenSource | None:
        """The token when `endpoints` is the host it is bound to, else None (the pool's rule)."""
        return self.token if self.pool.carries_token(endpoints) else None

    async def search(self, query: Mapping[str, Any], api_key: str) -> SearchPage:
        """A search on the profile's host (with its token and `api_key`)."""
        request = self.client_for(self.endpoints).search(query, api_key)
        return await self._observed(self.endpoints.search(), request, lambda page: page.delivery)

    def has_token(self) -> bool:
        """Whether requests to the profile's host carry a token. An unreadable token counts as none
        here; the first request then fails with the `TokenUnavailable` that says why."""
        try:
            return bearer_value(self.token) is not None
        except TokenUnavailable:
            return False

    def endpoints_for(self, ref: AssetRef) -> DeliveryEndpoints:
        """The profile's endpoints for a bare id; the pasted URL's own host and prefix otherwise."""
        return self.pool.endpoints_for(ref)

    def client_for(self, endpoints: DeliveryEndpoints) -> DeliveryClient:
        """The pooled client of `endpoints`' host."""
        return self.pool.client_for(endpoints)

    async def fetch(
        self, endpoints: DeliveryEndpoints, url: str, *, accept: str | None = None, revalidate: bool = True
    ) -> Delivery:
        """GET `url` exactly as given, with the client of `endpoints`' host (raises its `DeliveryError`).
        `revalidate=False` asks for the whole answer, not a 304 confirming a stored one."""
        request = self.client_for(endpoints).fetch(url, accept=accept, revalidate=revalidate)
        return await self._observed(url, request, _same)

    async def metadata(self, ref: AssetRef) -> Metadata:
        endpoints = self.endpoints_for(ref)
        request = self.client_for(endpoints).metadata(ref.asset_id)
        return await self._observed(endpoints.metadata(ref.asset_id), request, lambda found: found.delivery)

    async def smart_crops(self, ref: AssetRef) -> list[SmartCrop]:
        """The `smartCrops` list of the asset (names, and rectangles when the server gives them)."""
        endpoints = self.endpoints_for(ref)
        url = endpoints.smart_crops(ref.asset_id)
        request = self.client_for(endpoints).fetch(
            url, accept="application/json", max_bytes=DEFAULT_MAX_METADATA_BYTES, asset_id=ref.asset_id
        )
        return parse_smart_crops(await self._observed(url, request, _same))

    async def smart_crop_names(self, ref: AssetRef) -> list[str]:
        """Names of the smart crops defined on the asset (the `smartCrops` list)."""
        return [crop.name for crop in await self.smart_crops(ref)]

    async def _observed(self, url: str, request: Awaitable[T], delivery_of: Callable[[T], Delivery]) -> T:
        started = perf_counter()
        try:
            result = await request
        except DeliveryError as error:
            self.report_request(url, error, perf_counter() - started)
            raise
        self.report_request(url, delivery_of(result), perf_counter() - started)
        return result

    def report_request(self, url: str, outcome: Delivery | DeliveryError, seconds: float) -> None:
        """Tell the request observers about a request made with a client of this service directly
        (e.g. a streamed download); `fetch`, `metadata`, `smart_crops` and `search` report their own."""
        for observer in list(self.request_observers):
            observer(url, outcome, seconds)

    def report_entry(self, entry: HistoryEntry) -> None:
        """Tell the entry observers about a request described by its caller: a download streamed to
        disk has no `Delivery` in memory, only what was saved."""
        for observer in list(self.entry_observers):
            observer(entry)

    def curl_command(self, url: str, *, accept: str | None, include_token: bool) -> str:
        """A curl command for `url`: the token (profile host only) is `••••` unless `include_token`."""
        parts = ["curl", "-sS", "-D", "-", "-o", "image.out"]
        if accept:
            parts += ["-H", f"Accept: {accept}"]
        if url.startswith(self.endpoints.base_url + "/") and self.pool.carries_token(self.endpoints):
            token = bearer_value(self.token)
            if token is not None:
                for name, value in self.token_header.headers(token if include_token else REDACTED).items():
                    parts += ["-H", f"{name}: {value}"]
        parts.append(url)
        return shlex.join(parts)

    async def aclose(self) -> None:
        await self.pool.aclose()


def _same(delivery: Delivery) -> Delivery:
    return delivery
