"""aemviewer: look at what the AEM Assets Delivery API delivers."""

import sys

__version__ = "0.1.0"

APP_NAME = "aemviewer"
"""The name of the folders aemviewer keeps its configuration, log and state in."""

# httpx imports its optional command line (click, rich and pygments, ~40 ms) whenever those happen
# to be installed; aemviewer never runs it. Marked absent, httpx falls back to a stub `httpx.main`.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
