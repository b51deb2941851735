"""A `DeliveryClient` of a loopback server with fast retries and short timeouts, for tests of any
package that talks to a scripted server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aemviewer import api_spec
from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.retry import RetryPolicy
from tests.support.servers import LoopbackServer

T = TypeVar("T")

ASSET = api_spec.ASSET_ID_EXAMPLE
TOKEN = "eyJhbGciOi.sekret-token-value.sig"

FAST_RETRIES = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0, retry_after_cap=2.0)
"""Real retries with tiny waits, so that the suite stays fast."""


def make_client(server: LoopbackServer, **options: Any) -> DeliveryClient:
    """A client of `server` with fast retries and short timeouts."""
    options.setdefault("retries", FAST_RETRIES)
    options.setdefault("timeout", 2.0)
    options.setdefault("connect_timeout", 2.0)
    transport = options.pop("transport", None)
    return DeliveryClient(DeliveryEndpoints(server.url), ClientSettings(**options), transport=transport)


def with_client(server: LoopbackServer, body: Callable[[DeliveryClient], Awaitable[T]], **options: Any) -> T:
    """Run `body(client)` on a fresh event loop and close the client afterwards."""

    async def main() -> T:
        async with make_client(server, **options) as client:
            return await body(client)

    return asyncio.run(main())
