"""A manager's approval on the command line: who they are by name, and their PIN read, never passed."""

from __future__ import annotations

import getpass
import sys

from posapp.domain.errors import UserError
from posapp.storage.cashiers import list_cashiers
from posapp.storage.db import Database


def manager_named(db: Database, name: str) -> int:
    """The id of the manager called `name`; anyone else is refused in one sentence."""
    managers = {person.name: person.id for person in list_cashiers(db) if person.is_manager}
    if name not in managers:
        raise UserError(f"{name} is not a manager at this counter.")
    return managers[name]


def read_pin(manager: str) -> str:
    """The manager's PIN, typed at a prompt or piped in; none given is refused before any check.

    Read, never passed on the command line where shell history would keep it. An empty answer
    (Enter, Ctrl-D, an empty pipe) is not counted as a wrong PIN toward the lock-out.
    """
    try:
        pin = getpass.getpass(f"{manager}'s PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    except EOFError:
        pin = ""
    if not pin:
        raise UserError(f"No PIN was given for {manager}; nothing was changed.")
    return pin
