"""Entry point of the frozen counter: the same `posapp` command, bundled."""

from posapp.cli import main

raise SystemExit(main())
