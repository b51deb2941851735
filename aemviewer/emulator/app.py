"""The emulator's ASGI application: routes under the API prefix and the experimental mirror, problem
details for every error, and the optional request log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from aemviewer.api_spec import API_PREFIX, DELIVER_PREFIX_SUFFIX
from aemviewer.emulator import routes, video_routes
from aemviewer.emulator.cache import DEFAULT_BUDGET, TransformCache
from aemviewer.emulator.library import Library
from aemviewer.emulator.limits import RenderGate
from aemviewer.emulator.problems import METHOD_NOT_ALLOWED, NOT_FOUND, SERVER_ERROR, problem
from aemviewer.emulator.request_log import RequestLog

EXPERIMENTAL_PREFIX: Final = "/adobe/experimental/advancemodifiers-expires-{expires}/assets"
"""The spec's experimental mirror (see `spec.EXPERIMENTAL_PREFIX_PATTERN`) as a route template."""

_READ = ["GET"]  # Starlette adds HEAD to every GET route.


def create_app(
    library: Library,
    *,
    prefix: str = API_PREFIX,
    request_log: RequestLog | list[str] | None = None,
    cache_budget: int = DEFAULT_BUDGET,
    render_gate: RenderGate | None = None,
) -> Starlette:
    """The Delivery API over `library`, under `prefix` (use "" to emulate a custom domain without
        `/adobe/assets`). Every request's method, path and query, as sent, is appended to `request_log`
        when one is given. `cache_budget` bounds the transform cache in bytes; `render_gate` the renders
    at once and waiting (default: one per core, `limits.RENDER_QUEUE` waiting)."""
    prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
    app = Starlette(
        routes=[*_routes(prefix), *_routes(EXPERIMENTAL_PREFIX), *_deliver_routes("/adobe")],
        exception_handlers={HTTPException: _http_problem, Exception: _server_problem},
    )
    app.state.emulator = routes.EmulatorState(library=library, cache=TransformCache(cache_budget))
    app.state.render_gate = render_gate or RenderGate()
    if request_log is not None:
        app.add_middleware(RequestLogMiddleware, log=request_log.append)
        app.state.log_note = request_log.append  # routes add what they ignored (emulator/ignored.py)
    return app


def _routes(base: str) -> list[BaseRoute]:
    asset = base + "/{asset_id}"
    return [
        Route(base + "/search", routes.search_assets, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route(asset, routes.default_image, methods=_READ),
        Route(asset + "/as/{filename}", routes.image, methods=_READ),
        Route(asset + "/original/as/{seo_name}", routes.original, methods=_READ),
        Route(asset + "/renditions/{name}/as/{seo_name}", routes.rendition, methods=_READ),
        Route(asset + "/metadata", routes.metadata, methods=_READ),
        Route(asset + "/smartCrops", routes.smart_crops, methods=_READ),
        Route(asset + "/play", video_routes.player_page, methods=_READ),
        Route(asset + "/manifest.m3u8", video_routes.hls_master, methods=_READ),
        Route(asset + "/manifest.mpd", video_routes.dash_manifest, methods=_READ),
        Route(asset + "/hls/{path:path}", video_routes.hls_file, methods=_READ),
        Route(asset + "/dash/{path:path}", video_routes.dash_file, methods=_READ),
    ]


def _deliver_routes(base: str) -> list[BaseRoute]:
    """`/adobe/dynamicmedia/deliver/{id}/{seoName}.{format}`: the image, shown for this API on the
    Asset Selector page; the other endpoints live under the API prefix."""
    return [Route(base + DELIVER_PREFIX_SUFFIX + "/{asset_id}/{filename}", routes.image, methods=_READ)]


async def _http_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return problem(request, 404, NOT_FOUND, f"No Delivery API endpoint at {request.url.path!r}.")
    if exc.status_code == 405:
        # Starlette keeps a route's methods in a set: sort them for a stable header.
        methods = (exc.headers or {}).get("Allow", "GET, HEAD").split(",")
        allowed = ", ".join(sorted(method.strip() for method in methods))
        return problem(
            request,
            405,
            METHOD_NOT_ALLOWED,
            f"{request.method} is not allowed here; use {allowed}.",
            headers={"Allow": allowed},
        )
    return problem(request, exc.status_code, "http-error", str(exc.detail), headers=exc.headers)


async def _server_problem(request: Request, exc: Exception) -> Response:
    return problem(request, 500, SERVER_ERROR, f"The emulator failed: {type(exc).__name__}: {exc}")


class RequestLogMiddleware:
    """Appends `METHOD /raw/path?query` for each HTTP request, in arrival order."""

    def __init__(self, app: ASGIApp, log: Callable[[str], None]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            line = f"{scope['method']} {raw.decode('latin-1')}"
            query = scope.get("query_string", b"")
            self.log(f"{line}?{query.decode('latin-1')}" if query else line)
        await self.app(scope, receive, send)
