"""The endpoint handlers of the Delivery API: images, originals, renditions, metadata, smart crops
and search (videos: `video_routes.py`). `app.py` mounts them under the API prefix and its experimental
mirror.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import PurePosixPath
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from aemviewer.api_spec import (
    ALL_IMAGE_FORMATS,
    DEFAULT_IMAGE_QUALITY,
    DEFAULT_IMAGE_WIDTH,
    DELIVERY_TOKEN_HEADER,
)
from aemviewer.emulator import imaging
from aemviewer.emulator.cache import TransformCache
from aemviewer.emulator.caching import delivery_headers, is_not_modified, not_modified, strong_etag
from aemviewer.emulator.catalogue import media_type_of
from aemviewer.emulator.ignored import query_names, report_ignored
from aemviewer.emulator.library import Asset, Library
from aemviewer.emulator.limits import RETRY_AFTER_SECONDS, RenderBusy, RenderGate
from aemviewer.emulator.negotiation import choose_format, default_format, format_for_extension
from aemviewer.emulator.plan import RenderPlan, make_plan
from aemviewer.emulator.problems import (
    BAD_REQUEST,
    BUSY,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    UNAUTHORIZED,
    bad_parameter,
    not_delivered,
    problem,
)
from aemviewer.emulator.search import SearchError, document_of, search
from aemviewer.emulator.streaming import content_disposition, file_response
from aemviewer.emulator.transforms import BadParameter, Modifiers, parse_modifiers
from aemviewer.emulator.visibility import Caller, caller_from, is_delivered

MAX_SEARCH_BODY = 1024 * 1024
_DEFAULTS = {"width": str(DEFAULT_IMAGE_WIDTH)}


@dataclass(frozen=True)
class EmulatorState:
    """What every handler reads: the library, the transform cache and the small-file cache."""

    library: Library
    cache: TransformCache
    files: TransformCache = field(default_factory=lambda: TransformCache(FILE_CACHE_BUDGET))
    """Small originals and renditions by strong ETag (`streaming.file_response`)."""


FILE_CACHE_BUDGET: Final = 32 * 1024 * 1024
RETRY_LATER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


def render_gate(request: Request) -> RenderGate:
    """The app's bound on renders at once and renders waiting."""
    gate: RenderGate = request.app.state.render_gate
    return gate


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


class Refusal(Exception):
    """Carries an error answer out of a helper."""

    def __init__(self, response: Response) -> None:
        self.response = response


def delivered_asset(request: Request) -> tuple[Asset, Caller]:
    """The requested asset if it is delivered to this caller; otherwise a 404 `Refusal`."""
    expires = request.path_params.get("expires")
    if expires is not None and not _is_date(expires):
        raise Refusal(
            problem(
                request, 404, NOT_FOUND, f"{expires!r} in the experimental prefix is not a YYYYMMDD date."
            )
        )
    library = _state(request).library
    asset_id = request.path_params["asset_id"]
    caller = caller_of(request)
    asset = library.asset(asset_id)
    if asset is None or not is_delivered(asset, caller):
        raise Refusal(not_delivered(request, asset_id))
    return asset, caller


def caller_of(request: Request) -> Caller:
    """Who sent `request`: a bearer token, or the same token in the delivery-token header."""
    library = _state(request).library
    return caller_from(
        library,
        request.headers.get("authorization"),
        delivery_token=request.headers.get(DELIVERY_TOKEN_HEADER),
    )


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{8}", text, re.ASCII):
        return False
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def _modifiers(request: Request, defaults: dict[str, str] | None = None) -> Modifiers:
    query = request.scope.get("query_string", b"").decode("latin-1")
    return parse_modifiers(query, _state(request).library.presets, defaults)


async def image(request: Request) -> Response:
    """`{id}/as/{seoName}.{format}`: the image with modifiers."""
    try:
        asset, _caller = delivered_asset(request)
    except Refusal as refusal:
        return refusal.response
    seo_name, dot, extension = request.path_params["filename"].rpartition(".")
    if not dot or not seo_name:
        return problem(
            request, 404, NOT_FOUND, "An image path ends in /as/{seoName}.{format}, e.g. /as/photo.jpg."
        )
    if format_for_extension(extension) is None:
        return problem(
            request,
            404,
            NOT_FOUND,
            f"Unknown image format {extension!r}; known formats: {', '.join(ALL_IMAGE_FORMATS)}.",
        )
    try:
        modifiers = _modifiers(request)
        output, negotiated = choose_format(
            extension,
            request.headers.get("accept"),
            auto_format=modifiers.auto_format,
            prefer_webp=modifiers.preferwebp,
            has_alpha=asset.raster.has_alpha,
        )
        plan = make_plan(asset, modifiers, output)
    except BadParameter as error:
        return bad_parameter(request, error.parameter, error.detail, error.allowed)
    filename = f"{seo_name}.{output.extension}" if modifiers.attachment else None
    response = await _deliver(request, asset, plan, vary="Accept" if negotiated else None, filename=filename)
    return report_ignored(request, response, plan.ignored)


async def default_image(request: Request) -> Response:
    """`{id}`: the image with defaults (width 1024, quality 65, WebP when accepted, else JPEG)."""
    try:
        asset, _caller = delivered_asset(request)
        modifiers = _modifiers(request, _DEFAULTS)
        output = default_format(request.headers.get("accept"), has_alpha=asset.raster.has_alpha)
        plan = make_plan(asset, modifiers, output, default_quality=DEFAULT_IMAGE_QUALITY)
    except Refusal as refusal:
        return refusal.response
    except BadParameter as error:
        return bad_parameter(request, error.parameter, error.detail, error.allowed)
    stem = PurePosixPath(asset.name).stem or "image"
    filename = f"{stem}.{output.extension}" if modifiers.attachment else None
    response = await _deliver(request, asset, plan, vary="Accept", filename=filename)
    return report_ignored(request, response, plan.ignored)


async def _deliver(
    request: Request, asset: Asset, plan: RenderPlan, *, vary: str | None, filename: str | None
) -> Response:
    headers = delivery_headers(plan.etag, asset.modified, vary=vary)
    if is_not_modified(request, plan.etag, asset.modified):
        return not_modified(headers)
    cache = _state(request).cache
    body = cache.get(plan.key)
    if body is None:
        # Pillow work is CPU-bound and blocking: off the event loop, so other requests keep flowing.
        try:
            body = await render_gate(request).run(partial(imaging.render, plan))
        except RenderBusy as busy:
            return problem(request, 503, BUSY, f"{busy}; try again in a moment.", headers=RETRY_LATER)
        cache.put(plan.key, body)
    if filename:
        headers["Content-Disposition"] = content_disposition(filename)
    return Response(body, media_type=plan.output.media_type, headers=headers)


def _attachment(request: Request, filename: str) -> str | None:
    """`attachment=true` on originals and renditions: the seoName becomes the file name."""
    value = request.query_params.get("attachment")
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise Refusal(
            bad_parameter(request, "attachment", f"attachment={value!r} is not true or false", "true, false")
        )
    return filename if value.lower() == "true" else None


async def original(request: Request) -> Response:
    """`{id}/original/as/{seoName}` (also `renditions/original/as/…`): the uploaded bytes, streamed,
    with ranges. Image modifiers (da-live sends `smartcrop` here) are accepted and reported as ignored."""
    try:
        asset, _caller = delivered_asset(request)
        filename = _attachment(request, request.path_params["seo_name"])
    except Refusal as refusal:
        return refusal.response
    response = await file_response(
        request,
        asset.file,
        media_type=asset.media_type,
        etag=strong_etag(asset.version, "original"),
        modified=asset.modified,
        filename=filename,
        cache=_state(request).files,
    )
    return report_ignored(request, response, query_names(request, applied=["attachment"]))


async def rendition(request: Request) -> Response:
    """`{id}/renditions/{name}/as/{seoName}`: a pre-generated rendition file."""
    try:
        asset, _caller = delivered_asset(request)
        filename = _attachment(request, request.path_params["seo_name"])
    except Refusal as refusal:
        return refusal.response
    name = request.path_params["name"]
    if name == "original" and name not in asset.renditions:
        # Documented: original/as/… is shorthand for renditions/original/as/…
        return await original(request)
    path = asset.renditions.get(name)
    if path is None:
        names = ", ".join(asset.renditions) or "none"
        return problem(request, 404, NOT_FOUND, f"This asset has no rendition {name!r}; it has: {names}.")
    response = await file_response(
        request,
        path,
        media_type=media_type_of(path),
        etag=strong_etag(asset.version, "rendition", name),
        modified=asset.modified,
        filename=filename,
        cache=_state(request).files,
    )
    return report_ignored(request, response, query_names(request, applied=["attachment"]))


def _json(request: Request, asset: Asset, document: Any, *, vary: str | None = None) -> Response:
    body = json.dumps(document, ensure_ascii=False).encode()
    etag = strong_etag(asset.version, body.decode())
    headers = delivery_headers(etag, asset.modified, vary=vary)
    if is_not_modified(request, etag, asset.modified):
        return not_modified(headers)
    return Response(body, media_type="application/json", headers=headers)


async def metadata(request: Request) -> Response:
    """`{id}/metadata`: minimal without a token (format, size, dimensions, status), full with one."""
    try:
        asset, caller = delivered_asset(request)
    except Refusal as refusal:
        return refusal.response
    if caller.token_known:
        document = document_of(asset)
    else:
        repository, meta = asset.repository_metadata, asset.asset_metadata
        document = {
            "assetId": asset.id,
            "repositoryMetadata": {key: repository[key] for key in ("dc:format", "repo:size")},
            "assetMetadata": {
                key: meta[key] for key in ("dam:assetStatus", "tiff:ImageWidth", "tiff:ImageLength")
            },
        }
    return _json(request, asset, document, vary="Authorization")


async def smart_crops(request: Request) -> Response:
    """`{id}/smartCrops`: the asset's named crops with their rectangles."""
    try:
        asset, _caller = delivered_asset(request)
    except Refusal as refusal:
        return refusal.response
    items = [{"name": crop.name, **crop.as_api()} for crop in asset.smart_crops]
    return _json(request, asset, {"items": items})


async def search_assets(request: Request) -> Response:
    """`POST search`: needs a known token and an accepted `X-Api-Key`, like the real one."""
    if request.method != "POST":
        return problem(
            request,
            405,
            METHOD_NOT_ALLOWED,
            "Search takes POST with a JSON body.",
            headers={"Allow": "POST"},
        )
    library = _state(request).library
    # Search takes the IMS bearer token only (the docs name no other way for it).
    caller = caller_from(library, request.headers.get("authorization"))
    challenge = {"WWW-Authenticate": 'Bearer realm="aemviewer-emulator"'}
    if not caller.token_known:
        return problem(
            request,
            401,
            UNAUTHORIZED,
            "Search needs 'Authorization: Bearer <token>' with a token the library knows (and not expired).",
            headers=challenge,
        )
    if request.headers.get("x-api-key") not in library.api_keys:
        return problem(
            request,
            401,
            UNAUTHORIZED,
            "Search needs an 'X-Api-Key' header with an API key the library accepts.",
            headers=challenge,
        )
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_SEARCH_BODY:  # stop reading: a search body is never this large
            return problem(
                request, 400, BAD_REQUEST, f"The search body is larger than {MAX_SEARCH_BODY} bytes."
            )
    try:
        body = json.loads(raw)
    except ValueError as error:  # also bad UTF-8
        return problem(request, 400, BAD_REQUEST, f"The search body is not valid JSON: {error}.")
    except RecursionError:
        return problem(request, 400, BAD_REQUEST, "The search body is nested too deeply.")
    documents = [document_of(asset) for asset in library.assets.values() if is_delivered(asset, caller)]
    try:
        answer = search(documents, body)
    except SearchError as error:
        return problem(request, 400, BAD_REQUEST, f"{error}.")
    except RecursionError:
        return problem(request, 400, BAD_REQUEST, "The search body is nested too deeply.")
    payload = json.dumps(answer, ensure_ascii=False).encode()
    return Response(payload, media_type="application/json", headers={"Cache-Control": "no-store"})
