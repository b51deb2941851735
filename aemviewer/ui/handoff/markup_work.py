"""The async work behind "Copy as HTML": build the `<picture>` for the preview's asset, fetch every
URL in it once (each through the window's `RequestLimiter` and the service, so History sees it),
and decode one delivered image per breakpoint for the preview strip — off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QImage

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.metadata import SmartCrop
from aemviewer.handoff.markup import Breakpoint, Picture, build_picture
from aemviewer.handoff.weights import SourceWeight, weigh_picture
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.image_decoding import decode
from aemviewer.ui.common.preview_state import PreviewState

STRIP_FORMAT = "jpg"
"""The strip shows each breakpoint's `<img>`-type rendition: every browser can show it."""


@dataclass(frozen=True)
class MarkupRequest:
    """What the dialog asks for."""

    widths: tuple[int, ...]
    sizes: str
    breakpoints: tuple[Breakpoint, ...]


@dataclass(frozen=True)
class StripImage:
    """A breakpoint's widest JPEG rendition as delivered."""

    breakpoint: Breakpoint
    url: str
    delivery: Delivery
    image: QImage


@dataclass(frozen=True)
class MarkupResult:
    """The picture, what each breakpoint and format weighs, and the strip."""

    picture: Picture
    weights: tuple[SourceWeight, ...]
    strip: tuple[StripImage, ...]


async def list_smart_crops(context: FeatureContext, state: PreviewState) -> list[SmartCrop]:
    """The asset's smart crops (names, with rectangles when the server gives them)."""
    return await context.service.smart_crops(state.ref)


async def build_markup(
    context: FeatureContext,
    state: PreviewState,
    request: MarkupRequest,
    crops: Sequence[SmartCrop],
    progress: Callable[[int, int], None],
) -> MarkupResult:
    """Build, weigh and preview the markup for the preview's asset and modifiers (typed
    `DeliveryError`s propagate: an unknown crop, a failed request)."""
    service = context.service
    endpoints = service.endpoints_for(state.ref)
    metadata = await service.metadata(state.ref)
    picture = build_picture(
        endpoints,
        state.asset_id,
        metadata=metadata,
        smart_crops=crops,
        modifiers=state.modifiers,
        widths=request.widths,
        sizes=request.sizes,
        breakpoints=request.breakpoints,
        seo_name=state.seo_name,
    )
    delivered: dict[str, Delivery] = {}

    async def fetch(url: str, accept: str) -> Delivery:
        async with context.limiter.slot(endpoints.base_url):
            delivery = delivered[url] = await service.fetch(endpoints, url, accept=accept)
        return delivery

    weights = await weigh_picture(picture, fetch, progress=progress)
    strip = []
    for source in picture.all_sources:
        if source.image_format == STRIP_FORMAT:
            url = source.urls[-1][1]
            delivery = delivered[url]
            image = await decode(delivery.body, delivery.content_type)
            strip.append(StripImage(source.breakpoint, url, delivery, image))
    return MarkupResult(picture, tuple(weights), tuple(strip))
