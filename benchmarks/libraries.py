"""Emulator libraries built for the benchmarks, in a temporary folder (docs/catalogue.md).

* `big_original`: one asset whose original is a 1 GiB sparse file (reads cost no disk I/O, so the
  server is as fast as it can be and the client is what is measured);
* `renditions`: 50 assets with 10 renditions each (500 files of 20–200 kB, like thumbnails and web
  renditions);
* `demo_copy`: the demo library's mosaic photograph (4096 × 2304), optionally with a rendition
  holding given bytes (the static twin of a transformed answer).
"""

from __future__ import annotations

import json
import random
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from aemviewer.resources import demo_library

GIB = 2**30
MOSAIC = "originals/sample-photographs-mosaic.jpg"
SMALL_JPEG = "originals/chelsea-the-cat.jpg"


def asset_id(name: str) -> str:
    """A stable asset id for a benchmark asset (the same on every run)."""
    return f"urn:aaid:aem:{uuid.uuid5(uuid.NAMESPACE_URL, 'aemviewer-benchmark/' + name)}"


def _write_catalogue(folder: Path, assets: list[dict[str, object]]) -> None:
    (folder / "catalogue.json").write_text(json.dumps({"assets": assets}, indent=1))


def big_original(folder: Path, size: int = GIB) -> str:
    """A library with one asset whose original is `size` bytes (a sparse file); returns its id."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "original.mp4").open("wb") as handle:
        handle.truncate(size)
    shutil.copyfile(demo_library() / SMALL_JPEG, folder / "poster.jpg")
    identifier = asset_id("big-original")
    _write_catalogue(folder, [{"id": identifier, "file": "original.mp4", "preview": "poster.jpg"}])
    return identifier


@dataclass(frozen=True)
class Rendition:
    asset_id: str
    name: str
    size: int


def renditions(folder: Path, assets: int = 50, per_asset: int = 10, seed: int = 9) -> list[Rendition]:
    """A library of `assets` × `per_asset` renditions of random bytes; returns them in order."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_library() / SMALL_JPEG, folder / "original.jpg")
    chooser = random.Random(seed)
    records: list[dict[str, object]] = []
    made: list[Rendition] = []
    for number in range(assets):
        identifier = asset_id(f"batch-{number}")
        files: dict[str, str] = {}
        for index in range(per_asset):
            name = f"cq5dam.web.{number}.{index}.jpeg"
            size = chooser.randint(20_000, 200_000)
            (folder / name).write_bytes(chooser.randbytes(size))
            files[name] = name
            made.append(Rendition(identifier, name, size))
        records.append({"id": identifier, "file": "original.jpg", "renditions": files})
    _write_catalogue(folder, records)
    return made


def demo_copy(folder: Path, static_bytes: bytes | None = None) -> str:
    """A library with the demo's mosaic photograph (and, given `static_bytes`, a rendition
    `static.webp` holding them); returns the asset id."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_library() / MOSAIC, folder / "mosaic.jpg")
    identifier = asset_id("mosaic")
    record: dict[str, object] = {"id": identifier, "file": "mosaic.jpg"}
    if static_bytes is not None:
        (folder / "static.webp").write_bytes(static_bytes)
        record["renditions"] = {"static.webp": "static.webp"}
    _write_catalogue(folder, [record])
    return identifier
