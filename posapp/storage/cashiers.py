"""Cashiers and managers in the database: names, roles and salted PIN hashes (never PINs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from posapp.storage.clock import from_db
from posapp.storage.db import Database


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"


@dataclass(frozen=True)
class Cashier:
    id: int
    name: str
    role: Role
    pin_hash: str = field(repr=False)  # kept out of logs and tracebacks, salted hash or not
    failed_attempts: int = 0
    locked_until: datetime | None = None
    #: False once a manager marks the person as gone: they keep their sales, but cannot sign in.
    active: bool = True

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER


_COLUMNS = "id, name, role, pin_hash, failed_attempts, locked_until, active"


def _cashier(row: tuple[int, str, str, str, int, str | None, int]) -> Cashier:
    id_, name, role, pin_hash, failed, locked, active = row
    return Cashier(id_, name, Role(role), pin_hash, failed, from_db(locked) if locked else None, bool(active))


def list_cashiers(db: Database) -> list[Cashier]:
    """The people who may sign in now, by name."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM cashiers WHERE active = 1 ORDER BY name").fetchall()
    return [_cashier(row) for row in rows]


def list_staff(db: Database) -> list[Cashier]:
    """Everyone ever set up at the counter: those still here first, then those who have left."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM cashiers ORDER BY active DESC, name").fetchall()
    return [_cashier(row) for row in rows]


def active_managers(db: Database) -> int:
    return int(
        db.execute("SELECT count(*) FROM cashiers WHERE role = 'manager' AND active = 1").fetchone()[0]
    )


def get_cashier(db: Database, cashier_id: int) -> Cashier | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM cashiers WHERE id = ?", (cashier_id,)).fetchone()
    return _cashier(row) if row else None


def has_manager(db: Database) -> bool:
    return bool(db.execute("SELECT 1 FROM cashiers WHERE role = 'manager' AND active = 1").fetchone())
