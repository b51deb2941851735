"""The files of a video asset: a folder that mirrors the URLs under the asset.

```
videos/mosaic-tour/manifest.m3u8          → /adobe/assets/{id}/manifest.m3u8
videos/mosaic-tour/manifest.mpd           → /adobe/assets/{id}/manifest.mpd   (optional)
videos/mosaic-tour/hls/720p/index.m3u8    → /adobe/assets/{id}/hls/720p/index.m3u8
videos/mosaic-tour/dash/720p/segment0.m4s → /adobe/assets/{id}/dash/720p/segment0.m4s
```

Playlists written with relative URIs therefore work unchanged, whatever host and prefix serve them.
Any packager's output fits, as long as the master is called `manifest.m3u8` and the media sit under
`hls/` (and `dash/` for a DASH manifest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HLS_MASTER: Final = "manifest.m3u8"
DASH_MANIFEST: Final = "manifest.mpd"
STREAMING_FOLDERS: Final = ("hls", "dash")
"""The sub-folders served under the asset, one per streaming format."""

MEDIA_TYPES: Final = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".mpd": "application/dash+xml",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".m4v": "video/mp4",
    ".aac": "audio/aac",
    ".vtt": "text/vtt",
    ".key": "application/octet-stream",
}
"""By extension; what HLS and DASH players expect (RFC 8216, ISO/IEC 23009-1 Annex C)."""

_PART = re.compile(r"[\w.-]+")


class VideoFolderError(ValueError):
    """The catalogue's `video` folder cannot be served; the message says why."""


@dataclass(frozen=True)
class VideoFiles:
    """A video asset's streaming files, checked at load time."""

    folder: Path
    hls_master: Path
    dash_manifest: Path | None

    def streaming_file(self, kind: str, relative: str) -> Path | None:
        """The file at `hls/…` or `dash/…` (`kind`), or None when there is none or the path tries
        to leave its folder. Only plain names (letters, digits, `.`, `-`, `_`) are served."""
        if kind not in STREAMING_FOLDERS:
            return None
        parts = relative.split("/")
        if not parts or any(not _PART.fullmatch(part) or part in (".", "..") for part in parts):
            return None
        base = self.folder / kind
        path = base.joinpath(*parts)
        try:
            resolved = path.resolve(strict=True)
        except OSError:
            return None
        if not resolved.is_relative_to(base.resolve()) or not resolved.is_file():
            return None
        return resolved

    def files(self) -> list[Path]:
        """Every file of the video folder, sorted (what the asset's version fingerprints)."""
        return sorted(path for path in self.folder.rglob("*") if path.is_file())


def load_video_folder(root: Path, relative: str) -> VideoFiles:
    """Check the `video` folder of a record: inside the library, with a `manifest.m3u8`.

    Raises `VideoFolderError` with a message for the catalogue error.
    """
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise VideoFolderError(f"{relative!r} must be a folder inside the library folder (no '..')")
    folder = (root / candidate).resolve()
    if not folder.is_relative_to(root):
        raise VideoFolderError(f"{relative!r} leads outside the library folder")
    if not folder.is_dir():
        raise VideoFolderError(f"no folder at {relative!r}")
    master = folder / HLS_MASTER
    if not master.is_file():
        raise VideoFolderError(
            f"{relative!r} has no {HLS_MASTER} (the HLS master playlist; its media go under hls/)"
        )
    dash = folder / DASH_MANIFEST
    return VideoFiles(folder=folder, hls_master=master, dash_manifest=dash if dash.is_file() else None)


def media_type_of(path: Path) -> str:
    """The media type of a streaming file (application/octet-stream when unknown)."""
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
