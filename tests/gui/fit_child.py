"""Run by test_fits_the_screen.py on a real X server of a given size: the checkout window and every
dialog open, are looked at (PNG each) and must lie inside the screen with their buttons.

Usage: python fit_child.py OUTPUT_FOLDER
Prints one line per window: name, width, height, and "fits" or what sticks out (or that its body
scrolls: a dialog's body shows whole, without a scroll bar, but for BODY_MAY_SCROLL_ON_THE_SMALLEST_SCREEN).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from posapp.counter import open_counter
from posapp.domain.customer import Customer, Membership
from posapp.domain.ticket import Payment
from posapp.gui.audit_window import AuditLogDialog
from posapp.gui.dialogs import CustomerCardDialog, ManagerApproval, ManagerApprovalDialog, NewCustomerDialog
from posapp.gui.main import application, build_window
from posapp.gui.manager_settings import PricesAndScriptsDialog
from posapp.gui.printer_setup import PrinterSetupDialog
from posapp.gui.printing import PrintQueue
from posapp.gui.report_window import ReportWindow
from posapp.gui.staff_dialog import StaffDialog
from posapp.gui.ticket_history import TicketHistoryDialog
from posapp.gui.void_dialog import VoidDialog
from posapp.services.auth import add_cashier
from posapp.services.customers import add_customer
from posapp.services.shifts import open_shift
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role, get_cashier


def settle() -> None:
    for _ in range(20):
        QApplication.processEvents()


#: Dialogs whose body may scroll on a 1024×768 screen: the receipt printer's setup is taller than
#: that by design (its choices scroll). On a larger screen, and for every other dialog, the body
#: shows whole, without a scroll bar.
BODY_MAY_SCROLL_ON_THE_SMALLEST_SCREEN = {"receipts"}


def body_scrolls(widget: QWidget) -> bool:
    """True when the dialog's body (posapp.gui.screen_fit.scroll_the_body) shows a vertical scroll bar."""
    area = widget.findChild(QScrollArea, f"{widget.objectName()}_scroll")
    return area is not None and area.verticalScrollBar().isVisible()


def what_sticks_out(widget: QWidget) -> str:
    """ "fits", or the first part of the widget (or one of its buttons) outside the screen."""
    screen = widget.screen().availableGeometry()
    if not screen.contains(widget.frameGeometry()):
        return f"the window {widget.frameGeometry().getRect()} is outside {screen.getRect()}"
    for button in widget.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not widget:
            continue
        top_left = button.mapToGlobal(button.rect().topLeft())
        bottom_right = button.mapToGlobal(button.rect().bottomRight())
        if not (screen.contains(top_left) and screen.contains(bottom_right)):
            return f"the button {button.text()!r} is off the screen"
    return "fits"


def main(folder: Path) -> int:
    home = Path(tempfile.mkdtemp())
    counter = open_counter(
        home / "counter.db",
        settings_path=default_settings_path(),
        now=lambda: datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        till=TillPlace(home / "tills"),
    )
    manager_id = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
    sam = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    membership = Membership("standard_club", started_on=date(2026, 1, 10), renews_on=date(2027, 1, 10))
    add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", membership=membership), counter.now)
    # The longest name a customer may have: the card dialog's question wraps, the dialog stays narrow.
    longest_name = ("Maximiliana " * 11)[:120]
    longest = add_customer(counter.db, Customer(None, longest_name, card="CLUB0042"), counter.now)
    app = application()
    smallest_screen = app.primaryScreen().size().height() <= 768
    window = build_window(counter)
    window.show_where_left()
    window.sign_in_page.choose("Sam")
    window.sign_in_page.form.login_pin.setText("1111")
    window.sign_in_page.try_sign_in()
    # Sam counts the float in first, as every shift starts: the sale below is then completed.
    open_shift(counter.db, till_id=counter.till_id, cashier_id=sam, float_cents=10_000, now=counter.now)
    page = window.checkout
    page.customer_box.form.customer_search.setText("ABC123")
    page.customer_box.pick_first()
    page.wash_menu.wash_buttons["standard_wash"].click()
    settle()
    window.keeper.accept_offer()
    window.keeper.choose_payment(Payment.CARD)
    window.keeper.complete()
    settle()
    page.wash_menu.wash_buttons["standard_wash"].click()
    settle()
    folder.mkdir(parents=True, exist_ok=True)
    manager = get_cashier(counter.db, manager_id)
    assert manager is not None
    approval = ManagerApproval(manager, "9999")
    queue = window.findChild(PrintQueue)
    assert queue is not None
    opened: dict[str, QWidget] = {"checkout": window}
    makers = {
        "void": lambda: VoidDialog(counter, window),
        "receipts": lambda: PrinterSetupDialog(queue, approval, window),
        "prices": lambda: PricesAndScriptsDialog(counter, approval, window),
        "staff": lambda: StaffDialog(counter, approval, window),
        "audit": lambda: AuditLogDialog(counter, window),
        "history": lambda: TicketHistoryDialog(counter, queue, window),
        "report": lambda: ReportWindow(counter, window),
        "approval": lambda: ManagerApprovalDialog(counter.db, counter.now, window),
        "new_customer": lambda: NewCustomerDialog(counter.db, counter.now, "XYZ987", window),
        "customer_card": lambda: CustomerCardDialog(counter.db, longest, window),
    }
    settle()
    failures = 0
    for name, make in [("checkout", lambda: window), *makers.items()]:
        widget = opened.get(name) or make()
        widget.show()
        settle()
        queue.wait_for_done(5000)
        if isinstance(widget, ReportWindow):
            widget.pool.waitForDone(10_000)  # the figures, not "Building the report…", in the picture
        settle()
        verdict = what_sticks_out(widget)
        may_scroll = smallest_screen and name in BODY_MAY_SCROLL_ON_THE_SMALLEST_SCREEN
        if verdict == "fits" and not may_scroll and body_scrolls(widget):
            verdict = "its body scrolls"
        failures += verdict != "fits"
        widget.grab().save(str(folder / f"{name}.png"))
        print(name, widget.width(), widget.height(), verdict, flush=True)
        if widget is not window:
            widget.close()
    print(app.platformName(), flush=True)
    window.keeper.clear()  # an open ticket would ask before closing, with nobody to answer
    window.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
