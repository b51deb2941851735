"""Command-line options for the Delivery API's image modifiers, one per catalogue entry.

Values pass through as the API spells them, so validation and its messages are `ImageModifiers`'
own; what the server will ignore or treat specially is printed on stderr, as the window shows it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from aemviewer.api_spec import ALL_IMAGE_FORMATS
from aemviewer.cli.console import Console
from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.modifier_catalogue import CATALOGUE
from aemviewer.delivery.modifier_spec import ModifierKind, ModifierSpec
from aemviewer.delivery.modifiers import ImageModifiers, ModifierNote


def add_modifier_options(parser: argparse.ArgumentParser, *, repeatable_format: bool = False) -> None:
    """Add the modifier options (and --format) to a subcommand's parser; with `repeatable_format`,
    `--format` may be given several times (a list in `args.format`)."""
    group = parser.add_argument_group("image modifiers")
    for spec in CATALOGUE:
        if spec.kind is ModifierKind.BOOLEAN:
            # --preferwebp / --no-preferwebp; None when neither is given (the parameter is not sent).
            group.add_argument(
                spec.option, dest=spec.field, action=argparse.BooleanOptionalAction, help=option_help(spec)
            )
        else:
            group.add_argument(spec.option, dest=spec.field, metavar=spec.metavar, help=option_help(spec))
    group.add_argument(
        "--format",
        choices=ALL_IMAGE_FORMATS,
        metavar="FORMAT",
        action="append" if repeatable_format else "store",
        help=f"output format in the path: {', '.join(ALL_IMAGE_FORMATS)} (default: jpg, or the URL's)"
        + ("; repeatable, one file per format" if repeatable_format else ""),
    )
    group.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any other query parameter, repeatable (e.g. --param layers=VALUE)",
    )


def option_help(spec: ModifierSpec) -> str:
    """The option's help: the allowed values, then what the modifier does."""
    parts = [spec.range_text(), spec.help.removesuffix("."), spec.example]
    # argparse reads % as a format directive in help texts.
    return "; ".join(part for part in parts if part).replace("%", "%%")


def modifiers_from_options(
    args: argparse.Namespace, base: ImageModifiers, console: Console, *, image_format: str | None = None
) -> ImageModifiers:
    """`base` (from a pasted URL, or empty) with every modifier given on the command line applied.

    What the server will ignore or treat specially in the result is printed on stderr;
    `image_format` is the pasted URL's format, used when no --format is given.
    """
    given: dict[str, str] = {}
    for spec in CATALOGUE:
        value = getattr(args, spec.field)
        if value is not None:
            given[spec.query] = ("true" if value else "false") if isinstance(value, bool) else value
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InvalidInput(
                f"--param {item!r} is not NAME=VALUE.",
                hint="Write it as --param layers=VALUE.",
            )
        given[name] = value
    modifiers = base
    if given:
        pairs = [(name, value) for name, value in base.to_query() if name not in given]
        modifiers = ImageModifiers.from_query([*pairs, *given.items()])
    formats = args.format if isinstance(args.format, list) else [args.format or image_format]
    for note in notes_for_formats(modifiers, formats):
        console.note(f"{'warning' if note.ignored else 'note'}: {note.parameter}: {note.text}")
    return modifiers


def notes_for_formats(modifiers: ImageModifiers, formats: Sequence[str | None]) -> list[ModifierNote]:
    """The notes for every path format asked for, each once, in order."""
    notes: dict[ModifierNote, None] = {}
    for image_format in formats or [None]:
        notes.update(dict.fromkeys(modifiers.notes(image_format)))
    return list(notes)
