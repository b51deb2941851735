"""The delivery-token header: a profile can send its token as `x-asset-delivery-token` instead of
`Authorization: Bearer`; it opens restricted assets on the emulator, is redacted wherever headers
are shown or logged, and never leaves the profile's host."""

from __future__ import annotations

import asyncio

import pytest

from aemviewer.api_spec import DELIVERY_TOKEN_HEADER
from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import NotFound
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.tokens import REDACTED, StaticToken, TokenHeader
from aemviewer.emulator import EmulatorServer
from aemviewer.logging_setup import redact
from aemviewer.workspace.profiles import Profile, TokenKind
from tests.support.clients import ASSET, TOKEN, with_client
from tests.support.servers import LoopbackServer

RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"  # restricted: role "clinical"
RETINA_VANITY = "urn:avid:aem:retina-left-eye"


def test_the_header_opens_a_restricted_asset_and_is_shown_redacted(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    endpoints = DeliveryEndpoints(emulator.base_url)
    url = endpoints.image(RETINA_VANITY, ImageModifiers(width=48))

    async def fetch(token: str | None) -> Delivery:
        source = StaticToken(token)
        settings = ClientSettings(token=source, token_header=TokenHeader.DELIVERY_TOKEN)
        async with DeliveryClient(endpoints, settings) as client:
            return await client.fetch(url)

    delivery = asyncio.run(fetch(tokens["editor"]))
    assert delivery.status == 200
    sent = dict(delivery.request_headers)
    assert sent[DELIVERY_TOKEN_HEADER] == REDACTED
    assert not any(name.lower() == "authorization" for name in sent)
    with pytest.raises(NotFound):
        asyncio.run(fetch(None))


def test_the_header_stays_on_the_profiles_host_across_redirects(
    server: LoopbackServer, other_server: LoopbackServer
) -> None:
    server.reply(302, b"", ("Location", f"{other_server.url}/cdn/photo.jpg"))
    other_server.reply(200, b"jpeg", ("Content-Type", "image/jpeg"))
    start = f"{server.url}/adobe/assets/{ASSET}/as/photo.jpg"

    with_client(
        server,
        lambda client: client.fetch(start),
        token=StaticToken(TOKEN),
        token_header=TokenHeader.DELIVERY_TOKEN,
    )

    assert server.received()[0].header(DELIVERY_TOKEN_HEADER) == TOKEN
    assert server.received()[0].header("Authorization") is None
    (redirected,) = other_server.received()
    assert all(TOKEN not in value for _, value in redirected.headers)


def test_a_profile_keeps_the_choice_and_the_log_redacts_the_header() -> None:
    profile = Profile(
        name="Secure",
        base_url="https://delivery-p1-e2.adobeaemcloud.com",
        token_kind=TokenKind.KEYRING,
        token_header=TokenHeader.DELIVERY_TOKEN,
    ).validated()
    stored = profile.to_json()
    assert stored["token_header"] == "x-asset-delivery-token"
    assert TOKEN not in str(stored)
    assert Profile.from_json(stored) == profile
    assert (
        Profile.from_json({**stored, "token_header": "authorization"}).token_header
        is TokenHeader.AUTHORIZATION
    )
    for line in (f"x-asset-delivery-token: {TOKEN}", f"{{'X-Asset-Delivery-Token': '{TOKEN}'}}"):
        assert redact(line) == line.replace(TOKEN, REDACTED)
