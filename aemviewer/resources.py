"""Where the bundled resources (demo library, icons) are.

An installed wheel carries them inside the package (`aemviewer/resources`); a source checkout keeps
them in the top-level `resources/` folder next to the package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_root() -> Path:
    """The folder holding `demo/`, `icons/` and the desktop files."""
    packaged = Path(str(files("aemviewer"))) / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def demo_library() -> Path:
    """The built-in demo library."""
    return resources_root() / "demo"
