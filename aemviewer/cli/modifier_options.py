"""Command-line options that mirror the Delivery API's image modifiers."""

from __future__ import annotations

import argparse

from aemviewer.api_spec import ALL_IMAGE_FORMATS
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.modifiers import ImageModifiers

# (option, query parameter, help). Values pass through as the API spells them, so the
# validation and its messages are ImageModifiers' own.
_VALUE_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--width", "width", "width in pixels; the aspect ratio is kept"),
    ("--height", "height", "height in pixels; the aspect ratio is kept"),
    ("--size", "size", "W,H box; width is ignored when size is given"),
    ("--rotate", "rotate", "90, 180 or 270 degrees clockwise"),
    ("--flip", "flip", "h, v or hv"),
    ("--crop", "crop", "x,y,w,h in source pixels, or 10p,10p,50p,50p in percent"),
    ("--quality", "quality", "1-100"),
    ("--max-quality", "max-quality", "1-100; quality wins when both are given"),
    ("--smartcrop", "smartcrop", "name of a smart crop defined on the asset"),
    ("--preset", "preset", "name of an image preset"),
    ("--dpr", "dpr", "device pixel ratio"),
)


def add_modifier_options(parser: argparse.ArgumentParser, *, repeatable_format: bool = False) -> None:
    """Add the modifier options (and --format) to a subcommand's parser; with `repeatable_format`,
    `--format` may be given several times (a list in `args.format`)."""
    group = parser.add_argument_group("image modifiers")
    for option, _name, help_text in _VALUE_OPTIONS:
        group.add_argument(
            option, metavar=option.removeprefix("--").upper().replace("-", "_"), help=help_text
        )
    group.add_argument(
        "--format",
        choices=ALL_IMAGE_FORMATS,
        metavar="FORMAT",
        action="append" if repeatable_format else "store",
        help=f"output format in the path: {', '.join(ALL_IMAGE_FORMATS)} (default: jpg, or the URL's)"
        + ("; repeatable, one file per format" if repeatable_format else ""),
    )
    group.add_argument(
        "--preferwebp", action="store_true", default=None, help="WebP when the client accepts it"
    )
    group.add_argument(
        "--no-auto-format",
        dest="auto_format",
        action="store_false",
        default=None,
        help="deliver the format in the path instead of negotiating one from Accept",
    )
    group.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any other query parameter, repeatable (e.g. --param blur=5)",
    )


def modifiers_from_options(args: argparse.Namespace, base: ImageModifiers) -> ImageModifiers:
    """`base` (from a pasted URL, or empty) with every modifier given on the command line applied."""
    given: dict[str, str] = {}
    for _option, name, _help in _VALUE_OPTIONS:
        value = getattr(args, name.replace("-", "_"))
        if value is not None:
            given[name] = value
    if args.preferwebp:
        given["preferwebp"] = "true"
    if args.auto_format is False:
        given["auto-format"] = "false"
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InvalidInput(
                f"--param {item!r} is not NAME=VALUE.",
                hint="Write it as --param blur=5.",
            )
        given[name] = value
    if not given:
        return base
    pairs = [(name, value) for name, value in base.to_query() if name not in given]
    return ImageModifiers.from_query([*pairs, *given.items()])
