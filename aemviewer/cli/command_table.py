"""The commands, whose parsers and modules load only when they run: names, modules, one-line help.

`aemviewer --help` lists them from here, so that neither the window nor another command waits for
the HTTP stack, the saving code, the modifier catalogue or the QA checks a command it does not run
would import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LazyCommand:
    """A subcommand registered by name; `module` has `builder(sub)` and is imported on use."""

    module: str
    help: str
    builder: str = "add_parser"


LAZY_COMMANDS: dict[str, LazyCommand] = {
    "serve": LazyCommand(
        "aemviewer.cli.lookup_commands", "run the local Delivery API emulator", "add_serve_parser"
    ),
    "url": LazyCommand(
        "aemviewer.cli.lookup_commands", "print the delivery URL of an asset", "add_url_parser"
    ),
    "meta": LazyCommand("aemviewer.cli.lookup_commands", "show an asset's metadata", "add_meta_parser"),
    "get": LazyCommand(
        "aemviewer.cli.batch_command",
        "save images, originals or renditions to disk: one asset, or a list (--from-file)",
    ),
    "formats": LazyCommand(
        "aemviewer.cli.formats_command",
        "request an image in every format and show which delivery is the smallest",
    ),
    "check": LazyCommand(
        "aemviewer.cli.check_command",
        "run a checks file (expectations about what the service delivers); --merge shard reports",
    ),
    "diff": LazyCommand(
        "aemviewer.cli.diff_command",
        "compare what two environments deliver for the same asset and modifiers",
    ),
    "html": LazyCommand(
        "aemviewer.cli.html_command",
        "print responsive <picture> markup for an asset, with what each breakpoint weighs",
    ),
    "report": LazyCommand(
        "aemviewer.cli.report_command", "write a self-contained HTML QA report of an asset"
    ),
    "video-check": LazyCommand(
        "aemviewer.cli.video_check", "play every variant of a video offscreen and report what decodes"
    ),
    "install-desktop": LazyCommand(
        "aemviewer.cli.desktop_integration", "add aemviewer to the desktop's application menu (Linux)"
    ),
}
"""In the order `aemviewer --help` lists them (before window)."""
