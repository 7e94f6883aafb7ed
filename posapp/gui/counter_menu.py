"""The Counter menu beyond locking: receipts history, voids, and the manager's report, staff and audit log."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from posapp.app import Counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApprovalDialog
from posapp.gui.printing import PrintQueue
from posapp.services.receipt_setup import still_the_sample_header
from posapp.storage.cashiers import get_cashier


def install_counter_menu(window: CheckoutWindow, counter: Counter, print_queue: PrintQueue) -> None:
    """Add the menu entries; each manager-only entry re-asks a manager's PIN when chosen."""

    def action(text: str, shortcut: str, slot: object, name: str) -> None:
        entry = QAction(text, window)
        entry.setObjectName(name)
        if shortcut:
            entry.setShortcut(QKeySequence(shortcut))
        entry.triggered.connect(slot)
        window.add_menu_action(entry)

    def ticket_history() -> None:
        from posapp.gui.ticket_history import open_ticket_history

        open_ticket_history(window, counter, print_queue)

    def manager_report() -> None:
        from posapp.gui.report_window import open_manager_report

        # The print queue holds the settings in force: a header saved a moment ago titles the report.
        open_manager_report(window, print_queue.counter, window.cashier.id if window.cashier else None)

    def void_or_refund() -> None:
        from posapp.gui.void_dialog import VoidDialog

        record = VoidDialog.ask(window, counter)
        if record is not None:
            print_queue.reprint(record.ticket_number)  # the void receipt: a copy marked VOIDED
            window.show_notice(
                f"Ticket {record.ticket_number} is {record.kind.value}ed; its receipt is printing."
            )

    def prices_and_scripts() -> None:
        from posapp.gui.manager_settings import open_prices_and_scripts

        # The window's counter carries the prices and rules in force, as changed since the start.
        signed_in = window.cashier.id if window.cashier else None
        dialog = open_prices_and_scripts(window, window.counter, signed_in)
        if dialog is not None:
            dialog.catalog_changed.connect(window.use_catalog)
            dialog.scripts_changed.connect(window.use_scripts)
            dialog.rules_changed.connect(window.use_offer_rules)
            dialog.rules_changed.connect(print_queue.use_offer_rules)

    def receipt_printer() -> None:
        from posapp.gui.printer_setup import open_printer_setup

        dialog = open_printer_setup(window, print_queue, window.cashier.id if window.cashier else None)
        if dialog is not None:
            dialog.settings_saved.connect(window.use_receipt_setup)

    def staff() -> None:
        from posapp.gui.staff_dialog import open_staff

        dialog = open_staff(window, counter, window.cashier.id if window.cashier else None)
        if dialog is not None:
            dialog.staff_changed.connect(staff_changed)

    def staff_changed() -> None:
        window.sign_in_page.reload_names()
        signed_in = get_cashier(counter.db, window.cashier.id) if window.cashier else None
        if signed_in is not None and not signed_in.active:
            # Marked as left by a manager: the screen locks behind the dialog, the ticket is kept.
            window.lock()

    def customer_data() -> None:
        from posapp.gui.customer_data_dialog import CustomerDataDialog

        draft = window.keeper.draft
        customer = draft.customer if draft else None
        if customer is None or customer.id is None:
            window.show_notice("Choose the customer on the ticket first, then open Customer data.")
            return
        preselect = window.cashier.id if window.cashier else None
        approval = ManagerApprovalDialog.ask_approval(window, counter.db, counter.now, preselect)
        if approval is None:
            return
        dialog = CustomerDataDialog(counter, customer, approval.manager, approval.pin, window)
        dialog.erased.connect(lambda _: window.keeper.set_customer(None))
        dialog.show()

    def audit_log() -> None:
        from posapp.gui.audit_window import AuditLogDialog

        if ManagerApprovalDialog.ask(window, counter.db, counter.now) is None:
            return
        dialog = AuditLogDialog(counter, window)
        dialog.show()

    def retry_receipts() -> None:
        started = print_queue.retry_failed()
        window.show_notice(
            f"Printing {started} receipt(s) again." if started else "Every receipt has printed."
        )

    action("Ticket history…", "Ctrl+H", ticket_history, "menu_ticket_history")
    action("Retry receipts that did not print", "", retry_receipts, "menu_retry_receipts")
    action("Void or refund a ticket…", "", void_or_refund, "menu_void")
    action("Manager report…", "Ctrl+R", manager_report, "menu_report")
    action("Prices, scripts and offer rules…", "", prices_and_scripts, "menu_prices_and_scripts")
    action("Receipts: printer and header…", "", receipt_printer, "menu_receipt_printer")
    action("Staff and PINs…", "", staff, "menu_staff")
    action("Customer data (export or erase)…", "", customer_data, "menu_customer_data")
    action("Audit log…", "", audit_log, "menu_audit_log")

    if still_the_sample_header(counter.settings):
        window.show_notice(
            "Receipts still print the sample shop's name and address: put in your own.",
            "Set up",
            receipt_printer,
        )
