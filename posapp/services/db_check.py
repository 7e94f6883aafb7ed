"""Checking the counter's database without making the start wait for its years of history.

A full `PRAGMA quick_check` reads every page: 0.3 s at one year, seconds at ten, ten seconds
when the file is not in the OS cache (every morning). So the start checks what must be sound
to sell (`start_check`): every table the counter does not keep adding history to, fully
(`PRAGMA quick_check(TABLE)`, about a millisecond each), and for the history tables the last
row, the path through the file a new sale is written along. The whole file is checked
(`full_check`) on its own read-only connection while the counter sells (WAL lets it read
beside the writes), when the last session did not close cleanly or the last full check passed
more than a day ago. What that check finds is written beside the database (`record_damage`),
so the next start runs the full check before anything and offers the newest good backup.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from posapp.files import create_private
from posapp.storage.db import Database

#: Tables that grow with every sale, for years: checked in full in the background, their tail at start.
HISTORY_TABLES = frozenset(
    {
        "tickets",
        "ticket_lines",
        "offer_events",
        "sale_chain",
        "audit_log",
        "print_jobs",
        "slip_print_jobs",
        "plan_changes",
        "cash_movements",
        "voids",
        "complaints",
    }
)

#: How old the last passed full check may be before a start runs one again (the nightly check).
FULL_CHECK_EVERY = timedelta(days=1)


def start_check(db: Database) -> str:
    """'ok', or what SQLite found wrong, reading only what a sale needs: the small tables and the tails."""
    try:
        tables = [
            str(row[0])
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        problems: list[str] = []
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            if table in HISTORY_TABLES:
                # The last row's page and the pages above it: where the next sale is written.
                db.execute(f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
                continue
            found = [str(row[0]) for row in db.execute(f"PRAGMA quick_check({quoted})").fetchall()]
            if found != ["ok"]:
                problems.extend(found)
        return ", ".join(problems) or "ok"
    except sqlite3.DatabaseError as error:
        return str(error)


def full_check(db_path: Path) -> str:
    """'ok', or what SQLite found wrong, reading every page on a read-only connection of its own."""
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return ", ".join(str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return str(error)


def _clean_marker(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.closed-clean")


def _damage_marker(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.damaged")


def last_full_check(db_path: Path) -> datetime | None:
    """When a full check last passed, if the last session closed cleanly; None when it did not (or never).

    Reading the clean-close marker also takes it away: until this session closes cleanly, the
    database counts as not cleanly closed.
    """
    marker = _clean_marker(db_path)
    try:
        checked = datetime.fromisoformat(marker.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    finally:
        marker.unlink(missing_ok=True)
    return checked if checked.tzinfo is not None else None


def full_check_due(last: datetime | None, now: datetime) -> bool:
    """True after an unclean close (or none known) and when the last passed full check is over a day old."""
    return last is None or not timedelta(0) <= now - last <= FULL_CHECK_EVERY


def record_clean_close(db_path: Path, last_full_check: datetime | None) -> None:
    """The session closed cleanly; `last_full_check` is when a full check last passed (None: never known)."""
    if last_full_check is None:
        return  # no passed check to carry over: the next start checks in full
    marker = _clean_marker(db_path)
    marker.unlink(missing_ok=True)
    try:
        descriptor = create_private(marker)
    except OSError:
        return  # a missing marker only means one more background check
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(last_full_check.isoformat())


def record_damage(db_path: Path, verdict: str) -> None:
    """What the background check found, kept beside the database for the next start."""
    marker = _damage_marker(db_path)
    marker.unlink(missing_ok=True)
    try:
        descriptor = create_private(marker)
    except OSError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(verdict)


def damage_found_earlier(db_path: Path) -> bool:
    """True when a background check found the file damaged and no start has cleared it since."""
    return _damage_marker(db_path).is_file()


def forget_damage(db_path: Path) -> None:
    """A full check passed (the file was restored or repaired): the earlier finding no longer holds."""
    _damage_marker(db_path).unlink(missing_ok=True)
