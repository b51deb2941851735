from aemviewer.cli import main

raise SystemExit(main())
