"""The video endpoints: manifests, their media playlists and segments, and the player page.

```
{id}/manifest.m3u8         HLS master playlist        application/vnd.apple.mpegurl
{id}/manifest.mpd          DASH manifest              application/dash+xml
{id}/hls/{path}            media playlists, segments  (by extension: .m3u8, .ts, …)
{id}/dash/{path}           init and media segments    (.mp4, .m4s, …)
{id}/play                  HTML page for an <iframe>  text/html
```

Everything follows the image endpoints' visibility and token rules (404 for what the caller may not
see), with ETags, 304s and byte ranges. Assets without video files answer 404 `no-video`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import Response

from aemviewer.emulator.caching import delivery_headers, is_not_modified, not_modified, strong_etag
from aemviewer.emulator.library import Asset
from aemviewer.emulator.problems import NO_VIDEO, NOT_FOUND, problem
from aemviewer.emulator.routes import Refusal, delivered_asset  # the image endpoints' visibility rules
from aemviewer.emulator.streaming import file_response
from aemviewer.emulator.video_files import HLS_MASTER, VideoFiles, media_type_of

_POSTER_WIDTH = 1280


def _video_of(request: Request) -> tuple[Asset, VideoFiles]:
    asset, _caller = delivered_asset(request)
    if asset.video is None:
        raise Refusal(
            problem(
                request,
                404,
                NO_VIDEO,
                f"Asset {asset.id} is not a video ({asset.media_type}): it has no player page and no "
                "manifests.",
            )
        )
    return asset, asset.video


async def _serve(request: Request, asset: Asset, name: str, file: Path) -> Response:
    return await file_response(
        request,
        file,
        media_type=media_type_of(file),
        etag=strong_etag(asset.version, "video", name),
        modified=asset.modified,
    )


async def hls_master(request: Request) -> Response:
    """`{id}/manifest.m3u8`: the HLS master playlist as stored (relative URIs into `hls/`)."""
    try:
        asset, video = _video_of(request)
    except Refusal as refusal:
        return refusal.response
    return await _serve(request, asset, HLS_MASTER, video.hls_master)


async def dash_manifest(request: Request) -> Response:
    """`{id}/manifest.mpd`: the DASH manifest, when the video has one."""
    try:
        asset, video = _video_of(request)
    except Refusal as refusal:
        return refusal.response
    if video.dash_manifest is None:
        return problem(request, 404, NO_VIDEO, f"Video {asset.id} has an HLS playlist but no DASH manifest.")
    return await _serve(request, asset, video.dash_manifest.name, video.dash_manifest)


async def hls_file(request: Request) -> Response:
    """`{id}/hls/{path}`: media playlists and segments of the HLS variants."""
    return await _streaming_file(request, "hls")


async def dash_file(request: Request) -> Response:
    """`{id}/dash/{path}`: initialization and media segments of the DASH representations."""
    return await _streaming_file(request, "dash")


async def _streaming_file(request: Request, kind: str) -> Response:
    try:
        asset, video = _video_of(request)
    except Refusal as refusal:
        return refusal.response
    relative = request.path_params["path"]
    file = video.streaming_file(kind, relative)
    if file is None:
        return problem(
            request,
            404,
            NOT_FOUND,
            f"Video {asset.id} has no {kind.upper()} file {relative!r}; its manifest lists the files there are.",
        )
    return await _serve(request, asset, f"{kind}/{relative}", file)


async def player_page(request: Request) -> Response:
    """`{id}/play`: a page with a `<video>` for an `<iframe>`.

    No adaptive-streaming script ships with it (the emulator is offline): browsers that play HLS
    natively (Safari, iOS, recent Chrome on Android) take the manifest; the others fall back to the
    MP4 original. The poster is the image endpoint on the video's id.
    """
    try:
        asset, _video = _video_of(request)
    except Refusal as refusal:
        return refusal.response
    etag = strong_etag(asset.version, "play")
    headers = delivery_headers(etag, asset.modified)
    if is_not_modified(request, etag, asset.modified):
        return not_modified(headers)
    return Response(_page(asset), media_type="text/html; charset=utf-8", headers=headers)


def _page(asset: Asset) -> str:
    title = str(asset.asset_metadata.get("dc:title") or asset.name)
    stem = PurePosixPath(asset.name).stem or "video"
    # Every URL is relative to …/{id}/play, i.e. resolves under the asset whatever host serves it.
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
  html, body {{ margin: 0; height: 100%; background: #000; }}
  video {{ display: block; width: 100%; height: 100%; object-fit: contain; }}
</style>
</head>
<body>
<!-- HLS where the browser plays it natively; the MP4 original everywhere else. -->
<video controls playsinline preload="metadata" poster="as/{escape(stem)}.jpg?width={_POSTER_WIDTH}"
       aria-label="{escape(title)}">
  <source src="manifest.m3u8" type="application/vnd.apple.mpegurl">
  <source src="original/as/{escape(asset.name)}" type="{escape(asset.media_type)}">
  <p>This browser cannot play the video. <a href="original/as/{escape(asset.name)}">Download it</a>.</p>
</video>
</body>
</html>
"""
