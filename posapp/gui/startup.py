"""Starting the checkout: a database that failed its check is never sold on; a good backup is offered.

Nothing here writes to the damaged file: Quit leaves it exactly as it was, and Restore keeps
it beside the database (restore_backup) before the verified backup takes its place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from posapp.counter import Counter, DamagedDatabaseError, newest_good_backup
from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp, wait_and_deliver
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.main import application, build_window
from posapp.services.backup_rotation import PREFIX, daily_backup, restore_backup, verify_backup
from posapp.services.db_check import full_check, full_check_due, last_full_check, record_damage
from posapp.settings import Settings


class StartupProblemDialog(QMessageBox):
    """One sentence and two buttons: Restore the newest good backup, or Quit (the only one without a backup).

    Callers go through `ask`, which a test replaces; the dialog itself is tested without exec().
    """

    def __init__(self, sentence: str, details: str, can_restore: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startup_problem")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("The counter cannot start safely")
        self.setText(sentence)
        self.setInformativeText(
            "Sales made after the backup are not in it; the damaged file is kept for support."
            if can_restore
            else "Nothing was changed."
        )
        # The technical wording (and the command line that does the same) is for support, behind a button.
        self.setDetailedText(details)
        self.restore_button: QWidget | None = None
        if can_restore:
            restore = self.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
            restore.setObjectName("restore_backup")
            restore.setAccessibleName("Restore the newest good backup")
            self.setDefaultButton(restore)
            self.restore_button = restore
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quit")
        self.quit_button.setAccessibleName("Quit without changing anything")
        self.setEscapeButton(self.quit_button)

    @property
    def restore_chosen(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button

    @classmethod
    def ask(cls, sentence: str, details: str, can_restore: bool) -> bool:
        """True when the person chose to restore the backup."""
        dialog = cls(sentence, details, can_restore)
        dialog.exec()
        return dialog.restore_chosen


def backup_made_at(backup: Path) -> str:
    """When the backup was made, in the site's local time its name carries (counter-YYYY-MM-DD-HHMMSS.db)."""
    stamp = backup.stem.removeprefix(PREFIX)
    try:
        made = datetime.strptime(stamp, "%Y-%m-%d-%H%M%S")
    except ValueError:
        return backup.name
    return f"{made:%Y-%m-%d} at {made:%H:%M}"


def damage_sentence(backup: Path | None) -> str:
    """What the person at the counter reads first: what is wrong and what they can do about it."""
    if backup is None:
        return (
            "The sales database is damaged and no good backup was found, "
            "so nothing can be sold here until support has looked at it."
        )
    try:
        tickets = verify_backup(backup)
    except UserError:
        tickets = -1  # it passed a moment ago in open_counter; the restore will say what changed
    held = f", holding {tickets} ticket{'s' if tickets != 1 else ''}" if tickets >= 0 else ""
    return (
        "The sales database is damaged, so nothing can be sold on it: "
        f"restore the newest good backup, made {backup_made_at(backup)}{held}?"
    )


def open_or_restore(
    open_counter: Callable[[], Counter], db_path: Path, now: Callable[[], datetime]
) -> tuple[Counter, str | None] | None:
    """The counter and a notice for the window, or None when the person chose Quit.

    `open_counter` opens the counter's database; it raises DamagedDatabaseError before any write.
    """
    try:
        try:
            return open_counter(), None
        except DamagedDatabaseError as damaged:
            application()  # the dialog needs the one QApplication of the process
            backup = damaged.backup
            if not StartupProblemDialog.ask(damage_sentence(backup), damaged.message, backup is not None):
                return None
            assert backup is not None  # Restore is only offered with a backup
            kept = restore_backup(db_path, backup, at=now())
        counter = open_counter()
    except UserError as error:
        # A broken settings file, a file SQLite cannot even open, a failed restore: started from a
        # desktop icon nobody reads stderr, so the sentence goes on screen; the command line still exits 2.
        application()
        StartupProblemDialog.ask(f"The counter cannot start: {error.message}", "", False)
        raise
    notice = f"The database was restored from the backup made {backup_made_at(backup)}"
    notice += f"; the damaged file is kept as {kept.name}." if kept else "."
    return counter, notice


@dataclass(frozen=True)
class DailyBackup:
    """The day's first backup, for a pool thread: the cashier sells while a large database is copied."""

    db_path: Path
    settings: Settings
    at: datetime

    def __call__(self) -> Path | None:
        try:
            return daily_backup(self.db_path, self.settings, self.at)
        except (sqlite3.Error, OSError) as error:
            # Only the cause, as the system gave it: the notice itself says that sales go on and
            # when it is tried again, which the general "try again in a moment" would contradict.
            raise UserError(str(error)) from None


def start_daily_backup(window: CheckoutWindow, counter: Counter, pool: QThreadPool) -> DailyBackup:
    """Make today's first backup in the background; a failure is a notice on `window`, never a stop."""
    backup = DailyBackup(counter.db_path, counter.settings, counter.now())
    BackgroundOp(
        "Copying the database",
        backup,
        receiver=window,
        success=_backup_made,
        failure=partial(_backup_failed, window),
    ).run_in_background(pool)
    return backup


def _backup_made(_made: Path | None) -> None:
    """Nothing to say: a backup made (or already made today) is no news at the counter."""


def _backup_failed(window: CheckoutWindow, why: str) -> None:
    window.show_notice(
        f"Today's backup was not made ({why.rstrip('.')}). Sales go on; it is tried again at closing."
    )


def _start_hub_sync(window: CheckoutWindow, counter: Counter, pool: QThreadPool) -> None:
    """With a `[hub]` in settings.toml, the till syncs on a timer; a wrong [hub] is a notice, not a stop."""
    from posapp.gui.hub_sync import start_hub_sync
    from posapp.hub.config import hub_settings

    try:
        hub = hub_settings(counter.settings.source) if counter.settings.source else None
    except UserError as error:
        window.show_notice(f"{error.message} This till does not sync until it is put right.")
        return
    start_hub_sync(
        window.show_notice, counter.db_path, hub, counter.now, pool, window, settings=lambda: counter.settings
    )


#: How long after the window shows the full check and the day's backup begin.
QUIET_START_MS = 2000
#: How long closing waits for a sync with the hub still in flight.
SYNC_GRACE_MS = 5000


@dataclass
class SessionHealth:
    """What this session learnt about its database: when a full check last passed, or the damage it found."""

    last_full_check: datetime | None = None
    damage: str | None = None
    checks: list[datetime] = field(default_factory=list)


@dataclass(frozen=True)
class FullCheck:
    """The whole file checked on a pool thread (own read-only connection); on damage, the backup to offer."""

    db_path: Path
    settings: Settings

    def __call__(self) -> tuple[str, Path | None]:
        verdict = full_check(self.db_path)
        if verdict == "ok":
            return verdict, None
        record_damage(self.db_path, verdict)  # the next start checks in full first, and offers the backup
        return verdict, newest_good_backup(self.db_path, self.settings)


def start_full_check(
    window: CheckoutWindow, counter: Counter, pool: QThreadPool, health: SessionHealth
) -> FullCheck | None:
    """Check the whole file behind the open window when it is due; on damage the window stops selling."""
    at = counter.now()
    health.last_full_check = last_full_check(counter.db_path)
    if not full_check_due(health.last_full_check, at):
        return None
    check = FullCheck(counter.db_path, counter.settings)
    health.checks.append(at)
    BackgroundOp(
        "Checking the database",
        check,
        receiver=window,
        success=partial(_checked, window, health, at),
        failure=partial(_check_failed, window),
    ).run_in_background(pool)
    return check


def _checked(
    window: CheckoutWindow, health: SessionHealth, at: datetime, found: tuple[str, Path | None]
) -> None:
    verdict, backup = found
    if verdict == "ok":
        health.last_full_check = at
        return
    health.damage = verdict
    if backup is None:
        sentence = (
            "The sales database is damaged and no good backup was found, so no more sales can be "
            "taken here until support has looked at it."
        )
    else:
        sentence = (
            "The sales database is damaged, so no more sales can be taken here: close the counter and "
            f"start it again to restore the newest good backup, made {backup_made_at(backup)}."
        )
    window.stop_selling(sentence)


def _check_failed(window: CheckoutWindow, why: str) -> None:
    window.show_notice(f"The database could not be checked ({why.rstrip('.')}). Sales go on.")


def _register_fonts() -> tuple[str, str]:
    # Imported on the worker: reportlab is not needed to show the sign-in page.
    from posapp.receipts.fonts import register_receipt_fonts

    return register_receipt_fonts()


def start_font_registration(window: CheckoutWindow, pool: QThreadPool | None = None) -> None:
    """Read the receipt fonts on a pool thread after the start, so the first receipt does not wait for them.

    Parsing the two TrueType files costs the first receipt of a process ~40 ms (166 ms under
    load); a failure here is silent: the first receipt registers them itself and says what went wrong.
    """
    BackgroundOp(
        "Preparing the receipt fonts",
        _register_fonts,
        receiver=window,
        success=_fonts_ready,
        failure=_fonts_ready,
    ).run_in_background(pool)


def _fonts_ready(_result: object) -> None:
    """Nothing to say: the fonts are a convenience for the first receipt."""


def run_checkout_window(
    counter: Counter, notice: str | None = None, health: SessionHealth | None = None
) -> int:
    """Show the checkout window (with the start-up notice, if any) and run until it is closed."""
    app = application()
    window = build_window(counter)
    if notice:
        window.show_notice(notice)
    window.show_where_left()
    pool = QThreadPool()
    pool.setMaxThreadCount(1)  # the check, then the backup: one reading of the file at a time
    # Its own pool: a hub that answers slowly must never hold back the check or the backup.
    sync_pool = QThreadPool()
    _start_hub_sync(window, counter, sync_pool)

    def start_background_work() -> None:
        start_full_check(window, counter, pool, health if health is not None else SessionHealth())
        start_daily_backup(window, counter, pool)
        start_font_registration(window)

    # Once the window has painted and settled: on two cores a ten-year file's check would share
    # the CPU and the disk with the start itself.
    QTimer.singleShot(QUIET_START_MS, window, start_background_work)
    try:
        return int(app.exec())
    finally:
        # The closing backup (run_counter's) comes after today's first one, never beside it.
        wait_and_deliver(pool)
        wait_and_deliver(
            sync_pool, SYNC_GRACE_MS
        )  # a sync in flight may finish; a hung hub is not waited for
