"""Voids, refunds, backups, restores and a customer's data: each leaves a trace and loses nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.backup_rotation import (
    automatic_backup,
    backups_in,
    quick_check,
    restore_backup,
    verify_backup,
)
from posapp.services.checkout import complete_sale
from posapp.services.customer_data import ERASED_NAME, erase_customer, export_customer
from posapp.services.customers import add_customer
from posapp.services.voids import VoidKind, void_ticket


def sell(counter: Counter, cashier_id: int, customer: Customer | None = None) -> int:
    draft = TicketDraft(cashier_id=cashier_id, opened_at=counter.now(), customer=customer)
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    return complete_sale(
        counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now
    ).number


def test_a_void_needs_a_manager_pin_and_a_reason_and_keeps_the_original(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    number = sell(counter, staff.cashier_id)

    def void(who: int, pin: str, reason: str = "Customer changed their mind") -> object:
        return void_ticket(
            counter.db,
            ticket_number=number,
            kind=VoidKind.VOID,
            reason=reason,
            manager_id=who,
            manager_pin=pin,
            time_zone=counter.settings.time_zone,
            now=counter.now,
        )

    with pytest.raises(UserError, match="Only a manager"):
        void(staff.cashier_id, staff.cashier_pin)
    with pytest.raises(UserError, match="Wrong PIN"):
        void(staff.manager_id, "0000")
    with pytest.raises(UserError, match="Say why"):
        void(staff.manager_id, staff.manager_pin, reason=" ")
    assert counter.db.execute("SELECT count(*) FROM voids").fetchone()[0] == 0
    void(staff.manager_id, staff.manager_pin)
    status, total = counter.db.execute(
        "SELECT status, total_cents FROM tickets WHERE number = ?", (number,)
    ).fetchone()
    assert (status, total) == ("voided", 1624)
    assert counter.db.execute("SELECT kind, amount_cents FROM voids").fetchall() == [("void", 1624)]
    audit = counter.db.execute(
        "SELECT before, after FROM audit_log WHERE action = 'ticket_voided'"
    ).fetchone()
    assert json.loads(audit[0])["status"] == "completed" and "changed their mind" in audit[1]
    with pytest.raises(UserError, match="already voided"):
        void(staff.manager_id, staff.manager_pin)


def test_daily_backups_are_made_once_a_day_and_rotated(counter: Counter, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    folder.mkdir()
    zone = counter.settings.time_zone
    first = automatic_backup(counter.db, folder, keep=3, at=counter.now(), zone=zone)
    assert first is not None and first.stat().st_mode & 0o077 == 0
    assert (
        automatic_backup(counter.db, folder, keep=3, at=counter.now() + timedelta(hours=1), zone=zone) is None
    )
    for day in range(1, 5):
        automatic_backup(counter.db, folder, keep=3, at=counter.now() + timedelta(days=day), zone=zone)
    assert len(backups_in(folder)) == 3
    assert (
        automatic_backup(
            counter.db,
            folder,
            keep=3,
            at=counter.now() + timedelta(days=4, hours=1),
            zone=zone,
            on_close=True,
        )
        is not None
    )
    assert len(backups_in(folder)) == 3


def test_restore_verifies_first_and_keeps_the_replaced_file(counter: Counter, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sell(counter, staff.cashier_id)
    folder = tmp_path / "backups"
    folder.mkdir()
    good = automatic_backup(counter.db, folder, keep=5, at=counter.now(), zone=counter.settings.time_zone)
    assert good is not None and verify_backup(good) == 1
    sell(counter, staff.cashier_id)
    counter.db.conn.close()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UserError, match="nothing was replaced"):
        restore_backup(counter.db_path, broken, at=counter.now())
    kept = restore_backup(counter.db_path, good, at=counter.now())
    assert kept is not None
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
    with sqlite3.connect(counter.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


def test_quick_check_reports_a_damaged_file(tmp_path: Path) -> None:
    from posapp.storage.db import open_db
    from posapp.storage.migrations import open_migrated

    path = tmp_path / "d.db"
    db = open_migrated(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert quick_check(db) == "ok"
    db.conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 600] = b"\xff" * 600
    path.write_bytes(bytes(data))
    assert quick_check(open_db(path)) != "ok"


def test_a_customer_is_exported_then_erased_and_the_sales_keep_their_totals(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    ana = add_customer(
        counter.db,
        Customer(None, "Ana Silva", phone="555 0100", plate="ab-123", email="ana@example.com"),
        counter.now,
    )
    number = sell(counter, staff.cashier_id, ana)
    exported = export_customer(counter.db, ana.id or 0)
    assert exported["name"] == "Ana Silva" and exported["plate"] == "AB123"
    assert [t["number"] for t in exported["tickets"]] == [number]
    json.dumps(exported)  # it is plain JSON
    with pytest.raises(UserError, match="Only a manager"):
        erase_customer(
            counter.db,
            customer_id=ana.id or 0,
            manager_id=staff.cashier_id,
            manager_pin=staff.cashier_pin,
            now=counter.now,
        )
    erase_customer(
        counter.db,
        customer_id=ana.id or 0,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
    )
    name, phone, plate, email = counter.db.execute(
        "SELECT name, phone, plate, email FROM customers WHERE id = ?", (ana.id,)
    ).fetchone()
    assert (name, phone, plate, email) == (ERASED_NAME, "", "", "")
    assert (
        counter.db.execute("SELECT total_cents FROM tickets WHERE number = ?", (number,)).fetchone()[0]
        == 1624
    )
    with pytest.raises(UserError, match="no customer"):
        export_customer(counter.db, ana.id or 0)
