"""Starting the checkout: a database that failed its check is never sold on; a good backup is offered.

Nothing here writes to the damaged file: Quit leaves it exactly as it was, and Restore keeps
it beside the database (restore_backup) before the verified backup takes its place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget

from posapp.counter import Counter, DamagedDatabaseError
from posapp.domain.errors import UserError
from posapp.gui.background import BackgroundOp, wait_and_deliver
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.main import application, build_window
from posapp.services.backup_rotation import PREFIX, daily_backup, restore_backup, verify_backup
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


def run_checkout_window(counter: Counter, notice: str | None = None) -> int:
    """Show the checkout window (with the start-up notice, if any) and run until it is closed."""
    app = application()
    window = build_window(counter)
    if notice:
        window.show_notice(notice)
    window.show_where_left()
    pool = QThreadPool()
    start_daily_backup(window, counter, pool)
    try:
        return int(app.exec())
    finally:
        # The closing backup (run_counter's) comes after today's first one, never beside it.
        wait_and_deliver(pool)
