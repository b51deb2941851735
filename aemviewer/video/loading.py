"""Fetching a video's manifests: the HLS master, every variant's media playlist, the DASH manifest.

Shared by the Video tab and `aemviewer video-check`. A broken media playlist or a missing DASH
manifest does not hide the rest: each is kept next to its variant as the error it raised.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.errors import DeliveryError, MalformedManifest
from aemviewer.video.dash import DashManifest, parse_dash_manifest
from aemviewer.video.hls import (
    MAX_MANIFEST_BYTES,
    MasterPlaylist,
    MediaPlaylist,
    Variant,
    is_master_text,
    parse_master_playlist,
    parse_media_playlist,
)

HLS_ACCEPT = "application/vnd.apple.mpegurl, application/x-mpegurl;q=0.9, */*;q=0.1"
DASH_ACCEPT = "application/dash+xml, */*;q=0.1"


@dataclass(frozen=True, slots=True)
class VariantPlaylist:
    """A variant and its media playlist, or the error that stopped reading it."""

    variant: Variant
    playlist: MediaPlaylist | None
    error: DeliveryError | None


@dataclass(frozen=True, slots=True)
class VideoManifests:
    """Everything a video's manifests say."""

    master: MasterPlaylist
    variants: tuple[VariantPlaylist, ...]
    dash: DashManifest | None
    dash_error: DeliveryError | None
    """Why there is no DASH manifest to show (None when none was asked for)."""


def text_of(delivery: Delivery, what: str) -> str:
    """The body as text (manifests are UTF-8 by their specs); `MalformedManifest` otherwise."""
    try:
        return delivery.body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedManifest(
            f"The {what} at {delivery.url} is not UTF-8 text (byte {error.start} cannot be read).",
            hint="The server delivered something other than a manifest; open the URL to see it.",
            url=delivery.url,
        ) from error


async def load_hls(client: DeliveryClient, url: str) -> MasterPlaylist | MediaPlaylist:
    """GET a playlist and read it as a master or, when it lists segments, as a media playlist."""
    delivery = await client.fetch(url, accept=HLS_ACCEPT, max_bytes=MAX_MANIFEST_BYTES)
    text = text_of(delivery, "HLS playlist")
    if is_master_text(text):
        return parse_master_playlist(text, delivery.url)
    return parse_media_playlist(text, delivery.url)


async def load_media_playlist(client: DeliveryClient, variant: Variant) -> VariantPlaylist:
    """A variant's media playlist; a failure is kept, not raised."""
    try:
        delivery = await client.fetch(variant.uri, accept=HLS_ACCEPT, max_bytes=MAX_MANIFEST_BYTES)
        playlist = parse_media_playlist(text_of(delivery, "media playlist"), delivery.url)
    except DeliveryError as error:
        return VariantPlaylist(variant, None, error)
    return VariantPlaylist(variant, playlist, None)


async def load_dash(client: DeliveryClient, url: str) -> DashManifest:
    """GET and read a DASH manifest."""
    delivery = await client.fetch(url, accept=DASH_ACCEPT, max_bytes=MAX_MANIFEST_BYTES)
    return parse_dash_manifest(text_of(delivery, "DASH manifest"), delivery.url)


async def load_video_manifests(
    client: DeliveryClient, master_url: str, dash_url: str | None = None
) -> VideoManifests:
    """The master playlist at `master_url` (its errors raise), then concurrently every variant's
    media playlist and the DASH manifest at `dash_url` (their errors are kept)."""
    master = await load_hls(client, master_url)
    if isinstance(master, MediaPlaylist):
        raise MalformedManifest(
            f"{master_url} is a media playlist of one variant, not a master playlist.",
            hint="Give the asset or its manifest.m3u8 to see every variant.",
            url=master_url,
        )

    async def dash_or_error() -> DashManifest | DeliveryError | None:
        if dash_url is None:
            return None
        try:
            return await load_dash(client, dash_url)
        except DeliveryError as error:
            return error

    dash, *variants = await asyncio.gather(
        dash_or_error(), *(load_media_playlist(client, variant) for variant in master.variants)
    )
    return VideoManifests(
        master=master,
        variants=tuple(entry for entry in variants if isinstance(entry, VariantPlaylist)),
        dash=dash if isinstance(dash, DashManifest) else None,
        dash_error=dash if isinstance(dash, DeliveryError) else None,
    )
