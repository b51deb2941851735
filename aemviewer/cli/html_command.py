"""`aemviewer html ASSET`: responsive `<picture>` markup on stdout, and what each breakpoint and
format weighs (fetched from the service) on stderr — or both as JSON with `--json`."""

from __future__ import annotations

import argparse
import json

from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.commands import delivery_client
from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import add_modifier_options, modifiers_from_options
from aemviewer.delivery.byte_counts import short_bytes
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.reference import Operation, parse_reference
from aemviewer.handoff.markup import (
    DEFAULT_SIZES,
    DEFAULT_WIDTHS,
    Breakpoint,
    build_picture,
    parse_art,
    parse_widths,
)
from aemviewer.handoff.weights import SourceWeight, weigh_picture


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `html` subcommand."""
    parser = sub.add_parser(
        "html",
        help=LAZY_COMMANDS["html"].help,
        description="Print a <picture> element with AVIF, WebP and JPEG sources, a srcset of widths, "
        "sizes, width/height and alt from the metadata, and optional art direction (a smart crop per "
        "breakpoint). Every URL is fetched once to report the bytes per breakpoint and format on stderr.",
    )
    parser.add_argument("asset", metavar="ASSET")
    parser.add_argument(
        "--widths",
        default=",".join(map(str, DEFAULT_WIDTHS)),
        metavar="W,W,…",
        help=f"srcset widths in pixels (default {','.join(map(str, DEFAULT_WIDTHS))})",
    )
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"the sizes attribute (default {DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--art",
        metavar="MEDIA=CROP,…,CROP",
        help="art direction: a smart crop per media query, the last one for the rest, e.g. "
        '"(max-width: 599px)=Portrait, Landscape"',
    )
    parser.add_argument(
        "--no-weights", action="store_true", help="print the markup without fetching the URLs"
    )
    parser.add_argument("--json", action="store_true", help="print markup, URLs and weights as JSON")
    add_modifier_options(parser)
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, console: Console) -> int:
    """Build the markup from the metadata, weigh it, print it."""
    ref = parse_reference(args.asset)
    modifiers = modifiers_from_options(args, ref.modifiers, console, image_format=ref.format)
    widths = parse_widths(args.widths)
    breakpoints = parse_art(args.art) if args.art else (Breakpoint(None, modifiers.smartcrop),)
    seo_name = ref.seo_name if ref.operation is Operation.IMAGE else None
    async with delivery_client(args, ref, console) as client:
        metadata = await client.metadata(ref.asset_id)
        # The list carries rectangles also when the metadata is the minimal, token-less one.
        crops = await client.smart_crops(ref.asset_id) if args.art or modifiers.smartcrop else None
        picture = build_picture(
            client.endpoints,
            ref.asset_id,
            metadata=metadata,
            smart_crops=crops,
            modifiers=modifiers,
            widths=widths,
            sizes=args.sizes,
            breakpoints=breakpoints,
            seo_name=seo_name,
        )
        weights: list[SourceWeight] = []
        if not args.no_weights:

            async def fetch(url: str, accept: str) -> Delivery:
                return await client.fetch(url, accept=accept, revalidate=False)

            bar = console.progress("weighing")
            weights = await weigh_picture(picture, fetch, progress=bar.update)
            bar.finish()
    if args.json:
        document = {
            "asset": ref.asset_id,
            "html": picture.to_html(),
            "urls": picture.urls,
            "weights": [weight.to_json() for weight in weights],
        }
        console.print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    console.print(picture.to_html().rstrip("\n"))
    for line in weight_lines(weights):
        console.note(line)
    return 0


def weight_lines(weights: list[SourceWeight]) -> list[str]:
    """One line per breakpoint and format: what all its widths weigh together."""
    lines = []
    for weight in weights:
        where = weight.media or "otherwise"
        crop = f" ({weight.smart_crop})" if weight.smart_crop else ""
        widths = len(weight.renditions)
        lines.append(
            f"{where}{crop} {weight.image_format}: {short_bytes(weight.total_bytes)} "
            f"({weight.total_bytes:,} bytes in {widths} width{'s' if widths != 1 else ''})"
        )
    return lines
