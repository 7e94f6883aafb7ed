"""Cashiers and managers in the database: names, roles and salted PIN hashes (never PINs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlite_utils import Database

from posapp.storage.clock import from_db


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"


@dataclass(frozen=True)
class Cashier:
    id: int
    name: str
    role: Role
    pin_hash: str
    failed_attempts: int = 0
    locked_until: datetime | None = None

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER


_COLUMNS = "id, name, role, pin_hash, failed_attempts, locked_until"


def _cashier(row: tuple[int, str, str, str, int, str | None]) -> Cashier:
    id_, name, role, pin_hash, failed, locked = row
    return Cashier(id_, name, Role(role), pin_hash, failed, from_db(locked) if locked else None)


def list_cashiers(db: Database) -> list[Cashier]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM cashiers WHERE active = 1 ORDER BY name").fetchall()
    return [_cashier(row) for row in rows]


def get_cashier(db: Database, cashier_id: int) -> Cashier | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM cashiers WHERE id = ?", (cashier_id,)).fetchone()
    return _cashier(row) if row else None


def has_manager(db: Database) -> bool:
    return bool(db.execute("SELECT 1 FROM cashiers WHERE role = 'manager' AND active = 1").fetchone())
