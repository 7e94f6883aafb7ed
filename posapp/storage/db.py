"""Opens the counter's SQLite file with the pragmas a till needs, and runs every write safely.

A leaf: it opens and nothing more. Bringing the schema up to date is the caller's explicit step
(`posapp.storage.migrations.apply_migrations`), so a start-up check can run before any write.

`Database` is our own thin wrapper of one sqlite3 connection, not sqlite-utils' `Database`:
the product only ever used its `conn` and `execute`, and importing sqlite-utils (with click,
pluggy and dateutil for its command line and plugins) cost every start of the counter
46–69 ms of ~380 (docs/benchmarks.md). `execute` keeps sqlite-utils 4's behaviour exactly (a
write outside a transaction is committed at once; a failed one leaves no transaction open),
and `recursive_triggers` is on as sqlite-utils sets it. The migrations are still applied by sqlite-utils'
`Migrations`, on this same connection, imported only when a step is pending
(posapp.storage.migration_set), so a day's starts never load it.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from posapp.domain.errors import UserError

BUSY_TIMEOUT_MS = 5000

#: Statements that open or end a transaction themselves: `execute` never commits after them.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_FIRST_WORD = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z_]*)", re.DOTALL)


class Database:
    """One connection to the counter's file: `conn` for transactions, `execute` for a statement.

    Passed to every storage function as `db`; `write_transaction(db)` wraps a write.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # A REPLACE that deletes a row fires its DELETE triggers (the audit log sees it), as
        # sqlite-utils set it on every connection the counter's files were made with.
        conn.execute("PRAGMA recursive_triggers = ON")

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once, as in sqlite-utils 4.

        Python's sqlite3 opens a transaction before INSERT, UPDATE and DELETE by itself; left
        open, it would hold the write lock and capture every later write of this connection.
        """
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters)
        except BaseException:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_word(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    def table_names(self) -> list[str]:
        """The names of the file's tables, SQLite's own included."""
        return [str(row[0]) for row in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        self.conn.close()


def _first_word(sql: str) -> str:
    """The statement's first keyword in capitals, past blanks, comments and empty statements."""
    match = _FIRST_WORD.match(sql)
    return match.group(1).upper() if match else ""


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
    db = Database(conn)
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
