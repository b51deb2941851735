"""The `aemviewer` command line."""

from aemviewer.cli.main import main

__all__ = ["main"]
