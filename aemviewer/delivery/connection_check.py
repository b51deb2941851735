""" "Test connection": what works with a profile, checked step by step without changing the window.

It uses a client of its own with the profile's host, token, trust and proxy, so a profile can be
tested before it is saved or switched to. The profile dialog shows the `CheckLine`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import (
    AuthRequired,
    DeliveryError,
    HTTPStatusError,
    NotFound,
    TokenUnavailable,
)
from aemviewer.delivery.retry import NO_RETRIES
from aemviewer.delivery.tokens import StaticToken, TokenSource, bearer_value

PROBE_ID = "urn:aaid:aem:00000000-0000-4000-8000-000000000000"
"""An id no asset has: a Delivery API host answers it with 404, anything else is not one."""


@dataclass(frozen=True)
class CheckLine:
    """One step: passed (True), failed (False) or skipped (None), and what it found."""

    ok: bool | None
    text: str

    @property
    def mark(self) -> str:
        return {True: "✓", False: "✗", None: "–"}[self.ok]


async def check_connection(
    endpoints: DeliveryEndpoints,
    token: TokenSource | None,
    api_key: str,
    *,
    asset_id: str | None = None,
    extra_ca_file: str | None = None,
    proxy: str | None = None,
    system_proxy: bool = True,
    timeout: float = 10.0,
) -> list[CheckLine]:
    """Reach the host (metadata of `asset_id`, or of a made-up id expecting 404), then search with
    the token and API key. Never raises a `DeliveryError`: each failure is a line."""
    lines: list[CheckLine] = []
    try:
        value = bearer_value(token)
    except TokenUnavailable as error:
        lines.append(CheckLine(False, f"Token: {error.message}"))
        value = None
    source = StaticToken(value) if value else None
    try:
        settings = ClientSettings(
            token=source,
            timeout=timeout,
            connect_timeout=timeout,
            retries=NO_RETRIES,
            extra_ca_file=extra_ca_file,
            proxy=proxy,
            system_proxy=system_proxy,
            revalidation_bytes=0,
        )
        client = DeliveryClient(endpoints, settings)
    except DeliveryError as error:  # an unreadable CA file
        return [*lines, CheckLine(False, error.message_with_hint())]
    async with client:
        lines.append(await _reach(client, endpoints, asset_id, has_token=source is not None))
        if not lines[-1].ok:
            return lines
        lines.append(await _search(client, source is not None, api_key))
    return lines


async def _reach(
    client: DeliveryClient, endpoints: DeliveryEndpoints, asset_id: str | None, *, has_token: bool
) -> CheckLine:
    started = perf_counter()
    probe = asset_id or PROBE_ID
    try:
        metadata = await client.metadata(probe)
    except NotFound:
        elapsed = _ms(started)
        if asset_id is None:
            return CheckLine(True, f"{endpoints.base_url} answers like a Delivery API ({elapsed}).")
        restricted = "" if has_token else " (a restricted asset needs a token)"
        return CheckLine(
            True, f"{endpoints.base_url} answers, but asset {asset_id} is not found{restricted} ({elapsed})."
        )
    except HTTPStatusError as error:
        return CheckLine(False, f"{endpoints.base_url} answered {error.status}: {error.message}")
    except DeliveryError as error:
        return CheckLine(False, error.message_with_hint())
    title = metadata.title or metadata.file_name or probe
    return CheckLine(True, f"{endpoints.base_url} delivers asset “{title}” ({_ms(started)}).")


async def _search(client: DeliveryClient, has_token: bool, api_key: str) -> CheckLine:
    if not has_token or not api_key:
        missing = " and ".join(
            part for part, absent in (("a token", not has_token), ("an API key", not api_key)) if absent
        )
        return CheckLine(None, f"Search not tried: it needs {missing}.")
    started = perf_counter()
    try:
        page = await client.search({"query": [], "limit": 1}, api_key)
    except AuthRequired as error:
        detail = error.detail or error.message
        return CheckLine(False, f"Search refused ({error.status}): {detail} {error.hint}".strip())
    except DeliveryError as error:
        return CheckLine(False, f"Search failed: {error.message}")
    total = page.total if page.total is not None else len(page.hits)
    return CheckLine(True, f"Search works with the token and API key: {total} assets ({_ms(started)}).")


def _ms(started: float) -> str:
    return f"{(perf_counter() - started) * 1000:.0f} ms"
