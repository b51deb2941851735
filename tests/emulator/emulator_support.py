"""Constants and helpers shared by the emulator tests (fixtures live in conftest.py).

Named uniquely (not `helpers.py`) because test folders are not packages: pytest puts this folder
on sys.path, and a common name could collide with another folder's module.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

API = "/adobe/assets"

DEMO = {
    "astronaut": "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102",
    "chelsea": "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4",
    "coffee": "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a",
    "rocket": "urn:aaid:aem:cd952913-3e71-57ae-b211-dc3c3595ed39",
    "hubble": "urn:aaid:aem:ead6f34d-aff6-5006-a69d-bf02da94ed28",
    "camera": "urn:aaid:aem:290dfbc0-df8c-5876-8f10-cabf089c973d",
    "coins": "urn:aaid:aem:955e8c1d-0c28-5729-bf8e-191e11afaead",
    "mosaic": "urn:aaid:aem:f9a67a5b-d980-5182-bacb-3925ba0d1c20",
    "logo": "urn:aaid:aem:6fa721ac-8e15-5ec5-a951-8206fb811fad",
    "badge": "urn:aaid:aem:e34bd29e-626f-5931-a876-411052d127e7",
    "contact-sheet": "urn:aaid:aem:1d578003-66d9-5347-86c0-d33e77e9c105",
    "retina": "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c",
    "clock": "urn:aaid:aem:6494ea62-64e5-5ad6-a4ff-e62ecc562e36",
    "gravel": "urn:aaid:aem:03d4b0fe-bd1c-524e-b1e6-aecdd6e4dbac",
    "brick": "urn:aaid:aem:60e37b24-e918-5213-abed-7f13b3e389ea",
    "mosaic-tour": "urn:aaid:aem:8bbbbddc-bc53-5a08-88e5-ed6370b8f0e8",
    "retina-zoom": "urn:aaid:aem:f1a3df3f-17f5-5e0d-ab48-70a127bf00c3",
}
"""The demo library's fixed ids (scripts/make_demo_library.py derives them with uuid5)."""

DEMO_API_KEY = "aemviewer-demo"

# Synthetic library: a 400×200 image of four coloured quadrants, so pixel tests can tell where a
# rotation, flip or crop put each corner.
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
QUADRANTS_SIZE = (400, 200)
FIXTURE = {
    "quadrants": "urn:aaid:aem:00000000-0000-4000-8000-000000000001",
    "alpha": "urn:aaid:aem:00000000-0000-4000-8000-000000000002",
    "content-hub": "urn:aaid:aem:00000000-0000-4000-8000-000000000003",
    "switched-off": "urn:aaid:aem:00000000-0000-4000-8000-000000000004",
    "in-window": "urn:aaid:aem:00000000-0000-4000-8000-000000000005",
    "rejected": "urn:aaid:aem:00000000-0000-4000-8000-000000000006",
    "partners": "urn:aaid:aem:00000000-0000-4000-8000-000000000007",
    "not-yet": "urn:aaid:aem:00000000-0000-4000-8000-000000000008",
}
FIXTURE_TOKEN = "partner-token"
FIXTURE_PLAIN_TOKEN = "no-roles-token"


def quadrants(size: tuple[int, int] = QUADRANTS_SIZE) -> Image.Image:
    """Top-left red, top-right green, bottom-left blue, bottom-right white."""
    image = Image.new("RGB", size, WHITE)
    half_w, half_h = size[0] // 2, size[1] // 2
    image.paste(RED, (0, 0, half_w, half_h))
    image.paste(GREEN, (half_w, 0, size[0], half_h))
    image.paste(BLUE, (0, half_h, half_w, size[1]))
    return image


def write_fixture_library(folder: Path) -> None:
    """A small library covering what the demo library does not: exact pixels and every visibility rule."""
    folder.mkdir(parents=True, exist_ok=True)
    quadrants().save(folder / "quadrants.png")
    alpha = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    alpha.paste((200, 30, 30, 255), (25, 25, 75, 75))
    alpha.save(folder / "alpha.png")

    def record(key: str, file: str = "quadrants.png", **rules: Any) -> dict[str, Any]:
        return {"id": FIXTURE[key], "file": file, **rules}

    catalogue = {
        "tokens": {FIXTURE_TOKEN: ["partners"], FIXTURE_PLAIN_TOKEN: []},
        "api_keys": ["fixture-key"],
        "assets": [
            record(
                "quadrants",
                smart_crops=[
                    # The right half (green over white), delivered at most 100×100.
                    {
                        "name": "Right",
                        "left": 0.5,
                        "top": 0,
                        "normalizedWidth": 0.5,
                        "normalizedHeight": 1,
                        "width": 100,
                        "height": 100,
                    },
                    {"name": "TopLeft", "left": 0, "top": 0, "normalizedWidth": 0.5, "normalizedHeight": 0.5},
                ],
                metadata={"repositoryMetadata": {"repo:modifyDate": "2025-01-02T03:04:05Z"}},
            ),
            record("alpha", "alpha.png"),
            record("content-hub", activation_target="contentHub"),
            record("switched-off", off_time="2020-01-01T00:00:00Z"),
            record("in-window", on_time="2020-01-01T00:00:00Z", off_time="2999-01-01T00:00:00Z"),
            record("rejected", status="rejected"),
            record("partners", roles=["partners"]),
            record("not-yet", on_time="2999-01-01T00:00:00Z"),
        ],
    }
    (folder / "catalogue.json").write_text(json.dumps(catalogue, indent=1))


def decode(response: httpx.Response) -> Image.Image:
    """The delivered image, decoded (Pillow reads JPEG, PNG, GIF, WebP and AVIF)."""
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def image_url(asset: str, query: str = "", name: str = "image.jpg") -> str:
    """Path of the image-with-modifiers endpoint of a demo asset (slug) or fixture asset."""
    asset_id = DEMO.get(asset) or FIXTURE[asset]
    return f"{API}/{asset_id}/as/{name}" + (f"?{query}" if query else "")
