"""Lets `python -m posapp` behave exactly like the `posapp` command."""

from posapp.cli import main

raise SystemExit(main())
