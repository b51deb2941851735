"""A second environment for the QA tests: a copy of the demo library with one image changed and
one asset removed, so that `check` and `diff` have real differences to find."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image

from aemviewer.resources import demo_library

CAT = "urn:avid:aem:chelsea-the-cat"
"""Changed: the original is cropped to its left half (another aspect ratio, other pixels)."""
CAT_FILE = "originals/chelsea-the-cat.jpg"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
"""Removed from the copy: it answers 404 there."""
COFFEE = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
"""Unchanged: identical in both environments."""


def write_changed_library(folder: Path) -> Path:
    """Copy the demo library (without its videos, which these tests do not need) into `folder`,
    change the cat and remove the astronaut. Returns the library folder."""
    source = demo_library()
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.mp4", "*.ts", "*.m4s", "videos"))
    catalogue_path = folder / "catalogue.json"
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    catalogue["assets"] = [
        asset
        for asset in catalogue["assets"]
        if asset["id"] != ASTRONAUT and "video" not in asset and not asset["file"].endswith(".mp4")
    ]
    catalogue_path.write_text(json.dumps(catalogue, indent=2), encoding="utf-8")
    with Image.open(folder / CAT_FILE) as original:
        half = original.crop((0, 0, original.width // 2, original.height))
        half.save(folder / CAT_FILE, quality=90)
    return folder
