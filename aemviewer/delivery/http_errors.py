"""From an error answer or a failed connection to the typed error the user sees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from http import HTTPStatus

import httpx

from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.delivery.errors import (
    AuthRequired,
    BadRequest,
    DeliveryError,
    HTTPStatusError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
    UnexpectedResponse,
)
from aemviewer.delivery.exchange import header_pairs, is_certificate_error, read_excerpt, redacted
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.printable import printable
from aemviewer.delivery.retry import RETRYABLE_STATUSES, RetryableAnswer, parse_retry_after
from aemviewer.delivery.tokens import REDACTED

EXCERPT_LIMIT = 300
"""Characters of a non-JSON error body quoted in a message."""

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """What the message of an error can name: the URL, the asset, whether a token was sent."""

    url: str
    asset_id: str | None = None
    token_sent: bool = False
    secret: str | None = field(default=None, repr=False, compare=False)
    """The token, only to scrub it from server text quoted in a message (never shown)."""


def reason_phrase(status: int, reason: str = "") -> str:
    """The reason phrase, from the status when the server gave none (HTTP/2 has none)."""
    if reason:
        return reason
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def problem_detail(content_type: str, body: bytes, secret: str | None = None) -> str:
    """What the server said about an error: RFC 7807 `detail` (or `title`) when the body is JSON,
    else a short excerpt of the text (the `<title>` of an HTML page). Never contains the token, nor
    characters that act on a terminal (see `printable`)."""
    media_type = bare_media_type(content_type)
    text = body.decode("utf-8", "replace")
    detail = ""
    if media_type.endswith("json"):
        try:
            document = loads_bounded(text)
        except ValueError:
            document = None
        if isinstance(document, dict):
            for field in ("detail", "title", "message", "error"):
                value = document.get(field)
                if isinstance(value, str) and value.strip():
                    detail = value.strip()
                    break
    if not detail and "html" in media_type:
        # An HTML error page (a proxy's, a CDN's) says the most in its <title>.
        title = _TITLE_RE.search(text)
        detail = _TAG_RE.sub(" ", title.group(1) if title else text)
    elif not detail:
        detail = text
    detail = _SPACE_RE.sub(" ", detail).strip()
    if secret:
        detail = detail.replace(secret, REDACTED)
    detail = printable(detail)
    return detail if len(detail) <= EXCERPT_LIMIT else detail[: EXCERPT_LIMIT - 1] + "…"


def status_error(
    context: ErrorContext,
    status: int,
    reason: str,
    content_type: str,
    body: bytes,
    *,
    retry_after: float | None = None,
    retried: bool = False,
) -> HTTPStatusError:
    """The typed error for an error status (400 → `BadRequest`, 401/403 → `AuthRequired`,
    404 → `NotFound`, 429 → `RateLimited`, 5xx → `ServerError`, else `HTTPStatusError`)."""
    url = context.url
    detail = problem_detail(content_type, body, context.secret)
    said = f": {detail}" if detail else ""
    answered = f"{url} answered {status} {reason_phrase(status, reason)}".rstrip()
    if status == 400:
        return BadRequest(
            f"The server refused the request {answered}{said}.",
            status=status,
            detail=detail,
            hint="Check the modifiers and the URL; the server's detail says what it refused.",
            url=url,
        )
    if status in (401, 403):
        return _access_denied(context, status, answered, detail)
    if status == 404:
        return _not_found(context, detail)
    if status == 429:
        waited = " after retrying" if retried else ""
        asked = f"; it asks to wait {retry_after:.0f} s" if retry_after is not None else ""
        return RateLimited(
            f"Too many requests: {answered}{waited}{asked}.",
            status=status,
            detail=detail,
            hint="Wait a moment before trying again, and send fewer requests at once.",
            url=url,
        )
    if status >= 500 or 300 <= status < 400:
        return _server_error(url, status, answered, detail, retried=retried)
    return HTTPStatusError(
        f"The request failed: {answered}{said}.",
        status=status,
        detail=detail,
        hint="Check the URL; this status is not one the Delivery API documents.",
        url=url,
    )


def _access_denied(context: ErrorContext, status: int, answered: str, detail: str) -> AuthRequired:
    """401/403: what to do depends on whether a token was sent at all."""
    said = f": {detail}" if detail else ""
    hint = (
        "The token was refused: it may have expired or lack the asset's role. Get a new token."
        if context.token_sent
        else "Add a token to the profile (an IMS access token with a role that may see the asset)."
    )
    return AuthRequired(
        f"Access denied: {answered}{said}.", status=status, detail=detail, hint=hint, url=context.url
    )


def _server_error(url: str, status: int, answered: str, detail: str, *, retried: bool) -> ServerError:
    """A 5xx, or a redirect that cannot be followed (both are the server's fault)."""
    if 300 <= status < 400:
        return ServerError(
            f"{answered} without a usable Location header.",
            status=status,
            detail=detail,
            hint="The server sent a redirect that cannot be followed; report the URL.",
            url=url,
        )
    said = f": {detail}" if detail else ""
    waited = " (also after retrying)" if retried else ""
    return ServerError(
        f"The server failed: {answered}{waited}{said}.",
        status=status,
        detail=detail,
        hint="Try again later; if it persists, report the URL and the time to the site's administrators.",
        url=url,
    )


async def raise_for_status(response: httpx.Response, context: ErrorContext, *, idempotent: bool) -> None:
    """Return for a success (2xx, 304); else read a little of the body, close the response and
    raise: `RetryableAnswer` for a 429/503 of an idempotent request (so that it is retried), the
    typed error of `status_error` otherwise."""
    status = response.status_code
    if status < 300 or status == 304:
        return
    body = await read_excerpt(response)
    await response.aclose()
    content_type = response.headers.get("content-type", "")
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    final_url = str(response.url)
    exchanged = (header_pairs(response.headers), redacted(response.request.headers))
    if idempotent and status in RETRYABLE_STATUSES:
        answer = RetryableAnswer(
            url=final_url,
            status=status,
            reason=response.reason_phrase,
            content_type=content_type,
            body=body,
            retry_after=retry_after,
        )
        answer.response_headers, answer.request_headers = exchanged
        raise answer
    error = status_error(
        replace(context, url=final_url),
        status,
        response.reason_phrase,
        content_type,
        body,
        retry_after=retry_after,
    )
    # The response panel shows an error answer's exchange as it shows a 200's.
    error.response_headers, error.request_headers = exchanged
    raise error


def _not_found(context: ErrorContext, detail: str) -> NotFound:
    subject = f"Asset {context.asset_id}" if context.asset_id else "Nothing"
    message = (
        f"{subject} was not found at {context.url} (404). The Delivery API also answers 404 for assets "
        "that are restricted, not approved, expired or outside their on/off time."
    )
    if context.token_sent:
        hint = (
            "Check the asset id, that the asset is approved and published to delivery, and that the token's "
            "user holds one of the asset's roles."
        )
    else:
        hint = "Check the asset id, or add a token if the asset is restricted."
    return NotFound(message, status=404, detail=detail, hint=hint, url=context.url)


def transport_error(
    exc: Exception, url: str, *, received: int | None = None, timeouts: httpx.Timeout | None = None
) -> DeliveryError:
    """The typed error for an httpx failure (timeout → `Timeout`, refused, reset or cut →
    `NetworkError`, undecodable body → `UnexpectedResponse`)."""
    host = httpx.URL(url).host if url else "the server"
    after = f" after {received} bytes" if received else ""
    if isinstance(exc, httpx.ConnectTimeout):
        limit = f" within {timeouts.connect:g} s" if timeouts is not None and timeouts.connect else ""
        return Timeout(
            f"Could not connect to {host}{limit} for {url}.",
            hint="Check the base URL, your network, VPN or proxy; the host does not answer.",
            url=url,
        )
    if isinstance(exc, httpx.TimeoutException):
        limit = f" for {timeouts.read:g} s" if timeouts is not None and timeouts.read else ""
        return Timeout(
            f"{host} stopped answering{limit} while sending {url}{after}.",
            hint="Try again; if it persists the server is overloaded or the asset is very large.",
            url=url,
        )
    if isinstance(exc, httpx.ConnectError):
        if is_certificate_error(exc):
            return NetworkError(
                f"The TLS certificate of {host} is not trusted ({url}): {_reason(exc)}.",
                hint="If your company inspects TLS, add its CA file to the profile; else check the host.",
                url=url,
            )
        return NetworkError(
            f"Could not connect to {host} for {url}: {_reason(exc)}.",
            hint="Check the base URL of the profile and your network or VPN; is the server running?",
            url=url,
        )
    if isinstance(exc, httpx.DecodingError):
        return UnexpectedResponse(
            f"The answer from {url} could not be decoded ({_reason(exc)}).",
            hint="The server or a proxy sent a broken compressed body; try again.",
            url=url,
        )
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        return NetworkError(
            f"The connection to {host} was cut while transferring {url}{after}: {_reason(exc)}.",
            hint="Try again; if it persists, a proxy or the server drops the connection.",
            url=url,
        )
    return NetworkError(
        f"The request to {url} failed: {_reason(exc)}.",
        hint="Check the URL and your network.",
        url=url,
    )


def _reason(exc: BaseException) -> str:
    # httpx often wraps the OS error in exceptions without text ("ReadError"); the first cause that
    # says something ("[Errno 104] Connection reset by peer") is the useful reason.
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip()
        if text:
            return text
        current = current.__cause__ or current.__context__
    return type(exc).__name__
