"""RFC 7807 problem details, the body of every error answer.

Each kind of problem has its own `type` URI (stable, for clients to branch on) and the standard
fields `type, title, status, detail, instance`; bad parameters add `parameter` and `allowed`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
_TYPE_BASE: Final = "urn:aemviewer:problem:"

BAD_PARAMETER: Final = "bad-parameter"
BAD_REQUEST: Final = "bad-request"
NOT_FOUND: Final = "not-found"
NO_VIDEO: Final = "no-video"
UNAUTHORIZED: Final = "unauthorized"
METHOD_NOT_ALLOWED: Final = "method-not-allowed"
RANGE_NOT_SATISFIABLE: Final = "range-not-satisfiable"
SERVER_ERROR: Final = "server-error"
BUSY: Final = "busy"


def instance_of(request: Request) -> str:
    """The request's path and query as sent, the problem's `instance`."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def problem(
    request: Request,
    status: int,
    kind: str,
    detail: str,
    *,
    extra: Mapping[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem-details answer; HEAD gets the same headers without the body."""
    document: dict[str, object] = {
        "type": _TYPE_BASE + kind,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance_of(request),
    }
    document.update(extra or {})
    body = json.dumps(document, ensure_ascii=False).encode()
    all_headers = {"Cache-Control": "no-store", **(headers or {})}
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=all_headers)


def bad_parameter(request: Request, parameter: str, detail: str, allowed: str) -> Response:
    """400 for a query parameter, naming it and what it allows."""
    sentence = detail
    if allowed not in detail:
        sentence += f". Allowed: {allowed}"
    return problem(
        request,
        400,
        BAD_PARAMETER,
        sentence + ".",
        extra={"parameter": parameter, "allowed": allowed},
    )


def not_delivered(request: Request, asset_id: str) -> Response:
    """404 for an asset that does not exist or is not delivered to this caller — deliberately the same."""
    return problem(
        request,
        404,
        NOT_FOUND,
        f"No delivered asset with id {asset_id!r}. It may not exist, not be approved or activated to "
        "delivery, be outside its on/off time or expired, or need a token with one of its roles.",
    )
