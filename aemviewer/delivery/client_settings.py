"""How a `DeliveryClient` talks to its host: one frozen value instead of a long keyword list.

The client pool (`delivery.client_pool`) builds one per host from the host/token policy; tests and
tools build their own. `dataclasses.replace` derives a variant (another timeout, no retries).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from aemviewer import __version__
from aemviewer.delivery.retry import DEFAULT_RETRIES, RetryPolicy
from aemviewer.delivery.revalidation import DEFAULT_MAX_BYTES
from aemviewer.delivery.timeouts import DEFAULT_CONNECT_TIMEOUT as DEFAULT_CONNECT_TIMEOUT
from aemviewer.delivery.timeouts import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from aemviewer.delivery.tokens import TokenHeader, TokenSource

DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024
"""Largest body `fetch` reads into memory; larger answers are for `stream` (downloads)."""
DEFAULT_MAX_METADATA_BYTES = 20 * 1000 * 1000
MAX_REDIRECTS = 10
USER_AGENT = f"aemviewer/{__version__}"


@dataclass(frozen=True)
class ClientSettings:
    """Token, trust, proxy, time and size limits of one client.

    `token` is asked for its value at every request and sent only to the client's own host, in
    `token_header` (the bearer `Authorization` header, or Adobe's delivery-token header).
    `timeout` bounds each read (seconds without a byte), `connect_timeout` the connection.
    `retries` applies to GET and HEAD only. `revalidation_bytes` bounds the in-memory store used
    for `If-None-Match` revalidation (0 turns it off). `proxy` sends every request (except to
    loopback) through that HTTP proxy; without it, `system_proxy` uses the system's proxy settings.
    """

    token: TokenSource | None = None
    token_header: TokenHeader = TokenHeader.AUTHORIZATION
    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    retries: RetryPolicy = DEFAULT_RETRIES
    extra_ca_file: str | os.PathLike[str] | None = None
    proxy: str | None = None
    system_proxy: bool = True
    http2: bool = True
    revalidation_bytes: int = DEFAULT_MAX_BYTES
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_metadata_bytes: int = DEFAULT_MAX_METADATA_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT


def connection_settings(timeout: float = DEFAULT_TIMEOUT, **settings: Any) -> ClientSettings:
    """Settings whose reads wait `timeout` seconds and whose connection waits no longer (nor more
    than `DEFAULT_CONNECT_TIMEOUT`); `settings` are further `ClientSettings` fields."""
    return ClientSettings(timeout=timeout, connect_timeout=min(timeout, DEFAULT_CONNECT_TIMEOUT), **settings)
