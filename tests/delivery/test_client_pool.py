"""The client pool: which host a reference goes to, and which hosts get the token — over real
requests to the demo emulator (a restricted asset answers 404 without the token)."""

from __future__ import annotations

import asyncio

import pytest

from aemviewer.api_spec import API_PREFIX
from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput, NotFound
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer, Library

ASSET = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"
ELSEWHERE = "https://delivery-p1-e2.adobeaemcloud.com"


def test_bare_ids_go_home_and_urls_to_their_own_host_unless_pinned() -> None:
    home = DeliveryEndpoints("http://127.0.0.1:9", API_PREFIX)
    pasted = parse_reference(f"{ELSEWHERE}/adobe/assets/{ASSET}/as/cat.jpg")
    free = ClientPool(HostPolicy(home))
    pinned = ClientPool(HostPolicy(home, pin_to_home=True))

    assert free.endpoints_for(parse_reference(ASSET)) is home
    assert free.endpoints_for(pasted).base_url == ELSEWHERE
    assert pinned.endpoints_for(pasted) is home
    with pytest.raises(InvalidInput, match="No delivery host"):
        ClientPool(HostPolicy()).endpoints_for(parse_reference(ASSET))


def test_the_home_starts_on_first_need_and_takes_the_token() -> None:
    started: list[str] = []

    def start() -> DeliveryEndpoints:
        started.append("demo")
        return DeliveryEndpoints("http://127.0.0.1:9")

    pool = ClientPool(HostPolicy(token=StaticToken("t")), start)
    assert pool.token_origin() is None and started == []
    home = pool.endpoints_for(parse_reference(ASSET))
    assert started == ["demo"] and pool.carries_token(home)
    assert not pool.carries_token(DeliveryEndpoints(ELSEWHERE))


def test_only_the_bound_host_gets_the_token(
    emulator: EmulatorServer, demo: Library, tokens: dict[str, str]
) -> None:
    """A restricted asset is delivered with the token on its bound host; a second emulator (another
    host) gets no token — and is named in `withheld_from`."""
    with EmulatorServer(demo, host="127.0.0.2") as second:
        found, refused, withheld = _fetch_from(emulator.base_url, second.base_url, tokens["editor"])
    assert (found, refused, withheld) == (200, NotFound, [second.base_url])


def _fetch_from(bound_url: str, other_url: str, token: str) -> tuple[int, type[Exception] | None, list[str]]:
    bound = DeliveryEndpoints(bound_url)
    other = DeliveryEndpoints(other_url)
    restricted_asset = RETINA

    async def fetch_both() -> tuple[int, type[Exception] | None, list[str]]:
        async with ClientPool(HostPolicy(bound, StaticToken(token))) as pool:
            found = await pool.client_for(bound).metadata(restricted_asset)
            refused: type[Exception] | None = None
            try:
                await pool.client_for(other).metadata(restricted_asset)
            except NotFound as error:
                refused = type(error)
            return found.delivery.status, refused, pool.withheld_from()

    return asyncio.run(fetch_both())


def test_the_anonymous_client_goes_without_the_token_even_on_its_host(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    """The checks' second client: on the token's own host a restricted asset is not found by it,
    and it is the caller's to close (the pool's own client still works after)."""
    home = DeliveryEndpoints(emulator.base_url)

    async def fetch() -> tuple[type[Exception] | None, int]:
        async with ClientPool(HostPolicy(home, StaticToken(tokens["editor"]))) as pool:
            refused: type[Exception] | None = None
            async with pool.anonymous_client(home) as anonymous:
                try:
                    await anonymous.metadata(RETINA)
                except NotFound as error:
                    refused = type(error)
            found = await pool.client_for(home).metadata(RETINA)
            return refused, found.delivery.status

    assert asyncio.run(fetch()) == (NotFound, 200)
