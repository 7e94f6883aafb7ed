"""The shift in real windows: open, a cash sale with change, a pay-out, the X, and a blind Z needing a PIN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.cash_tender import CashTenderDialog
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.printing import PrintQueue
from posapp.gui.shift_dialogs import CashMovementDialog, OpenShiftDialog, ShiftDialog, ZCloseDialog
from posapp.services.shifts import NO_SHIFT, Movement, current_shift, open_shift
from posapp.storage.print_jobs import JobStatus
from posapp.storage.shifts import claim_slip, get_slip_job, queue_slip
from tests.conftest import Staff
from tests.gui.conftest import Driver

#: The real cash dialog's `ask` (run with exec()), kept before the GUI tests' stand-in replaces it.
REAL_CASH_ASK = CashTenderDialog.__dict__["ask"]


@pytest.fixture
def floats(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Each float typed, in turn, into the real Open-shift dialog when it is asked for; None cancels."""
    typed: list[str | None] = []

    def count_float(cls, parent, counter, cashier_id, why=""):  # type: ignore[no-untyped-def]
        dialog = cls(counter, cashier_id, parent, why)
        amount = typed.pop(0)
        if amount is None:
            dialog.reject()
        else:
            dialog.float_box.setText(amount)
            dialog.accept()
        return dialog.shift

    monkeypatch.setattr(OpenShiftDialog, "ask", classmethod(count_float))
    return typed


@pytest.fixture
def no_shift_window(make_window: Callable[..., CheckoutWindow]) -> CheckoutWindow:
    """Sam signed in at a counter where no shift is open yet (the morning)."""
    window = make_window()
    Driver(window).sign_in(open_shift=False)
    return window


def shift_dialog(window: CheckoutWindow, qtbot: QtBot) -> ShiftDialog:
    action = window.findChild(QAction, "menu_shift")
    assert action is not None
    action.trigger()
    dialog = window.findChild(ShiftDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.add_widget(dialog)
    return dialog


def tickets(counter: Counter) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in counter.db.execute(
            "SELECT number, payment, total_cents, tendered_cents, change_cents, shift_id"
            " FROM tickets ORDER BY id"
        ).fetchall()
    ]


def test_a_shift_opens_from_the_counter_menu_with_the_float(
    no_shift_window: CheckoutWindow, counter: Counter, floats: list[str | None], qtbot: QtBot
) -> None:
    dialog = shift_dialog(no_shift_window, qtbot)
    assert "No shift is open" in dialog.state.text()
    assert not dialog.buttons["shift_z"].isEnabled() and dialog.buttons["shift_open"].isEnabled()
    empty = OpenShiftDialog(counter, 1, no_shift_window)
    qtbot.add_widget(empty)
    empty.accept()
    assert empty.error.text() == "Type the float counted into the drawer." and empty.shift is None
    empty.float_box.setText("lots")
    empty.accept()
    assert empty.error.text().startswith("The float counted into the drawer: 'lots' is not a price")
    floats.append("150.00")
    dialog.buttons["shift_open"].click()
    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None and shift.float_cents == 150_00 and shift.opened_by_name == "Sam"
    assert "float $150.00" in dialog.state.text()
    assert dialog.buttons["shift_z"].isEnabled() and not dialog.buttons["shift_open"].isEnabled()


def test_a_sale_with_no_shift_open_asks_for_the_float_first(
    no_shift_window: CheckoutWindow, counter: Counter, floats: list[str | None]
) -> None:
    drive = Driver(no_shift_window)
    drive.tap("wash_standard_wash")
    drive.tap("pay_card")
    floats.append(None)  # the cashier cancels: nothing is sold
    drive.tap("complete_sale")
    assert tickets(counter) == [] and no_shift_window.notice.text == NO_SHIFT
    assert drive.lines() != []
    floats.append("100")
    drive.tap("complete_sale")
    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None and [row[5] for row in tickets(counter)] == [shift.id]


def test_the_cash_dialog_shows_the_change_and_works_from_the_keyboard(qtbot: QtBot) -> None:
    money = lambda cents: f"${cents / 100:,.2f}"  # noqa: E731
    dialog = CashTenderDialog(16_24, money, "en_US")
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.amount
    assert [b.objectName() for b in dialog.quick_buttons] == [
        "tender_exact",
        "tender_note_2000",
        "tender_note_5000",
        "tender_note_10000",
    ]
    qtbot.keyClicks(dialog.amount, "10")
    assert dialog.change.text() == "$6.24 more needed"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible() and "less than the $16.24 total" in dialog.error.text()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "20")
    assert dialog.change.text() == "$3.76"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.tendered_cents == 20_00 and not dialog.isVisible()

    by_note = CashTenderDialog(16_24, money, "en_US")
    qtbot.add_widget(by_note)
    by_note.show()
    by_note.activateWindow()
    qtbot.waitUntil(by_note.isActiveWindow)
    qtbot.keyClick(by_note.amount, Qt.Key.Key_F3)  # F3: the $50 note
    qtbot.waitUntil(lambda: by_note.tendered_cents is not None)  # a button's shortcut clicks it animated
    assert by_note.tendered_cents == 50_00 and not by_note.isVisible()


def test_a_cash_sale_stores_what_was_handed_over_and_says_the_change(
    window: CheckoutWindow, drive: Driver, counter: Counter, tendered: list[str], qtbot: QtBot
) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("pay_cash")
    total = drive.total()
    assert total == "$16.24"
    tendered.append("20")
    with qtbot.waitSignal(window.sale_completed, timeout=5000):
        drive.tap("complete_sale")
    shift = current_shift(counter.db, counter.till_id)
    assert shift is not None
    assert tickets(counter) == [(1, "cash", 16_24, 20_00, 3_76, shift.id)]
    assert window.notice.text == "Change due: $3.76 (of $20.00 handed over)."


def test_a_pay_out_above_the_limit_asks_a_manager_pin(
    window: CheckoutWindow, counter: Counter, staff: Staff, typed_pins: list[str], qtbot: QtBot
) -> None:
    small = CashMovementDialog(counter, staff.cashier_id, Movement.PAY_OUT, window)
    qtbot.add_widget(small)
    small.amount.setText("12.50")
    small.reason.setText("window cleaner")
    small.accept()  # at most $50.00: no PIN (typed_pins is empty, asking would fail)
    assert small.recorded
    large = CashMovementDialog(counter, staff.cashier_id, Movement.PAY_OUT, window)
    qtbot.add_widget(large)
    large.amount.setText("80")
    large.reason.setText("")
    typed_pins.append("9999")
    large.accept()
    assert not large.recorded and "Say what the pay-out is for" in large.error.text()
    large.reason.setText("supplier paid in cash")
    typed_pins.append("9999")
    large.accept()
    assert large.recorded
    rows = counter.db.execute("SELECT kind, amount_cents, reason, approved_by FROM cash_movements").fetchall()
    assert [tuple(r) for r in rows] == [
        ("pay_out", 12_50, "window cleaner", None),
        ("pay_out", 80_00, "supplier paid in cash", staff.manager_id),
    ]


def test_the_x_report_shows_and_prints_the_shift_which_stays_open(
    window: CheckoutWindow, drive: Driver, counter: Counter, qtbot: QtBot, tmp_path: Path
) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("pay_cash")
    drive.complete_and_print(qtbot)
    dialog = shift_dialog(window, qtbot)
    x = dialog.x_report()
    assert x is not None
    qtbot.add_widget(x)
    text = x.view.toPlainText()
    for words in (
        "X REPORT - SHIFT OPEN",
        "Float",
        "$100.00",
        "Cash sales (1)",
        "$16.24",
        "EXPECTED CASH",
        "$116.24",
    ):
        assert words in text, words
    assert "Counted" not in text
    queue = window.findChild(PrintQueue)
    assert queue is not None
    with qtbot.waitSignal(queue.slip_done, timeout=30_000) as printed:
        x.print_button.click()
    assert printed.args[1] is True, printed.args
    assert Path(printed.args[2]).name.startswith("x-report-shift-") and Path(printed.args[2]).is_file()
    assert current_shift(counter.db, counter.till_id) is not None


def test_a_blind_z_short_beyond_the_variance_needs_a_pin_then_closes_and_prints(
    window: CheckoutWindow,
    drive: Driver,
    counter: Counter,
    staff: Staff,
    typed_pins: list[str],
    floats: list[str | None],
    qtbot: QtBot,
) -> None:
    drive.tap("wash_standard_wash")
    drive.tap("pay_cash")
    drive.complete_and_print(qtbot)  # expected: 100.00 + 16.24
    dialog = shift_dialog(window, qtbot)
    z = dialog.z_close()
    assert isinstance(z, ZCloseDialog)
    # Blind: nothing on the dialog says what the drawer should hold before the count.
    assert z.expected.text() == "" and z.variance.text() == ""
    assert "116" not in " ".join(label.text() for label in z.findChildren(type(z.expected)))
    z.counted.setText("110.00")
    z.enter_count()
    assert z.expected.text() == "$116.24" and z.variance.text() == "Short by $6.24"
    assert z.approve_button.isVisibleTo(z) and z.counted.isReadOnly()
    assert current_shift(counter.db, counter.till_id) is not None  # open until approved
    z.counted.setText("116.24")  # a recount after seeing the figure is not taken
    z.enter_count()
    assert z.count is not None and z.count.counted_cents == 110_00
    queue = window.findChild(PrintQueue)
    assert queue is not None
    typed_pins.append("9999")
    with qtbot.waitSignal(queue.slip_done, timeout=30_000) as printed:
        z.approve_button.click()
    assert printed.args[1] is True, printed.args
    assert Path(printed.args[2]).name == "z-report-shift-1.pdf"
    assert current_shift(counter.db, counter.till_id) is None
    stored = counter.db.execute(
        "SELECT counted_cents, expected_cents, approved_by, closed_by FROM shifts WHERE id = 1"
    ).fetchone()
    assert tuple(stored) == (110_00, 116_24, staff.manager_id, staff.cashier_id)
    assert "shift is closed" in z.outcome.text()
    assert "No shift is open" in dialog.state.text()
    again = dialog.last_z()  # the stored Z, to print again
    assert again is not None
    qtbot.add_widget(again)
    shown = again.view.toPlainText()
    for words in (
        "Z REPORT - SHIFT CLOSED",
        "Counted (blind)",
        "$110.00",
        "SHORT",
        "-$6.24",
        "approved by Morgan",
    ):
        assert words in shown, words
    # The next sale needs a new shift: the cashier is asked for the float.
    drive.tap("wash_standard_wash")
    drive.tap("pay_card")
    floats.append(None)
    drive.tap("complete_sale")
    assert window.notice.text == NO_SHIFT


def test_a_manager_sets_the_pin_limits_which_apply_at_once(
    window: CheckoutWindow, counter: Counter, staff: Staff, typed_pins: list[str], qtbot: QtBot
) -> None:
    dialog = shift_dialog(window, qtbot)
    limits = dialog.limits()
    qtbot.add_widget(limits)
    assert (limits.movement.text(), limits.variance.text()) == ("50.00", "5.00")
    limits.movement.setText("20")
    limits.variance.setText("2.50")
    typed_pins.append("9999")
    limits.accept()
    assert counter.settings.shift.movement_approval_cents == 20_00
    assert counter.settings.shift.variance_approval_cents == 2_50
    audited = counter.db.execute(
        "SELECT cashier_id, after FROM audit_log WHERE action = ?", ("shift_limits_changed",)
    )
    (who, after), *_ = audited.fetchall()
    assert who == staff.manager_id and '"shift.movement_approval_cents": 2000' in after
    pay_out = CashMovementDialog(counter, staff.cashier_id, Movement.PAY_OUT, window)
    qtbot.add_widget(pay_out)
    pay_out.amount.setText("25")
    pay_out.reason.setText("milk for the coffee")
    typed_pins.append("0000")
    pay_out.accept()  # above the new $20.00 limit: the PIN is asked, and a wrong one is no approval
    assert not pay_out.recorded and "needs a manager's PIN" in pay_out.error.text()


def test_every_shift_dialog_fits_a_1024_by_768_screen(
    window: CheckoutWindow, counter: Counter, staff: Staff, qtbot: QtBot
) -> None:
    hub = shift_dialog(window, qtbot)
    x = hub.x_report()
    assert x is not None
    dialogs = [
        hub,
        x,
        hub.z_close(),
        hub.limits(),
        OpenShiftDialog(counter, staff.cashier_id, window, "No shift is open at this counter."),
        CashMovementDialog(counter, staff.cashier_id, Movement.PAY_IN, window),
        CashTenderDialog(16_24, lambda cents: f"${cents / 100:.2f}", "en_US", window),
    ]
    for dialog in dialogs:
        qtbot.add_widget(dialog)
        dialog.show()
        size = dialog.frameGeometry().size().expandedTo(dialog.minimumSizeHint())
        assert size.width() <= 1024 and size.height() <= 768 - 40, (dialog.objectName(), size)


def test_a_cash_sale_with_change_by_keyboard_alone(
    window: CheckoutWindow, counter: Counter, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F2 (Standard Wash), F5 (Cash), Ctrl+Enter, then 20 and Enter in the real, modal cash dialog."""
    monkeypatch.setattr(CashTenderDialog, "ask", REAL_CASH_ASK)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    typed: list[str] = []

    def hand_over_twenty() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CashTenderDialog)
        qtbot.keyClicks(dialog.amount, "20")
        typed.append(dialog.change.text())
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    def close_any_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(window.focusWidget() or window, key, modifier)

    press(Qt.Key.Key_F2)
    press(Qt.Key.Key_F5)
    QTimer.singleShot(200, hand_over_twenty)  # runs inside the dialog's own event loop
    QTimer.singleShot(8_000, close_any_modal)  # a failure above must not leave the test waiting forever
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert typed == ["$3.76"]
    assert [row[2:5] for row in tickets(counter)] == [(16_24, 20_00, 3_76)]
    assert window.notice.text == "Change due: $3.76 (of $20.00 handed over)."


def test_a_z_slip_that_did_not_print_is_retried_from_the_notice(
    window: CheckoutWindow, counter: Counter, staff: Staff, qtbot: QtBot, free_port: int, listen_on
) -> None:
    settings = counter.settings
    receipt = replace(
        settings.receipt, printer="escpos", escpos_backend="network", escpos_target=f"127.0.0.1:{free_port}"
    )
    counter.setup.change(settings=replace(settings, receipt=receipt))
    queue = window.findChild(PrintQueue)
    assert queue is not None
    z = shift_dialog(window, qtbot).z_close()
    z.counted.setText("100")
    with qtbot.waitSignal(queue.slip_done, timeout=30_000) as failed:
        z.enter_count()  # balanced: the shift closes at once and its Z goes to the printer, which is off
    assert failed.args[1] is False and "nothing answered at that address" in failed.args[2]
    assert current_shift(counter.db, counter.till_id) is None  # the Z is stored all the same
    assert window.notice.text.startswith("The shift slip did not print:")
    assert window.notice.action_button.text() == "Retry"
    printer = listen_on(free_port)
    with qtbot.waitSignal(queue.slip_done, timeout=30_000) as printed:
        window.notice.action_button.click()
    assert printed.args[1] is True
    assert b"Z REPORT - SHIFT CLOSED" in printer.close()


def test_the_z_count_is_entered_with_enter_and_the_figures_show_before_any_pin(
    window: CheckoutWindow, counter: Counter, typed_pins: list[str], qtbot: QtBot
) -> None:
    z = shift_dialog(window, qtbot).z_close()
    qtbot.add_widget(z)
    z.activateWindow()
    qtbot.waitUntil(z.isActiveWindow)
    qtbot.keyClicks(z.counted, "90")
    qtbot.keyClick(z.counted, Qt.Key.Key_Return)  # typed_pins is empty: a PIN asked now would fail
    assert z.variance.text() == "Short by $10.00" and z.approve_button.isVisibleTo(z)
    assert current_shift(counter.db, counter.till_id) is not None
    typed_pins.append("9999")
    qtbot.keyClick(z.counted, Qt.Key.Key_Return)  # Enter again: the manager approves
    assert current_shift(counter.db, counter.till_id) is None


def test_a_slip_left_printing_when_the_counter_stopped_is_printed_by_the_first_retry(
    make_window: Callable[..., CheckoutWindow], counter: Counter, staff: Staff, qtbot: QtBot
) -> None:
    # The counter stopped while this till's X slip was printing.
    shift = open_shift(
        counter.db, till_id=counter.till_id, cashier_id=staff.cashier_id, float_cents=0, now=counter.now
    )
    job_id = queue_slip(counter.db, shift.id, "x", counter.now(), counter.now)
    assert claim_slip(counter.db, job_id, counter.now) is not None
    window = make_window()  # the start: its queue takes up the slips with its first slip work, not before
    Driver(window).sign_in()
    queue = window.findChild(PrintQueue)
    assert queue is not None
    with qtbot.waitSignal(queue.slip_done, timeout=30_000) as printed:
        assert (
            queue.retry_failed() == 1
        )  # failed first (it was printing when the counter stopped), then retried
    assert printed.args[0] == job_id and printed.args[1] is True, printed.args
    job = get_slip_job(counter.db, job_id)
    assert job is not None and job.status is JobStatus.PRINTED
