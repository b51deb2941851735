"""DeliveryClient against the emulator over real loopback HTTP: the same client a user runs, the
same server the app falls back to."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import BadRequest, NotFound
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer, Library
from aemviewer.saving.download import ExistingFile
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination, download

T = TypeVar("T")
CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"


def against(
    emulator: EmulatorServer, body: Callable[[DeliveryClient], Awaitable[T]], token: str | None = None
) -> T:
    async def main() -> T:
        source = StaticToken(token) if token else None
        async with DeliveryClient(
            DeliveryEndpoints(emulator.base_url), ClientSettings(token=source, timeout=10)
        ) as client:
            return await body(client)

    return asyncio.run(main())


def test_a_repeated_image_is_revalidated_with_a_304(emulator: EmulatorServer) -> None:
    async def twice(client: DeliveryClient) -> tuple[object, object]:
        modifiers = ImageModifiers(width=120, quality=70)
        first = await client.image(CHELSEA, modifiers, format="png", accept="image/png")
        second = await client.image(CHELSEA, modifiers, format="png", accept="image/png")
        return first, second

    first, second = against(emulator, twice)
    assert first.status == 200 and not first.revalidated
    assert second.status == 304 and second.revalidated
    assert second.body == first.body and second.byte_count == first.byte_count
    sent = {name.lower(): value for name, value in second.request_headers}
    assert sent["if-none-match"] == first.header("etag")


def test_a_pasted_url_is_fetched_byte_for_byte(emulator: EmulatorServer) -> None:
    url = f"{emulator.base_url}/adobe/assets/{CHELSEA}/as/cat.webp?rotate=90&width=100&quality=60"
    ref = parse_reference(url)
    delivery = against(
        emulator,
        lambda client: client.fetch(
            DeliveryEndpoints(ref.base_url or "", ref.prefix or "").for_ref(ref), accept="image/webp"
        ),
    )
    assert delivery.url == url
    assert delivery.media_type == "image/webp"
    assert delivery.status == 200


def test_unknown_asset_is_not_found_with_the_404_explanation(emulator: EmulatorServer) -> None:
    with pytest.raises(NotFound) as caught:
        against(emulator, lambda client: client.metadata(UNKNOWN))
    assert UNKNOWN in str(caught.value)
    assert "restricted" in str(caught.value) and "token" in caught.value.hint.lower()


def test_a_parameter_the_server_refuses_is_a_bad_request_with_its_detail(emulator: EmulatorServer) -> None:
    with pytest.raises(BadRequest) as caught:
        against(emulator, lambda client: client.image(CHELSEA, ImageModifiers(smartcrop="NoSuchCrop")))
    assert "NoSuchCrop" in caught.value.detail
    assert caught.value.status == 400


def test_restricted_asset_answers_404_without_and_200_with_a_token(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    with pytest.raises(NotFound):
        against(emulator, lambda client: client.metadata(RETINA))
    metadata = against(emulator, lambda client: client.metadata(RETINA), token=tokens["editor"])
    assert metadata.asset_id == RETINA
    assert metadata.title is not None
    sent = {name.lower(): value for name, value in metadata.delivery.request_headers}
    assert sent["authorization"] == "Bearer ••••"


def test_metadata_without_a_token_is_minimal_and_with_one_full(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    minimal = against(emulator, lambda client: client.metadata(CHELSEA))
    full = against(emulator, lambda client: client.metadata(CHELSEA), token=tokens["viewer"])
    assert minimal.title is None and minimal.width == 451 and minimal.size is not None
    assert full.title == "Chelsea the cat" and full.file_name == "chelsea-the-cat.jpg"
    assert {crop.name for crop in full.smart_crops} >= {"Square", "Landscape", "Portrait"}


def test_streaming_an_original_to_disk(emulator: EmulatorServer, demo: Library, tmp_path: Path) -> None:
    async def save_original(client: DeliveryClient) -> Path:
        source = ClientSource(client, client.endpoints.original(CHELSEA, seo_name="chelsea-the-cat"))
        destination = Destination(tmp_path, default_name="chelsea-the-cat", existing=ExistingFile.REFUSE)
        saved = await download(source, destination)
        return saved.path

    path = against(emulator, save_original)
    asset = demo.asset(CHELSEA)
    assert asset is not None
    assert path.read_bytes() == asset.file.read_bytes()
    assert path.suffix == ".jpg"
