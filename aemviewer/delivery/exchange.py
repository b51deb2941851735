"""Small pieces of one HTTP exchange: origins, header lists, redaction, bounded body reads."""

from __future__ import annotations

import ssl

import httpx

from aemviewer.api_spec import DELIVERY_TOKEN_HEADER
from aemviewer.delivery.bounded_body import BoundedDecoder, read_decoded
from aemviewer.delivery.errors import InvalidInput, TooLarge, UnexpectedResponse
from aemviewer.delivery.revalidation import Headers
from aemviewer.delivery.tokens import REDACTED

ERROR_BODY_LIMIT = 64 * 1024
"""Bytes of an error answer read to find its problem details."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", DELIVERY_TOKEN_HEADER})
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin_of(url: str | httpx.URL) -> Origin:
    """Scheme, host and port (default port filled in): what must match for a token to be sent."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    return parsed.scheme, parsed.host, parsed.port or _DEFAULT_PORTS.get(parsed.scheme, 0)


def checked_url(url: str) -> str:
    """`url` if it is an absolute http(s) URL, else `InvalidInput`."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidInput(f"{url!r} is not a valid URL: {exc}.", hint="Check the URL.") from exc
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        raise InvalidInput(
            f"{url!r} is not an http or https URL.", hint="Use a URL such as https://host/adobe/assets/…"
        )
    return url


def header_pairs(headers: httpx.Headers) -> Headers:
    """The headers as the server sent them: names in their case, order and duplicates kept."""
    return tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw)


def redacted(headers: httpx.Headers) -> Headers:
    """Request headers for display: credentials replaced by `••••` (`Authorization: Bearer ••••`)."""
    pairs: list[tuple[str, str]] = []
    for name, value in header_pairs(headers):
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} {REDACTED}" if scheme else REDACTED
        pairs.append((name, value))
    return tuple(pairs)


async def read_limited(response: httpx.Response, limit: int, what: str) -> bytes:
    """The whole (decoded) body, or `TooLarge` as soon as it, decoded, or its announced length
    exceeds `limit` bytes."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(response, what, limit, f"it announces {int(declared)} bytes")
    return await read_decoded(response, limit, lambda why: _too_large(response, what, limit, why))


async def read_excerpt(response: httpx.Response) -> bytes:
    """Up to `ERROR_BODY_LIMIT` decoded bytes of an error answer; a cut, corrupt or unreadably
    encoded body yields what could be read (the status is what gets reported)."""
    chunks: list[bytes] = []
    total = 0
    try:
        decoder = BoundedDecoder(response.headers, str(response.url))
        async for raw in response.aiter_raw():
            chunk = decoder.decode(raw, ERROR_BODY_LIMIT - total)
            chunks.append(chunk)
            total += len(chunk)
            if total >= ERROR_BODY_LIMIT:
                break
    except (httpx.HTTPError, UnexpectedResponse):
        # A body cut short or garbled only shortens the quoted detail.
        pass
    return b"".join(chunks)[:ERROR_BODY_LIMIT]


def _too_large(response: httpx.Response, what: str, limit: int, why: str) -> TooLarge:
    url = str(response.url)
    return TooLarge(
        f"The {what} at {url} is larger than this tool reads at once ({_size(limit)}): {why}.",
        hint="Download it instead, or raise the limit in the settings.",
        url=url,
    )


def _size(count: int) -> str:
    # Limits are set in either unit (512 MiB, 20 MB); each reads best in its own.
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2)):
        if count >= factor and count % factor == 0:
            return f"{count // factor} {unit}"
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"


def is_certificate_error(exc: BaseException) -> bool:
    """True when a failure comes from TLS certificate verification (anywhere in its chain)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False
