"""HTTP caching headers of delivered answers, and conditional requests (`If-None-Match` → 304)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

from aemviewer.api_spec import CDN_MAX_AGE


def http_date(moment: datetime) -> str:
    """`Last-Modified` form: `Tue, 27 Feb 2024 08:57:55 GMT`."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def strong_etag(*parts: str) -> str:
    """A strong ETag from the parts that determine the bytes."""
    return '"' + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32] + '"'


def delivery_headers(etag: str, modified: datetime, *, vary: str | None = None) -> dict[str, str]:
    """The headers every successful delivery carries, 200 and 304 alike."""
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(modified),
        "Cache-Control": f"max-age={CDN_MAX_AGE}",
    }
    if vary:
        headers["Vary"] = vary
    return headers


def is_not_modified(request: Request, etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.1.2–3: `If-None-Match` (weak comparison) decides; without it, `If-Modified-Since`."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        wanted = _opaque(etag)
        return any(_opaque(candidate) == wanted for candidate in if_none_match.split(","))
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(microsecond=0) <= since
    return False


def range_applies(request: Request, etag: str, modified: datetime) -> bool:
    """`If-Range`: the range is honoured only if the validator still matches (strongly)."""
    if_range = request.headers.get("if-range")
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith(('"', "W/")):
        return if_range == etag
    return if_range == http_date(modified)


def not_modified(headers: dict[str, str]) -> Response:
    """A 304 carrying the validators and caching headers, no body."""
    return Response(status_code=304, headers=headers)


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag
