"""The `aemviewer` command line: `aemviewer.cli.main:main` is the entry point."""
