"""The checkout locks itself after `[security] counter_lock_idle_seconds` untouched, as Ctrl+L does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import NewCustomerDialog
from posapp.settings import default_settings_path, load_settings
from tests.conftest import Clock
from tests.gui.conftest import Driver

#: A tick of the idle check, and a little more: what a test waits for the lock to be looked at.
TICK_WAIT_MS = 1500


def idle_after(counter: Counter, seconds: int) -> None:
    counter.setup.change(settings=replace(counter.settings, counter_lock_idle_seconds=seconds))


def test_an_untouched_checkout_locks_and_keeps_the_ticket(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, clock: Clock
) -> None:
    idle_after(counter, 300)
    drive = Driver(window)
    drive.tap("wash_standard_wash")
    clock.advance(seconds=299)
    qtbot.wait(TICK_WAIT_MS)
    assert window.cashier is not None  # not yet

    clock.advance(seconds=1)
    qtbot.waitUntil(lambda: window.cashier is None, timeout=5000)
    assert window.pages.currentWidget() is window.sign_in_page
    drive.sign_in()  # whoever signs in next finds the ticket as it was
    assert drive.lines() == ["Standard Wash"]


def test_a_key_press_or_a_touch_starts_the_time_again(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, clock: Clock
) -> None:
    idle_after(counter, 300)
    search = window.checkout.customer_box.form.customer_search
    clock.advance(seconds=200)
    qtbot.keyClick(search, Qt.Key.Key_A)
    clock.advance(seconds=200)  # 400 s since the sign-in, 200 s since the key
    qtbot.wait(TICK_WAIT_MS)
    assert window.cashier is not None
    qtbot.mouseClick(Driver(window).button("wash_express_wash"), Qt.MouseButton.LeftButton)
    clock.advance(seconds=299)
    qtbot.wait(TICK_WAIT_MS)
    assert window.cashier is not None
    clock.advance(seconds=1)
    qtbot.waitUntil(lambda: window.cashier is None, timeout=5000)


def test_a_dialog_left_open_closes_unanswered_before_the_lock(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, clock: Clock
) -> None:
    idle_after(counter, 60)
    Driver(window).tap("wash_standard_wash")
    seen: list[NewCustomerDialog] = []

    def type_a_name_then_walk_away() -> None:
        # Runs inside the form's own event loop (its exec() waits for an answer).
        [form] = [w for w in _windows() if isinstance(w, NewCustomerDialog) and w.isVisible()]
        form.form.customer_name.setText("Somebody")
        seen.append(form)
        clock.advance(seconds=61)

    QTimer.singleShot(0, window.add_new_customer)
    QTimer.singleShot(300, type_a_name_then_walk_away)
    qtbot.waitUntil(lambda: window.cashier is None, timeout=5000)
    [form] = seen
    assert not form.isVisible()  # nobody finds the form over the PIN page
    assert window.pages.currentWidget() is window.sign_in_page
    draft = window.keeper.draft
    assert draft is not None and draft.customer is None  # nothing was saved from the form


def test_zero_never_locks_and_a_lock_or_a_close_stops_the_watch(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, clock: Clock
) -> None:
    idle_after(counter, 0)
    clock.advance(hours=10)
    qtbot.wait(TICK_WAIT_MS)
    assert window.cashier is not None
    idle_after(counter, 300)
    window.lock()
    assert not window.idle_lock.timer.isActive()  # nobody signed in: nothing is timed
    Driver(window).sign_in()
    assert window.idle_lock.timer.isActive()
    window.close()
    assert not window.idle_lock.timer.isActive()  # a closed counter locks nothing more


def test_the_setting_is_checked_and_a_file_from_before_it_locks_after_five_minutes(tmp_path: Path) -> None:
    text = default_settings_path().read_text(encoding="utf-8")
    assert load_settings(default_settings_path()).counter_lock_idle_seconds == 300
    older = text.replace("counter_lock_idle_seconds = 300", "")
    path = tmp_path / "settings.toml"
    path.write_text(older, encoding="utf-8")
    assert load_settings(path).counter_lock_idle_seconds == 300
    for value, loaded in (("0", 0), ("30", 30), ("3600", 3600)):
        path.write_text(
            text.replace("counter_lock_idle_seconds = 300", f"counter_lock_idle_seconds = {value}")
        )
        assert load_settings(path).counter_lock_idle_seconds == loaded
    for value in ("29", "3601", "false", "-1", '"300"'):
        path.write_text(
            text.replace("counter_lock_idle_seconds = 300", f"counter_lock_idle_seconds = {value}")
        )
        with pytest.raises(
            UserError,
            match=r"security\.counter_lock_idle_seconds must be 0 \(never\) or a whole number from 30",
        ):
            load_settings(path)


def _windows() -> list[object]:
    return list(QApplication.topLevelWidgets())
