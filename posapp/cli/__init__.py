"""The `posapp` command: the checkout window by default, and the sub-commands a shop scripts.

Every sub-command lives in its own module with `register(subparsers)`, which adds its parser
and sets `run`; only the module of the command asked for is imported (all of them for --help).
Mistakes a user can fix come back as one sentence on stderr with exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from posapp import version
from posapp.cli.args import till_slot
from posapp.domain.errors import UserError

#: Sub-command modules, in the order `posapp --help` lists them, and the commands each registers.
#: Importing them all costs every `posapp` start ~200 ms (the services they run): see `modules_for`.
COMMAND_MODULES = {
    "data_cmd": ("demo-data", "import-customers"),
    "customer_cmd": ("customer",),
    "maintenance_cmd": ("check", "backup", "restore"),
    "offers_cmd": ("offers",),
    "receipt_cmd": ("receipt",),
    "report_cmd": ("report",),
    "trials_cmd": ("trials",),
    "shift_cmd": ("shift",),
    "followups_cmd": ("followups",),
    "hub_cmd": ("hub", "sync"),
}
#: The top-level options that take a value: their value is never a command's name.
_VALUED_OPTIONS = ("--db", "--settings", "--till")

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


def modules_for(argv: Sequence[str]) -> list[str]:
    """The sub-command modules `argv` needs: the one of its command; none for the window and --version.

    Every module for --help before a command and for a word that names no command, so argparse
    lists them all or says which there are.
    """
    every = list(COMMAND_MODULES)
    words = list(argv)
    at = 0
    while at < len(words):
        word = words[at]
        if word in ("-h", "--help"):
            return every
        if word in _VALUED_OPTIONS:
            at += 2
            continue
        if word.startswith("-"):
            at += 1
            continue
        return [module for module, names in COMMAND_MODULES.items() if word in names] or every
    return []


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `posapp` parser with the sub-commands of `modules` (every one by default)."""
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
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(f"posapp.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(modules_for(argv))
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
