"""Checks on the delivered image: type per Accept profile, dimensions, byte budgets, cache headers,
ETag stability."""

from __future__ import annotations

from collections.abc import Iterator

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.qa.checks.model import AssetChecks, BudgetExpectation, DimensionsExpectation, Modifiers
from aemviewer.qa.checks.plan import CheckContext, CheckFunction, Finding
from aemviewer.qa.format_matrix import CURL, MODERN_BROWSER, AcceptProfile, accept_profile, image_size

NamedCheck = tuple[str, CheckFunction]


def image_checks(asset: AssetChecks, asset_id: str) -> Iterator[NamedCheck]:
    """The image checks that `asset` asks for, named as reports show them."""
    for accept_text, media_type in asset.types:
        accept = accept_profile(accept_text)
        yield f"type for {accept.label} is {media_type}", _type_check(asset, asset_id, accept, media_type)
    for expected in asset.dimensions:
        yield _dimensions_name(expected), _dimensions_check(asset_id, expected)
    for budget in asset.budgets:
        name = f"{budget.width} px {budget.format} within {budget.max_bytes:,} bytes"
        yield name, _budget_check(asset, asset_id, budget)
    if asset.cache_headers:
        yield f"cache headers {', '.join(asset.cache_headers)}", _cache_check(asset, asset_id)
    if asset.etag_stable:
        yield "ETag stable across requests", _etag_check(asset, asset_id)


async def _image(
    context: CheckContext, asset_id: str, modifiers: Modifiers, image_format: str, accept: AcceptProfile
) -> Delivery:
    url = context.client.endpoints.image(asset_id, _modifiers(modifiers), format=image_format)
    # Each check reports what a first request gets, never a revalidated copy.
    return await context.client.fetch(url, accept=accept.header, revalidate=False, asset_id=asset_id)


def _modifiers(pairs: Modifiers) -> ImageModifiers | None:
    return ImageModifiers.from_query(pairs) if pairs else None


def _type_check(asset: AssetChecks, asset_id: str, accept: AcceptProfile, media_type: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        delivery = await _image(context, asset_id, asset.modifiers, asset.format, accept)
        found = delivery.media_type or "no Content-Type"
        return Finding(found == media_type.lower(), f"delivered {found}", delivery.url)

    return check


def _dimensions_name(expected: DimensionsExpectation) -> str:
    query = "&".join(f"{name}={value}" for name, value in expected.modifiers) or "no modifiers"
    size = f"{expected.width or '*'}×{expected.height or '*'}"
    return f"{query} ({expected.format}) is {size} px"


def _dimensions_check(asset_id: str, expected: DimensionsExpectation) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        delivery = await _image(context, asset_id, expected.modifiers, expected.format, MODERN_BROWSER)
        size = image_size(delivery.body)
        if size is None:
            return Finding(False, f"the answer ({delivery.media_type}) is not an image", delivery.url)
        width, height = size
        holds = expected.width in (None, width) and expected.height in (None, height)
        return Finding(holds, f"delivered {width}×{height} px", delivery.url)

    return check


def _budget_check(asset: AssetChecks, asset_id: str, budget: BudgetExpectation) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        pairs = dict(asset.modifiers) | {"width": str(budget.width), "auto-format": "false"}
        delivery = await _image(context, asset_id, tuple(pairs.items()), budget.format, MODERN_BROWSER)
        over = delivery.byte_count - budget.max_bytes
        text = f"{delivery.byte_count:,} bytes of {delivery.media_type or 'unknown type'}"
        if over > 0:
            text += f", {over:,} over the budget"
        return Finding(over <= 0, text, delivery.url)

    return check


def _cache_check(asset: AssetChecks, asset_id: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        delivery = await _image(context, asset_id, asset.modifiers, asset.format, CURL)
        missing = [name for name in asset.cache_headers if delivery.header(name) is None]
        if missing:
            return Finding(False, f"missing: {', '.join(missing)}", delivery.url)
        found = "; ".join(f"{name}: {delivery.header(name)}" for name in asset.cache_headers)
        return Finding(True, found, delivery.url)

    return check


def _etag_check(asset: AssetChecks, asset_id: str) -> CheckFunction:
    async def check(context: CheckContext) -> Finding:
        first = await _image(context, asset_id, asset.modifiers, asset.format, CURL)
        second = await _image(context, asset_id, asset.modifiers, asset.format, CURL)
        etags = (first.header("ETag"), second.header("ETag"))
        if etags[0] is None:
            return Finding(False, "no ETag header", first.url)
        if etags[0] != etags[1]:
            return Finding(False, f"ETag changed: {etags[0]} then {etags[1]}", first.url)
        return Finding(True, f"ETag {etags[0]} twice", first.url)

    return check
