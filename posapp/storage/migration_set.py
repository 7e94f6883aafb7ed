"""An append-only set of named schema steps, recorded exactly as sqlite-utils' `Migrations` records them.

The counter's migrations were sqlite-utils' `Migrations("posapp")`; this is the same idea in
a few lines of our own so that a start does not import sqlite-utils (~50 ms with click, pluggy
and dateutil). The record is unchanged: the same `_sqlite_migrations` table, built by the same
SQL, one row per step with its set's name and the time it was applied, so a file migrated
before reads the same and sqlite-utils' own `Migrations("posapp").applied(...)` still reads
ours (tests/unit/storage/test_migration_set.py holds both to that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from posapp.storage.db import Database

Step = Callable[[Database], None]

#: The table and its index as sqlite-utils 4 creates them (the start-up schema check compares the text).
_CREATE_TABLE = (
    'CREATE TABLE "_sqlite_migrations" (\n'
    '   "id" INTEGER PRIMARY KEY,\n'
    '   "migration_set" TEXT,\n'
    '   "name" TEXT,\n'
    '   "applied_at" TEXT\n'
    ")"
)
_CREATE_INDEX = (
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
    '    ON "_sqlite_migrations" ("migration_set", "name")'
)


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Step


class Migrations:
    """Steps in the order they were written; `@migrations()` on a function appends it."""

    migrations_table = "_sqlite_migrations"

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[Step], Step]:
        def append(step: Step) -> Step:
            step_name = name or step.__name__
            if any(known.name == step_name for known in self._migrations):
                raise ValueError(f"Migration {step_name!r} is already in the set {self.name!r}")
            self._migrations.append(Migration(step_name, step))
            return step

        return append

    @property
    def steps(self) -> list[Migration]:
        """Every step this version of the code knows, in order."""
        return list(self._migrations)

    def applied(self, db: Database) -> list[str]:
        """The names of the steps this file has had, in the order they were applied."""
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self.migrations_table,)
        ).fetchone()
        if exists is None:
            return []
        rows = db.execute(
            f'SELECT name FROM "{self.migrations_table}" WHERE migration_set = ? ORDER BY rowid', (self.name,)
        )
        return [str(row[0]) for row in rows]

    def pending(self, db: Database) -> list[Migration]:
        done = set(self.applied(db))
        return [step for step in self._migrations if step.name not in done]

    def ensure_migrations_table(self, db: Database) -> None:
        if not db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self.migrations_table,)
        ).fetchone():
            db.execute(_CREATE_TABLE)
            db.execute(_CREATE_INDEX)

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        """Apply the pending steps in order (up to `stop_before`, for tests), each with its record or none.

        Each step is a savepoint: inside the caller's write transaction (apply_migrations) a
        failed step undoes itself and the exception goes up; alone, each step commits by itself.
        """
        if stop_before is not None and stop_before in self.applied(db):
            raise ValueError(
                f"Cannot stop before migration {stop_before} in set {self.name!r}: already applied"
            )
        self.ensure_migrations_table(db)
        for step in self.pending(db):
            if step.name == stop_before:
                return
            db.conn.execute("SAVEPOINT migration")
            try:
                step.fn(db)
                db.execute(
                    f'INSERT INTO "{self.migrations_table}" (migration_set, name, applied_at)'
                    " VALUES (?, ?, ?)",
                    (self.name, step.name, str(datetime.now(UTC))),
                )
            except BaseException:
                # A RAISE(ROLLBACK) in a trigger may have ended the whole transaction already.
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK TO migration")
                    db.conn.execute("RELEASE migration")
                raise
            db.conn.execute("RELEASE migration")
