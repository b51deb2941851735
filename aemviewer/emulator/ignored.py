"""Reporting query parameters the emulator accepted but did not apply.

The real service sits behind a CDN that ignores parameters it does not know (cache busters,
`assetname`, tracking, typos), so refusing them would make the emulator stricter than production.
Ignoring them silently would hide typos such as `widht=300` from QA, so every ignored parameter is
named in a response header (an emulator-only diagnostic, see `api_spec.IGNORED_PARAMETERS_HEADER`)
and in the request log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import Response

from aemviewer.api_spec import IGNORED_PARAMETERS, IGNORED_PARAMETERS_HEADER


def query_names(request: Request, *, applied: Iterable[str] = ()) -> tuple[str, ...]:
    """The query's parameter names, in order, except `applied` ones and those the spec says to drop."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    skip = {*applied, *IGNORED_PARAMETERS}
    names = (name for name, _ in parse_qsl(query, keep_blank_values=True) if name and name not in skip)
    return tuple(dict.fromkeys(names))


def report_ignored(request: Request, response: Response, ignored: Iterable[str]) -> Response:
    """Name `ignored` in `response`'s header and in the request log (when the app keeps one)."""
    # Names are shown as they would travel in a URL: a header must stay Latin-1, a log line one line.
    names = tuple(quote(name, safe="[]=") for name in ignored)
    if names:
        response.headers[IGNORED_PARAMETERS_HEADER] = ", ".join(names)
        log: Callable[[str], None] | None = getattr(request.app.state, "log_note", None)
        if log is not None:
            log(f"  ignored {', '.join(names)} (in {request.method} {request.url.path})")
    return response
