"""A loopback link shaped to a given rate: a tiny TCP proxy that paces the server's bytes.

    python -m benchmarks.shaped_link --to 127.0.0.1:8080 [--rate 125000000]

prints the port it listens on (first line of stdout) and forwards every connection to `--to`,
sending the answers on at no more than `--rate` bytes per second for all connections together (a
token bucket of `BURST` bytes; 125 000 000 B/s is 1 Gbit/s). Requests go upstream unshaped. Runs in
its own process, so that pacing never shares a GIL with a client being measured. `tc` in a network
namespace would shape in the kernel, but needs root; this needs nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from typing import Final

GIGABIT: Final = 125_000_000
"""1 Gbit/s in bytes per second."""
READ_SIZE: Final = 256 * 1024
BURST: Final = 512 * 1024
"""Bytes that may leave at once after a pause: about 4 ms at 1 Gbit/s, like a NIC's queue."""


class Pacer:
    """A token bucket shared by every connection: `await take(n)` returns when `n` bytes may go."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._available = float(BURST)
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()

    async def take(self, count: int) -> None:
        async with self._lock:
            now = time.monotonic()
            self._available = min(BURST, self._available + (now - self._updated) * self.rate)
            self._updated = now
            self._available -= count
            if self._available < 0:
                await asyncio.sleep(-self._available / self.rate)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pacer: Pacer | None) -> None:
    try:
        while chunk := await reader.read(READ_SIZE):
            if pacer is not None:
                await pacer.take(len(chunk))
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass  # either side went away: the other is closed below, as a cut link would be
    finally:
        with contextlib.suppress(ConnectionError, RuntimeError):
            writer.close()


async def serve(host: str, port: int, rate: float) -> None:
    pacer = Pacer(rate)

    async def connect(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(host, port)
        await asyncio.gather(
            _pipe(client_reader, server_writer, None), _pipe(server_reader, client_writer, pacer)
        )

    server = await asyncio.start_server(connect, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shaped_link", description=__doc__)
    parser.add_argument("--to", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--rate", type=float, default=GIGABIT, help="bytes per second (default 1 Gbit/s)")
    args = parser.parse_args()
    host, _, port = args.to.rpartition(":")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(host, int(port), args.rate))


if __name__ == "__main__":
    main()
