"""Backups and health checks of the counter's database, while the counter keeps selling."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.files import (
    NO_FOLLOW,
    create_private,
    private_folder,
    refuse_database_files,
    refuse_non_regular,
    sync_folder,
)
from posapp.services.db_check import start_check
from posapp.storage.audit import ChainBreak, ChainHead, verify_audit_chain
from posapp.storage.db import Database
from posapp.storage.migrations import known_migration_names, schema_version
from posapp.storage.sale_chain import verify_sales_chain
from posapp.storage.schema import schema_difference


@dataclass(frozen=True)
class Health:
    integrity: str
    applied: int
    known: int
    tickets: int
    schema: str = "ok"
    audit_chain: str = "ok"
    sales_chain: str = "ok"
    broken_chain: str = ""
    #: Open shifts no till holds (m016 left them): not damage, but cash no till's Z will count.
    lost_shifts: int = 0

    @property
    def healthy(self) -> bool:
        fully_migrated = self.applied == self.known
        return self.integrity == "ok" and fully_migrated and self.schema == "ok" and not self.broken_chain


def check_health(db: Database) -> Health:
    """Integrity, migration status, schema and both hash chains; readers never block the checkout (WAL).

    A file too damaged to read is reported as unhealthy, not raised: that is the answer.
    """
    try:
        integrity = ", ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
        applied, known = schema_version(db)
        tickets = int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])
        schema = schema_difference(db) or "ok"
        # The chains are read only from a schema that is the counter's: a planted trigger or view is not run.
        audit = verify_audit_chain(db) if schema == "ok" else None
        sales = verify_sales_chain(db) if schema == "ok" else None
        lost_shifts = _lost_shifts(db) if schema == "ok" else 0
    except sqlite3.DatabaseError as error:
        return Health(
            integrity=f"damaged ({error})", applied=0, known=len(known_migration_names()), tickets=0
        )
    if schema != "ok":
        skipped = "not checked: the schema is not the counter's"
        return Health(integrity, applied, known, tickets, schema, skipped, skipped, f"chains {skipped}")
    broken = next(
        (
            f"{name} {chain}"
            for name, chain in (("audit chain", audit), ("sales chain", sales))
            if isinstance(chain, ChainBreak)
        ),
        "",
    )
    return Health(
        integrity=integrity,
        applied=applied,
        known=known,
        tickets=tickets,
        schema=schema,
        audit_chain=_chain_line(audit, "entries"),
        sales_chain=_chain_line(sales, "sales"),
        broken_chain=broken,
        lost_shifts=lost_shifts,
    )


def _lost_shifts(db: Database) -> int:
    """Open shifts no till holds; none before m016 gave shifts their till (a file not yet migrated)."""
    by_till = db.execute("SELECT 1 FROM pragma_table_info('shifts') WHERE name = 'till_id'").fetchone()
    if by_till is None:
        return 0
    from posapp.storage.shifts import lost_open_shifts  # `check`'s, not a start's: the shift modules wait

    return len(lost_open_shifts(db))


def _chain_line(chain: ChainHead | ChainBreak | None, counted: str) -> str:
    if chain is None:
        return "not started yet (an older migration level)"
    if isinstance(chain, ChainBreak):
        return str(chain)
    return f"{chain.entries} {counted}, head {chain.short}"


def database_file(db: Database) -> Path | None:
    """The file the connection's main database lives in (None for an in-memory database)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def backup_to(db: Database, output: Path, *, full_check: bool = True) -> Path:
    """Copy the live database with SQLite's online backup API into `output`, owner-only, atomically.

    `output` must be a new path or an existing regular file (replaced by one rename), and never
    the database or its -wal/-shm/-journal files however it is spelt: a copy written over the WAL
    of a selling till loses its sales. The copy is staged in a fresh owner-only folder beside
    `output`, so neither it nor the journal SQLite writes next to it can follow a planted symlink.

    Without `full_check` the copy is checked only where a sale needs it (db_check.start_check): the
    closing copy of a file checked in full within the day; every backup is checked in full anyway
    before it is offered or restored (backup_rotation.verify_backup).
    """
    output = Path(output)
    source = database_file(db)
    if source is not None:
        refuse_database_files(source, output, "backup")
    if not output.parent.is_dir():
        raise UserError(f"The folder {output.parent} for the backup does not exist.")
    refuse_non_regular(output, "backup")
    with private_folder(output.parent, "backup") as staging:
        staged = staging / "backup.db"
        try:
            os.close(create_private(staged))
            target = sqlite3.connect(staged)
            try:
                db.conn.backup(target)
                # A backup is a single file at rest: no WAL, so reading it later leaves nothing beside it.
                target.execute("PRAGMA journal_mode = DELETE")
                if full_check:
                    verdict = target.execute("PRAGMA quick_check").fetchone()[0]
                else:
                    verdict = start_check(Database(target))
            finally:
                target.close()
            if verdict != "ok":
                raise UserError(f"The backup failed its check ({verdict}); the database was not copied.")
            _sync(staged)
            refuse_non_regular(output, "backup")  # again: it may have changed while the copy ran
            staged.replace(output)
            sync_folder(output.parent)
        except OSError as error:
            raise UserError(f"The backup could not be written to {output}: {error.strerror}.") from None
    return output


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | NO_FOLLOW)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
