"""The composition root: opens the database and settings once and hands them to whoever needs them."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_path
from sqlite_utils import Database

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.services.backup_rotation import (
    automatic_backup,
    backup_folder_for,
    backups_in,
    quick_check,
    verify_backup,
)
from posapp.services.checkout import Site
from posapp.settings import Settings, default_settings_path, load_settings
from posapp.storage.catalog import load_catalog, read_catalog_file, seed_catalog
from posapp.storage.db import open_db
from posapp.storage.migrations import apply_migrations

APP_NAME = "carwash-counter"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Counter:
    """Everything a running counter shares: passed in, never global."""

    db: Database
    db_path: Path
    settings: Settings
    catalog: Catalog
    now: Callable[[], datetime]
    demo: bool = False

    @property
    def site(self) -> Site:
        return Site(
            terminal=self.settings.terminal,
            tax=self.settings.tax,
            time_zone=self.settings.time_zone,
        )


def data_dir() -> Path:
    """The per-user folder holding the database, settings, receipts and backups."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path(demo: bool) -> Path:
    return data_dir() / ("demo.db" if demo else "counter.db")


def settings_path_for(db_path: Path, demo: bool) -> Path:
    """The real counter keeps an editable settings.toml beside its database; the demo uses the defaults."""
    if demo:
        return default_settings_path()
    path = db_path.parent / "settings.toml"
    if not path.exists():
        shutil.copyfile(default_settings_path(), path)
    return path


def open_counter(
    db_path: Path | str | None = None,
    *,
    settings_path: Path | None = None,
    demo: bool = False,
    now: Callable[[], datetime] = utc_now,
) -> Counter:
    """Read the settings first (nothing runs on half a configuration), then open and seed the database."""
    db_path = Path(db_path) if db_path else default_db_path(demo)
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = load_settings(settings_path or settings_path_for(db_path, demo))
    existed = db_path.is_file()
    try:
        # Checked before any migration: nothing is written to a file that fails its check.
        db = open_db(db_path)
    except UserError as error:
        if not existed:
            raise
        backup = _newest_backup(db_path, settings)
        raise DamagedDatabaseError(db_path, error.message.rstrip("."), backup) from None
    verdict = quick_check(db)
    if verdict != "ok":
        db.conn.close()
        raise DamagedDatabaseError(db_path, verdict, _newest_backup(db_path, settings))
    apply_migrations(db)
    seed_catalog(db, read_catalog_file())
    return Counter(db=db, db_path=db_path, settings=settings, catalog=load_catalog(db), now=now, demo=demo)


class DamagedDatabaseError(UserError):
    """The database failed its start-up check: nothing may be written until a good backup is restored."""

    def __init__(self, db_path: Path, verdict: str, backup: Path | None) -> None:
        advice = (
            f"restore the newest good backup with: posapp restore --db {db_path} --from {backup}"
            if backup
            else "no good backup was found; call support before selling on this computer"
        )
        super().__init__(f"The database {db_path} failed its check ({verdict}); {advice}.")
        self.backup = backup


def _newest_backup(db_path: Path, settings: Settings) -> Path | None:
    for candidate in backups_in(backup_folder_for(db_path, settings.backup_folder)):
        try:
            verify_backup(candidate)
        except UserError:
            continue
        return candidate
    return None


def run_counter(args: argparse.Namespace) -> int:
    """`posapp [--db PATH] [--demo]`: the checkout window; exit 1 when a damaged database is not restored."""
    # Qt is imported only when the window is wanted: the sub-commands start without it.
    from posapp.gui.startup import open_or_restore, run_checkout_window

    db_path = Path(args.db) if args.db else default_db_path(args.demo)
    started = open_or_restore(
        lambda: open_counter(db_path, settings_path=args.settings, demo=args.demo), db_path, utc_now
    )
    if started is None:
        return 1
    counter, notice = started
    try:
        if counter.demo:
            from posapp.services.demo import ensure_demo_site

            ensure_demo_site(counter.db, counter.catalog, counter.settings, now=counter.now)
        # The day's first backup is made by the window, on a worker, once it shows: no waiting for it.
        status: int = run_checkout_window(counter, notice)
        folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
        keep, zone = counter.settings.backup_keep, counter.settings.time_zone
        automatic_backup(counter.db, folder, keep=keep, at=counter.now(), zone=zone, on_close=True)
        return status
    finally:
        counter.db.conn.close()
