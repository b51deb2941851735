"""Where a download's bytes come from: a URL through a client, or bytes already delivered.

`transfer.download` reads any `DownloadSource`: `ClientSource` streams a URL with a
`DeliveryClient` (its token, retries and redirect rules apply); `DeliveredSource` saves the bytes of
a `Delivery` that is already in memory (the shown preview), so that what is saved is exactly what
was shown, never fetched or encoded again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.streaming import DeliveryStream
from aemviewer.delivery.transport import READ_SIZE


class BodyStream(Protocol):
    """An open answer whose body is read in chunks (`DeliveryStream` is one)."""

    url: str
    status: int

    @property
    def content_length(self) -> int | None: ...

    @property
    def content_type(self) -> str: ...

    def header(self, name: str) -> str | None: ...

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]: ...


class StreamOpener(Protocol):
    """What a download needs from a client: `client.stream(url, headers=…)`."""

    def stream(
        self, url: str, *, headers: Mapping[str, str] | None = None, method: str = "GET"
    ) -> AbstractAsyncContextManager[DeliveryStream]: ...


class DownloadSource(Protocol):
    """Where the bytes come from: `open(headers)` gives an answer to read."""

    @property
    def url(self) -> str: ...

    def open(self, headers: Mapping[str, str]) -> AbstractAsyncContextManager[BodyStream]: ...


@dataclass(frozen=True, slots=True)
class ClientSource:
    """A URL fetched with a `DeliveryClient` (its token, retries and redirect rules apply)."""

    client: StreamOpener
    url: str
    accept: str | None = None

    def open(self, headers: Mapping[str, str]) -> AbstractAsyncContextManager[BodyStream]:
        send = {"Accept": self.accept} if self.accept else {}
        send.update(headers)
        return self.client.stream(self.url, headers=send)


@dataclass(frozen=True, slots=True)
class DeliveredSource:
    """Bytes that were already delivered (the shown preview): saved exactly, never fetched again."""

    delivery: Delivery

    @property
    def url(self) -> str:
        return self.delivery.url

    def open(self, headers: Mapping[str, str]) -> AbstractAsyncContextManager[BodyStream]:
        return _delivered(self.delivery)


@asynccontextmanager
async def _delivered(delivery: Delivery) -> AsyncIterator[BodyStream]:
    yield _DeliveredBody(delivery)


class _DeliveredBody:
    """A `Delivery` read like an answer: always the whole body (a range request restarts)."""

    def __init__(self, delivery: Delivery) -> None:
        self._delivery = delivery
        self.url = delivery.url
        self.status = 200

    @property
    def content_length(self) -> int | None:
        return len(self._delivery.body)

    @property
    def content_type(self) -> str:
        return self._delivery.content_type

    def header(self, name: str) -> str | None:
        # A revalidated preview reports the 304's headers; length and validators describe the body.
        if name.lower() in ("content-length", "etag", "content-range"):
            return None
        return self._delivery.header(name)

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        body = self._delivery.body
        step = chunk_size or READ_SIZE
        for start in range(0, len(body), step):
            yield body[start : start + step]
