from aemviewer.cli.main import main

raise SystemExit(main())
