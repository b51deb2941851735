"""What one request delivered: status, headers, bytes, timings and the request as sent."""

from __future__ import annotations

from dataclasses import dataclass

from aemviewer.delivery.media_type import bare_media_type
from aemviewer.delivery.revalidation import Headers, first_header


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds from sending the request (including redirects) to the first response byte
    (the headers of the last answer) and to the end of the body."""

    time_to_first_byte: float
    total: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """One answer of the Delivery API, as the server gave it.

    `url` is the final URL (after redirects, which are listed in `redirects`). `headers` keeps the
    server's names, order and duplicates. `request_headers` are the headers of the last request as
    sent, with `Authorization` shown as `Bearer ••••`. After a 304 `status` is 304, `revalidated` is
    true and `body` is the stored body that the 304 confirmed. `byte_count` is the body's size;
    `wire_byte_count` what travelled (smaller when compressed, 0 after a 304).
    """

    url: str
    status: int
    reason: str
    http_version: str
    method: str
    headers: Headers
    content_type: str
    body: bytes
    byte_count: int
    wire_byte_count: int
    timings: Timings
    request_headers: Headers
    revalidated: bool = False
    redirects: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of a response header (case-insensitive), or `None`."""
        return first_header(self.headers, name)

    @property
    def media_type(self) -> str:
        """`content_type` without parameters, lower case (`image/jpeg`)."""
        return bare_media_type(self.content_type)

    def __repr__(self) -> str:
        flag = ", revalidated" if self.revalidated else ""
        return (
            f"Delivery({self.method} {self.url} → {self.status} {self.reason}, "
            f"{self.content_type or 'no content type'}, {self.byte_count} bytes{flag})"
        )
