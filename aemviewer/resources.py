"""Where the bundled resources (demo library, icons) are.

An installed wheel carries them inside the package as `aemviewer/data` (named apart from this module,
so that `aemviewer.resources` stays this module); a source checkout keeps them in the top-level
`resources/` folder next to the package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DESKTOP_ID = "dev.aemviewer.AemViewer"
"""The freedesktop application id: names the launcher, icons and AppStream files in `desktop/`,
so that desktops match the window to its launcher."""


def resources_root() -> Path:
    """The folder holding `demo/`, `icons/` and the desktop files."""
    packaged = Path(str(files("aemviewer"))) / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def demo_library() -> Path:
    """The built-in demo library."""
    return resources_root() / "demo"


def app_icon() -> Path:
    """The scalable application icon."""
    return resources_root() / "icons" / "aemviewer.svg"
