"""`posapp hub init|check|add-site` and `posapp sync`: the chain's hub and a till's sync with it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from posapp.counter import utc_now
from posapp.domain.errors import UserError
from posapp.settings import settings_path_for
from posapp.storage.migrations import open_migrated


def register(commands: Any) -> None:
    hub = commands.add_parser("hub", help="create, migrate or verify the chain's PostgreSQL hub")
    actions = hub.add_subparsers(dest="hub_action", metavar="ACTION", required=True, parser_class=type(hub))
    init = actions.add_parser("init", help="create or migrate the hub (as its owner)")
    init.add_argument("--hub", required=True, metavar="URL")
    init.set_defaults(run=run_init)
    check = actions.add_parser("check", help="verify the hub's schema and rights; exit 1 when unhealthy")
    check.add_argument("--hub", required=True, metavar="URL")
    check.set_defaults(run=run_check)
    site = actions.add_parser("add-site", help="give a site its own role on the hub")
    site.add_argument("--hub", required=True, metavar="URL")
    site.add_argument("--site", required=True, metavar="NAME")
    site.add_argument("--password-file", type=Path, required=True, metavar="FILE", help="mode 0600")
    site.set_defaults(run=run_add_site)
    reader = actions.add_parser("add-reader", help="a read-only login for the chain report")
    reader.add_argument("--hub", required=True, metavar="URL")
    reader.add_argument("--name", required=True, metavar="NAME")
    reader.add_argument("--password-file", type=Path, required=True, metavar="FILE", help="mode 0600")
    reader.set_defaults(run=run_add_reader)

    sync = commands.add_parser("sync", help="push committed history to the hub, pull customer facts")
    sync.add_argument("--db", type=Path, required=True)
    sync.add_argument("--hub", metavar="URL", help="default: [hub] url in settings.toml")
    sync.add_argument("--site", metavar="NAME", help="default: [hub] site in settings.toml")
    sync.add_argument(
        "--new-identity",
        action="store_true",
        help="make a copied database another till in the chain (no till may run on it); no sync",
    )
    sync.set_defaults(run=run_sync)


def run_init(args: argparse.Namespace) -> int:
    from posapp.hub.schema import init_hub

    applied = init_hub(args.hub)
    print(f"The hub is up to date ({len(applied)} step(s) applied now).")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from posapp.hub.schema import check_hub

    problems = check_hub(args.hub)
    if problems:
        for problem in problems:
            print(f"posapp: {problem}.")
        return 1
    print("The hub is healthy.")
    return 0


def run_add_site(args: argparse.Namespace) -> int:
    from posapp.hub.sites import add_site

    role = add_site(args.hub, args.site, args.password_file)
    print(f"The site {args.site} connects as the role {role}.")
    return 0


def run_add_reader(args: argparse.Namespace) -> int:
    from posapp.hub.sites import add_reader

    role = add_reader(args.hub, args.name, args.password_file)
    print(f"The chain report may log in as the role {role} (read only).")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from posapp.hub.config import hub_settings
    from posapp.hub.sync import sync
    from posapp.settings import load_settings

    if not args.db.is_file():
        raise UserError(f"There is no database at {args.db}.")
    if args.new_identity:
        return _renew_identity(args.db)
    settings_file = args.settings or settings_path_for(args.db)
    hub = hub_settings(settings_file, url=args.hub, site=args.site)
    if hub is None:
        raise UserError(f"No hub is set: give --hub URL or [hub] url in {settings_file}.")
    db = open_migrated(args.db)
    try:
        result = sync(db, args.db, hub, utc_now, load_settings(settings_file))
    finally:
        db.conn.close()
    print(result.sentence())
    return 0


def _renew_identity(path: Path) -> int:
    from posapp.services.tills import renew_sync_identity

    db = open_migrated(path)
    try:
        old, new = renew_sync_identity(db, path, utc_now)
    finally:
        db.conn.close()
    print(
        f"{path} now syncs as a new till ({new}; it was {old}): its history up to now stays the"
        " original's, and only what is sold on it from now on is pushed as its own."
    )
    return 0
