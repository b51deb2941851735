"""The built-in demo emulator: the demo library served in-process, started on first need.

The one place that starts it for the window (demo profile), the command line (no host given),
`video-check` and `--self-test`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from types import TracebackType

from aemviewer.emulator.catalogue import load_library
from aemviewer.emulator.library import Library
from aemviewer.emulator.server import EmulatorServer
from aemviewer.emulator.visibility import Caller, is_delivered
from aemviewer.resources import demo_library

log = logging.getLogger("aemviewer.emulator")


class DemoEmulator:
    """The emulator on the demo library: `base_url()` starts it, `stop()` (or leaving the `with`
    block) stops it. The library is read only when first asked for."""

    def __init__(self, library: Library | None = None) -> None:
        self._library = library
        self._server: EmulatorServer | None = None

    def __enter__(self) -> DemoEmulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def library(self) -> Library:
        """The demo library (read on first use)."""
        if self._library is None:
            self._library = load_library(demo_library())
        return self._library

    @property
    def running(self) -> bool:
        """Whether the server has been started (and not stopped)."""
        return self._server is not None

    @property
    def demo_token(self) -> str | None:
        """The demo token with the fewest roles that has not expired (the viewer): the demo profile
        searches with it. It opens only the demo library and is published in docs/emulator.md."""
        now = datetime.now(UTC)
        usable = [
            (len(grant.roles), token)
            for token, grant in self.library.tokens.items()
            if grant.expires is None or grant.expires > now
        ]
        return min(usable)[1] if usable else None

    def token_roles(self, token: str) -> frozenset[str]:
        """The roles the demo library grants `token` (empty for a token it does not know)."""
        grant = self.library.tokens.get(token)
        return grant.roles if grant is not None else frozenset()

    def base_url(self) -> str:
        """The server's base URL, starting it on first use."""
        if self._server is None:
            self._server = EmulatorServer(self.library)
            url = self._server.start()
            log.info("the emulator serves %s at %s", self.library.root, url)
        return self._server.base_url

    def stop(self) -> None:
        """Stop the server (it starts again on the next `base_url()`)."""
        if self._server is not None:
            self._server.stop()
            self._server = None


def first_public(library: Library, media_type: str = "image/") -> str | None:
    """The first asset in catalogue order that anyone may see and whose media type starts with
    `media_type`."""
    anonymous = Caller.anonymous()
    for asset in library.assets.values():
        if asset.media_type.startswith(media_type) and is_delivered(asset, anonymous):
            return asset.id
    return None
