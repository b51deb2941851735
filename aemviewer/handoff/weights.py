"""What a picture weighs: the bytes the service delivers for each breakpoint and format, fetched."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aemviewer.delivery.delivery import Delivery
from aemviewer.handoff.markup import Picture, PictureSource

Fetch = Callable[[str, str], Awaitable[Delivery]]
"""`fetch(url, accept)`: one GET (or HEAD) of a URL in the markup."""
Progress = Callable[[int, int], None]
"""`progress(done, total)` after each URL."""


@dataclass(frozen=True, slots=True)
class Rendition:
    """One URL of the srcset as delivered."""

    url: str
    asked_width: int
    status: int
    media_type: str
    byte_count: int


@dataclass(frozen=True, slots=True)
class SourceWeight:
    """A breakpoint in one format: every width delivered, and their total."""

    media: str | None
    smart_crop: str | None
    image_format: str
    renditions: tuple[Rendition, ...]

    @property
    def total_bytes(self) -> int:
        return sum(item.byte_count for item in self.renditions)

    def to_json(self) -> dict[str, object]:
        return {
            "media": self.media,
            "smartCrop": self.smart_crop,
            "format": self.image_format,
            "totalBytes": self.total_bytes,
            "renditions": [
                {
                    "width": item.asked_width,
                    "url": item.url,
                    "status": item.status,
                    "contentType": item.media_type,
                    "bytes": item.byte_count,
                }
                for item in self.renditions
            ],
        }


async def weigh_picture(
    picture: Picture, fetch: Fetch, *, concurrency: int = 4, progress: Progress | None = None
) -> list[SourceWeight]:
    """Fetch every URL of `picture` (each with the Accept of its source's type), at most
    `concurrency` at once; errors of `fetch` propagate (typed `DeliveryError`s)."""
    sources = picture.all_sources
    total = sum(len(source.urls) for source in sources)
    done = 0
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(source: PictureSource, width: int, url: str) -> Rendition:
        nonlocal done
        async with gate:
            delivery = await fetch(url, source.media_type)
        done += 1
        if progress is not None:
            progress(done, total)
        return Rendition(url, width, delivery.status, delivery.media_type, delivery.byte_count)

    weights = []
    for source in sources:
        renditions = await asyncio.gather(*(one(source, width, url) for width, url in source.urls))
        breakpoint = source.breakpoint
        weights.append(
            SourceWeight(breakpoint.media, breakpoint.smart_crop, source.image_format, tuple(renditions))
        )
    return weights
