"""`aemviewer diff ASSET --a PROFILE|URL --b PROFILE|URL`: the same image from two environments.

A side given as a URL is asked without any token (a token belongs to one host, and two hosts are in
play); a side given as a saved profile gets that profile's token, CA file and proxy.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import NoReturn

from aemviewer.api_spec import API_PREFIX
from aemviewer.cli.clients import host_policy
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import add_modifier_options, modifiers_from_options
from aemviewer.cli.numbers import decimal
from aemviewer.cli.profile_option import ProfileSettings
from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_pool import ClientPool, HostPolicy
from aemviewer.delivery.client_settings import connection_settings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import ExitCode, InvalidInput, NotFound
from aemviewer.delivery.printable import printable
from aemviewer.delivery.reference import AssetRef, parse_reference
from aemviewer.qa.diff import DiffReport, Side, compare_sides, fetch_side
from aemviewer.qa.format_matrix import MODERN_BROWSER, accept_profile
from aemviewer.workspace.profile_store import ProfileStore
from aemviewer.workspace.profiles import HostKind


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `diff` subcommand."""
    parser = sub.add_parser(
        "diff",
        help=LAZY_COMMANDS["diff"].help,
        description="Request the same image from environment A and B and compare status, type, bytes, "
        "pixel size and headers, and how different the two images look: mean absolute difference "
        "(0-255 per RGB channel) and PSNR. Images of different sizes are compared after scaling the "
        "larger to the smaller. Exit 0 when both deliver the same type and size and the mean absolute "
        "difference is at most --threshold; 9 when they differ or one answers 404.",
    )
    parser.add_argument("asset", metavar="ASSET", help="asset id, vanity id or delivery URL")
    parser.add_argument("--a", dest="side_a", required=True, metavar="PROFILE|URL", help="environment A")
    parser.add_argument("--b", dest="side_b", required=True, metavar="PROFILE|URL", help="environment B")
    parser.add_argument(
        "--threshold",
        type=decimal,
        default=0.0,
        metavar="T",
        help="largest mean absolute difference (0-255) still called equal (default 0: identical pixels)",
    )
    parser.add_argument(
        "--accept", metavar="PROFILE", default=MODERN_BROWSER.name, help="Accept profile (default modern)"
    )
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    add_modifier_options(parser)
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, console: Console) -> int:
    """Fetch both sides, compare, print; 0 when equal within the threshold, else `DIFFERENT`."""
    if not 0 <= args.threshold <= 255:
        raise InvalidInput(f"--threshold {args.threshold:g} is out of range.", hint="Give 0 to 255.")
    ref = parse_reference(args.asset)
    modifiers = modifiers_from_options(args, ref.modifiers, console, image_format=ref.format)
    accept = accept_profile(args.accept)
    image_format = args.format or ref.format or "jpg"
    sides: list[Side] = []
    for label, spec in (("A", args.side_a), ("B", args.side_b)):
        async with side_client(spec, ref, args.timeout) as client:
            url = client.endpoints.image(
                ref.asset_id, None if modifiers.is_default else modifiers, format=image_format
            )
            sides.append(await fetch_side(client, label, url, accept.header))
    if sides[0].missing and sides[1].missing:
        raise_missing_both(ref, sides)
    report = compare_sides(sides[0], sides[1], threshold=args.threshold)
    if args.json:
        console.print(json.dumps(report.to_json(), indent=2))
    else:
        for line in report_lines(report):
            console.print(line)
    return 0 if report.equal else int(ExitCode.DIFFERENT)


def raise_missing_both(ref: AssetRef, sides: list[Side]) -> NoReturn:

    raise NotFound(
        f"{ref.asset_id} answers 404 in both environments ({sides[0].url} and {sides[1].url}).",
        status=404,
        hint="Check the asset id; restricted assets need a profile with a token on each side.",
        url=sides[0].url,
    )


@asynccontextmanager
async def side_client(spec: str, ref: AssetRef, timeout: float) -> AsyncIterator[DeliveryClient]:
    """A client for one side: a base URL (no token) or a saved profile (its token and settings)."""
    if "://" in spec:
        # The pool's rule, as for --base-url: a custom domain's prefix (or none) belongs to that host.
        pinned = HostPolicy(home=DeliveryEndpoints(spec, API_PREFIX), pin_to_home=True)
        endpoints = ClientPool(pinned).endpoints_for(ref)
        settings = connection_settings(timeout)
    else:
        profile = ProfileStore().get(spec)
        if profile.host_kind is HostKind.EMULATOR:
            raise InvalidInput(
                f"Profile {spec!r} is the built-in emulator, which diff does not start.",
                hint="Run `aemviewer serve` and give its URL as --a or --b.",
            )
        endpoints = profile.endpoints()
        options = argparse.Namespace(
            profile_settings=ProfileSettings(profile, endpoints.base_url), timeout=timeout, base_url=None
        )
        policy = host_policy(options)
        settings = replace(policy.settings, token=policy.token)
    async with DeliveryClient(endpoints, settings) as client:
        yield client


def report_lines(report: DiffReport) -> list[str]:
    """The comparison in words, side A then B, then each difference."""
    lines = []
    for side in (report.a, report.b):
        delivery = side.delivery
        if delivery is None:
            lines.append(f"{side.label}: missing (404): the asset is not delivered there  {side.url}")
        else:
            lines.append(
                f"{side.label}: {delivery.status} {delivery.media_type or '-'}, {delivery.byte_count:,} bytes  {side.url}"
            )
    a, b, image = report.a.delivery, report.b.delivery, report.image
    if a is not None and b is not None and image is not None:
        lines.append(
            f"type: {'same' if a.media_type == b.media_type else 'differs'} ({a.media_type} / {b.media_type})"
        )
        change = (b.byte_count - a.byte_count) / a.byte_count * 100 if a.byte_count else 0.0
        lines.append(f"bytes: {a.byte_count:,} / {b.byte_count:,} ({change:+.1f}%)")
        size_a, size_b = (f"{w}×{h}" for w, h in (image.size_a, image.size_b))
        if image.scaled:
            compared = "×".join(map(str, image.compared_size))
            lines.append(f"pixels: differ: A {size_a}, B {size_b} (compared at {compared})")
        else:
            lines.append(f"pixels: same ({size_a})")
        psnr = "∞ (identical)" if math.isinf(image.psnr) else f"{image.psnr:.2f}"
        lines.append(
            f"image difference (8-bit RGB): mean absolute difference {image.mean_absolute_difference:.3f}, "
            f"PSNR {psnr} dB"
        )
        lines.append(f"headers: {len(report.headers)} differ")
        for header in report.headers:
            lines.append(
                f"  {header.name}: {printable(header.a or '(absent)')} | {printable(header.b or '(absent)')}"
            )
    verdict = "equal" if report.equal else "different"
    lines.append(f"verdict: {verdict} (threshold {report.threshold:g})")
    return lines
