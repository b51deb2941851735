"""`aemviewer video-check ASSET_OR_MANIFEST_URL [--seconds 2] [--json]`: does every variant play?

Fetches the HLS master playlist, then plays each variant's media playlist offscreen for the given
time (through the same loopback proxy as the window, so restricted videos get the token) and reports
the decoded resolution, frames, time to the first frame and any error. Exit code 0 only when every
variant decoded frames. The Qt part lives in `aemviewer.ui.video.probe`, imported only here, lazily:
the rest of the command line never loads Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aemviewer.cli.clients import DemoOnDemand, pool_for
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.cli.numbers import decimal
from aemviewer.delivery.client_pool import ClientPool
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import HTTPStatusError, InvalidInput, PlaybackFailed
from aemviewer.delivery.reference import parse_reference
from aemviewer.delivery.tokens import TokenSource
from aemviewer.video.hls import MasterPlaylist, MediaPlaylist
from aemviewer.video.loading import load_hls
from aemviewer.video.proxy import PlaybackProxy

if TYPE_CHECKING:
    from aemviewer.ui.video.probe import ProbeResult

DEFAULT_SECONDS = 2.0
MAX_SECONDS = 600.0


def check_seconds(seconds: float, option: str) -> None:
    """`InvalidInput` unless `seconds` (given as `option`) is a time to play each variant for."""
    if not 0 < seconds <= MAX_SECONDS:
        raise InvalidInput(
            f"{option} {seconds:g} is out of range.", hint=f"Give 0.1 to {MAX_SECONDS:g} seconds."
        )


@dataclass(frozen=True)
class Target:
    """What to check: a playlist URL, and the host it is fetched from."""

    playlist_url: str
    endpoints: DeliveryEndpoints


def add_parser(sub: Any) -> None:
    """Register `video-check` on the command line's subparsers."""
    parser = sub.add_parser(
        "video-check",
        help=LAZY_COMMANDS["video-check"].help,
        description="Fetch the HLS master playlist of a video, play each variant offscreen for a while and "
        "report resolution, frames decoded, time to first frame and errors. Exit code 0 only when every "
        "variant decoded frames.",
    )
    parser.add_argument(
        "target", metavar="ASSET_OR_MANIFEST_URL", help="asset id, delivery URL or playlist URL"
    )
    parser.add_argument(
        "--seconds",
        type=decimal,
        default=DEFAULT_SECONDS,
        help=f"how long to play each variant (default {DEFAULT_SECONDS:g})",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Check every variant; raises `PlaybackFailed` (exit 5) when one decoded nothing."""
    report = check_variants(args, console)
    results = report["variants"]
    if args.json:
        console.print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_table(console, report)
    failed = [item for item in report["variants"] if not item["ok"]]
    if failed:
        names = ", ".join(f"{item['variant']} ({item['error'] or 'no frame decoded'})" for item in failed)
        raise PlaybackFailed(
            f"{len(failed)} of {len(results)} variants of {report['manifest']} did not play: {names}.",
            hint="Open the video in the window (Video tab) to see its manifests and which segments fail.",
            url=report["manifest"],
        )
    return 0


def check_variants(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """Play each variant of `args.target` for `args.seconds`; the report, failed variants included
    (`ok` false), without printing. The QA report reuses it."""
    check_seconds(args.seconds, "--seconds")
    text = args.target.strip()
    with DemoOnDemand() as demo:
        pool = pool_for(args, console, demo, text)
        target = _target(pool, text)
        playlist = asyncio.run(_fetch(pool, target))
        urls, labels, declared = _variants(playlist)
        token = pool.policy.token if pool.carries_token(target.endpoints) else None
        results = play_playlists(
            urls, target.endpoints.origin, token, seconds=args.seconds, timeout=args.timeout
        )
    return _report(playlist.url, args.seconds, results, labels, declared)


def play_playlists(
    urls: list[str], origin: str, token: TokenSource | None, *, seconds: float, timeout: float
) -> list[ProbeResult]:
    """Play each playlist offscreen through the loopback proxy for `origin` (which adds `token`),
    one after the other; blocking. Also `check --play`'s player."""
    from aemviewer.ui.video.probe import probe_playlists  # Qt loads here, and only here

    with PlaybackProxy(origin, token, timeout=timeout) as proxy:
        return probe_playlists(urls, proxy, seconds)


def _target(pool: ClientPool, text: str) -> Target:
    path = urlsplit(text).path if "://" in text else ""
    if path.endswith(".m3u8") and "/manifest.m3u8" not in path:
        # A variant's media playlist (or any playlist URL the reference parser does not know).
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInput(f"{text!r} is not an http(s) playlist URL.", hint="Give the whole URL.")
        return Target(text, DeliveryEndpoints(f"{parts.scheme}://{parts.netloc}", ""))
    ref = parse_reference(text)
    endpoints = pool.endpoints_for(ref)
    return Target(endpoints.manifest_hls(ref.asset_id), endpoints)


async def _fetch(pool: ClientPool, target: Target) -> MasterPlaylist | MediaPlaylist:
    async with pool:
        try:
            return await load_hls(pool.client_for(target.endpoints), target.playlist_url)
        except HTTPStatusError as error:
            if not error.detail or error.detail in error.message:
                raise
            # The server's own words say more here (e.g. "not a video"): keep them in the one line.
            raise type(error)(
                f"{error.message} The server says: {error.detail}",
                status=error.status,
                detail=error.detail,
                hint=error.hint,
                url=error.url,
            ) from error


def _variants(
    playlist: MasterPlaylist | MediaPlaylist,
) -> tuple[list[str], list[str], list[tuple[int, int] | None]]:
    if isinstance(playlist, MediaPlaylist):
        return [playlist.url], ["media playlist"], [None]
    if not playlist.variants:
        raise PlaybackFailed(
            f"The master playlist at {playlist.url} lists no variant.",
            hint="Check the packaging of the video.",
            url=playlist.url,
        )
    variants = playlist.variants
    return [v.uri for v in variants], [v.label for v in variants], [v.resolution for v in variants]


def _report(
    url: str,
    seconds: float,
    results: list[ProbeResult],
    labels: list[str],
    declared: list[tuple[int, int] | None],
) -> dict[str, Any]:
    variants = [
        {
            "variant": label,
            "url": result.url,
            "declared_resolution": list(size) if size else None,
            "resolution": [result.width, result.height] if result.width and result.height else None,
            "frames": result.frames,
            "first_frame_seconds": None
            if result.first_frame_seconds is None
            else round(result.first_frame_seconds, 3),
            "segments_fetched": result.segments_fetched,
            "error": result.error,
            "ok": result.ok,
        }
        for result, label, size in zip(results, labels, declared, strict=True)
    ]
    return {
        "manifest": url,
        "seconds": seconds,
        "ok": all(item["ok"] for item in variants),
        "variants": variants,
    }


def _print_table(console: Console, report: dict[str, Any]) -> None:
    console.print(f"{report['manifest']}: {len(report['variants'])} variants, {report['seconds']:g} s each")
    header = ("variant", "decoded", "frames", "first frame", "segments", "result")
    rows = [header]
    for item in report["variants"]:
        size = item["resolution"]
        declared = item["declared_resolution"]
        result = "ok" if item["ok"] else f"FAILED: {item['error'] or 'no frame decoded'}"
        if item["ok"] and declared and size and declared != size:
            result = f"ok, but {declared[0]}×{declared[1]} declared"
        first = item["first_frame_seconds"]
        rows.append(
            (
                item["variant"],
                f"{size[0]}×{size[1]}" if size else "–",
                str(item["frames"]),
                "–" if first is None else f"{first:.2f} s",
                str(item["segments_fetched"]),
                result,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    for row in rows:
        console.print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
        )
