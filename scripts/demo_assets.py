"""What both demo generators share (scripts/make_demo_library.py and scripts/make_demo_videos.py):
the assets' fixed ids, the image profile's smart crops and how renditions are sized."""

from __future__ import annotations

import uuid
from typing import Any

from PIL import Image

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/aemviewer/demo-library")
PROFILE = {"Square": (1080, 1080), "Landscape": (1280, 720), "Portrait": (800, 1000)}
"""The image profile's smart crops: name → nominal delivered size (their aspect ratio)."""


def asset_id(slug: str) -> str:
    """The demo asset's fixed id."""
    return f"urn:aaid:aem:{uuid.uuid5(NAMESPACE, slug)}"


def focus_box(size: tuple[int, int], aspect: float, focus: tuple[float, float]) -> tuple[float, ...]:
    """The largest rectangle of `aspect` inside the image, centred on `focus` as far as it fits."""
    width, height = size
    if width / height > aspect:
        box_w, box_h = height * aspect, float(height)
    else:
        box_w, box_h = float(width), width / aspect
    left = min(max(focus[0] * width - box_w / 2, 0), width - box_w)
    top = min(max(focus[1] * height - box_h / 2, 0), height - box_h)
    return tuple(round(value, 4) for value in (left / width, top / height, box_w / width, box_h / height))


def profile_crops(size: tuple[int, int], focus: tuple[float, float]) -> list[dict[str, Any]]:
    """The profile's smart crops of an image of `size`, each centred on `focus` as far as it fits."""
    crops = []
    for name, (nominal_w, nominal_h) in PROFILE.items():
        left, top, width, height = focus_box(size, nominal_w / nominal_h, focus)
        crops.append({"name": name, "left": left, "top": top, "normalizedWidth": width,
                      "normalizedHeight": height, "width": nominal_w, "height": nominal_h})  # fmt: skip
    return crops


def fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Resized to fit inside `box`, never enlarged (how AEM sizes its renditions)."""
    copy = image.copy()
    copy.thumbnail(box, Image.Resampling.LANCZOS)
    return copy
