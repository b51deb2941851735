"""One client per delivery host, and the one rule of which host sees the token.

The window and the command line both hold a `ClientPool`. Its `HostPolicy` says where a bare id
goes (the home host: the profile's, `--base-url`, or the demo emulator started on first need),
the one host the token is bound to, and how every client talks (trust, proxy, time, retries).
A URL on any other host gets a client without the token; the pool remembers those hosts so that
a summary can say which requests went without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import TracebackType

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput, TokenUnavailable
from aemviewer.delivery.exchange import Origin, origin_of
from aemviewer.delivery.reference import AssetRef
from aemviewer.delivery.tokens import TokenSource, bearer_value

HomeStarter = Callable[[], DeliveryEndpoints]
"""Gives the home host when none is configured (the CLI starts the demo emulator)."""


@dataclass(frozen=True)
class HostPolicy:
    """Where requests go and which of them carry the token."""

    home: DeliveryEndpoints | None = None
    """Where a bare id goes; None: the pool's `start_home` gives it when first needed."""
    token: TokenSource | None = None
    token_base_url: str | None = None
    """The one host the token goes to; None: the home host."""
    pin_to_home: bool = False
    """Every URL goes to the home host instead of its own (the CLI's `--base-url`)."""
    settings: ClientSettings = field(default_factory=ClientSettings)
    """Trust, proxy, time and retries of every client; its `token` is ignored."""


class ClientPool:
    """Clients keyed by host (base URL and prefix) under one `HostPolicy`."""

    def __init__(self, policy: HostPolicy, start_home: HomeStarter | None = None) -> None:
        self._policy = policy
        self._start_home = start_home
        self._home = policy.home
        self._clients: dict[tuple[str, str], DeliveryClient] = {}
        self._retired: list[DeliveryClient] = []
        self._withheld: dict[str, None] = {}

    @property
    def policy(self) -> HostPolicy:
        """The policy in force."""
        return self._policy

    def home(self) -> DeliveryEndpoints:
        """The home host, started (through `start_home`) on first need. Raises `InvalidInput` when
        there is none."""
        if self._home is None:
            if self._start_home is None:
                raise InvalidInput(
                    "No delivery host is configured.",
                    hint="Give --base-url https://delivery-p…-e….adobeaemcloud.com, set "
                    "AEMVIEWER_BASE_URL, choose a profile, or pass a whole delivery URL.",
                )
            self._home = self._start_home()
        return self._home

    def token_origin(self) -> Origin | None:
        """Scheme, host and port that the token is bound to (None: no host yet)."""
        bound = self._policy.token_base_url
        if bound is not None:
            return origin_of(bound)
        return origin_of(self._home.origin) if self._home is not None else None

    def carries_token(self, endpoints: DeliveryEndpoints) -> bool:
        """Whether requests to `endpoints`' host are sent with the token."""
        return self._policy.token is not None and origin_of(endpoints.origin) == self.token_origin()

    def endpoints_for(self, ref: AssetRef) -> DeliveryEndpoints:
        """Bare ids go home; a URL goes to its own host (its prefix kept), or home when pinned."""
        if ref.base_url is None or ref.prefix is None:
            return self.home()
        if self._policy.pin_to_home:
            home = self.home()
            if home.base_url.rstrip("/") == ref.base_url.rstrip("/"):
                return DeliveryEndpoints(home.base_url, ref.prefix)  # a custom domain keeps its prefix
            return home
        if self._home is not None and (ref.base_url, ref.prefix) == (self._home.base_url, self._home.prefix):
            return self._home
        return DeliveryEndpoints(ref.base_url, ref.prefix)

    def client_for(self, endpoints: DeliveryEndpoints) -> DeliveryClient:
        """The client of `endpoints`' host, made on first use: with the token only on its host."""
        key = (endpoints.base_url, endpoints.prefix)
        client = self._clients.get(key)
        if client is None:
            with_token = self.carries_token(endpoints)
            if not with_token and self._policy.token is not None:
                self._withheld[endpoints.origin] = None
            token = self._policy.token if with_token else None
            client = DeliveryClient(endpoints, replace(self._policy.settings, token=token))
            self._clients[key] = client
        return client

    def anonymous_client(self, endpoints: DeliveryEndpoints) -> DeliveryClient:
        """A new client of `endpoints`' host that never sends the token, under the policy's trust,
        proxy, time and retries: for checks of what the host serves to anyone. Not kept by the pool:
        the caller closes it (`async with`)."""
        return DeliveryClient(endpoints, replace(self._policy.settings, token=None))

    def withheld_from(self) -> list[str]:
        """Hosts that got requests without the token although a token is set (in order of use)."""
        try:
            has_value = bearer_value(self._policy.token) is not None
        except TokenUnavailable:
            has_value = True  # a token that exists but cannot be read still was not sent there
        return list(self._withheld) if has_value else []

    def repoint(self, policy: HostPolicy) -> None:
        """Follow another policy from now on; the old clients are kept until `close_retired`
        (requests in flight finish or fail)."""
        self._policy = policy
        self._home = policy.home
        self._retired += self._clients.values()
        self._clients = {}
        self._withheld = {}

    async def close_retired(self) -> None:
        """Close the clients of the policies switched away from."""
        retired, self._retired = self._retired, []
        for client in retired:
            await client.aclose()

    async def aclose(self) -> None:
        """Close every client."""
        await self.close_retired()
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
