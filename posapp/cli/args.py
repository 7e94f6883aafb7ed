"""Argument types shared by the sub-commands: each refuses a bad value in one sentence."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from posapp.domain.errors import UserError

#: SQLite stores integers as 64-bit signed: a row id is from 1 to this.
MAX_ROW_ID = 2**63 - 1


def row_id(option: str) -> Callable[[str], int]:
    """An argparse type for a row number (`--ticket`, `--customer`): a whole number SQLite can hold."""

    def parse(text: str) -> int:
        # Checked as text first: int() of thousands of digits is refused (or slow) in Python itself.
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= len(str(MAX_ROW_ID)):
            value = int(digits)
            if 1 <= value <= MAX_ROW_ID:
                return value
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise argparse.ArgumentTypeError(
            f"{option} must be a whole number from 1 to {MAX_ROW_ID}, not {shown!r}"
        )

    return parse


def till_slot(text: str) -> str:
    """An argparse type for `--till`: it names a file of this computer's, so a plain short word."""
    # Imported here: every `posapp` start reads this module, and the tills module brings SQLite's tools.
    from posapp.services.tills import SLOT

    if SLOT.fullmatch(text):
        return text
    shown = text if len(text) <= 40 else text[:40] + "…"
    raise argparse.ArgumentTypeError(f"--till takes up to 32 letters, digits, '-' or '_', not {shown!r}")


def existing_database(args: argparse.Namespace) -> Path:
    """The counter's database a sub-command works on (its own --db, or posapp's): it must be there."""
    path = getattr(args, "db", None)
    if path is None:
        raise UserError("Give the counter's database with --db PATH.")
    if not Path(path).is_file():
        raise UserError(f"There is no database at {path}.")
    return Path(path)
