"""Fixtures for the checkout window: a real counter database, staff, and a signed-in window."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer, Membership
from posapp.gui.cash_tender import CashTenderDialog
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApprovalDialog
from posapp.gui.gui_thread_gc import collect_on_gui_thread
from posapp.gui.main import application, build_window
from posapp.gui.manager_settings import PricesAndScriptsDialog
from posapp.services.customers import add_customer
from posapp.services.shifts import current_shift
from posapp.services.shifts import open_shift as start_shift


@pytest.fixture(autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[None]:
    """As in the app, only this thread collects cycles: a print or report worker never frees a widget.

    A full collection after the test frees what the test left behind here and now, not in the
    middle of a later test.
    """
    collect_on_gui_thread(qapp)
    yield
    gc.collect()


@pytest.fixture
def typed_pins(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """PINs typed, in turn, into the real manager-PIN dialog each time a manager's approval is asked."""
    typed: list[str] = []

    def type_pin(cls, parent, db, now, preselect=None, approving=""):  # type: ignore[no-untyped-def]
        dialog = cls(db, now, parent, preselect, approving)
        dialog.form.approval_pin.setText(typed.pop(0))
        dialog.accept()
        return dialog.approval

    monkeypatch.setattr(ManagerApprovalDialog, "ask_approval", classmethod(type_pin))
    return typed


@pytest.fixture(autouse=True)
def tendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each cash customer hands over, in turn, typed into the real cash dialog; "exact" when none left.

    A cash sale's Complete opens the cash dialog; tests about other things pay exactly.
    """
    handed: list[str] = []

    def hand_over(cls, parent, total_cents, money, locale):  # type: ignore[no-untyped-def]
        dialog = cls(total_cents, money, locale, parent)
        amount = handed.pop(0) if handed else "exact"
        if amount == "exact":
            dialog.findChild(QAbstractButton, "tender_exact").click()
        else:
            dialog.amount.setText(amount)
            dialog.accept()
        return dialog.tendered_cents

    monkeypatch.setattr(CashTenderDialog, "ask", classmethod(hand_over))
    return handed


@pytest.fixture(autouse=True)
def closing_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a window with a ticket open (or the prices dialog with an unsaved script) is confirmed
    without a modal question that would wait forever; a test that wants to see the question
    replaces `confirm_close` or `confirm_discard` itself.
    """
    monkeypatch.setattr(CheckoutWindow, "confirm_close", classmethod(lambda cls, parent, lines: True))
    monkeypatch.setattr(
        PricesAndScriptsDialog, "confirm_discard", classmethod(lambda cls, parent, script: True)
    )


@pytest.fixture
def make_window(qtbot: QtBot, counter: Counter, staff: object) -> Iterator[Callable[..., CheckoutWindow]]:
    """Builds a window on `counter` (or another counter on the same database), shown and themed,
    as a start leaves it once its event loop is free: the checkout built and the ticket left open
    taken up behind the sign-in page.

    The windows are closed before the database is, as at a real counter: receipts still being
    printed are finished and recorded first.
    """
    made: list[CheckoutWindow] = []

    def make(on: Counter = counter) -> CheckoutWindow:
        application()
        window = build_window(on)
        qtbot.add_widget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        # As the first free turn of a start's event loop leaves it (test_deferred_checkout proves the
        # sign-in page's first paint sets that off): the checkout built behind the sign-in page, and
        # the ticket left open taken up. Asked for here, so no test depends on a paint being delivered.
        assert window.pages.indexOf(window.checkout) == 1
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture
def window(make_window: Callable[..., CheckoutWindow]) -> CheckoutWindow:
    """A checkout window with Sam (cashier) signed in."""
    made = make_window()
    Driver(made).sign_in()
    assert made.pages.currentWidget() is made.checkout
    return made


@pytest.fixture
def ana(counter: Counter) -> Customer:
    return add_customer(
        counter.db, Customer(id=None, name="Ana García", plate="ABC123", phone="5550101"), counter.now
    )


@pytest.fixture
def member(counter: Counter) -> Customer:
    """Ben, a Standard Club member of 8 months whose plan renews within the renewal window."""
    membership = Membership("standard_club", started_on=date(2026, 3, 20), renews_on=date(2026, 12, 3))
    customer = Customer(id=None, name="Ben Okafor", plate="BEN42", membership=membership)
    return add_customer(counter.db, customer, counter.now)


class Driver:
    """Drives a checkout window the way a cashier does: through its own widgets' methods."""

    def __init__(self, window: CheckoutWindow) -> None:
        self.window = window

    def sign_in(self, name: str = "Sam", pin: str = "1111", *, open_shift: bool = True) -> None:
        """Sign in; unless told not to, a shift with a $100.00 float is opened if none is.

        Only this test driver opens a shift by itself, so the many tests about other things can
        sell; the counter never does (a shift is opened by a cashier counting the float).
        """
        page = self.window.sign_in_page
        page.choose(name)
        page.form.login_pin.setText(pin)
        page.try_sign_in()
        counter, cashier = self.window.counter, self.window.cashier
        if open_shift and cashier is not None and current_shift(counter.db, counter.till_id) is None:
            start_shift(
                counter.db,
                till_id=counter.till_id,
                cashier_id=cashier.id,
                float_cents=100_00,
                now=counter.now,
            )

    def choose_customer(self, typed: str) -> None:
        box = self.window.checkout.customer_box
        box.form.customer_search.setText(typed)
        box.pick_first()

    def button(self, object_name: str) -> QAbstractButton:
        button = self.window.findChild(QAbstractButton, object_name)
        assert button is not None, object_name
        return button

    def tap(self, object_name: str) -> None:
        self.button(object_name).click()

    def panel(self, name: str) -> str:
        return str(getattr(self.window.checkout.offer_panel.form, name).text())

    def lines(self) -> list[str]:
        model = self.window.checkout.ticket_model
        return [str(model.index(row, 0).data()).strip() for row in range(model.rowCount())]

    def total(self) -> str:
        return self.window.checkout.form.ticket_total.text()

    def complete_and_print(self, qtbot: QtBot, timeout_ms: int = 30_000) -> None:
        """Complete the sale and wait until its receipt has printed (asserting that it did)."""
        from posapp.gui.printing import PrintQueue

        queue = self.window.findChild(PrintQueue)
        assert queue is not None, "no receipt printing is attached to the window"
        with qtbot.waitSignal(queue.job_done, timeout=timeout_ms) as printed:
            self.tap("complete_sale")
        assert printed.args[1] is True, printed.args


@pytest.fixture
def drive(window: CheckoutWindow) -> Driver:
    return Driver(window)
