"""The whole file checked behind the open window: damage found mid-day stops sales and names the backup."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.app import run_counter
from posapp.counter import Counter, DamagedDatabaseError, open_counter
from posapp.gui import startup
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.startup import SessionHealth, start_full_check
from posapp.services.auth import add_cashier
from posapp.services.backup_rotation import (
    automatic_backup,
    backup_folder_for,
    backups_in,
    verify_backup,
)
from posapp.services.db_check import damage_found_earlier, last_full_check, record_clean_close
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from tests.conftest import Staff
from tests.gui.conftest import Driver
from tests.unit.services.test_db_check import sell, wreck_page


def run_check(window: CheckoutWindow, counter: Counter, health: SessionHealth) -> bool:
    pool = QThreadPool()
    started = start_full_check(window, counter, pool, health)
    assert pool.waitForDone(60_000)
    QApplication.processEvents()  # the verdict comes back as a queued call for this thread
    return started is not None


def test_damage_found_mid_day_stops_the_sales_and_names_the_backup(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, staff: Staff
) -> None:
    sell(counter, staff.cashier_id, 400)
    folder = backup_folder_for(counter.db_path, counter.settings.backup_folder)
    automatic_backup(counter.db, folder, keep=5, at=datetime.now(UTC), zone=counter.settings.time_zone)
    wreck_page(counter.db_path, "tickets", first_leaf=True)  # old history: the start check never reads it
    health = SessionHealth()
    assert run_check(window, counter, health)  # never closed cleanly before: due at once
    assert health.damage and health.damage != "ok"
    sentence = window.selling_stopped
    assert sentence is not None
    assert sentence.startswith("The sales database is damaged, so no more sales can be taken here: ")
    assert "start it again to restore the newest good backup, made " in sentence
    assert window.notice.text == sentence
    assert not window.checkout.isEnabled()
    # The cashier tries anyway, by mouse and by the wash's key: nothing reaches the ticket or the file.
    button = Driver(window).button("wash_standard_wash")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_F1, Qt.Key.Key_F2):
        qtbot.keyClick(window, key)
    assert window.keeper.draft is None or window.keeper.draft.is_empty
    assert damage_found_earlier(counter.db_path)
    # The next start reads the finding, checks the whole file first and offers that backup.
    with pytest.raises(DamagedDatabaseError) as refused:
        open_counter(counter.db_path, settings_path=default_settings_path())
    assert refused.value.backup is not None


def test_a_sound_file_keeps_selling_and_its_check_is_remembered(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, staff: Staff
) -> None:
    sell(counter, staff.cashier_id, 3)
    health = SessionHealth()
    assert run_check(window, counter, health)
    assert health.damage is None and health.last_full_check == counter.now()
    assert window.selling_stopped is None and window.checkout.isEnabled()
    assert not window.notice.text


def test_after_a_clean_close_checked_within_the_day_no_check_runs(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, tmp_path: Path
) -> None:
    record_clean_close(counter.db_path, counter.now() - timedelta(hours=2))
    health = SessionHealth()
    assert not run_check(window, counter, health)
    assert health.last_full_check == counter.now() - timedelta(hours=2)  # carried to the next clean close


def test_a_clean_close_leaves_the_marker_and_the_closing_backup(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))  # the till identity: never the user's
    db_path = tmp_path / "shop" / "counter.db"
    db_path.parent.mkdir()
    opened = open_counter(db_path, settings_path=default_settings_path())
    add_cashier(opened.db, name="Morgan", role=Role.MANAGER, pin="9999", now=opened.now())
    opened.db.conn.close()

    def close_the_window() -> None:
        # Closing the last window ends the event loop; a second quit() would stay queued and end
        # the next test's first wait at once, so quit() only if the close went wrong.
        try:
            [window] = [
                w for w in QApplication.topLevelWidgets() if isinstance(w, CheckoutWindow) and w.isVisible()
            ]
            window.close()
        except BaseException:
            qapp.quit()
            raise

    monkeypatch.setattr(startup, "QUIET_START_MS", 0)  # the background work at once, not in 2 s
    QTimer.singleShot(300, close_the_window)
    args = argparse.Namespace(db=db_path, settings=default_settings_path(), demo=False, till=None)
    assert run_counter(args) == 0
    for widget in QApplication.topLevelWidgets():  # gone with this test: a later one finds only its own
        if isinstance(widget, CheckoutWindow):
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    # The full check ran behind the window (never closed cleanly before) and passed: remembered.
    assert last_full_check(db_path) is not None
    folder = backup_folder_for(db_path, "")
    # The day's first backup and the closing one (the same second's name: the closing copy replaced it).
    assert [verify_backup(made) for made in backups_in(folder)] == [0] * len(backups_in(folder)) != []


#: A fresh process (this one may have registered the fonts in an earlier test): the window, then the fonts.
FONTS_CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QThreadPool
from reportlab.pdfbase import pdfmetrics
from posapp.counter import open_counter
from posapp.gui.main import application, build_window
from posapp.gui.startup import start_font_registration
from posapp.receipts.fonts import REGULAR, register_receipt_fonts
from posapp.services.tills import TillPlace
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]), till=TillPlace(Path(sys.argv[3])))
app = application()
window = build_window(counter)
before = REGULAR in pdfmetrics.getRegisteredFontNames()
pool = QThreadPool()
start_font_registration(window, pool)
assert pool.waitForDone(60_000)
print(before, register_receipt_fonts.cache_info().currsize, REGULAR in pdfmetrics.getRegisteredFontNames())
"""


def test_the_receipt_fonts_are_read_behind_the_window(counter: Counter, staff: Staff, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FONTS_CHILD,
            str(counter.db_path),
            str(default_settings_path()),
            str(tmp_path / "t"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # Not there when the window was built; registered once, on the worker, before any receipt.
    assert done.stdout.split() == ["False", "1", "True"]
