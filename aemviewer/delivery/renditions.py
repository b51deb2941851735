"""Renditions: the names an asset's metadata lists, and telling a missing rendition from a missing asset.

The Delivery API answers 404 both for an asset it will not deliver and for a rendition the asset does
not have. The metadata endpoint tells them apart: when it answers, the asset is there and only the
rendition is missing. The 404's own wording is the server's and is not relied on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aemviewer.delivery.errors import DeliveryError, NotFound, RenditionMissing
from aemviewer.delivery.metadata import Metadata


def listed_renditions(metadata: Metadata | None) -> list[str]:
    """The rendition names the metadata lists (a `renditions` object or list, where present)."""
    names: list[str] = []
    if metadata is None:
        return names
    for listed in (metadata.document.get("renditions"), metadata.repository.get("renditions")):
        if isinstance(listed, dict):
            names.extend(str(key) for key in listed)
        elif isinstance(listed, list):
            for item in listed:
                name = item.get("name") if isinstance(item, dict) else item
                if isinstance(name, str) and name:
                    names.append(name)
    return list(dict.fromkeys(names))


async def explain_missing_rendition(
    error: DeliveryError,
    asset_id: str,
    rendition: str,
    metadata: Callable[[], Awaitable[Metadata]],
) -> DeliveryError:
    """`RenditionMissing` when `error` is a 404 of `rendition` and the asset's `metadata` answers;
    else `error` unchanged (the asset itself is unknown, restricted or not delivered)."""
    if not isinstance(error, NotFound) or isinstance(error, RenditionMissing):
        return error
    try:
        found = await metadata()
    except DeliveryError:
        return error
    listed = tuple(listed_renditions(found))
    if listed:
        hint = "Its metadata lists these renditions: " + ", ".join(listed) + "."
    else:
        hint = (
            "Its metadata lists no renditions: check the name on author, or save the original or an image "
            "with modifiers instead."
        )
    return RenditionMissing(
        f"The asset {asset_id} exists, but it has no rendition {rendition} ({error.url or 'the URL'} "
        "answered 404).",
        rendition=rendition,
        listed=listed,
        hint=hint,
        url=error.url,
    )
