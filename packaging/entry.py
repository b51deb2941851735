"""Entry point of the frozen app: the same `aemviewer` command line (the window without a subcommand)."""

from aemviewer.cli.main import main

raise SystemExit(main())
