"""The ticket in progress survives a crash and a database that refuses to write."""

from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot

from posapp.counter import Counter, open_counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path


def test_a_new_window_restores_the_ticket_left_open(
    qtbot: QtBot, window: CheckoutWindow, drive, make_window, counter: Counter, ana, clock
) -> None:
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")
    drive.tap("flag_undecided")
    shown = (drive.lines(), drive.total())
    # The counter "crashes" (the system drops its lock) and the same till starts again on the file.
    assert counter.till is not None
    counter.till.release()
    again = open_counter(
        counter.db_path,
        settings_path=default_settings_path(),
        now=clock,
        till=TillPlace(counter.db_path.parent / "tills"),
    )
    restored = None
    try:
        restored = make_window(again)
        assert "restored" in restored.notice.text
        restored_drive = type(drive)(restored)
        restored_drive.sign_in()
        assert restored.notice.text == ""  # signed in, the ticket is on screen: the notice is stale
        assert (restored_drive.lines(), restored_drive.total()) == shown
        assert restored.keeper.draft.customer.name == "Ana García"
        assert restored.checkout.form.flag_undecided.isChecked()
        restored_drive.tap("pay_card")
        with qtbot.waitSignal(restored.sale_completed):
            restored_drive.tap("complete_sale")
        rows = again.db.execute("SELECT outcome, script != '' FROM offer_events WHERE outcome = 'accepted'")
        assert [tuple(row) for row in rows.fetchall()] == [("accepted", 1)]
    finally:
        if restored is not None:
            restored.close()  # its receipt is recorded before its database closes
        again.db.conn.close()


def test_a_locked_database_keeps_the_ticket_on_screen(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    # A real fault: another connection holds the write lock; our busy wait is made short.
    counter.db.execute("PRAGMA busy_timeout = 50")
    blocker = sqlite3.connect(counter.db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        drive.tap("wash_standard_wash")
        assert drive.lines() == ["Standard Wash"]
        assert "Saving the ticket failed: the database is busy in another program" in window.notice.text
        assert "kept on screen" in window.notice.text
        drive.tap("offer_accept")
        drive.tap("pay_cash")
        drive.tap("complete_sale")
        assert "Recording the sale failed" in window.notice.text
        assert drive.lines() == ["Standard Wash", "+ Car Waxing  ★ offer"]
        assert window.notice.action_button.text() == "Retry"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with qtbot.waitSignal(window.sale_completed):
        window.notice.action_button.click()
    assert counter.db.execute("SELECT count(*) FROM ticket_lines").fetchone()[0] == 2
    assert drive.lines() == []
