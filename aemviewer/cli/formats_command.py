"""`aemviewer formats ASSET`: the format matrix on the command line — the image with the given
modifiers in every output format, with auto-format on and off, for chosen Accept profiles, as a
table (or JSON) with the smallest delivery marked."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from aemviewer.api_spec import LEGACY_IMAGE_FORMATS
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.commands import delivery_client
from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import add_modifier_options, modifiers_from_options
from aemviewer.cli.numbers import count
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import Operation, parse_reference
from aemviewer.qa.format_matrix import (
    ACCEPT_PROFILES,
    DEFAULT_CONCURRENCY,
    DEFAULT_FORMATS,
    MAX_CONCURRENCY,
    MatrixRequest,
    MatrixResult,
    accept_profile,
    plan_matrix,
    run_matrix,
    smallest,
    smallest_by_accept,
)

_HEADINGS = (
    "accept",
    "auto-format",
    "format",
    "quality",
    "status",
    "delivered",
    "bytes",
    "pixels",
    "time",
    "",
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `formats` subcommand."""
    profiles = ", ".join(f"{p.name} ({p.header})" for p in ACCEPT_PROFILES)
    parser = sub.add_parser(
        "formats",
        help=LAZY_COMMANDS["formats"].help,
        description="Request the image with the given modifiers in every output format, with "
        "auto-format on and off, for each Accept profile, and print delivered type, bytes, pixel "
        "size and time; the smallest is marked. --format limits it to one format, --no-auto-format "
        "to auto-format=false.",
    )
    parser.add_argument("asset", metavar="ASSET")
    parser.add_argument(
        "--accept",
        action="append",
        metavar="PROFILE",
        help=f"Accept profile, repeatable: {profiles}; or a whole Accept header (default: all three)",
    )
    parser.add_argument(
        "--qualities", metavar="Q,Q,…", help="also request each cell at these quality levels, e.g. 40,60,80"
    )
    parser.add_argument("--legacy", action="store_true", help="include " + ", ".join(LEGACY_IMAGE_FORMATS))
    parser.add_argument(
        "--concurrency",
        type=count,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests at once, 1-{MAX_CONCURRENCY} (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    add_modifier_options(parser)
    parser.set_defaults(run=run)


def _qualities(text: str | None) -> list[int | None]:
    if not text:
        return [None]
    levels: list[int | None] = []
    for part in text.replace(" ", "").split(","):
        # ImageModifiers validates and words the error exactly as for --quality.
        levels.append(ImageModifiers.from_query([("quality", part)]).quality)
    return levels


async def run(args: argparse.Namespace, console: Console) -> int:
    """Plan the matrix, send it with a bound on concurrency, print the table or JSON."""
    ref = parse_reference(args.asset)
    modifiers = modifiers_from_options(args, ref.modifiers, console, image_format=ref.format)
    accepts = [accept_profile(text) for text in args.accept] if args.accept else list(ACCEPT_PROFILES)
    formats = (
        (args.format,) if args.format else DEFAULT_FORMATS + (LEGACY_IMAGE_FORMATS if args.legacy else ())
    )
    auto_formats = (False,) if args.auto_format is False else (True, False)
    qualities = _qualities(args.qualities)
    async with delivery_client(args, ref, console) as client:
        seo_name = ref.seo_name if ref.operation is Operation.IMAGE else None
        plan = plan_matrix(
            client.endpoints,
            ref,
            modifiers,
            formats=formats,
            auto_formats=auto_formats,
            accepts=accepts,
            qualities=qualities,
            seo_name=seo_name,
        )

        async def fetch(request: MatrixRequest) -> Delivery:
            # No revalidation: each cell reports what the server sends for a first request.
            return await client.fetch(request.url, accept=request.accept.header, revalidate=False)

        results = await run_matrix(plan, fetch, concurrency=args.concurrency)
    if not any(result.ok for result in results) and results and results[0].error is not None:
        raise results[0].error
    if args.json:
        best = smallest(results)
        document = {
            "asset": ref.asset_id,
            "results": [result.to_json() for result in results],
            "smallest": best.to_json() if best is not None else None,
        }
        console.print(json.dumps(document, indent=2))
        return 0
    for line in matrix_table(results):
        console.print(line)
    return 0


def matrix_table(results: Sequence[MatrixResult]) -> list[str]:
    """The results as aligned text lines, then the smallest delivery's URL."""
    best = smallest(results)
    by_accept = smallest_by_accept(results)
    rows: list[tuple[str, ...]] = []
    for result in results:
        request = result.request
        mark = ""
        if result is best:
            mark = "★ smallest"
        elif by_accept.get(request.accept) is result:
            mark = f"smallest for {request.accept.label}"
        if result.error is not None:
            mark = f"failed: {result.error.message}"
        rows.append(
            (
                request.accept.label,
                "on" if request.auto_format else "off",
                request.image_format,
                str(request.quality) if request.quality is not None else "-",
                str(result.status) if result.status is not None else "-",
                result.media_type or "-",
                f"{result.byte_count:,}" if result.byte_count is not None else "-",
                f"{result.width}×{result.height}" if result.width and result.height else "-",
                f"{result.seconds * 1000:.0f} ms" if result.seconds is not None else "-",
                mark,
            )
        )
    widths = [max(len(row[column]) for row in [_HEADINGS, *rows]) for column in range(len(_HEADINGS))]
    right = {3, 4, 6, 8}
    lines = []
    for row in [_HEADINGS, *rows]:
        cells = [
            value.rjust(widths[column]) if column in right else value.ljust(widths[column])
            for column, value in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    if best is not None:
        lines.append("")
        lines.append(
            f"smallest: {best.media_type}, {best.byte_count:,} bytes, Accept: {best.request.accept.header}"
        )
        lines.append(best.request.url)
    return lines
