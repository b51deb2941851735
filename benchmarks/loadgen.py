"""A small HTTP/1.1 load generator for when wrk is not installed: a bounded number of GET requests
over a few keep-alive connections (loopback only), with per-request latencies."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from time import perf_counter
from urllib.parse import urlsplit

from .common import percentile


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50: float
    p95: float
    errors: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def run_load(url: str, *, accept: str, connections: int, fresh: bool, count: int) -> Load:
    """GET `url` `count` times over `connections` connections (with `fresh`, each with a new width)."""
    return asyncio.run(_load(url, accept, connections, fresh, count))


async def _load(url: str, accept: str, connections: int, fresh: bool, count: int) -> Load:
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only loads loopback servers")
    widths = itertools.count(1025)
    remaining = itertools.count()
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while next(remaining) < count:
                target = f"{parts.path}?width={next(widths)}" if fresh else f"{parts.path}?{parts.query}"
                request = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: {accept}\r\n\r\n"
                started = perf_counter()
                writer.write(request.encode())
                status = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
                latencies.append(perf_counter() - started)
                if not status.startswith(b"HTTP/1.1 200"):
                    errors += 1
        finally:
            writer.close()

    started = perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    seconds = perf_counter() - started
    return Load(len(latencies), seconds, percentile(latencies, 50), percentile(latencies, 95), errors)
