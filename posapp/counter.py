"""A running counter's parts, opened once: the database, its path, the clock, and the shop's setup.

Qt-free: the CLI, the self-test and the window all open the counter here. The composition
root (posapp/app.py) only wires these parts to the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_path

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.offers.scripts import Scripts
from posapp.services.backup_rotation import backup_folder_for, backups_in, quick_check, verify_backup
from posapp.services.customer_data import reapply_erasures
from posapp.services.db_check import damage_found_earlier, forget_damage, start_check
from posapp.services.memberships import settle_trials
from posapp.services.tills import RunningTill, TillPlace, take_till
from posapp.settings import Settings, default_settings_path, load_settings, settings_path_for
from posapp.shop_setup import ShopSetup
from posapp.storage.catalog import catalog_stored, load_catalog, read_catalog_file, seed_catalog
from posapp.storage.db import Database, open_db
from posapp.storage.migrations import apply_migrations
from posapp.storage.offer_scripts import load_scripts
from posapp.storage.schema import schema_difference

APP_NAME = "carwash-counter"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Counter:
    """What never changes while a counter runs, and the one live setup everybody reads.

    `settings` and `catalog` read through `setup` at the moment they are asked for: keep the
    Counter, never the values, and a manager's change reaches you without a restart.
    A counter opened as a till (`open_counter(till=...)`, the checkout window) has `till`: the
    identity its drafts and print jobs are kept under; `settings.terminal` is that till's name.
    A command that only reads or imports has none.
    """

    db: Database
    db_path: Path
    setup: ShopSetup
    now: Callable[[], datetime]
    demo: bool = False
    till: RunningTill | None = None

    @property
    def settings(self) -> Settings:
        return self.setup.settings

    @property
    def till_id(self) -> str:
        """The id of this till: what its ticket in progress and its receipts are kept under."""
        if self.till is None:
            raise RuntimeError(
                "this counter was opened without a till identity: open it with till=TillPlace(...)"
            )
        return self.till.id

    @property
    def catalog(self) -> Catalog:
        return self.setup.catalog


def data_dir() -> Path:
    """The per-user folder holding the database, settings, receipts and backups."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path(demo: bool) -> Path:
    return data_dir() / ("demo.db" if demo else "counter.db")


def this_installation(slot: str = "") -> TillPlace:
    """Where this person's tills keep their ids: `tills/` in the user data folder (posapp.services.tills)."""
    return TillPlace(data_dir() / "tills", slot)


def open_counter(
    db_path: Path | str | None = None,
    *,
    settings_path: Path | None = None,
    demo: bool = False,
    now: Callable[[], datetime] = utc_now,
    till: TillPlace | None = None,
) -> Counter:
    """Read the settings first (nothing runs on half a configuration), then open and seed the database.

    With `till`, the counter is a till: it takes its identity from there (refused with
    TillInUseError while another process is that till) and sells under that till's name.
    """
    db_path = Path(db_path) if db_path else default_db_path(demo)
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The real counter keeps an editable settings.toml beside its database; the demo, whose database
    # shares the real one's folder, always runs on the shipped defaults.
    shipped = default_settings_path() if demo else None
    settings = load_settings(settings_path or shipped or settings_path_for(db_path, create=True))
    existed = db_path.is_file()
    try:
        # Checked before any migration: nothing is written to a file that fails its check.
        db = open_db(db_path)
    except UserError as error:
        if not existed:
            raise
        backup = newest_good_backup(db_path, settings)
        raise DamagedDatabaseError(db_path, error.message.rstrip("."), backup) from None
    verdict = _start_up_check(db, db_path)
    if verdict == "ok":
        # An added trigger or a dropped audit trigger reads as fine to SQLite: compare with what the
        # applied migrations build (before migrating, so an older level still may migrate).
        difference = schema_difference(db)
        verdict = "ok" if difference is None else f"schema: {difference}"
    if verdict != "ok":
        db.conn.close()
        raise DamagedDatabaseError(db_path, verdict, newest_good_backup(db_path, settings))
    apply_migrations(db)
    # Before anybody sells: a database restored from an older backup must not bring an erased person back.
    reapply_erasures(db, db_path, now)
    if not catalog_stored(db):  # parsing the shipped catalog costs a start ~10 ms for nothing
        seed_catalog(db, read_catalog_file())
    running = None
    if till is not None:
        try:
            running = take_till(db, db_path, till, till.slot or settings.terminal, now)
        except BaseException:
            db.conn.close()
            raise
        # The till's own name, as the database keeps it: settings.toml is shared by every till on the file.
        settings = replace(settings, terminal=running.name)
    # Trials whose last day passed while the counter was closed are recorded before the first sale.
    settle_trials(db, now().astimezone(settings.time_zone).date(), now)
    setup = ShopSetup(settings, load_catalog(db), scripts_in_use(db))
    return Counter(db=db, db_path=db_path, setup=setup, now=now, demo=demo, till=running)


def _start_up_check(db: Database, db_path: Path) -> str:
    """What must be sound to sell; the whole file only when a background check found damage before.

    The whole file is otherwise checked behind the open window (posapp.services.db_check): a
    ten-year database would make every start wait seconds for it.
    """
    if not damage_found_earlier(db_path):
        return start_check(db)
    verdict = quick_check(db)
    if verdict == "ok":
        forget_damage(db_path)  # restored or repaired since: the finding no longer holds
    return verdict


def scripts_in_use(db: Database) -> Scripts:
    """The scripts as edited by the manager; a broken scripts file must not stop the counter."""
    try:
        return load_scripts(db)
    except UserError:
        return Scripts()  # the plain built-in scripts stand in


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


def newest_good_backup(db_path: Path, settings: Settings) -> Path | None:
    """The newest backup that passes its check (each one read in full: call off the GUI thread)."""
    for candidate in backups_in(backup_folder_for(db_path, settings.backup_folder)):
        try:
            verify_backup(candidate)
        except UserError:
            continue
        return candidate
    return None
