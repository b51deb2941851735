"""The httpx transport: system trust store, HTTP/2, and large socket reads.

httpcore reads 64 KiB per socket read; streaming a large original over loopback that way measured
0.4–1.15× curl on small machines, 1 MiB reads 0.7–1.5× (see DESIGN.md). httpcore has no setting for
it, so the connection pool gets a network backend whose streams read up to `READ_SIZE` at a time.
"""

from __future__ import annotations

import os
import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.request import getproxies

import httpcore
import httpx
import truststore

from aemviewer.delivery.errors import InvalidInput

READ_SIZE = 1024 * 1024
"""Bytes asked of the socket per read, and the default chunk size of streamed bodies."""

DEFAULT_LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30.0)


def ssl_context(extra_ca_file: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """A TLS context over the system trust store (corporate CAs included), plus an optional CA file."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if extra_ca_file is not None:
        try:
            context.load_verify_locations(cafile=os.fspath(extra_ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise InvalidInput(
                f"The CA file {os.fspath(extra_ca_file)!r} could not be loaded: {exc}.",
                hint="Choose a PEM file with one or more CA certificates, or remove it from the profile.",
            ) from exc
    return context


def build_transport(
    context: ssl.SSLContext, *, http2: bool = True, limits: httpx.Limits = DEFAULT_LIMITS
) -> httpx.AsyncHTTPTransport:
    """An `httpx.AsyncHTTPTransport` whose connections read up to `READ_SIZE` bytes per socket read."""
    transport = httpx.AsyncHTTPTransport(verify=context, http2=http2, limits=limits)
    # httpx offers no way to pass a network backend; its pool attribute is replaced with an
    # identical pool that has one. Should httpx rename it, the default pool (64 KiB reads) stays.
    if isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=LargeReadBackend(httpcore.AnyIOBackend()),
        )
    return transport


_LOOPBACK = ("all://127.0.0.1", "all://localhost", "all://[::1]")


def proxy_mounts(
    proxy: str | None, *, system: bool, context: ssl.SSLContext, http2: bool = True
) -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx `mounts` for the proxy: everything through `proxy` when given; else, with `system`, the
    system's proxies (`HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY`, or the Windows and macOS
    settings, as `urllib.request.getproxies` reads them); else none. Loopback is always reached
    directly: a proxy elsewhere cannot reach this machine's emulator. `None` means the client's own
    transport (no proxy)."""
    routes: dict[str, str | None]
    if proxy:
        routes = {"all://": proxy}
    elif system:
        routes = _system_proxies()
    else:
        return {}
    if not routes:
        return {}
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {
        pattern: None
        if url is None
        else httpx.AsyncHTTPTransport(proxy=url, verify=context, http2=http2, limits=DEFAULT_LIMITS)
        for pattern, url in routes.items()
    }
    mounts.update(dict.fromkeys(_LOOPBACK))
    return mounts


def _system_proxies() -> dict[str, str | None]:
    # The same reading of the variables as httpx's (and curl's) when it builds its own transport.
    found = getproxies()
    routes: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        url = found.get(scheme)
        if url:
            routes[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    for host in (part.strip() for part in found.get("no", "").split(",")):
        if host == "*":
            return {}
        if not host:
            continue
        if "://" in host:
            routes[host] = None
        elif ":" in host and not host.startswith("["):
            routes[f"all://[{host}]"] = None  # an IPv6 address
        elif host[0].isdigit() or host == "localhost":
            routes[f"all://{host}"] = None
        else:
            routes[f"all://*{host}"] = None  # the domain and its subdomains
    return routes


class LargeReadStream(httpcore.AsyncNetworkStream):
    """A network stream that asks for at least `read_size` bytes at every read."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, read_size: int = READ_SIZE) -> None:
        self._inner = inner
        self._read_size = read_size
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max(max_bytes, self._read_size), timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        inner = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return LargeReadStream(inner, self._read_size)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self._socket is not None:
            # The connection pool asks this of every pooled connection at every request (an idle
            # connection that became readable was closed by the server). anyio looks the socket
            # up through a freshly built map of attributes each time: a third of a small
            # request's pool work (BENCHMARKS.md); the socket does not change.
            return _readable(self._socket)
        return self._inner.get_extra_info(info)


def _readable(sock: socket.socket) -> bool:
    """Whether `sock` has data or an end waiting (True for a closed socket, as httpcore's check)."""
    if sock.fileno() < 0:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


class LargeReadBackend(httpcore.AsyncNetworkBackend):
    """Wraps another backend so that its streams are `LargeReadStream`s."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, read_size: int = READ_SIZE) -> None:
        self._inner = inner
        self._read_size = read_size

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return LargeReadStream(stream, self._read_size)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(path, timeout, socket_options)
        return LargeReadStream(stream, self._read_size)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
