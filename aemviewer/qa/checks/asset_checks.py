"""Checks on the asset beyond one image: smart crops, renditions, metadata fields, HLS variants,
and access to restricted assets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from aemviewer.delivery.errors import DeliveryError, NotFound
from aemviewer.delivery.metadata import Metadata, SmartCrop
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.qa.checks.model import AssetChecks
from aemviewer.qa.checks.plan import CheckContext, CheckFunction, Finding
from aemviewer.video.hls import MasterPlaylist
from aemviewer.video.loading import load_hls, load_media_playlist

NamedCheck = tuple[str, CheckFunction]
VIDEO_CHECK: Final = "every HLS variant plays"
"""The name of the `video_plays` check (a player can find its results by it and decode the variants)."""
RATIO_TOLERANCE = 0.01
"""Relative difference accepted between a smart crop's ratio and the expected one (rounded pixels)."""
_PROBE = ImageModifiers(width=64)
"""A small image: `restricted` asks whether an answer comes, not for the picture."""


def asset_checks(asset: AssetChecks, asset_id: str) -> Iterator[NamedCheck]:
    """The checks beyond the image that `asset` asks for, named as reports show them."""
    for crop, ratio in asset.smart_crops:
        yield (
            f"smart crop {crop}" + (f" is {ratio}" if ratio else " present"),
            _crop_check(asset_id, crop, ratio),
        )
    for rendition in asset.renditions:
        yield f"rendition {rendition}", _rendition_check(asset_id, rendition)
    for key in asset.metadata_present:
        yield f"metadata {key} present", _metadata_check(asset_id, key, None)
    for key, value in asset.metadata_equal:
        yield f"metadata {key} = {value!r}", _metadata_check(asset_id, key, (value,))
    if asset.video_plays:
        yield VIDEO_CHECK, _video_check(asset_id)
    if asset.restricted:
        yield "404 without a token, 200 with it", _restricted_check(asset_id)


def _crop_check(asset_id: str, name: str, ratio: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        crops: list[SmartCrop] = await context.once(
            "smart crops", asset_id, lambda: context.client.smart_crops(asset_id)
        )
        url = context.client.endpoints.smart_crops(asset_id)
        crop = next((crop for crop in crops if crop.name == name), None)
        if crop is None:
            names = ", ".join(crop.name for crop in crops) or "none"
            return Finding(False, f"not defined (the asset has: {names})", url)
        if not ratio:
            return Finding(True, "defined", url)
        if not crop.width or not crop.height:
            return Finding(False, "the smart crop list gives no pixel size to compare", url)
        width, height = (float(part) for part in ratio.split(":"))
        found = crop.width / crop.height
        holds = abs(found - width / height) <= RATIO_TOLERANCE * (width / height)
        return Finding(holds, f"{crop.width}×{crop.height} ({found:.3f}:1)", url)

    return check


def _rendition_check(asset_id: str, name: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        delivery = await context.client.rendition(asset_id, name)
        holds = delivery.byte_count > 0
        return Finding(
            holds, f"{delivery.byte_count:,} bytes of {delivery.media_type or 'unknown type'}", delivery.url
        )

    return check


def metadata_value(metadata: Metadata, key: str) -> tuple[bool, object]:
    """(present, value) of a field: `assetMetadata`, then `repositoryMetadata`, then the top level."""
    for section in (metadata.asset, metadata.repository, metadata.document):
        if key in section:
            return True, section[key]
    return False, None


def _metadata_check(asset_id: str, key: str, expected: tuple[object] | None) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        metadata: Metadata = await context.once(
            "metadata", asset_id, lambda: context.client.metadata(asset_id)
        )
        url = context.client.endpoints.metadata(asset_id)
        present, value = metadata_value(metadata, key)
        if not present:
            # Without a token the service sends only minimal fields: say so, it is the usual cause.
            why = "" if context.has_token else " (no token was sent: only minimal fields come back)"
            return Finding(False, f"absent{why}", url)
        if expected is None:
            return Finding(True, f"{value!r}", url)
        # Numbers sometimes arrive as strings: "1500" equals 1500.
        holds = value == expected[0] or str(value) == str(expected[0])
        return Finding(holds, f"found {value!r}", url)

    return check


def _video_check(asset_id: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        url = context.client.endpoints.manifest_hls(asset_id)
        master = await load_hls(context.client, url)
        if not isinstance(master, MasterPlaylist) or not master.variants:
            return Finding(False, "the manifest lists no variants", url)
        problems: list[str] = []
        for variant in master.variants:
            loaded = await load_media_playlist(context.client, variant)
            label = variant.uri.rsplit("/", 2)[-2] if "/" in variant.uri else variant.uri
            if loaded.error is not None or loaded.playlist is None:
                problems.append(f"{label}: {loaded.error}")
            elif not loaded.playlist.segments:
                problems.append(f"{label}: no segments")
            else:
                try:
                    segment = await context.client.fetch(loaded.playlist.segments[0].uri, revalidate=False)
                except DeliveryError as error:
                    problems.append(f"{label}: first segment: {error.message}")
                    continue
                if segment.byte_count == 0:
                    problems.append(f"{label}: first segment is empty")
        if problems:
            return Finding(False, "; ".join(problems), url)
        return Finding(True, f"{len(master.variants)} variants, each with its first segment delivered", url)

    return check


def _restricted_check(asset_id: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        url = context.anonymous.endpoints.image(asset_id, _PROBE)
        try:
            answer = await context.anonymous.fetch(url, revalidate=False, asset_id=asset_id)
        except NotFound:
            pass
        else:
            return Finding(False, f"answered {answer.status} without a token: the asset is public", url)
        if not context.has_token:
            return Finding(False, "404 without a token; no token is configured to try with one", url)
        delivered = await context.client.fetch(url, revalidate=False, asset_id=asset_id)
        return Finding(delivered.status == 200, f"404 without a token, {delivered.status} with it", url)

    return check
