"""The Delivery API client: one `httpx.AsyncClient` per profile, typed answers, typed errors.

Redirects are followed here rather than by httpx so that the token goes only to the profile's
delivery host (scheme, host and port of the endpoints' base URL) and never to another host a
redirect points at. Idempotent requests are retried by stamina on connection errors, 429 and 503.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from time import perf_counter
from types import TracebackType
from typing import Any, TypeVar

import httpx

from aemviewer.delivery.client_settings import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_METADATA_BYTES,
    ClientSettings,
)
from aemviewer.delivery.deadline import exchange_deadline, within
from aemviewer.delivery.delivery import Delivery, Timings
from aemviewer.delivery.endpoints import DeliveryEndpoints, ManifestKind
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.exchange import checked_url, header_pairs, origin_of, read_limited, redacted
from aemviewer.delivery.http_errors import (
    ErrorContext,
    raise_for_status,
    reason_phrase,
    status_error,
    transport_error,
)
from aemviewer.delivery.metadata import Metadata, SmartCrop, parse_metadata, parse_smart_crops
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.redirects import Opened, open_following_redirects
from aemviewer.delivery.reference import AssetRef, parse_reference
from aemviewer.delivery.retry import NO_RETRIES, RetryableAnswer, call_with_retries
from aemviewer.delivery.revalidation import RevalidationStore, StoredResponse
from aemviewer.delivery.search import SearchPage, parse_search_page
from aemviewer.delivery.streaming import DeliveryStream
from aemviewer.delivery.tokens import bearer_value
from aemviewer.delivery.transport import build_transport, proxy_mounts, ssl_context

T = TypeVar("T")

__all__ = ["DEFAULT_MAX_BODY_BYTES", "DEFAULT_MAX_METADATA_BYTES", "ClientSettings", "DeliveryClient"]


class DeliveryClient:
    """Talks to one delivery host. Use as `async with DeliveryClient(endpoints, settings) as client:`.

    `settings` (token, trust, proxy, timeouts, retries, limits) default to `ClientSettings()`;
    the token goes only to `endpoints.origin`. The read timeout bounds each read (seconds without a
    byte) and, with a little grace, the whole exchange of a document or image (`deadline.py`; not
    of `stream`). `transport` replaces the network layer (tests).
    """

    def __init__(
        self,
        endpoints: DeliveryEndpoints,
        settings: ClientSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        settings = settings or ClientSettings()
        self._endpoints = endpoints
        self._origin = origin_of(endpoints.origin)
        self._token = settings.token
        self._token_header = settings.token_header
        self._retries = settings.retries
        self._max_body_bytes = settings.max_body_bytes
        self._max_metadata_bytes = settings.max_metadata_bytes
        self._max_redirects = settings.max_redirects
        self._timeouts = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
        revalidation_bytes = settings.revalidation_bytes
        self._store = RevalidationStore(revalidation_bytes) if revalidation_bytes > 0 else None
        context = ssl_context(settings.extra_ca_file)
        http2 = settings.http2
        self._http = httpx.AsyncClient(
            transport=transport or build_transport(context, http2=http2),
            mounts=proxy_mounts(settings.proxy, system=settings.system_proxy, context=context, http2=http2),
            verify=context,
            http2=http2,
            timeout=self._timeouts,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent},
        )

    def __repr__(self) -> str:
        return f"DeliveryClient({self._endpoints.base_url}{self._endpoints.prefix}, token={self._token!r})"

    @property
    def endpoints(self) -> DeliveryEndpoints:
        """The URL builder of this client's host."""
        return self._endpoints

    @property
    def revalidation(self) -> RevalidationStore | None:
        """The store of answers kept for `If-None-Match` (`None` when turned off)."""
        return self._store

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def __aenter__(self) -> DeliveryClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # --- operations ----------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        accept: str | None = None,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        revalidate: bool = True,
        max_bytes: int | None = None,
        asset_id: str | None = None,
    ) -> Delivery:
        """GET (or HEAD) any URL and return what was delivered; error statuses raise typed errors.

        A repeated GET of the same URL sends `If-None-Match` and, on 304, returns the stored body
        with `revalidated=True`. `asset_id` names the asset in error messages (else read from the URL).
        """
        verb = method.upper()
        if verb not in ("GET", "HEAD"):
            raise InvalidInput(f"fetch sends GET or HEAD, not {method!r}.", hint="Use search() for POST.")
        send = dict(headers or {})
        if accept is not None:
            send["Accept"] = accept
        return await self._deliver(
            verb,
            checked_url(url),
            send,
            idempotent=True,
            revalidate=revalidate and verb == "GET",
            limit=max_bytes if max_bytes is not None else self._max_body_bytes,
            asset_id=asset_id if asset_id is not None else _asset_id_in(url),
            what="answer",
        )

    async def image(
        self,
        asset: AssetRef | str,
        modifiers: ImageModifiers | None = None,
        *,
        format: str = "jpg",
        seo_name: str | None = None,
        accept: str | None = None,
    ) -> Delivery:
        """The image with modifiers (`…/as/{seoName}.{format}?…`)."""
        url = self._endpoints.image(asset, modifiers, format=format, seo_name=seo_name)
        return await self.fetch(url, accept=accept, asset_id=_id(asset))

    async def default_image(
        self, asset: AssetRef | str, modifiers: ImageModifiers | None = None, *, accept: str | None = None
    ) -> Delivery:
        """The image with the API's defaults (`…/{id}`)."""
        return await self.fetch(
            self._endpoints.default_image(asset, modifiers), accept=accept, asset_id=_id(asset)
        )

    async def original(
        self, asset: AssetRef | str, *, seo_name: str | None = None, max_bytes: int | None = None
    ) -> Delivery:
        """The uploaded file into memory (use `stream` to download large ones)."""
        url = self._endpoints.original(asset, seo_name=seo_name)
        return await self.fetch(url, max_bytes=max_bytes, asset_id=_id(asset))

    async def rendition(self, asset: AssetRef | str, name: str, *, seo_name: str | None = None) -> Delivery:
        """A rendition generated on author."""
        url = self._endpoints.rendition(asset, name, seo_name=seo_name)
        return await self.fetch(url, asset_id=_id(asset))

    async def metadata(self, asset: AssetRef | str) -> Metadata:
        """The metadata document; `UnexpectedResponse` when it is not a JSON object, `TooLarge`
        above `max_metadata_bytes`."""
        return parse_metadata(await self._document(self._endpoints.metadata(asset), asset, "metadata"))

    async def smart_crops(self, asset: AssetRef | str) -> list[SmartCrop]:
        """The smart crops defined on the asset."""
        return parse_smart_crops(
            await self._document(self._endpoints.smart_crops(asset), asset, "smart crop list")
        )

    async def player_page(self, asset: AssetRef | str) -> Delivery:
        """The HTML player page of a video."""
        return await self.fetch(self._endpoints.player_page(asset), accept="text/html", asset_id=_id(asset))

    async def manifest(self, asset: AssetRef | str, kind: ManifestKind | str = ManifestKind.HLS) -> Delivery:
        """The HLS (`hls`) or DASH (`dash`) manifest of a video."""
        return await self.fetch(self._endpoints.manifest(asset, kind), asset_id=_id(asset))

    async def search(self, query: Mapping[str, Any], api_key: str) -> SearchPage:
        """POST a search (`query` is the whole JSON body: query, orderBy, limit, cursor). Not retried."""
        try:
            content = json.dumps(query).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise InvalidInput(
                f"The search query cannot be written as JSON: {exc}.", hint="Fix the query."
            ) from exc
        delivery = await self._deliver(
            "POST",
            self._endpoints.search(),
            {"Accept": "application/json", "Content-Type": "application/json", "X-Api-Key": api_key},
            content=content,
            idempotent=False,
            revalidate=False,
            limit=self._max_metadata_bytes,
            asset_id=None,
            what="search answer",
        )
        return parse_search_page(delivery)

    @asynccontextmanager
    async def stream(
        self, url: str, *, headers: Mapping[str, str] | None = None, method: str = "GET"
    ) -> AsyncIterator[DeliveryStream]:
        """Open an answer for reading in chunks (downloads). Error statuses raise before the body;
        `Accept-Encoding: identity` is sent unless `headers` say otherwise, so that bytes and
        `Range` offsets are those of the file."""
        verb = method.upper()
        if verb not in ("GET", "HEAD"):
            raise InvalidInput(f"stream sends GET or HEAD, not {method!r}.", hint="Use GET.")
        send = {"Accept-Encoding": "identity", **(headers or {})}
        checked_url(url)
        token = bearer_value(self._token)
        context = self._context(url, _asset_id_in(url), token)

        async def attempt() -> Opened:
            opened = await self._open(verb, url, send, None, token)
            await raise_for_status(opened.response, context, idempotent=True)
            return opened

        opened = await self._retrying(True, context, attempt)
        try:
            yield DeliveryStream(
                opened.response,
                request_headers=redacted(opened.response.request.headers),
                redirects=opened.redirects,
                timeouts=self._timeouts,
            )
        finally:
            await opened.response.aclose()

    # --- the exchange --------------------------------------------------------------------------

    async def _deliver(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        *,
        content: bytes | None = None,
        idempotent: bool,
        revalidate: bool,
        limit: int,
        asset_id: str | None,
        what: str,
    ) -> Delivery:
        token = bearer_value(self._token)
        context = self._context(url, asset_id, token)
        store = self._store if revalidate else None
        key_headers = httpx.Headers(self._http.headers)
        key_headers.update(headers)
        if context.token_sent and token is not None:
            # Only for `Vary` on the token's header; the store keeps header values hashed.
            key_headers.update(self._token_header.headers(token))

        async def attempt() -> Delivery:
            send = dict(headers)
            stored: StoredResponse | None = None
            if store is not None and "if-none-match" not in key_headers:
                stored = store.lookup(url, key_headers)
                if stored is not None:
                    send["If-None-Match"] = stored.etag
            opened = await self._open(method, url, send, content, token)
            response = opened.response
            try:
                await raise_for_status(response, context, idempotent=idempotent)
                body = b"" if method == "HEAD" else await read_limited(response, limit, what)
            finally:
                await response.aclose()
            finished = perf_counter()
            response_headers = header_pairs(response.headers)
            content_type = response.headers.get("content-type", "")
            revalidated = False
            if store is not None and stored is not None and response.status_code == 304:
                # The 304 is reported as the server answered it; only the body is the stored one.
                revalidated = True
                body = stored.body
                content_type = content_type or stored.header("content-type") or ""
                store.refresh(url, key_headers, response_headers)
            elif store is not None and response.status_code == 200 and method == "GET":
                store.store(url, key_headers, response_headers, body)
            return Delivery(
                url=str(response.url),
                status=response.status_code,
                reason=reason_phrase(response.status_code, response.reason_phrase),
                http_version=response.http_version,
                method=response.request.method,
                headers=response_headers,
                content_type=content_type,
                body=body,
                byte_count=len(body),
                wire_byte_count=response.num_bytes_downloaded,
                timings=Timings(opened.first_byte - opened.started, finished - opened.started),
                request_headers=redacted(response.request.headers),
                revalidated=revalidated,
                redirects=opened.redirects,
            )

        # The whole exchange, not each read: see deadline.py.
        return await self._retrying(
            idempotent, context, within(exchange_deadline(self._timeouts.read or 30.0), url, attempt)
        )

    def _context(self, url: str, asset_id: str | None, token: str | None) -> ErrorContext:
        token_sent = token is not None and origin_of(url) == self._origin
        return ErrorContext(url=url, asset_id=asset_id, token_sent=token_sent, secret=token)

    async def _retrying(
        self, idempotent: bool, context: ErrorContext, attempt: Callable[[], Awaitable[T]]
    ) -> T:
        try:
            return await call_with_retries(self._retries if idempotent else NO_RETRIES, attempt)
        except RetryableAnswer as answer:
            error = status_error(
                replace(context, url=answer.url),
                answer.status,
                answer.reason,
                answer.content_type,
                answer.body,
                retry_after=answer.retry_after,
                retried=answer.tries > 1,
            )
            error.response_headers, error.request_headers = answer.response_headers, answer.request_headers
            raise error from None
        except httpx.HTTPError as exc:
            raise transport_error(exc, context.url, timeouts=self._timeouts) from exc

    async def _document(self, url: str, asset: AssetRef | str, what: str) -> Delivery:
        return await self._deliver(
            "GET",
            url,
            {"Accept": "application/json"},
            idempotent=True,
            revalidate=True,
            limit=self._max_metadata_bytes,
            asset_id=_id(asset),
            what=what,
        )

    async def _open(
        self, method: str, url: str, headers: dict[str, str], content: bytes | None, token: str | None
    ) -> Opened:
        return await open_following_redirects(
            self._http,
            method,
            url,
            headers,
            content,
            token=token,
            token_origin=self._origin,
            max_redirects=self._max_redirects,
            token_header=self._token_header,
        )


def _id(asset: AssetRef | str) -> str:
    return asset.asset_id if isinstance(asset, AssetRef) else asset


def _asset_id_in(url: str) -> str | None:
    try:
        return parse_reference(url).asset_id
    except InvalidInput:
        return None
