"""Bodies read into memory with a bound on their *decoded* size, and downloads kept unencoded.

httpx inflates each network read of a gzip body in one go: a megabyte on the wire may become a
gigabyte in memory before any size check sees it. Documents and images are therefore read raw and
inflated here, never more than the limit plus one byte at a time. Downloads ask for `identity`; an
answer encoded anyway is refused, because its bytes, sizes and `Range` offsets would not be the file's.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import httpx

from aemviewer.delivery.errors import UnexpectedResponse
from aemviewer.delivery.transport import READ_SIZE

_GZIP = zlib.MAX_WBITS | 16
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS
_WBITS = {"gzip": _GZIP, "x-gzip": _GZIP, "deflate": _ZLIB}


def content_codings(headers: httpx.Headers) -> list[str]:
    """The codings of `Content-Encoding`, in the order applied, without `identity`."""
    codings = (
        part.strip().lower() for value in headers.get_list("content-encoding") for part in value.split(",")
    )
    return [coding for coding in codings if coding and coding != "identity"]


def refuse_encoded(headers: httpx.Headers, url: str) -> None:
    """`UnexpectedResponse` when a download's answer is content-encoded (it asked for identity)."""
    codings = content_codings(headers)
    if codings:
        raise UnexpectedResponse(
            f"{url} sent the file encoded as {', '.join(codings)} although identity was asked for; "
            "nothing was saved.",
            hint="A proxy or the server compresses downloads; download it from elsewhere or report the URL.",
            url=url,
        )


class BoundedDecoder:
    """Inflates one body (gzip or deflate, or passes it through) in steps of bounded size."""

    def __init__(self, headers: httpx.Headers, url: str) -> None:
        self.url = url
        codings = content_codings(headers)
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise UnexpectedResponse(
                f"{url} is encoded as {', '.join(codings)}, which this tool does not decode.",
                hint="The server or a proxy answered with an encoding nobody asked for; report the URL.",
                url=url,
            )
        self._wbits = _WBITS[codings[0]] if codings else None
        self._inflater = zlib.decompressobj(self._wbits) if self._wbits is not None else None
        self._started = False

    def decode(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of `data`, at most `room + 1` of them: more than `room` means the body
        is over its limit (the caller stops there; the rest is never inflated)."""
        if self._inflater is None:
            return data
        try:
            output = self._inflate(data, room)
        except zlib.error as exc:
            raise UnexpectedResponse(
                f"The compressed body of {self.url} is corrupt ({exc}).",
                hint="The server or a proxy garbles this answer; try again, or report the URL.",
                url=self.url,
            ) from exc
        self._started = True
        return output

    def _inflate(self, data: bytes, room: int) -> bytes:
        assert self._inflater is not None
        try:
            output = self._inflater.decompress(data, room + 1)
        except zlib.error:
            if self._started or self._wbits != _ZLIB:
                raise
            # "deflate" is sent as raw deflate by some servers (as browsers and httpx accept).
            self._wbits = _RAW_DEFLATE
            self._inflater = zlib.decompressobj(_RAW_DEFLATE)
            output = self._inflater.decompress(data, room + 1)
        while self._inflater.unconsumed_tail and len(output) <= room:
            more = self._inflater.decompress(self._inflater.unconsumed_tail, room + 1 - len(output))
            if not more:
                break
            output += more
        return output


async def read_decoded(response: httpx.Response, limit: int, too_large: Callable[[str], Exception]) -> bytes:
    """The whole decoded body of `response`; `too_large(why)` is raised as soon as it passes `limit`
    bytes (decoded), so that memory holds at most about `limit` bytes."""
    decoder = BoundedDecoder(response.headers, str(response.url))
    chunks: list[bytes] = []
    total = 0
    async for raw in response.aiter_raw(chunk_size=READ_SIZE):
        chunk = decoder.decode(raw, limit - total)
        total += len(chunk)
        if total > limit:
            raise too_large(
                f"more than {limit} bytes arrived" + (" once decoded" if chunk is not raw else "")
            )
        chunks.append(chunk)
    return b"".join(chunks)
