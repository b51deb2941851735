"""Conditional revalidation: a repeated GET asks the server whether what we hold is still current.

We decided against hishel (RFC 9111 caching). Its freshness rules would answer a repeated request
from a local copy for ten minutes (the CDN sends `max-age=600`) without contacting the server, and
forcing revalidation with a request `Cache-Control: no-cache` travels on to the CDN and changes what
QA is trying to observe. What the app needs is narrower: remember the last body and ETag per URL and
per the request headers the response `Vary`s on (e.g. `Accept`), send `If-None-Match` next time, and
on a 304 reuse the stored body while reporting the 304 exactly as the server answered it. The store
lives in memory and is bounded by total body bytes, least recently used first out.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Headers = tuple[tuple[str, str], ...]
_Key = tuple[str, tuple[str | None, ...]]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A 200 answer kept for revalidation: its validator, headers and body."""

    etag: str
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or `None`."""
        return first_header(self.headers, name)


def first_header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """The first value of `name` in a list of (name, value) pairs, compared case-insensitively."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def _header_values(headers: Sequence[tuple[str, str]], name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in headers if key.lower() == wanted]


def _vary_names(headers: Sequence[tuple[str, str]]) -> tuple[str, ...] | None:
    names = sorted(
        {
            part.strip().lower()
            for value in _header_values(headers, "vary")
            for part in value.split(",")
            if part.strip()
        }
    )
    # `Vary: *` means no stored answer can ever be matched to a new request.
    return None if "*" in names else tuple(names)


class RevalidationStore:
    """Stored 200 answers with an ETag, keyed by URL and the request headers named in `Vary`.

    Header values in keys are hashed, so a varying `Authorization` never sits in memory in clear.
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[_Key, StoredResponse] = OrderedDict()
        self._vary: dict[str, tuple[str, ...]] = {}
        self._total = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return (
            f"RevalidationStore(entries={len(self._entries)}, bytes={self._total}, "
            f"max_bytes={self.max_bytes})"
        )

    @property
    def total_bytes(self) -> int:
        """Sum of the stored bodies' sizes."""
        return self._total

    def lookup(self, url: str, request_headers: Mapping[str, str]) -> StoredResponse | None:
        """The stored answer for this URL and these request headers, or `None`."""
        vary = self._vary.get(url)
        if vary is None:
            return None
        key = _key(url, vary, request_headers)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def store(
        self, url: str, request_headers: Mapping[str, str], response_headers: Headers, body: bytes
    ) -> StoredResponse | None:
        """Keep a 200 answer if it can be revalidated (has an ETag, no `no-store`, not `Vary: *`,
        fits the budget); returns what was stored."""
        etag = first_header(response_headers, "etag")
        cache_control = ",".join(_header_values(response_headers, "cache-control")).lower()
        vary = _vary_names(response_headers)
        if not etag or "no-store" in cache_control or vary is None or len(body) > self.max_bytes:
            self.discard(url)
            return None
        if self._vary.get(url) != vary:
            self.discard(url)
            self._vary[url] = vary
        key = _key(url, vary, request_headers)
        self._remove(key)
        entry = StoredResponse(etag=etag, headers=response_headers, body=body)
        self._entries[key] = entry
        self._total += len(body)
        self._evict()
        return entry

    def refresh(self, url: str, request_headers: Mapping[str, str], not_modified_headers: Headers) -> None:
        """Update a stored answer's headers with those of a 304 (RFC 9111 §4.3.4), keeping its body."""
        vary = self._vary.get(url)
        if vary is None:
            return
        key = _key(url, vary, request_headers)
        entry = self._entries.get(key)
        if entry is None:
            return
        replaced = {name.lower() for name, _ in not_modified_headers} - {"content-length"}
        kept = tuple((name, value) for name, value in entry.headers if name.lower() not in replaced)
        fresh = tuple((name, value) for name, value in not_modified_headers if name.lower() in replaced)
        etag = first_header(not_modified_headers, "etag") or entry.etag
        self._entries[key] = StoredResponse(etag=etag, headers=kept + fresh, body=entry.body)

    def discard(self, url: str) -> None:
        """Forget every stored answer for a URL."""
        for key in [key for key in self._entries if key[0] == url]:
            self._remove(key)
        self._vary.pop(url, None)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
        self._vary.clear()
        self._total = 0

    def _remove(self, key: _Key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._total -= len(entry.body)

    def _evict(self) -> None:
        while self._total > self.max_bytes and self._entries:
            key, entry = self._entries.popitem(last=False)
            self._total -= len(entry.body)
            if not any(other[0] == key[0] for other in self._entries):
                self._vary.pop(key[0], None)


def _key(url: str, vary: tuple[str, ...], request_headers: Mapping[str, str]) -> _Key:
    lowered = {name.lower(): value for name, value in request_headers.items()}
    return url, tuple(_digest(lowered.get(name)) for name in vary)


def _digest(value: str | None) -> str | None:
    if value is None:
        return None
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()
