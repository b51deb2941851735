"""What the Video tab loads for an asset: is it a video, its manifests, its poster."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from aemviewer.delivery.endpoints import DeliveryEndpoints, seo_name_for
from aemviewer.delivery.errors import DeliveryError, NotAVideo
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.image_decoding import decode
from aemviewer.ui.common.service import DeliveryService
from aemviewer.video.loading import VideoManifests, load_video_manifests

POSTER_WIDTH = 1280


@dataclass(frozen=True)
class LoadedVideo:
    """What the tab shows for one video."""

    ref: AssetRef
    endpoints: DeliveryEndpoints
    title: str
    manifests: VideoManifests
    poster: QImage | None
    poster_error: str | None
    """Why there is no poster (the video plays all the same)."""

    def variant_of_segments(self) -> dict[str, str]:
        """Segment URL → the URL of its variant's media playlist."""
        return {
            segment.uri: entry.variant.uri
            for entry in self.manifests.variants
            if entry.playlist is not None
            for segment in entry.playlist.segments
        }


async def load_video(service: DeliveryService, ref: AssetRef) -> LoadedVideo:
    """The metadata (a video? `NotAVideo` otherwise), then every manifest, then the poster (the
    image endpoint on the video's id). Errors of the master playlist raise; the others are kept."""
    endpoints = service.endpoints_for(ref)
    client = service.client_for(endpoints)
    metadata = await service.metadata(ref)
    media_type = metadata.media_type or ""
    if media_type and not media_type.startswith("video/"):
        raise NotAVideo(
            f"{ref.asset_id} is not a video ({media_type}): it has no manifests and no player page.",
            hint="Open a video asset (in the demo library: “Sample photographs tour”).",
        )
    manifests = await load_video_manifests(
        client, endpoints.manifest_hls(ref.asset_id), endpoints.manifest_dash(ref.asset_id)
    )
    poster: QImage | None = None
    poster_error: str | None = None
    try:
        seo = seo_name_for(metadata.file_name, "poster")
        delivery = await client.image(ref.asset_id, ImageModifiers(width=POSTER_WIDTH), seo_name=seo)
        poster = await decode(delivery.body, delivery.content_type)
    except DeliveryError as error:
        poster_error = error.message  # shown where the poster would be
    title = metadata.title or metadata.file_name or ref.asset_id
    return LoadedVideo(ref, endpoints, title, manifests, poster, poster_error)
