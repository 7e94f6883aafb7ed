"""Signing in, the first manager of a new counter, customers, memberships, complaints and questions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui import dialogs
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.main import application, build_window
from posapp.services.customers import add_customer
from posapp.storage.cashiers import has_manager


def test_wrong_pin_says_so_and_stays_locked(make_window) -> None:
    window = make_window()
    page = window.sign_in_page
    page.choose("Sam")
    page.form.login_pin.setText("0000")
    page.try_sign_in()
    assert page.form.sign_in_error.text() == "Wrong PIN; try again."
    assert window.pages.currentWidget() is page


def test_first_start_asks_the_owner_for_a_manager(qtbot: QtBot, counter: Counter, monkeypatch) -> None:
    def fill_in(cls, parent, db, now):
        dialog = cls(db, now, parent)
        dialog.form.manager_name.setText("Morgan")
        dialog.form.manager_pin.setText("4321")
        dialog.form.manager_pin_again.setText("4322")
        dialog.accept()
        assert dialog.form.dialog_error.text() == "The two PINs differ; type the same PIN twice."
        dialog.form.manager_pin_again.setText("4321")
        dialog.accept()
        return dialog.manager_id

    monkeypatch.setattr(dialogs.ManagerSetupDialog, "ask", classmethod(fill_in))
    application()
    assert not has_manager(counter.db)
    window = build_window(counter)
    qtbot.add_widget(window)
    assert has_manager(counter.db)
    assert window.sign_in_page.form.login_cashier.currentText() == "Morgan"


def test_new_customer_quick_add(window: CheckoutWindow, drive, counter: Counter, monkeypatch) -> None:
    def fill_in(cls, parent, db, now, typed):
        dialog = cls(db, now, typed, parent)
        assert dialog.form.customer_plate.text() == "XYZ987"
        dialog.form.customer_name.setText("Zoë Novak")
        dialog.accept()
        return dialog.customer

    monkeypatch.setattr(dialogs.NewCustomerDialog, "ask", classmethod(fill_in))
    window.checkout.customer_box.form.customer_search.setText("XYZ987")
    drive.tap("new_customer")
    assert window.checkout.customer_box.form.customer_badge.text() == "Zoë Novak · XYZ987"
    drive.tap("wash_standard_wash")
    assert drive.panel("offer_script").startswith("Hi Zoë,")


def test_member_badge_and_renewal_trial(window: CheckoutWindow, drive, member: Customer) -> None:
    drive.choose_customer("Ben")
    badge = window.checkout.customer_box.form.customer_badge.text()
    assert badge == "Ben Okafor · BEN42\n★ Standard Club · 8 months · renews 2026-12-03"
    assert drive.panel("offer_title") == "Free trial of Premium Club"
    assert "Ben" in drive.panel("offer_script")
    drive.tap("offer_accept")
    events = [(e.moment.value, e.kind.value, e.outcome.value) for e in window.keeper.draft.offer_events]
    assert ("renewal", "trial_upgrade", "accepted") in events
    # The trial is a $0 line: on the ticket and the receipt, and a ticket of it alone completes.
    assert drive.lines() == ["Premium Club trial to 2026-12-27  ★ offer"]
    assert drive.total() == "$0.00"


def test_customer_question_records_an_interaction(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer
) -> None:
    drive.choose_customer("Ana")
    drive.tap("customer_question")
    assert drive.panel("offer_moment") == "Customer question"
    assert drive.panel("offer_title") == "Upgrade to Premium Package"
    drive.tap("offer_decline")
    rows = counter.db.execute("SELECT moment, service, outcome, ticket_id, customer_id FROM offer_events")
    assert [tuple(row) for row in rows.fetchall()] == [
        ("question", "premium_package", "declined", None, ana.id)
    ]
    assert drive.panel("offer_moment") == "Suggest now"


def test_logged_complaint_stops_offers_until_a_manager_resolves_it(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer, staff, monkeypatch
) -> None:
    monkeypatch.setattr(dialogs.ComplaintNote, "ask", classmethod(lambda cls, parent, name: "Missed a spot"))

    def approve(cls, parent, db, now, approving=""):
        dialog = cls(db, now, parent, approving=approving)
        dialog.form.approval_pin.setText("1234")
        dialog.accept()
        assert dialog.form.dialog_error.text() == "Wrong PIN; try again."
        dialog.form.approval_pin.setText(staff.manager_pin)
        dialog.accept()
        return dialog.manager

    monkeypatch.setattr(dialogs.ManagerApprovalDialog, "ask", classmethod(approve))
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")
    drive.tap("log_complaint")
    assert drive.panel("offer_reasons").startswith("Not offered: the customer has a complaint today")
    drive.tap("flag_complaint")  # today's flag off: the open complaint still holds offers back
    assert drive.panel("offer_reasons") == "Not offered: the customer has an open complaint."
    drive.tap("resolve_complaints")
    # Put right at the counter: still no offer on the same visit, nor for the rest of the day.
    assert drive.panel("offer_reasons") == "Not offered: the customer's complaint was resolved today."
    assert not drive.button("resolve_complaints").isEnabled()
    row = counter.db.execute("SELECT note, resolved_by FROM complaints").fetchone()
    assert tuple(row) == ("Missed a spot", staff.manager_id)


def test_remember_money_is_tight(window: CheckoutWindow, drive, counter: Counter, ana: Customer) -> None:
    drive.choose_customer("Ana")
    drive.tap("remember_budget")
    assert counter.db.execute("SELECT budget_sensitive FROM customers").fetchone()[0] == 1
    drive.tap("wash_standard_wash")
    assert drive.panel("offer_reasons") == "Not offered: the customer has told us money is tight."


def test_every_named_widget_has_an_accessible_name(window: CheckoutWindow, counter: Counter) -> None:
    from PySide6.QtWidgets import QWidget

    names = [
        *(f"wash_{s.code}" for s in counter.catalog.washes()),
        *(f"addon_{s.code}" for s in counter.catalog.addons()),
        "customer_search", "flag_complaint", "flag_budget", "flag_undecided", "ticket_table",
        "ticket_total", "offer_panel", "offer_script", "offer_accept", "offer_decline",
        "offer_reasons", "pay_cash", "pay_card", "complete_sale", "login_pin",
    ]  # fmt: skip
    for name in names:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName().strip(), name


def test_an_upsell_accepted_at_a_question_goes_on_the_ticket_and_ends_the_pitching(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer
) -> None:
    drive.choose_customer("Ana")
    drive.tap("customer_question")
    drive.tap("offer_accept")  # she takes the Premium Package upgrade while asking
    assert drive.lines() == ["Premium Package  ★ offer"]
    assert drive.panel("offer_title") == "No offer right now"
    assert "already answered" in drive.panel("offer_reasons")


def test_completing_with_a_question_on_the_panel_records_that_offer_as_shown(
    window: CheckoutWindow, drive, counter: Counter, ana: Customer
) -> None:
    drive.choose_customer("Ana")
    drive.tap("wash_standard_wash")  # the checkout offer (waxing) goes behind the question
    drive.tap("customer_question")
    drive.tap("pay_card")
    drive.tap("complete_sale")
    rows = counter.db.execute(
        "SELECT moment, service, outcome FROM offer_events WHERE outcome != 'held_back'"
    )
    assert [tuple(row) for row in rows.fetchall()] == [("question", "premium_package", "shown")]


def test_a_name_with_tags_shows_the_tags_as_typed(window: CheckoutWindow, drive, counter: Counter) -> None:
    add_customer(counter.db, Customer(id=None, name="<h1>PAID</h1>", plate="TAG1"), counter.now)
    drive.choose_customer("TAG1")
    badge = window.checkout.customer_box.form.customer_badge
    assert badge.textFormat() == Qt.TextFormat.PlainText
    assert badge.text().startswith("<h1>PAID</h1>")
    assert badge.sizeHint().height() < 3 * badge.fontMetrics().height()  # drawn as text, not a heading
    drive.tap("wash_standard_wash")
    labels = window.checkout.offer_panel.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
