"""The parsers of `serve`, `url` and `meta`: the commands that run from `cli/commands.py`.

Like every command's parser they are built only when that command runs, or for `--help`
(`cli/command_table.py`), so that the window's start does not wait for the modifier catalogue.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import add_modifier_options
from aemviewer.cli.numbers import port_number


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`aemviewer serve`."""
    serve = sub.add_parser("serve", help="run the local Delivery API emulator")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=0, help="port; 0 picks a free one (default)")
    serve.add_argument(
        "--library", metavar="DIR", help="library folder with a catalogue.json (default: demo)"
    )
    serve.add_argument(
        "--log",
        nargs="?",
        const="-",
        metavar="FILE",
        help="log each request: on stderr, or appended to FILE (rotated at 10 MiB, 3 kept)",
    )
    serve.set_defaults(run=_later("serve"))


def add_url_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`aemviewer url`."""
    url = sub.add_parser("url", help="print the delivery URL of an asset")
    url.add_argument("asset", metavar="ASSET")
    what = url.add_mutually_exclusive_group()
    what.add_argument("--original", action="store_true", help="the uploaded file, unchanged")
    what.add_argument("--rendition", metavar="NAME", help="a rendition generated on author")
    add_modifier_options(url)
    url.set_defaults(run=_later("url"))


def add_meta_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`aemviewer meta`."""
    meta = sub.add_parser("meta", help="show an asset's metadata")
    meta.add_argument("asset", metavar="ASSET")
    meta.add_argument("--json", action="store_true", help="print the server's JSON document unchanged")
    meta.set_defaults(run=_later("meta"))


def _later(name: str) -> Callable[[argparse.Namespace, Console], Any]:
    """`commands.<name>`, imported when the command runs: it brings the HTTP stack."""

    def run(args: argparse.Namespace, console: Console) -> Any:
        from aemviewer.cli import commands

        return getattr(commands, name)(args, console)

    return run
