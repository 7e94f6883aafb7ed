"""Backups and health checks of the counter's database, while the counter keeps selling."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from posapp.domain.errors import UserError
from posapp.storage.migrations import known_migration_names, schema_version


@dataclass(frozen=True)
class Health:
    integrity: str
    applied: int
    known: int
    tickets: int

    @property
    def healthy(self) -> bool:
        return self.integrity == "ok" and self.applied == self.known


def check_health(db: Database) -> Health:
    """Integrity and migration status; readers never block the checkout (WAL).

    A file too damaged to read is reported as unhealthy, not raised: that is the answer.
    """
    try:
        integrity = ", ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
        applied, known = schema_version(db)
        tickets = int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return Health(
            integrity=f"damaged ({error})", applied=0, known=len(known_migration_names()), tickets=0
        )
    return Health(integrity=integrity, applied=applied, known=known, tickets=tickets)


def backup_to(db: Database, output: Path) -> Path:
    """Copy the live database with SQLite's online backup API into `output`, owner-only, atomically."""
    output = Path(output)
    if not output.parent.is_dir():
        raise UserError(f"The folder {output.parent} for the backup does not exist.")
    if output.exists() and output.is_dir():
        raise UserError(f"{output} is a folder; give the backup a file name.")
    partial = output.with_name(f".{output.name}.partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    try:
        target = sqlite3.connect(partial)
        try:
            db.conn.backup(target)
            # A backup is a single file at rest: no WAL, so reading it later leaves nothing beside it.
            target.execute("PRAGMA journal_mode = DELETE")
            verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if verdict != "ok":
            raise UserError(f"The backup failed its check ({verdict}); the database was not copied.")
        partial.replace(output)
    except OSError as error:
        raise UserError(f"The backup could not be written to {output}: {error.strerror}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return output
