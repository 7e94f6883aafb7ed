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
    # The PIN is read, never passed on the command line where shell history would keep it.
    return getpass.getpass(f"{manager}'s PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
