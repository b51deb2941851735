"""`aemviewer`: the parser, the dispatch, and the one place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys
from collections.abc import Collection, Sequence

from aemviewer import __version__
from aemviewer.api_spec import API_PREFIX
from aemviewer.cli.command_table import LAZY_COMMANDS
from aemviewer.cli.console import Console
from aemviewer.cli.numbers import timeout_seconds
from aemviewer.cli.profile_option import BASE_URL_VARIABLE, add_profile_option, apply_profile
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.timeouts import DEFAULT_TIMEOUT
from aemviewer.window_options import THEMES, WindowOptions

WITHOUT_HOST_OPTIONS = ("serve", "install-desktop")
TOP_LEVEL_VALUE_OPTIONS = ("--base-url", "--timeout", "--profile")
WINDOW_OPTIONS = ("--prefix", "--theme")

EPILOG = """\
ASSET is an asset id (urn:aaid:aem:…, raw or percent-encoded) or any delivery URL; a URL's host
becomes the base URL. Without --base-url, AEMVIEWER_BASE_URL or a URL, meta and get run against the
built-in demo library (the emulator, started in-process).

exit codes: 0 ok, 1 other error, 2 bad usage or input, 3 not found, 4 authentication,
5 network or server error, 6 local file error (exists, disk full, not writable);
check: 7 a check failed, 8 a check could not run (service unreachable); diff: 9 the two differ;
get --from-file: 0 only when every file was saved, else the highest code among the failures
"""


def build_parser(full: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; of the commands in `LAZY_COMMANDS`, only those in `full` (all when
    None) get their options, which imports their modules."""
    parser = argparse.ArgumentParser(
        prog="aemviewer",
        description="Preview, inspect and save what the AEM Assets Delivery API delivers. "
        "Without a subcommand, opens the window.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"aemviewer {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offscreen that images decode and the demo video plays, then exit (0: all passed)",
    )
    add_host_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    stubs: set[str] = set()
    for name, lazy in LAZY_COMMANDS.items():
        if full is None or name in full:
            getattr(importlib.import_module(lazy.module), lazy.builder)(sub)
        else:
            # Only names and help: parsing stops here and main builds this command for real.
            sub.add_parser(name, help=lazy.help, add_help=False)
            stubs.add(name)

    window = sub.add_parser(
        "window", help="open the window (the default without a subcommand; `aemviewer ASSET` too)"
    )
    window.add_argument("asset", metavar="ASSET", nargs="?", help="an asset id or delivery URL to open")
    window.add_argument(
        "--prefix", default=API_PREFIX, help=f"path before the asset id on --base-url (default {API_PREFIX})"
    )
    window.add_argument(
        "--theme",
        choices=THEMES,
        default=None,
        help="colour theme for this run (default: the one chosen in View → Theme, system at first)",
    )
    window.set_defaults(run=_open_window)
    for name, command in sub.choices.items():
        if name not in WITHOUT_HOST_OPTIONS and name not in stubs:
            # Given after the command, they win; not given there, the top level's values stay.
            add_host_options(command, top_level=False)
    return parser


def add_host_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """`--base-url`, `--timeout` and `--profile`: with their defaults at the top level; after a
    command without defaults, so that the top level's values stay unless given again there."""
    suppress = argparse.SUPPRESS
    parser.add_argument(
        "--base-url",
        default=(os.environ.get(BASE_URL_VARIABLE) or None) if top_level else suppress,
        metavar="URL",
        help="delivery host, e.g. https://delivery-p123-e456.adobeaemcloud.com (env AEMVIEWER_BASE_URL)",
    )
    parser.add_argument(
        "--timeout",
        type=timeout_seconds,
        default=DEFAULT_TIMEOUT if top_level else suppress,
        metavar="SECONDS",
        help="seconds without a byte before giving up; documents and images must also arrive whole in "
        f"about that time (default {DEFAULT_TIMEOUT:g})",
    )
    add_profile_option(parser, None if top_level else suppress)


def with_window_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`argv` with `window` put before a first positional argument that is no command, so that
    `aemviewer ASSET` opens the window on ASSET (and before all when a window option comes first)."""
    commands = next(
        (action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction)), {}
    )
    args = list(argv)
    index = 0
    while index < len(args):
        item = args[index]
        if item == "--":
            return args
        if item.split("=", 1)[0] in WINDOW_OPTIONS:
            return ["window", *args]
        if item.startswith("-"):
            index += 2 if item in TOP_LEVEL_VALUE_OPTIONS else 1
            continue
        return args if item in commands else [*args[:index], "window", *args[index:]]
    return args


def window_options(args: argparse.Namespace) -> WindowOptions:
    """What the window is opened with; a profile wins over AEMVIEWER_BASE_URL."""
    profile = getattr(args, "profile", None)
    return WindowOptions(
        asset=getattr(args, "asset", None),
        base_url=None if profile else args.base_url,
        prefix=getattr(args, "prefix", API_PREFIX),
        profile=profile,
        theme=getattr(args, "theme", None),
        timeout=args.timeout,
    )


def _open_window(args: argparse.Namespace, console: Console) -> int:
    from aemviewer.app import main as open_window  # Qt loads only when the window is asked for

    return open_window(window_options(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser(full=())
    words = with_window_command(parser, sys.argv[1:] if argv is None else argv)
    # Window or command is decided on names alone; then only the chosen command's module loads.
    command = parser.parse_known_args(words)[0].command
    if command in LAZY_COMMANDS:
        parser = build_parser(full=(command,))
    args = parser.parse_args(words)
    console = Console()
    if args.self_test:
        from aemviewer.self_test import run_self_test  # Qt loads only for the self-test

        return run_self_test(console.print)
    if args.command is None:
        return _open_window(args, console)
    try:
        apply_profile(args)
        result = args.run(args, console)
        if inspect.iscoroutine(result):
            import asyncio

            result = asyncio.run(result)
        return int(result)
    except DeliveryError as error:
        console.error(error)
        return int(error.exit_code)
    except KeyboardInterrupt:
        console.note("interrupted")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
