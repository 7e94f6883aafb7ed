"""The counter's schema steps, declared and checked without sqlite-utils, applied by sqlite-utils.

The migrations are sqlite-utils' `Migrations("posapp")`, as they always were, but importing
sqlite-utils costs a start ~50 ms (with click, pluggy and dateutil) and a start only needs to
know that nothing is pending. So the steps are listed here, "what is applied?" is read
straight from sqlite-utils' `_sqlite_migrations` table, and sqlite-utils is imported only to
apply what is pending: the first start of a new file or of a new version. The record is
sqlite-utils' own (tests/unit/storage/test_migration_set.py holds both to that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
        """Apply the pending steps in order (up to `stop_before`, for tests) with sqlite-utils' `Migrations`.

        sqlite-utils does the applying, as it always did: each step in its own savepoint with its
        record, a failed step undone and left pending. It is imported here, not at the top: a
        start with nothing pending (every start but the first of a new version) never loads it.
        The steps get this connection as our `Database`, the type they are written against.
        """
        from sqlite_utils import Database as SqliteUtilsDatabase
        from sqlite_utils import Migrations as SqliteUtilsMigrations

        runner = SqliteUtilsMigrations(self.name)
        for step in self._migrations:
            runner(name=step.name)(_on_this_connection(step.fn, db))
        runner.apply(SqliteUtilsDatabase(db.conn, execute_plugins=False), stop_before=stop_before)


def _on_this_connection(step: Step, db: Database) -> Callable[[object], None]:
    """A sqlite-utils migration function that runs `step` on our `Database` over the same connection."""

    def run(_same_connection: object) -> None:
        step(db)

    return run
