"""Automatic backups (first start of each day and on close, rotated) and a verified restore."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from posapp.domain.errors import UserError
from posapp.services.backup import backup_to
from posapp.settings import Settings
from posapp.storage.db import open_db

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
    made = backup_to(db, folder / f"{PREFIX}{local:%Y-%m-%d-%H%M%S}.db")
    for old in backups_in(folder)[keep:]:
        old.unlink(missing_ok=True)
    return made


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
            return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise UserError(f"The backup {path} cannot be read ({error}); nothing was replaced.") from None


def restore_backup(db_path: Path, backup: Path, *, at: datetime) -> Path | None:
    """Replace the database with a verified backup; the replaced file is kept beside it and returned."""
    verify_backup(backup)
    kept = None
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{at:%Y%m%d-%H%M%S}")
        # Copy through SQLite so the WAL's committed pages are included in the kept file.
        source = sqlite3.connect(db_path)
        try:
            target = sqlite3.connect(kept)
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.DatabaseError:
            shutil.copyfile(db_path, kept)  # too damaged to read: keep the bytes as they are
        finally:
            source.close()
    staged = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, staged)
    staged.chmod(0o600)
    for leftover in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    staged.replace(db_path)
    return kept


def quick_check(db: Database) -> str:
    """'ok', or what SQLite found wrong: at start-up a failure stops writes."""
    try:
        return ", ".join(str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall())
    except sqlite3.DatabaseError as error:
        return str(error)
