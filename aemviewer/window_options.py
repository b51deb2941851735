"""What the command line tells the window: built by the CLI's parser, read by `app.main`.

Qt-free, so that the command line builds it without loading Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aemviewer.api_spec import API_PREFIX
from aemviewer.delivery.timeouts import DEFAULT_TIMEOUT

Theme = Literal["system", "light", "dark", "high-contrast"]
THEMES: tuple[Theme, ...] = ("system", "light", "dark", "high-contrast")


@dataclass(frozen=True)
class WindowOptions:
    """How to open the window. Without `base_url` and `profile`, the last used profile (the demo
    library at first)."""

    asset: str | None = None
    """An asset id or delivery URL to open first."""
    base_url: str | None = None
    """A delivery host for this session (token from AEMVIEWER_TOKEN), instead of a profile."""
    prefix: str = API_PREFIX
    """The path before the asset id on `base_url`."""
    profile: str | None = None
    """A saved profile to start on."""
    theme: Theme | None = None
    """The colour theme for this run; None: the one chosen in the View menu (system at first)."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds a request may wait for the connection or for its next byte."""
