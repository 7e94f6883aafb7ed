"""The Counter menu beyond locking: receipts history, voids, and the manager's report, staff and audit log.

The menu is a table: each entry names its words, shortcut, object name and a small handler.
Every handler reads the counter's live setup when chosen, so nothing here keeps a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6 import QtCore  # its Qt namespace read when a dialog opens: built on first use
from PySide6.QtGui import QAction, QKeySequence

from posapp.counter import Counter
from posapp.domain.money import format_money
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.manager_windows import watch_manager_window
from posapp.gui.printing import PrintQueue
from posapp.services.receipt_setup import still_the_sample_header
from posapp.storage.cashiers import get_cashier

if TYPE_CHECKING:
    from posapp.services.voids import VoidRecord


@dataclass(frozen=True)
class MenuContext:
    """What every menu entry works with: the window, the counter and its receipt printing."""

    window: CheckoutWindow
    counter: Counter
    print_queue: PrintQueue

    @property
    def signed_in(self) -> int | None:
        """Who is signed in: a manager among them is offered first in the PIN dialog."""
        return self.window.cashier.id if self.window.cashier else None


Handler = Callable[[MenuContext], None]


@dataclass(frozen=True)
class MenuEntry:
    text: str
    shortcut: str
    name: str
    handler: Handler


def shift(menu: MenuContext) -> None:
    from posapp.gui.shift_dialogs import ShiftDialog

    if menu.signed_in is None:
        menu.window.show_notice("Sign in first, then open Shift.")
        return
    queue = menu.print_queue
    ShiftDialog(
        menu.counter,
        menu.signed_in,
        lambda shift_id, report, as_of: queue.print_shift_slip(shift_id, report, as_of),
        menu.window,
    ).show()


def ticket_history(menu: MenuContext) -> None:
    from posapp.gui.ticket_history import open_ticket_history

    open_ticket_history(menu.window, menu.counter, menu.print_queue)


def retry_receipts(menu: MenuContext) -> None:
    started = menu.print_queue.retry_failed()
    menu.window.show_notice(
        f"Printing {started} receipt(s) again." if started else "Every receipt has printed."
    )


def void_or_refund(menu: MenuContext) -> None:
    from posapp.gui.void_dialog import VoidDialog

    record = VoidDialog.ask(menu.window, menu.counter)
    if record is None:
        return
    # The slip says VOID or REFUND, what went back, why and who approved it: not the receipt again.
    menu.print_queue.print_slip(record.ticket_number, record.kind.value, record.line_refund_id)
    menu.window.show_notice(void_notice(record, menu.counter))


def void_notice(record: VoidRecord, counter: Counter) -> str:
    """What the cashier reads after a void or refund: what happened, how much, and that the slip prints."""
    settings = counter.settings
    amount = format_money(record.amount_cents, settings.currency, settings.locale)
    if record.line_name:
        what = f"{record.line_name} on ticket {record.ticket_number} is refunded ({amount})"
    else:
        what = f"Ticket {record.ticket_number} is {record.kind.value}ed ({amount})"
    return f"{what}; the {record.kind.value} slip is printing."


def manager_report(menu: MenuContext) -> None:
    from posapp.gui.report_window import open_manager_report

    open_manager_report(menu.window, menu.counter, menu.signed_in)


def prices_and_scripts(menu: MenuContext) -> None:
    from posapp.gui.manager_settings import open_prices_and_scripts

    # Saved changes go into the counter's setup, which the checkout follows: nothing to connect.
    open_prices_and_scripts(menu.window, menu.counter, menu.signed_in)


def script_tests(menu: MenuContext) -> None:
    from posapp.gui.experiments_dialog import open_script_tests

    # The checkout reads the running tests with each new customer: nothing to connect.
    open_script_tests(menu.window, menu.counter, menu.signed_in)


def receipt_printer(menu: MenuContext) -> None:
    from posapp.gui.printer_setup import open_printer_setup

    open_printer_setup(menu.window, menu.print_queue, menu.signed_in)


def staff(menu: MenuContext) -> None:
    from posapp.gui.staff_dialog import open_staff

    dialog = open_staff(menu.window, menu.counter, menu.signed_in)
    if dialog is not None:
        dialog.staff_changed.connect(lambda: staff_changed(menu))


def staff_changed(menu: MenuContext) -> None:
    window = menu.window
    window.sign_in_page.reload_names()
    signed_in = get_cashier(menu.counter.db, window.cashier.id) if window.cashier else None
    if signed_in is not None and not signed_in.active:
        # Marked as left by a manager: the screen locks (closing the Staff dialog), the ticket is kept.
        window.lock()


def customer_data(menu: MenuContext) -> None:
    from posapp.gui.customer_data_dialog import CustomerDataDialog
    from posapp.gui.dialogs import ManagerApprovalDialog

    window, counter = menu.window, menu.counter
    draft = window.keeper.draft
    customer = draft.customer if draft else None
    if customer is None or customer.id is None:
        window.show_passing_notice("Choose the customer on the ticket first, then open Customer data.")
        return
    approval = ManagerApprovalDialog.ask_approval(
        window, counter.db, counter.now, menu.signed_in, approving="Customer data (export or erase)"
    )
    if approval is None:
        return
    dialog = CustomerDataDialog(counter, customer, approval.manager, approval.pin, window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.erased.connect(lambda _: window.keeper.forget_erased_customer())
    # Window-modal and watched: no sale goes on behind it, and a lock or time untouched closes it.
    watch_manager_window(dialog, counter)
    dialog.open()


def newsletter(menu: MenuContext) -> None:
    from posapp.gui.dialogs import ManagerApprovalDialog
    from posapp.gui.newsletter_dialog import open_newsletter

    approval = ManagerApprovalDialog.ask_approval(
        menu.window, menu.counter.db, menu.counter.now, menu.signed_in
    )
    if approval is None:
        return
    dialog = open_newsletter(menu.window, menu.counter, approval.manager.id)
    if dialog is not None:
        dialog.finished.connect(lambda _: menu.window.mail.send_now())


def redeem_email_code(menu: MenuContext) -> None:
    """A customer shows the code from a follow-up or the newsletter: it counts for that ticket."""
    from PySide6.QtWidgets import QInputDialog

    from posapp.services.faults import REFUSED, attempt
    from posapp.services.followups import last_ticket_number, redeem_code

    window, counter = menu.window, menu.counter
    code, given = QInputDialog.getText(
        window, "Code from an e-mail", "The code the customer shows (like K7QM-3XPA):"
    )
    if not given or not code.strip():
        return
    last = last_ticket_number(counter.db)
    number, given = QInputDialog.getInt(
        window, "Code from an e-mail", "For ticket number:", last, 1, 2**31 - 1
    )
    if not given:
        return
    done = attempt(
        lambda: redeem_code(counter.db, code, ticket_number=number, settings=counter.settings),
        "Recording the code",
        window.show_notice,
    )
    if done is not REFUSED:
        window.show_notice(f"Code {code.strip().upper()} counted for ticket {number}.")


def customer_card(menu: MenuContext) -> None:
    """Give the customer on the ticket a membership card (typed or scanned), or change it."""
    from posapp.gui.dialogs import CustomerCardDialog

    window, counter = menu.window, menu.counter
    draft = window.keeper.draft
    customer = draft.customer if draft else None
    if customer is None or customer.id is None:
        window.show_passing_notice("Choose the customer on the ticket first, then give them a card.")
        return
    changed = CustomerCardDialog.ask(window, counter.db, customer)
    if changed is None:
        return  # cancelled: nothing was saved
    window.keeper.set_customer(changed)
    window.show_passing_notice(
        f"{changed.name}'s card is {changed.card}." if changed.card else f"{changed.name} has no card now."
    )


def audit_log(menu: MenuContext) -> None:
    from posapp.gui.audit_window import AuditLogDialog
    from posapp.gui.dialogs import ManagerApprovalDialog

    counter = menu.counter
    if ManagerApprovalDialog.ask(menu.window, counter.db, counter.now, approving="Audit log") is None:
        return
    dialog = AuditLogDialog(counter, menu.window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_manager_window(dialog, counter)
    dialog.show()


#: The Counter menu after Lock screen, in order. Object names are a public contract (tests, support).
COUNTER_MENU: tuple[MenuEntry, ...] = (
    MenuEntry("Shift: open, pay in/out, X, Z…", "Ctrl+Shift+S", "menu_shift", shift),
    MenuEntry("Ticket history…", "Ctrl+H", "menu_ticket_history", ticket_history),
    MenuEntry("Retry receipts that did not print", "", "menu_retry_receipts", retry_receipts),
    MenuEntry("Void or refund a ticket…", "", "menu_void", void_or_refund),
    MenuEntry("Manager report…", "Ctrl+R", "menu_report", manager_report),
    MenuEntry("Prices, scripts and offer rules…", "", "menu_prices_and_scripts", prices_and_scripts),
    MenuEntry("Script tests and hold-outs…", "", "menu_script_tests", script_tests),
    MenuEntry("Receipts: printer and header…", "", "menu_receipt_printer", receipt_printer),
    MenuEntry("Staff and PINs…", "", "menu_staff", staff),
    MenuEntry("Customer data (export or erase)…", "", "menu_customer_data", customer_data),
    MenuEntry("Audit log…", "", "menu_audit_log", audit_log),
    MenuEntry("Redeem a code from an e-mail…", "", "menu_redeem_code", redeem_email_code),
    MenuEntry("Monthly newsletter…", "", "menu_newsletter", newsletter),
    MenuEntry("Card number of the customer…", "", "menu_customer_card", customer_card),
)


def install_counter_menu(window: CheckoutWindow, counter: Counter, print_queue: PrintQueue) -> None:
    """Add the menu entries; each manager-only entry re-asks a manager's PIN when chosen."""
    menu = MenuContext(window, counter, print_queue)
    for entry in COUNTER_MENU:
        action = QAction(entry.text, window)
        action.setObjectName(entry.name)
        if entry.shortcut:
            action.setShortcuts([QKeySequence.fromString(entry.shortcut)])  # see CheckoutWindow: no Qt built
        # `triggered` passes `checked`; the handler wants only the context.
        action.triggered.connect(lambda _checked=False, handler=entry.handler: handler(menu))
        window.add_menu_action(action)
    if still_the_sample_header(counter.settings):
        window.show_notice(
            "Receipts still print the sample shop's name and address: put in your own.",
            "Set up",
            lambda: receipt_printer(menu),
        )
