"""Erase means erased (every copy the counter controls, again after a restore); export means everything."""

from __future__ import annotations

import json
import sqlite3
import stat
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from posapp.counter import Counter, open_counter
from posapp.domain.customer import Customer
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.receipts.print_queue import print_job
from posapp.receipts.saved_files import receipt_folders
from posapp.services.backup import backup_to
from posapp.services.backup_rotation import restore_backup
from posapp.services.checkout import complete_sale
from posapp.services.customer_data import (
    ERASED_NAME,
    erase_customer,
    erasure_ledger_for,
    export_customer,
    export_customer_to,
    scrub_receipt_pdfs,
)
from posapp.services.customers import add_customer, log_complaint
from posapp.services.voids import VoidKind, void_ticket
from posapp.settings import default_settings_path
from posapp.storage.clock import to_db
from posapp.storage.drafts import load_draft, save_draft
from posapp.storage.print_jobs import queue_copy, queue_original

#: Everything that identifies the person: none of it may be left in the database after erasing.
NAME, PHONE, PLATE, EMAIL = "Zyxwvut Qrstuvw", "5550199", "ZQ999", "zyx@example.com"
PERSONAL = ("Zyxwvut", "Qrstuvw", PHONE, PLATE, EMAIL)


def zyxwvut(counter: Counter) -> Customer:
    person = Customer(None, NAME, phone=PHONE, plate=PLATE, email=EMAIL, marketing_consent=True)
    return add_customer(counter.db, replace(person, budget_sensitive=True), counter.now)


def draft_for(counter: Counter, cashier_id: int, customer: Customer) -> TicketDraft:
    """A ticket with a wash and a declined wax offer whose script greets the customer by name."""
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now(), customer=customer)
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    offer = OfferEvent(
        Moment.CHECKOUT,
        OfferKind.CROSS_SELL,
        "car_waxing",
        Outcome.DECLINED,
        counter.now(),
        script=f"Hi {customer.first_name}, wax with that for $8.00?",
        price_delta_cents=800,
    )
    return replace(draft, offer_events=(offer,))


def sell(counter: Counter, cashier_id: int, customer: Customer) -> int:
    draft = draft_for(counter, cashier_id, customer)
    return complete_sale(
        counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now
    ).number


def print_saved_pdf(counter: Counter, number: int, *, copy: bool = False) -> None:
    job = (queue_copy if copy else queue_original)(counter.db, number, counter.now, till_id=counter.till_id)
    folder = receipt_folders(counter.settings, counter.db_path)[0]
    print_job(
        counter.db, job, settings=counter.settings, folder=folder, now=counter.now, till_id=counter.till_id
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def everything_in(db_path: Path) -> str:
    """The whole database as SQL text: every table, every row, every column."""
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def erase(counter: Counter, staff, customer: Customer):  # type: ignore[no-untyped-def]
    erasure = erase_customer(
        counter.db,
        customer_id=customer.id or 0,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    return erasure, scrub_receipt_pdfs(counter.db_path, erasure.tickets, counter.settings)


def test_erase_scrubs_scripts_other_tills_drafts_the_flag_and_the_saved_receipts(
    counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    number = sell(counter, staff.cashier_id, person)
    print_saved_pdf(counter, number)
    print_saved_pdf(counter, number, copy=True)
    folder = receipt_folders(counter.settings, counter.db_path)[0]
    saved = sorted(folder.glob(f"receipt-{number:06d}*.pdf"))
    assert len(saved) == 2 and all("Customer: Zyxwvut" in pdf_text(path) for path in saved)
    # Another till has the same customer on a ticket it has not finished.
    save_draft(counter.db, "till-2", draft_for(counter, staff.cashier_id, person), counter.now())
    # Free text a person typed about them: a complaint, and a void's reason.
    log_complaint(
        counter.db,
        customer_id=person.id,
        cashier_id=staff.cashier_id,
        note="Zyxwvut: scratch",
        now=counter.now,
    )
    void_ticket(
        counter.db,
        ticket_number=number,
        kind=VoidKind.VOID,
        reason="zyxwvut qrstuvw (ZQ999) drove off",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=counter.settings.time_zone,
        now=counter.now,
    )
    assert all(word in everything_in(counter.db_path) for word in PERSONAL)

    erasure, receipts = erase(counter, staff, person)

    # The audit log is append-only (and chained): the void's entry keeps the reason as typed, a
    # limit the README states. Everything else is checked, every table, every row.
    dump = "\n".join(
        line for line in everything_in(counter.db_path).splitlines() if '"audit_log"' not in line
    )
    assert [word for word in PERSONAL if word in dump] == []
    assert (erasure.scripts, erasure.drafts, erasure.tickets) == (1, 1, (number,))
    row = counter.db.execute(
        "SELECT name, phone, plate, email, marketing_consent, budget_sensitive, erased_at IS NOT NULL"
        " FROM customers WHERE id = ?",
        (person.id,),
    ).fetchone()
    assert row == (ERASED_NAME, "", "", "", 0, 0, 1)
    # The offer keeps what the figures need: which offer, its outcome and when.
    offer = counter.db.execute("SELECT service, outcome, price_delta_cents, at FROM offer_events").fetchall()
    assert offer == [("car_waxing", "declined", 800, to_db(counter.now()))]
    other_till = load_draft(counter.db, "till-2")
    assert other_till is not None and other_till.customer is None and other_till.wash is not None
    # The saved receipts are the shop's copies: they stay, without the customer line.
    assert counter.db.execute("SELECT reason FROM voids").fetchone() == ("(erased) ((erased)) drove off",)
    assert sorted(receipts.rewritten) == saved and receipts.left == ()
    for path in saved:
        text = pdf_text(path)
        assert "Customer" not in text and "Zyxwvut" not in text and f"{number:06d}" in text


def test_a_till_still_showing_the_erased_customer_cannot_save_them_back(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    on_screen = draft_for(counter, staff.cashier_id, person)
    erase(counter, staff, person)
    save_draft(
        counter.db, "till-2", on_screen.choose_wash(counter.catalog.get("standard_wash")), counter.now()
    )
    assert [word for word in PERSONAL if word in everything_in(counter.db_path)] == []


def test_a_restored_backup_from_before_the_erasure_is_erased_again(
    counter: Counter, staff, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    sell(counter, staff.cashier_id, person)
    backup = backup_to(counter.db, tmp_path / "before-erasure.db")
    erase(counter, staff, person)
    ledger = erasure_ledger_for(counter.db_path)
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    lines = ledger.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["customer"] for line in lines] == [person.id]
    assert not any(word in ledger.read_text(encoding="utf-8") for word in PERSONAL)
    counter.db.conn.close()

    restore_backup(counter.db_path, backup, at=counter.now() + timedelta(hours=1))

    assert [word for word in PERSONAL if word in everything_in(counter.db_path)] == []
    assert [word for word in PERSONAL if word.encode() in raw_bytes_of(counter)] == []
    conn = sqlite3.connect(counter.db_path)
    try:
        row = conn.execute("SELECT name, phone, budget_sensitive FROM customers WHERE id = ?", (person.id,))
        assert row.fetchone() == (ERASED_NAME, "", 0)
        audited = conn.execute(
            "SELECT cashier_id, subject FROM audit_log WHERE action = 'customer_erasure_reapplied'"
        )
        assert audited.fetchall() == [(None, f"customer {person.id}")]
        assert conn.execute("SELECT reapplied_at IS NOT NULL FROM erasures").fetchall() == [(1,)]
    finally:
        conn.close()


def test_a_backup_copied_in_by_hand_is_erased_again_at_start_up(
    counter: Counter, staff, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    backup = backup_to(counter.db, tmp_path / "before-erasure.db")
    erase(counter, staff, person)
    counter.db.conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{counter.db_path}{suffix}").unlink(missing_ok=True)
    counter.db_path.write_bytes(backup.read_bytes())  # not through `posapp restore`

    reopened = open_counter(counter.db_path, settings_path=default_settings_path(), now=clock)
    try:
        assert reopened.db.execute("SELECT name FROM customers WHERE id = ?", (person.id,)).fetchone() == (
            ERASED_NAME,
        )
    finally:
        reopened.db.conn.close()
    assert [word for word in PERSONAL if word in everything_in(counter.db_path)] == []


def test_an_erased_id_unknown_to_the_restored_backup_is_never_given_to_a_new_customer(
    counter: Counter, staff, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    backup = backup_to(counter.db, tmp_path / "before-the-customer.db")
    person = zyxwvut(counter)
    erase(counter, staff, person)
    counter.db.conn.close()
    restore_backup(counter.db_path, backup, at=counter.now())
    reopened = open_counter(counter.db_path, settings_path=default_settings_path(), now=clock)
    try:
        newcomer = add_customer(reopened.db, Customer(None, "Ana Silva", plate="AB123"), reopened.now)
        assert newcomer.id != person.id
    finally:
        reopened.db.conn.close()
    # The next start finds the erasure recorded and leaves the newcomer alone.
    again = open_counter(counter.db_path, settings_path=default_settings_path(), now=clock)
    try:
        assert again.db.execute("SELECT name FROM customers WHERE id = ?", (newcomer.id,)).fetchone() == (
            "Ana Silva",
        )
    finally:
        again.db.conn.close()


def test_the_export_has_each_tickets_lines_and_the_offers_with_their_scripts(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    number = sell(counter, staff.cashier_id, person)
    save_draft(counter.db, "till-2", draft_for(counter, staff.cashier_id, person), counter.now())
    exported = export_customer(counter.db, person.id or 0)
    assert exported["budget_sensitive"] is True and exported["marketing_consent"] is True
    (ticket,) = exported["tickets"]
    assert ticket["number"] == number
    assert [(line["code"], line["unit_price_cents"], line["quantity"]) for line in ticket["lines"]] == [
        ("standard_wash", 1500, 1)
    ]
    (offer,) = exported["offer_history"]
    assert offer["script"] == "Hi Zyxwvut, wax with that for $8.00?"
    assert (offer["ticket"], offer["service"], offer["outcome"]) == (number, "car_waxing", "declined")
    assert [draft["lines"][0]["code"] for draft in exported["tickets_in_progress"]] == ["standard_wash"]
    json.dumps(exported)


def test_export_and_erase_are_audited_by_who_and_customer_id_only(
    counter: Counter, staff, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    sell(counter, staff.cashier_id, person)
    out = export_customer_to(
        counter.db,
        person.id or 0,
        tmp_path / "z.json",
        cashier_id=staff.manager_id,
        by="test",
        now=counter.now,
    )
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == NAME
    erase(counter, staff, person)
    entries = counter.db.execute(
        "SELECT cashier_id, action, subject, before || after FROM audit_log"
        " WHERE action IN ('customer_exported', 'customer_erased') ORDER BY id"
    ).fetchall()
    assert [entry[:3] for entry in entries] == [
        (staff.manager_id, "customer_exported", f"customer {person.id}"),
        (staff.manager_id, "customer_erased", f"customer {person.id}"),
    ]
    assert not any(word in str(entries) for word in PERSONAL)


def test_an_export_that_cannot_be_saved_leaves_no_audit_entry(
    counter: Counter, staff, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from posapp.domain.errors import UserError

    person = zyxwvut(counter)
    with pytest.raises(UserError, match="does not exist"):
        export_customer_to(
            counter.db,
            person.id or 0,
            tmp_path / "missing" / "z.json",
            cashier_id=staff.manager_id,
            by="test",
            now=counter.now,
        )
    assert counter.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'customer_exported'"
    ).fetchone() == (0,)


def test_the_erased_words_are_not_left_in_the_database_files_bytes(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    sell(counter, staff.cashier_id, person)
    save_draft(counter.db, "till-2", draft_for(counter, staff.cashier_id, person), counter.now())
    erase(counter, staff, person)
    assert [word for word in PERSONAL if word.encode() in raw_bytes_of(counter)] == []


def raw_bytes_of(counter: Counter) -> bytes:
    """The bytes of the database, its WAL, its ledger and any replaced copy kept beside it."""
    files = [path for path in counter.db_path.parent.iterdir() if path.name.startswith(counter.db_path.name)]
    return b"".join(path.read_bytes() for path in files if path.is_file())


def test_a_sale_another_till_completes_for_the_just_erased_customer_stores_no_greeting(
    counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    person = zyxwvut(counter)
    on_screen = draft_for(counter, staff.cashier_id, person)
    erase(counter, staff, person)
    sale = complete_sale(
        counter.db, on_screen, payment=Payment.CASH, settings=counter.settings, now=counter.now
    )
    assert sale.totals.total_cents > 0
    assert [word for word in PERSONAL if word in everything_in(counter.db_path)] == []


def test_customers_erased_before_m008_lose_their_scripts_and_flag_and_are_recorded(
    counter: Counter, staff
) -> None:  # type: ignore[no-untyped-def]
    from posapp.storage.db import write_transaction
    from posapp.storage.migrations import apply_migrations

    person = zyxwvut(counter)
    sell(counter, staff.cashier_id, person)
    # As the old erase left it: name and contacts gone, the script and the flag kept, no record.
    with write_transaction(counter.db):
        counter.db.execute(
            "UPDATE customers SET name = ?, phone = '', plate = '', email = '', erased_at = ? WHERE id = ?",
            (ERASED_NAME, to_db(counter.now()), person.id),
        )
        counter.db.execute("DROP TABLE erasures")
        counter.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_erasures'")
    apply_migrations(counter.db)
    assert [word for word in PERSONAL if word in everything_in(counter.db_path)] == []
    assert counter.db.execute("SELECT customer_id FROM erasures").fetchall() == [(person.id,)]
    assert counter.db.execute(
        "SELECT budget_sensitive FROM customers WHERE id = ?", (person.id,)
    ).fetchone() == (0,)
