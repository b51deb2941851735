"""Following redirects by hand, so that the token goes only to the delivery host.

httpx would follow redirects itself, but its rule for dropping `Authorization` (another host) is
not ours (another origin: scheme, host and port), and its loop handling raises a generic error.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter

import httpx

from aemviewer.delivery.errors import InsecureRedirect
from aemviewer.delivery.exchange import REDIRECT_STATUSES, Origin, origin_of
from aemviewer.delivery.tokens import TokenHeader


@dataclass(frozen=True, slots=True)
class Opened:
    """The last answer of a redirect chain, its body still unread."""

    response: httpx.Response
    redirects: tuple[str, ...]
    """The URLs that redirected, in order (the final URL is `response.url`)."""
    started: float
    first_byte: float
    """`perf_counter()` when the request was sent and when the last answer's headers arrived."""


async def open_following_redirects(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    headers: dict[str, str],
    content: bytes | None,
    *,
    token: str | None,
    token_origin: Origin,
    max_redirects: int,
    token_header: TokenHeader = TokenHeader.AUTHORIZATION,
) -> Opened:
    """Send a request and follow up to `max_redirects` redirects. The token (`Authorization: Bearer
    <token>`, or the header `token_header` names) is added to every hop whose origin is
    `token_origin`, and to no other. A loop, or too many
    redirects, raises `InsecureRedirect`. A 303 (and a 301/302 after a POST) continues as GET."""
    started = perf_counter()
    redirects: list[str] = []
    current_url, current_method, current_content = url, method, content
    send = dict(headers)
    while True:
        hop_headers = dict(send)
        if token is not None and origin_of(current_url) == token_origin:
            hop_headers.update(token_header.headers(token))
        request = http.build_request(
            current_method, current_url, headers=hop_headers, content=current_content
        )
        response = await http.send(request, stream=True)
        location = response.headers.get("location")
        if response.status_code not in REDIRECT_STATUSES or not location:
            return Opened(response, tuple(redirects), started, perf_counter())
        await response.aclose()
        next_url = str(response.url.join(location))
        redirects.append(current_url)
        if next_url in redirects:
            chain = " → ".join([*redirects, next_url])
            raise InsecureRedirect(
                f"{url} redirects in a loop: {chain}.",
                hint="The server or a proxy is misconfigured; report the URL.",
                url=url,
            )
        if len(redirects) > max_redirects:
            raise InsecureRedirect(
                f"{url} was redirected more than {max_redirects} times (last to {next_url}).",
                hint="The server or a proxy is misconfigured; report the URL.",
                url=url,
            )
        if response.status_code == 303 or (response.status_code in (301, 302) and current_method == "POST"):
            current_method, current_content = "GET", None
            send = {name: value for name, value in send.items() if name.lower() != "content-type"}
        current_url = next_url
