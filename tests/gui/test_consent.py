"""Consent to e-mails at the counter: asked in plain words (No by default), proved, withdrawn in one tap."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui import dialogs
from posapp.gui.checkout_window import CheckoutWindow
from posapp.services.customers import CONSENT_WORDING, add_customer
from posapp.services.followups import consent_history_for
from posapp.storage.customers import get_customer


def test_the_new_customer_dialog_asks_in_plain_words_unticked_and_keeps_the_proof(
    window: CheckoutWindow, drive, counter: Counter, monkeypatch
) -> None:
    seen: list[tuple[str, bool]] = []

    def fill_in(cls, parent, db, now, typed):  # type: ignore[no-untyped-def]
        dialog = cls(db, now, typed, parent)
        box = dialog.form.customer_consent
        seen.append((box.text(), box.isChecked()))
        dialog.form.customer_name.setText("Zoë Novak")
        dialog.form.customer_email.setText("zoe@example.com")
        box.setChecked(True)
        dialog.accept()
        return dialog.customer

    monkeypatch.setattr(dialogs.NewCustomerDialog, "ask", classmethod(fill_in))
    drive.tap("new_customer")
    [(words, ticked)] = seen
    assert CONSENT_WORDING in words and not ticked
    zoe = window.keeper.draft.customer
    [proof] = consent_history_for(counter.db, zoe.id)
    assert (proof.given, proof.cashier, proof.channel, proof.wording) == (
        True,
        "Sam",
        "counter",
        CONSENT_WORDING,
    )
    assert proof.at == counter.now()
    toggle = drive.button("customer_consent_toggle")
    assert toggle.isVisible() and toggle.text() == "Mail: yes"
    assert toggle.toolTip().startswith(f"Agreed on {counter.now().isoformat(timespec='minutes')} by Sam")
    assert CONSENT_WORDING in toggle.toolTip()


def test_consent_is_withdrawn_in_one_tap_and_recorded_the_same_way(
    window: CheckoutWindow, drive, counter
) -> None:
    stored = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", email="ana@example.com",
                                               marketing_consent=True), counter.now)  # fmt: skip
    drive.choose_customer("ABC123")
    drive.tap("customer_consent_toggle")
    assert not get_customer(counter.db, stored.id).marketing_consent
    withdrawn = consent_history_for(counter.db, stored.id)[0]
    assert (withdrawn.given, withdrawn.cashier, withdrawn.channel) == (False, "Sam", "counter")
    assert drive.button("customer_consent_toggle").text() == "Mail: no"
    assert not window.keeper.draft.customer.marketing_consent


def test_asking_again_defaults_to_no(window: CheckoutWindow, drive, counter, qtbot, monkeypatch) -> None:
    stored = add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", email="ana@example.com"),
                          counter.now)  # fmt: skip
    drive.choose_customer("ABC123")
    answers: list[str] = []

    def press_enter(box: QMessageBox) -> int:  # the cashier just presses Enter: the default button
        answers.append(box.defaultButton().text())
        box.defaultButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_enter)
    drive.tap("customer_consent_toggle")
    assert answers == ["No"] and not get_customer(counter.db, stored.id).marketing_consent
    assert consent_history_for(counter.db, stored.id) == []

    def say_yes(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Yes, they agree").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", say_yes)
    drive.tap("customer_consent_toggle")
    assert get_customer(counter.db, stored.id).marketing_consent
    assert consent_history_for(counter.db, stored.id)[0].given
    assert replace(stored, marketing_consent=True) == get_customer(counter.db, stored.id)


def test_a_code_from_an_email_is_redeemed_from_the_counter_menu(
    window: CheckoutWindow, drive, counter, monkeypatch
):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QInputDialog

    from posapp.domain.ticket import Payment, TicketDraft
    from posapp.services.checkout import complete_sale
    from posapp.storage import outbox
    from posapp.storage.db import write_transaction

    person = Customer(None, "Ana García", email="ana@example.com", marketing_consent=True)
    ana = add_customer(counter.db, person, counter.now)
    draft = TicketDraft(cashier_id=window.cashier.id, opened_at=counter.now(), customer=ana)
    complete_sale(counter.db, draft.choose_wash(counter.catalog.get("standard_wash")), payment=Payment.CARD,
                  settings=counter.settings, now=counter.now)  # fmt: skip
    [row] = outbox.messages(counter.db)
    with write_transaction(counter.db):  # as a send run records it (the SMTP part is tested in tests/mail)
        outbox.claim(counter.db, row.id, counter.now(), row.address)
        outbox.mark_sent(
            counter.db, row.id, at=counter.now(), day="2026-11-27", reply="250 OK", service=row.service
        )
    later = TicketDraft(cashier_id=window.cashier.id, opened_at=counter.now(), customer=ana)
    later = later.choose_wash(counter.catalog.get("standard_wash")).add_addon(
        counter.catalog.get(row.service)
    )
    sale = complete_sale(counter.db, later, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    assert outbox.get_message(counter.db, row.id) is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (row.code.lower(), True))
    asked: list[int] = []

    def get_int(parent, title, label, value, *rest):  # type: ignore[no-untyped-def]
        asked.append(value)
        return value, True

    monkeypatch.setattr(QInputDialog, "getInt", get_int)
    notices: list[str] = []
    monkeypatch.setattr(window, "show_notice", lambda text, *rest: notices.append(text))
    window.findChild(QAction, "menu_redeem_code").trigger()
    assert asked == [sale.number]
    # The purchase had already redeemed it (the recommended service was bought): said, not counted twice.
    assert notices and "already used" in notices[-1]
