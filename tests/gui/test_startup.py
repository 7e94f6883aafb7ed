"""Start-up on a really damaged database: one sentence, Restore the newest good backup or Quit unchanged."""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from posapp.app import run_counter
from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.startup import StartupProblemDialog, start_daily_backup
from posapp.services.backup_rotation import (
    automatic_backup,
    backup_folder_for,
    backups_in,
    quick_check,
    verify_backup,
)
from posapp.services.checkout import complete_sale
from posapp.settings import default_settings_path


def sell(counter: Counter, cashier_id: int) -> None:
    wash = counter.catalog.get("standard_wash")
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now()).choose_wash(wash)
    complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)


def damage_tickets(db_path: Path) -> None:
    """Overwrite the tickets table's page with garbage, as a failing disk or a torn copy would."""
    with sqlite3.connect(db_path) as conn:
        root, page_size = (
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").fetchone()[0],
            conn.execute("PRAGMA page_size").fetchone()[0],
        )
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    db_path.write_bytes(bytes(data))


def folder_state(folder: Path) -> dict[str, str]:
    """Every file beside the database (and every backup) with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def buttons(dialog: StartupProblemDialog) -> list[str]:
    """The answers offered (QMessageBox counts its Show Details... toggle as a button too)."""
    return [
        button.text()
        for button in dialog.buttons()
        if dialog.buttonRole(button) is not QMessageBox.ButtonRole.ActionRole
    ]


@pytest.fixture
def damaged(counter: Counter, staff: Any) -> Path:
    """The counter's database: 1 sale in its backup, a 2nd sale after it, then its tickets pages wrecked."""
    sell(counter, staff.cashier_id)
    folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
    # The backup is stamped with today's real date so run_counter's own daily backup is not made again.
    made = automatic_backup(counter.db, folder, keep=5, at=datetime.now(UTC), zone=counter.settings.time_zone)
    assert made is not None
    sell(counter, staff.cashier_id)
    counter.db.conn.close()  # closing checkpoints the WAL, so every sale is in the main file
    damage_tickets(counter.db_path)
    return counter.db_path


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data folder, where run_counter keeps the till identity: the test's own, never the user's."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def args_for(db_path: Path) -> argparse.Namespace:
    return argparse.Namespace(db=db_path, settings=default_settings_path(), demo=False, till=None)


class Answer:
    """Stands in for the person in front of the dialog: records what they read, clicks one button."""

    def __init__(self, restore: bool) -> None:
        self.restore = restore
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, sentence: str, details: str, can_restore: bool) -> bool:
        self.seen.append((sentence, can_restore))
        return self.restore and can_restore


def test_quit_exits_with_1_and_writes_nothing(
    qapp: QApplication, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = folder_state(damaged.parent)
    answer = Answer(restore=False)
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    assert run_counter(args_for(damaged)) == 1
    [(sentence, can_restore)] = answer.seen
    assert sentence.startswith("The sales database is damaged, so nothing can be sold on it:")
    assert "restore the newest good backup, made " in sentence and "holding 1 ticket?" in sentence
    assert can_restore
    assert folder_state(damaged.parent) == before  # not a byte written, no backup of the damage made


def reset_the_quit(qapp: QApplication) -> None:
    """Leave Qt as a test found it: a quit() that ran outside an exec() (here: the last window
    closing after run_counter's loop had ended) stays set and makes every later event loop, such
    as qtbot.wait, return at once. An exec() clears it when it ends."""
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()


def test_restore_replaces_the_database_keeps_the_damaged_one_and_opens_the_window(
    qapp: QApplication, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StartupProblemDialog, "ask", Answer(restore=True))
    wrecked_page = b"\xa5" * 4096  # the page size of every counter database (SQLite's default)
    assert wrecked_page in damaged.read_bytes()
    seen: dict[str, object] = {}

    def look_then_close() -> None:
        # The window the cashier would now see: signed-out, with a notice about the restore.
        try:
            [window] = [
                w for w in QApplication.topLevelWidgets() if isinstance(w, CheckoutWindow) and w.isVisible()
            ]
            seen["notice"] = window.notice.text
            seen["tickets"] = window.counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0]
            window.close()
        finally:
            qapp.quit()  # whatever was found, the event loop ends and the test goes on

    QTimer.singleShot(0, look_then_close)
    assert run_counter(args_for(damaged)) == 0
    reset_the_quit(qapp)
    for widget in QApplication.topLevelWidgets():  # gone with this test: a later one finds only its own
        if isinstance(widget, CheckoutWindow):
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert str(seen["notice"]).startswith("The database was restored from the backup made ")
    assert "; the damaged file is kept as counter.db.replaced-" in str(seen["notice"])
    assert seen["tickets"] == 1  # the backup's sale; the one after it was on the damaged pages
    [kept] = damaged.parent.glob("counter.db.replaced-*")
    assert wrecked_page in kept.read_bytes()  # the damaged file is kept with its damage, for support
    restored = sqlite3.connect(damaged)
    try:
        assert restored.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert restored.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    finally:
        restored.close()


def test_without_a_good_backup_only_quit_is_offered(
    qapp: QApplication, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for backup in backups_in(damaged.parent / "backups"):
        backup.unlink()
    before = folder_state(damaged.parent)
    answer = Answer(restore=True)
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    assert run_counter(args_for(damaged)) == 1
    assert answer.seen == [
        (
            "The sales database is damaged and no good backup was found, "
            "so nothing can be sold here until support has looked at it.",
            False,
        )
    ]
    assert folder_state(damaged.parent) == before


def wreck_header(db_path: Path) -> None:
    """Overwrite the first page (the file header and the schema's root), as a torn first sector would."""
    data = bytearray(db_path.read_bytes())
    data[:4096] = b"\xa5" * 4096
    db_path.write_bytes(bytes(data))


def test_a_start_up_mistake_is_said_on_screen_too(
    qapp: QApplication, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Started from a desktop icon nobody reads stderr: a broken settings file is shown in the dialog.
    broken = damaged.parent / "broken-settings.toml"
    broken.write_text("[business\nname = ", encoding="utf-8")
    before = folder_state(damaged.parent)
    answer = Answer(restore=True)
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    with pytest.raises(UserError) as raised:  # the command line prints it on stderr and exits 2
        run_counter(argparse.Namespace(db=damaged, settings=broken, demo=False, till=None))
    assert answer.seen == [(f"The counter cannot start: {raised.value.message}", False)]
    assert str(broken) in raised.value.message
    assert folder_state(damaged.parent) == before


def test_a_wrecked_header_is_offered_the_backup_too(
    qapp: QApplication, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wreck_header(damaged)
    before = folder_state(damaged.parent)
    answer = Answer(restore=False)
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    assert run_counter(args_for(damaged)) == 1
    assert [can_restore for _, can_restore in answer.seen] == [True]
    assert folder_state(damaged.parent) == before


def test_the_dialog_offers_restore_and_quit(qtbot: QtBot, damaged: Path) -> None:
    dialog = StartupProblemDialog("The sales database is damaged ...", "details for support", True)
    qtbot.add_widget(dialog)
    assert dialog.text() == "The sales database is damaged ..."
    assert buttons(dialog) == ["Restore the backup", "Quit"]
    assert dialog.defaultButton() is dialog.restore_button
    assert dialog.escapeButton() is dialog.quit_button
    assert dialog.detailedText() == "details for support"
    dialog.restore_button.click()
    assert dialog.restore_chosen


def test_the_dialog_without_a_backup_has_quit_only(qtbot: QtBot) -> None:
    dialog = StartupProblemDialog("The sales database is damaged and no good backup ...", "", False)
    qtbot.add_widget(dialog)
    assert buttons(dialog) == ["Quit"]
    dialog.quit_button.click()
    assert not dialog.restore_chosen


def test_the_start_up_check_really_fails_on_the_damaged_file(damaged: Path) -> None:
    # The fixture's damage is real: SQLite itself finds it, not a flag the test set.
    from posapp.storage.db import open_db

    db = open_db(damaged, read_only=True)
    try:
        assert quick_check(db) != "ok"
    finally:
        db.conn.close()


def test_the_days_first_backup_is_made_behind_the_open_window(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter
) -> None:
    folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
    pool = QThreadPool()
    first = start_daily_backup(window, counter, pool)  # kept: the pool runs it but does not own it
    assert pool.waitForDone(30_000)
    [made] = backups_in(folder)
    assert made.name.startswith("counter-2026-11-27-")  # the site's day (10:00 in New York)
    assert verify_backup(made) == 0  # a sound copy of a counter with no sales yet
    second = start_daily_backup(window, counter, pool)  # a second start the same day copies nothing
    assert pool.waitForDone(30_000)
    assert backups_in(folder) == [made]
    assert first is not second
    assert not window.notice.text


def test_a_backup_that_cannot_be_made_is_a_notice_and_selling_goes_on(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be", encoding="utf-8")
    counter.setup.change(settings=replace(counter.settings, backup_folder=str(blocker)))
    broken = counter
    pool = QThreadPool()
    task = start_daily_backup(window, broken, pool)  # kept: the pool runs it but does not own it
    assert pool.waitForDone(30_000)
    # The worker is done; its sentence waits as a queued call for this thread.
    QApplication.processEvents()
    assert window.notice.text.startswith("Today's backup was not made (")
    assert window.notice.text.endswith("Sales go on; it is tried again at closing.")
    assert "try again" not in window.notice.text  # one instruction, not two that disagree
    assert window.pages.currentWidget() is window.checkout  # the cashier is still at the checkout
    assert task.at == counter.now()
