"""The Counter menu as wired in the real window: receipts print, voids need a manager, all is audited."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.audit_window import AuditLogDialog
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.printing import PrintQueue
from posapp.gui.void_dialog import VoidDialog


def receipt_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def sell_standard_wash(qtbot: QtBot, window: CheckoutWindow, drive) -> int:  # type: ignore[no-untyped-def]
    drive.tap("wash_standard_wash")
    drive.tap("offer_accept")
    drive.tap("pay_card")
    drive.complete_and_print(qtbot, timeout_ms=20_000)
    return 1


def test_a_completed_sale_prints_its_receipt_with_the_addon(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    sell_standard_wash(qtbot, window, drive)
    receipt = counter.db_path.parent / "receipts" / "receipt-000001.pdf"
    text = receipt_text(receipt)
    assert "Car Waxing" in text and "ADD-ON" in text.upper() and "$24.90" in text
    status = counter.db.execute("SELECT status, copy FROM print_jobs").fetchall()
    assert status == [("printed", 0)]


def test_a_void_needs_a_manager_pin_prints_a_voided_copy_and_is_audited(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter
) -> None:
    sell_standard_wash(qtbot, window, drive)
    dialog = VoidDialog(counter, window, ticket_number=1)
    qtbot.add_widget(dialog)
    dialog.reason.setText("Customer drove off before the wash")
    dialog.manager.setCurrentIndex(dialog.manager.findText("Morgan"))
    dialog.pin.setText("0000")
    dialog.accept()
    assert dialog.record is None and dialog.error.text() == "Wrong PIN; try again."
    assert counter.db.execute("SELECT status FROM tickets").fetchone()[0] == "completed"
    dialog.pin.setText("9999")
    dialog.accept()
    assert dialog.record is not None and dialog.record.amount_cents == 2490
    assert counter.db.execute("SELECT status FROM tickets").fetchone()[0] == "voided"

    queue = window.findChild(PrintQueue)
    assert queue is not None
    with qtbot.waitSignal(queue.job_done, timeout=20_000):
        queue.reprint(1)
    copies = sorted((counter.db_path.parent / "receipts").glob("receipt-000001-copy-*.pdf"))
    text = receipt_text(copies[-1])
    assert "COPY" in text and "VOIDED" in text

    audit = AuditLogDialog(counter, window)
    qtbot.add_widget(audit)
    shown = [
        [str(audit.model.index(row, column).data()) for column in range(audit.model.columnCount())]
        for row in range(audit.model.rowCount())
    ]
    assert shown[0][1:4] == ["Morgan", "Ticket voided", "ticket 1"]
    wrong = next(row for row in shown if row[2] == "Wrong PIN")
    # Whoever typed 0000 is unknown: Morgan is whose PIN was tried, not who tried it.
    assert wrong[1] == "(someone at the counter)" and wrong[3] == "Morgan's PIN"


def test_the_menu_offers_history_voids_report_and_audit(window: CheckoutWindow) -> None:
    names = [action.objectName() for action in window.counter_menu.actions()]
    assert {"menu_ticket_history", "menu_void", "menu_report", "menu_audit_log"} <= set(names)


def test_the_audit_log_model_passes_the_model_tester(
    qtmodeltester,
    window: CheckoutWindow,  # type: ignore[no-untyped-def]
    counter: Counter,
) -> None:
    qtmodeltester.check(AuditLogDialog(counter, window).model)


def test_new_prices_and_scripts_reach_the_open_checkout(
    window: CheckoutWindow, drive, counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    from posapp.services.manager_edits import change_price, change_script
    from posapp.storage.catalog import load_catalog
    from posapp.storage.offer_scripts import load_scripts

    drive.tap("wash_express_wash")  # on the ticket at the old price: it keeps it
    change_price(
        counter.db,
        code="standard_wash",
        price_text="17.50",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    change_script(
        counter.db,
        key="checkout.cross_sell.car_waxing",
        text="Hi {first_name}, wax with that for {price}?",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    # As the Prices dialog does after each save: the one setup changes, and the checkout follows it.
    counter.setup.change(catalog=load_catalog(counter.db), scripts=load_scripts(counter.db))
    assert drive.button("wash_standard_wash").text().endswith("$17.50")
    assert drive.panel("offer_script") == "Hi there, wax with that for $8.00?"
    drive.tap("wash_standard_wash")
    assert drive.total() == "$18.94"  # 17.50 + 8.25 % tax


def test_a_manager_exports_then_erases_the_customer_on_the_ticket(
    qtbot: QtBot,
    window: CheckoutWindow,
    drive,
    counter: Counter,
    ana,
    staff,
    tmp_path: Path,
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    import json

    from posapp.gui.customer_data_dialog import CustomerDataDialog
    from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
    from posapp.storage.cashiers import get_cashier

    drive.choose_customer("ABC123")
    drive.tap("wash_standard_wash")
    drive.tap("offer_decline")
    assert "Ana" in counter.db.execute("SELECT body FROM drafts").fetchone()[0]  # "Hi Ana, ..."
    manager = get_cashier(counter.db, staff.manager_id)
    monkeypatch.setattr(
        ManagerApprovalDialog,
        "ask_approval",
        classmethod(lambda cls, *args, **kwargs: ManagerApproval(manager, staff.manager_pin)),
    )
    monkeypatch.setattr(CustomerDataDialog, "choose_file", classmethod(lambda cls, *a: tmp_path / "ana.json"))
    monkeypatch.setattr(CustomerDataDialog, "confirm_erase", classmethod(lambda cls, *a: True))
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_customer_data").trigger()
    dialog = window.findChild(CustomerDataDialog)
    assert dialog is not None
    dialog.export_button.click()
    assert json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))["name"] == "Ana García"
    with qtbot.waitSignal(dialog.receipts_done, timeout=20_000):
        dialog.erase_button.click()
    assert dialog.message.text().startswith("Erased. The sales keep their totals.")
    assert counter.db.execute("SELECT name FROM customers WHERE id = ?", (ana.id,)).fetchone()[0] == (
        "Erased customer"
    )
    assert window.keeper.draft.customer is None  # the ticket goes on as a walk-in
    # This till's saved ticket holds nothing of hers, not even a script that greeted her.
    draft_bodies = " ".join(row[0] for row in counter.db.execute("SELECT body FROM drafts"))
    assert "Ana" not in draft_bodies and "ABC123" not in draft_bodies
    audited = counter.db.execute(
        "SELECT action, subject FROM audit_log WHERE action IN ('customer_exported', 'customer_erased')"
    ).fetchall()
    assert audited == [("customer_exported", f"customer {ana.id}"), ("customer_erased", f"customer {ana.id}")]


def test_the_audit_log_reads_changes_in_plain_words() -> None:
    from posapp.gui.audit_window import plain_values

    assert plain_values('{"active": true}') == "active: yes"
    assert plain_values('{"receipt.width_mm": 58, "business.logo": ""}') == (
        "receipt.width mm: 58; business.logo: (empty)"
    )
    assert plain_values('{"price_cents": 950}', lambda cents: f"${cents / 100:.2f}") == "price: $9.50"
    assert plain_values("") == ""
    assert plain_values("not json") == "not json"  # an old or odd entry is shown as stored


def test_the_audit_log_names_services_and_customers_and_prices_lines(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, ana
) -> None:  # type: ignore[no-untyped-def]
    from posapp.gui.audit_window import plain_values

    money = lambda cents: f"${cents / 100:.2f}"  # noqa: E731
    assert plain_values('{"lines": [["standard_wash", 1500]]}', money, lambda code: "Standard Wash") == (
        "lines: Standard Wash $15.00"
    )
    audit = AuditLogDialog(counter, window)
    qtbot.add_widget(audit)
    assert audit.model._subject(f"customer {ana.id}") == "customer Ana García"
    assert audit.model._service_name("standard_wash") == "Standard Wash"
