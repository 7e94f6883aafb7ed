"""The self-test's checkout step: a real window, signed in, selling a wash with the offered add-on."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QAbstractButton

from posapp.counter import Counter
from posapp.gui.main import application, build_window
from posapp.gui.printing import PrintQueue
from posapp.selftest import Staff
from posapp.services.shifts import current_shift, open_shift

TIMEOUT_MS = 30_000


def sell_in_window(counter: Counter, staff: Staff) -> int:
    """Sign in, choose Standard, accept the offer, pay by card, complete; wait for the receipt to print."""
    application()
    window = build_window(counter)
    window.show()
    try:
        window.sign_in_page.choose(staff.cashier_name)
        window.sign_in_page.form.login_pin.setText(staff.cashier_pin)
        window.sign_in_page.try_sign_in()
        if window.cashier is None:
            raise AssertionError("the cashier could not sign in")
        # The self-test's own scratch counter: the cashier counts a float in, as at opening time.
        if current_shift(counter.db, counter.till_id) is None:
            open_shift(
                counter.db,
                till_id=counter.till_id,
                cashier_id=window.cashier.id,
                float_cents=0,
                now=counter.now,
            )
        for name in ("wash_standard_wash", "offer_accept", "pay_card"):
            button = window.findChild(QAbstractButton, name)
            if button is None or not button.isEnabled():
                raise AssertionError(f"the button {name} is missing or disabled")
            button.click()
        queue = window.findChild(PrintQueue)
        if queue is None:
            raise AssertionError("no receipt printing is attached to the window")
        numbers: list[int] = []
        printed: list[tuple[int, bool, str]] = []
        loop = QEventLoop()
        window.sale_completed.connect(numbers.append)
        queue.job_done.connect(lambda job, ok, detail: (printed.append((job, ok, detail)), loop.quit()))
        QTimer.singleShot(TIMEOUT_MS, loop.quit)
        complete = window.findChild(QAbstractButton, "complete_sale")
        if complete is None:
            raise AssertionError("there is no Complete button")
        complete.click()
        if not printed:
            loop.exec()
        if not numbers:
            raise AssertionError("completing the sale stored no ticket")
        if not printed or not printed[0][1]:
            raise AssertionError(f"the receipt did not print: {printed[0][2] if printed else 'timed out'}")
        return numbers[0]
    finally:
        window.close()
        window.deleteLater()
