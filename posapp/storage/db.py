"""Opens the counter's SQLite file with the pragmas a till needs, and runs every write safely.

A leaf: it opens and nothing more. Bringing the schema up to date is the caller's explicit step
(`posapp.storage.migrations.apply_migrations`), so a start-up check can run before any write.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from posapp.domain.errors import UserError

BUSY_TIMEOUT_MS = 5000


def open_db(path: Path | str, *, read_only: bool = False) -> Database:
    """Open (creating if needed) the database at `path`, ready for a sale that survives a power cut.

    WAL lets the report and the backup read while the checkout writes; synchronous=FULL
    makes a committed sale survive power loss. The schema is left as it is: call
    `apply_migrations` (or open with `open_migrated`) to bring it up to date.
    """
    path = Path(path)
    if read_only:
        if not path.exists():
            raise UserError(f"There is no database at {path}.")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        _create_owner_only(path)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn, execute_plugins=False)
    try:
        _set_pragmas(db, read_only=read_only)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise UserError(f"{path} cannot be opened as the counter's database: {error}.") from None
    return db


def _create_owner_only(path: Path) -> None:
    """Create the file readable by its owner only: it holds customers' names and phones."""
    if path.exists():
        return
    if not path.parent.exists():
        raise UserError(f"The folder {path.parent} for the database does not exist.")
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise UserError(f"The database {path} cannot be created: {error.strerror}.") from None
    os.close(descriptor)


def _set_pragmas(db: Database, *, read_only: bool) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def _take_write_lock(db: Database) -> None:
    """`BEGIN IMMEDIATE`, asked again every few milliseconds (jittered) until it is ours, for at most 5 s.

    SQLite's own busy handler sleeps longer and longer (up to 100 ms at a time) while it waits:
    with several tills on one file, a sale that has waited a while sleeps through the moments the
    lock is free and the fresh ones take it, so one sale waited seconds behind the others. Short
    jittered tries give every waiting till the same chance at every free moment; the 5 s budget
    (BUSY_TIMEOUT_MS) is the same, then "database is locked" as before.
    """
    conn = db.conn
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                    raise
            time.sleep(random.uniform(0.0005, 0.003))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # for reads: a checkpoint may hold them


@contextmanager
def write_transaction(db: Database, *, survives_power_cut: bool = True) -> Iterator[Database]:
    """Run a write as one `BEGIN IMMEDIATE` transaction: all of it is stored, or none of it.

    IMMEDIATE takes the write lock up front, so a second writer waits its turn
    (`_take_write_lock`) instead of failing at once as a deferred `BEGIN` does.

    `survives_power_cut=False` commits with synchronous=NORMAL: in WAL the commit is in the WAL
    file (the OS has it) without waiting for the disk, so it survives a crash of the program
    but not necessarily a power cut until the next synchronous commit or checkpoint. For the
    ticket in progress only (storage/drafts.py); a sale is always committed FULL.
    """
    if db.conn.in_transaction:
        raise RuntimeError("a write transaction is already open on this connection")
    if not survives_power_cut:
        db.conn.execute("PRAGMA synchronous = NORMAL")
    try:
        _take_write_lock(db)
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        else:
            db.conn.execute("COMMIT")
    finally:
        if not survives_power_cut:
            db.conn.execute("PRAGMA synchronous = FULL")
