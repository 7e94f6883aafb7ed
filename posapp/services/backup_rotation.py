"""Automatic backups (first start of each day and on close, rotated) and a verified restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from posapp.domain.errors import UserError
from posapp.files import create_private, private_folder, refuse_database_files, sync_folder
from posapp.services.backup import backup_to
from posapp.services.customer_data import reapply_erasures
from posapp.settings import Settings
from posapp.storage.audit import ChainBreak, verify_audit_chain
from posapp.storage.db import Database, open_db
from posapp.storage.migrations import open_migrated
from posapp.storage.sale_chain import verify_sales_chain
from posapp.storage.schema import schema_difference

PREFIX = "counter-"


def backup_folder_for(db_path: Path, configured: str) -> Path:
    """The configured folder, or a `backups` folder beside the database; created owner-only."""
    folder = Path(configured).expanduser() if configured else db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def backups_in(folder: Path) -> list[Path]:
    """Backups in the folder, newest first (their names sort by time)."""
    return sorted(folder.glob(f"{PREFIX}*.db"), reverse=True)


def automatic_backup(
    db: Database, folder: Path, *, keep: int, at: datetime, zone: ZoneInfo, on_close: bool = False
) -> Path | None:
    """Back up on the first start of each local day (or always when closing), keeping the newest `keep`."""
    local = at.astimezone(zone)
    today = f"{PREFIX}{local:%Y-%m-%d}"
    if not on_close and any(path.name.startswith(today) for path in backups_in(folder)):
        return None
    # The closing copy is checked where a sale needs it only: a full check would hold the exit for seconds.
    made = backup_to(db, folder / f"{PREFIX}{local:%Y-%m-%d-%H%M%S}.db", full_check=not on_close)
    for old in backups_in(folder)[keep:]:
        old.unlink(missing_ok=True)
    return made


def closing_backup(db_path: Path, settings: Settings, at: datetime) -> Path | None:
    """The backup made at closing, read through a connection of its own (the till's is closed by then)."""
    db = open_db(db_path, read_only=True)
    try:
        folder = backup_folder_for(db_path, settings.backup_folder)
        zone = settings.time_zone
        return automatic_backup(db, folder, keep=settings.backup_keep, at=at, zone=zone, on_close=True)
    finally:
        db.conn.close()


def daily_backup(db_path: Path, settings: Settings, at: datetime) -> Path | None:
    """The first start of the day's backup, read through a connection of its own.

    Its own connection lets it run on a worker thread while the checkout sells: in WAL mode
    the backup's read never blocks a sale, and a 3-year database takes over a second to copy.
    Returns the backup made, or None when today's was already made.
    """
    db = open_db(db_path, read_only=True)
    try:
        folder = backup_folder_for(db_path, settings.backup_folder)
        return automatic_backup(db, folder, keep=settings.backup_keep, at=at, zone=settings.time_zone)
    finally:
        db.conn.close()


def verify_backup(path: Path) -> int:
    """Check a backup is a healthy counter database; returns its ticket count or says what is wrong."""
    if not path.is_file():
        raise UserError(f"There is no backup file at {path}.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise UserError(f"The backup {path} is damaged ({verdict}); nothing was replaced.")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"tickets", "_sqlite_migrations"} <= tables:
                raise UserError(f"{path} is not a backup of the counter's database; nothing was replaced.")
            _refuse_tampering(Database(conn), path)
            return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise UserError(f"The backup {path} cannot be read ({error}); nothing was replaced.") from None


def _refuse_tampering(db: Database, path: Path) -> None:
    """A backup whose schema is not what its migrations build, or whose audit or sales chain breaks: refused.

    An extra trigger (one that zeroes every total, say) or dropped audit triggers would go on
    working on every sale after the restore; such a file is never put in the till's place.
    """
    difference = schema_difference(db)
    if difference:
        raise UserError(
            f"The backup {path} does not have the counter's schema ({difference}); nothing was replaced."
        )
    chain = verify_audit_chain(db)
    if isinstance(chain, ChainBreak):
        raise UserError(f"The backup {path} has an audit log {chain}; nothing was replaced.")
    sales = verify_sales_chain(db)
    if isinstance(sales, ChainBreak):
        raise UserError(f"The backup {path} has a sales chain {sales}; nothing was replaced.")


RESTORE_WAIT_MS = 300

IN_USE = (
    "Another program (a till?) has the database {path} open, so it cannot be restored now; "
    "close it first and run the restore again."
)


def restore_backup(db_path: Path, backup: Path, *, at: datetime) -> Path | None:
    """Replace the database with a verified backup; the replaced file is kept beside it and returned.

    It only runs when nobody else has the database open. A till that keeps the file open writes
    on into a WAL that the restore would delete (hundreds of sales in neither file), and copying
    the backup into the live file through SQLite's backup API instead would leave the till selling
    on a database its memory no longer matches. So `_sole_user` takes SQLite's exclusive lock and
    leaves WAL mode first: SQLite refuses to leave WAL while another connection has the file open
    (even an idle one) and refuses the lock while another writes, so either failure means a till
    is there and the restore stops with one sentence, having changed nothing. Under the lock every
    committed sale is in the main file; that file is kept by a hard link (the same bytes, no copy),
    and the backup is staged owner-only in a fresh private folder and renamed into place.
    """
    verify_backup(backup)
    live = Path(os.path.realpath(db_path))  # a symlinked database is restored where it really lives
    refuse_database_files(live, backup, "backup to restore from")
    kept = None
    with _sole_user(live):
        if live.exists():
            kept = _keep(live, at)
        with private_folder(live.parent, "restored database") as staging:
            staged = staging / "restored.db"
            try:
                _copy_private(backup, staged)
                wal = Path(f"{live}-wal")
                if kept is not None and wal.exists():  # only when SQLite could not read the file
                    wal.replace(Path(f"{kept}-wal"))
                Path(f"{live}-shm").unlink(missing_ok=True)
                Path(f"{live}-journal").unlink(missing_ok=True)
                staged.replace(live)
                sync_folder(live.parent)
            except OSError as error:
                raise UserError(f"The database {live} could not be restored: {error.strerror}.") from None
    _erase_again(live, at)
    return kept


def _erase_again(live: Path, at: datetime) -> None:
    """Customers erased since the backup was made are erased again before anybody opens it."""
    try:
        db = open_migrated(live)
        try:
            reapply_erasures(db, live, lambda: at)
        finally:
            db.conn.close()
    except (UserError, sqlite3.Error) as error:
        why = error.message.rstrip(".") if isinstance(error, UserError) else str(error)
        raise UserError(
            f"{live} was restored, but customers erased since the backup could not be erased again yet"
            f" ({why}); the counter erases them again when it next opens the database."
        ) from None


@contextmanager
def _sole_user(path: Path) -> Iterator[None]:
    """Hold SQLite's exclusive lock on `path` (out of WAL mode), or refuse: someone else has it open.

    A file SQLite cannot read as a database (its header is gone) cannot be locked through SQLite
    either; no SQLite program can be selling on it, so the restore goes ahead.
    """
    if not path.exists():
        yield
        return
    conn = sqlite3.connect(path, timeout=RESTORE_WAIT_MS / 1000, isolation_level=None)
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {RESTORE_WAIT_MS}")
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise UserError(IN_USE.format(path=path))
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # in EXCLUSIVE locking mode the lock stays until the connection closes
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise UserError(IN_USE.format(path=path)) from None
        except sqlite3.DatabaseError:
            pass  # unreadable as a database: see the docstring
        yield
    finally:
        conn.close()


def _keep(live: Path, at: datetime) -> Path:
    """Keep the file about to be replaced under a new owner-only name beside it, never through a symlink."""
    base = live.with_name(f"{live.name}.replaced-{at:%Y%m%d-%H%M%S}")
    for attempt in range(1, 100):
        kept = base if attempt == 1 else base.with_name(f"{base.name}-{attempt}")
        try:
            os.link(live, kept, follow_symlinks=False)
        except FileExistsError:
            continue  # a file (or a planted symlink) has that name: take the next one
        except OSError:
            try:
                _copy_private(live, kept)  # a file system without hard links
            except FileExistsError:
                continue
            except OSError as error:
                raise UserError(f"{live} could not be kept as {kept}: {error.strerror}.") from None
        kept.chmod(0o600)  # our own hard link (or copy): a regular file, not a symlink
        return kept
    raise UserError(f"The database {live} could not be kept: too many files named {base.name}-*.")


def _copy_private(source: Path, target: Path) -> None:
    """Copy `source` into a new owner-only file `target` (created, never followed), synced to disk."""
    descriptor = create_private(target)
    try:
        with os.fdopen(descriptor, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def quick_check(db: Database) -> str:
    """'ok', or what SQLite found wrong: at start-up a failure stops writes."""
    try:
        return ", ".join(str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall())
    except sqlite3.DatabaseError as error:
        return str(error)
