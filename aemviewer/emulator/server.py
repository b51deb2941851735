"""Running the emulator: in a background thread of the app or the tests (`EmulatorServer`), or in the
foreground for `aemviewer serve` (`serve`)."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Final

import uvicorn

from aemviewer.api_spec import API_PREFIX
from aemviewer.emulator.app import create_app
from aemviewer.emulator.catalogue import load_library
from aemviewer.emulator.library import Library
from aemviewer.emulator.limits import RenderGate
from aemviewer.emulator.request_log import RequestLog, rotating_file
from aemviewer.resources import demo_library

GRACEFUL_SHUTDOWN: Final = 2


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before uvicorn runs so that port 0 yields a known port at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and without it
    # Nagle + delayed ACK add 40 ms to every answer on a kept-alive connection.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _config(app: object) -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        lifespan="off",
        log_config=None,  # leave the host application's logging alone
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
    )


class _ForegroundServer(uvicorn.Server):
    """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown (so the process dies of it);
    `serve` returns normally instead, and the command line exits with its own code."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C: stop waiting for open connections
        else:
            self.should_exit = True


class EmulatorServer:
    """The emulator on a loopback port, served by uvicorn in a daemon thread.

    ```
    with EmulatorServer(load_library(folder)) as server:
        httpx.get(server.base_url + "/adobe/assets/…/metadata")
    ```
    """

    def __init__(
        self,
        library: Library,
        host: str = "127.0.0.1",
        port: int = 0,
        prefix: str = API_PREFIX,
        *,
        request_log: RequestLog | None = None,
        render_gate: RenderGate | None = None,
    ) -> None:
        self.library = library
        self.host = host
        self.port = port
        self.prefix = prefix
        self.request_log = request_log if request_log is not None else RequestLog()
        """The latest requests as `METHOD /path?query`, in arrival order."""
        self.app = create_app(library, prefix=prefix, request_log=self.request_log, render_gate=render_gate)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        """`http://host:port` once started."""
        if self._base_url is None:
            raise RuntimeError("the emulator is not started; call start() first")
        return self._base_url

    def start(self) -> str:
        """Start serving; returns once the server accepts requests, with its base URL."""
        if self._thread is not None:
            return self.base_url
        sock = _bind(self.host, self.port)
        server = uvicorn.Server(_config(self.app))
        failure: list[BaseException] = []

        def run() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as error:  # noqa: BLE001 - reported to start() below
                failure.append(error)
            finally:
                sock.close()

        thread = threading.Thread(target=run, name="aemviewer-emulator", daemon=True)
        thread.start()
        started = threading.Event()
        # uvicorn sets `started` from its loop; poll it briefly rather than patching its internals.
        while not server.started and thread.is_alive():
            started.wait(0.01)
        if not server.started:
            thread.join(1)
            raise RuntimeError(f"the emulator did not start: {failure[0] if failure else 'unknown reason'}")
        self._server, self._thread = server, thread
        self._base_url = _url(sock)
        return self._base_url

    def stop(self) -> None:
        """Stop serving and wait for the thread (open connections get a short grace period)."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(GRACEFUL_SHUTDOWN + 5)
        self._server = self._thread = None

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def serve(
    library_dir: Path | None,
    host: str,
    port: int,
    *,
    log_requests: bool,
    announce: Callable[[str], None],
    log: Callable[[str], None] | None = None,
    log_file: Path | None = None,
    prefix: str = API_PREFIX,
) -> None:
    """Serve `library_dir` (the demo library when None) in the foreground until SIGINT/SIGTERM,
    then shut down gracefully and return.

    Calls `announce(base_url)` once the server accepts requests. With `log_requests`, every request
    line (`METHOD /path?query`) goes to `log` (default: standard error), or with `log_file` to
    that file, rotated (`request_log.rotating_file`). `prefix` as in `create_app`. Raises
    `LibraryError` for an unusable library and `OSError` when the address cannot be bound or the
    log file cannot be opened.
    """
    library = load_library(library_dir if library_dir is not None else demo_library())
    request_log: RequestLog | None = None
    if log_file is not None:
        request_log = RequestLog(echo=rotating_file(log_file))
    elif log_requests:
        request_log = RequestLog(echo=log or (lambda line: print(line, file=sys.stderr, flush=True)))
    app = create_app(library, prefix=prefix, request_log=request_log)
    sock = _bind(host, port)
    server = _ForegroundServer(_config(app))

    async def main() -> None:
        running = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started and not running.done():
            await asyncio.sleep(0.01)
        if server.started:
            announce(_url(sock))
        await running

    try:
        asyncio.run(main())
    finally:
        sock.close()
