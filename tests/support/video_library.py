"""A small library of broken videos for the video tests, made from the demo's public video.

- `broken-master`: its master playlist has `BANDWIDTH=fast` on line 7 (the 640×360 variant);
- `missing-segment`: `hls/360p/segment1.ts` is gone (the playlist still lists it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from aemviewer.emulator import Library

PUBLIC_VIDEO = "urn:aaid:aem:8bbbbddc-bc53-5a08-88e5-ed6370b8f0e8"
"""The demo's "Sample photographs tour" (public)."""
RESTRICTED_VIDEO = "urn:aaid:aem:f1a3df3f-17f5-5e0d-ab48-70a127bf00c3"
"""The demo's "Fundus photograph zoom" (role clinical: the editor token sees it)."""
BROKEN_MASTER = "urn:aaid:aem:00000000-0000-4000-8000-0000000000a1"
MISSING_SEGMENT = "urn:aaid:aem:00000000-0000-4000-8000-0000000000a2"
BROKEN_LINE = 7


def write_broken_videos(folder: Path, demo: Library) -> None:
    """The two broken videos (copies of the public demo video) and their catalogue."""
    source = demo.assets[PUBLIC_VIDEO]
    assert source.video is not None
    records = []
    for slug, asset_id in (("broken-master", BROKEN_MASTER), ("missing-segment", MISSING_SEGMENT)):
        videos = folder / "videos" / slug
        shutil.copytree(source.video.folder, videos)
        (folder / "originals").mkdir(exist_ok=True)
        shutil.copy(source.file, folder / "originals" / f"{slug}.mp4")
        shutil.copy(source.raster.path, folder / "originals" / f"{slug}-poster.jpg")
        records.append(
            {
                "id": asset_id,
                "file": f"originals/{slug}.mp4",
                "preview": f"originals/{slug}-poster.jpg",
                "video": f"videos/{slug}",
                "metadata": {"assetMetadata": {"dc:title": slug}},
            }
        )
    master = folder / "videos" / "broken-master" / "manifest.m3u8"
    lines = master.read_text(encoding="utf-8").splitlines()
    assert lines[BROKEN_LINE - 1].startswith("#EXT-X-STREAM-INF:BANDWIDTH=")
    lines[BROKEN_LINE - 1] = lines[BROKEN_LINE - 1].replace("BANDWIDTH=", "BANDWIDTH=fast,X=", 1)
    master.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "videos" / "missing-segment" / "hls" / "360p" / "segment1.ts").unlink()
    (folder / "catalogue.json").write_text(json.dumps({"assets": records}), encoding="utf-8")
