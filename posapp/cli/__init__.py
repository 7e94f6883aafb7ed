"""The `posapp` command: the checkout window by default, and the sub-commands a shop scripts.

Every sub-command lives in its own module with `register(subparsers)`, which adds its parser
and sets `run`. Mistakes a user can fix come back as one sentence on stderr with exit 2.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from posapp import version
from posapp.cli import (
    customer_cmd,
    data_cmd,
    followups_cmd,
    hub_cmd,
    maintenance_cmd,
    offers_cmd,
    receipt_cmd,
    report_cmd,
    trials_cmd,
)
from posapp.cli.args import till_slot
from posapp.domain.errors import UserError

#: Sub-command modules, in the order `posapp --help` lists them.
COMMAND_MODULES = [
    data_cmd,
    customer_cmd,
    maintenance_cmd,
    offers_cmd,
    receipt_cmd,
    report_cmd,
    trials_cmd,
    followups_cmd,
    hub_cmd,
]

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one sentence and exit 2, without the usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"posapp: {message}.\n")
        raise SystemExit(EXIT_BAD_INPUT)


class _VersionAction(argparse.Action):
    """`--version`, reading the version only when asked (it costs time at every start)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        sys.stdout.write(f"posapp {version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="posapp", description="The car wash counter.")
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    parser.add_argument("--db", type=Path, help="the counter's database (default: in the user data folder)")
    parser.add_argument("--demo", action="store_true", help="open the demo site, with its own database")
    parser.add_argument("--settings", type=Path, help="the settings file (default: beside the database)")
    parser.add_argument(
        "--till",
        metavar="NAME",
        type=till_slot,
        help="a second till on this computer for the same database: its own identity, kept under NAME",
    )
    parser.add_argument(
        "--self-test", action="store_true", help="prove this machine is ready (on a temporary database)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from posapp.app import run_self_test

            return run_self_test()
        if args.command is None:
            from posapp.app import run_counter

            return run_counter(args)
        status: int = args.run(args)
        return status
    except UserError as error:
        sys.stderr.write(f"posapp: {error.message}\n")
        return EXIT_BAD_INPUT
    except sqlite3.DatabaseError as error:
        # A locked, read-only, full or damaged database is the machine's state, not a bug: say so plainly.
        sys.stderr.write(f"posapp: the database could not be used ({error}).\n")
        return 1
    except KeyboardInterrupt:
        return 130
