"""Start-up on a database whose schema was tampered with: the damaged-database path (issue 13)."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from posapp.app import run_counter
from posapp.counter import Counter
from posapp.gui.startup import StartupProblemDialog
from posapp.services.backup_rotation import automatic_backup, backup_folder_for, backups_in
from posapp.settings import default_settings_path

ZERO_TOTALS = (
    "CREATE TRIGGER zero_totals AFTER INSERT ON tickets BEGIN "
    "UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE id = NEW.id; END"
)


class Answer:
    """Stands in for the person in front of the dialog: records what they read, answers Quit."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, bool]] = []

    def __call__(self, sentence: str, details: str, can_restore: bool) -> bool:
        self.seen.append((sentence, details, can_restore))
        return False


def start(db_path: Path) -> int:
    """run_counter on the file; a window that opens anyway (the tampering missed) is closed at once."""
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: [window.close() for window in QApplication.topLevelWidgets()])
    guard.start(0)
    try:
        args = argparse.Namespace(db=db_path, settings=default_settings_path(), demo=False, till=None)
        return run_counter(args)
    finally:
        guard.stop()


def add_trigger(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(ZERO_TOTALS)
    finally:
        conn.close()


@pytest.fixture
def tampered(counter: Counter, staff: Any) -> Path:
    """The counter's database with a good backup beside it, then a trigger that zeroes every total added."""
    folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
    made = automatic_backup(counter.db, folder, keep=5, at=datetime.now(UTC), zone=counter.settings.time_zone)
    assert made is not None
    counter.db.conn.close()
    add_trigger(counter.db_path)
    return counter.db_path


def test_a_tampered_database_is_not_sold_on_and_the_good_backup_is_offered(
    qapp: QApplication, tampered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = Answer()
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    assert start(tampered) == 1
    [(sentence, details, can_restore)] = answer.seen
    assert sentence.startswith("The sales database is damaged, so nothing can be sold on it:")
    assert can_restore
    assert "(schema: extra trigger zero_totals)" in details


def test_a_tampered_backup_is_never_offered(
    qapp: QApplication, tampered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [backup] = backups_in(tampered.parent / "backups")
    add_trigger(backup)
    answer = Answer()
    monkeypatch.setattr(StartupProblemDialog, "ask", answer)
    assert start(tampered) == 1
    [(sentence, _, can_restore)] = answer.seen
    assert sentence.startswith("The sales database is damaged and no good backup was found")
    assert not can_restore
