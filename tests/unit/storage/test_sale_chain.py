"""The sales chain: every completed sale hashed with the one before it; a deleted or edited sale is named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.services.voids import VoidKind, void_ticket
from posapp.storage.audit import ChainBreak, ChainHead
from posapp.storage.db import open_db
from posapp.storage.migrations import apply_migrations, migrations
from posapp.storage.sale_chain import sales_chain_head, verify_sales_chain


def sell(counter: Counter, cashier_id: int, times: int) -> None:
    wash, waxing = counter.catalog.get("standard_wash"), counter.catalog.get("car_waxing")
    for _ in range(times):
        draft = (
            TicketDraft(cashier_id=cashier_id, opened_at=counter.now()).choose_wash(wash).add_addon(waxing)
        )
        complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)


@pytest.fixture
def shop(counter: Counter, staff) -> Counter:  # type: ignore[no-untyped-def]
    sell(counter, staff.cashier_id, 5)
    return counter


def raw(counter: Counter) -> sqlite3.Connection:
    """A plain connection with foreign keys off (sqlite3's default), as a person with a SQL tool has."""
    return sqlite3.connect(counter.db_path, isolation_level=None)


def completed_at(counter: Counter, number: int) -> str:
    return str(
        counter.db.execute("SELECT completed_at FROM tickets WHERE number = ?", (number,)).fetchone()[0]
    )


def test_every_sale_is_chained_as_it_is_stored(shop: Counter) -> None:
    head = verify_sales_chain(shop.db)
    assert isinstance(head, ChainHead) and head.entries == 5
    assert sales_chain_head(shop.db) == head


def test_a_void_changes_the_status_and_not_the_chain(shop: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    void_ticket(
        shop.db,
        ticket_number=3,
        kind=VoidKind.VOID,
        reason="customer left",
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        time_zone=shop.settings.time_zone,
        now=clock,
    )
    assert isinstance(verify_sales_chain(shop.db), ChainHead)


def test_a_line_price_edited_afterwards_names_the_sale(shop: Counter) -> None:
    conn = raw(shop)
    conn.execute(
        "UPDATE ticket_lines SET unit_price_cents = 0"
        " WHERE ticket_id = (SELECT id FROM tickets WHERE number = 3)"
    )
    conn.close()
    broken = verify_sales_chain(shop.db)
    assert isinstance(broken, ChainBreak)
    assert str(broken) == (
        f"broken at sale #3 ({completed_at(shop, 3)}): "
        "it, or the sale before it, was changed after it was sold"
    )


def test_a_total_edited_afterwards_names_the_sale(shop: Counter) -> None:
    conn = raw(shop)
    conn.execute("UPDATE tickets SET subtotal_cents = 0, tax_cents = 0, total_cents = 0 WHERE number = 4")
    conn.close()
    broken = verify_sales_chain(shop.db)
    assert isinstance(broken, ChainBreak) and broken.id == 4


def test_a_middle_sale_deleted_is_named(shop: Counter) -> None:
    conn = raw(shop)
    ticket_id = conn.execute("SELECT id FROM tickets WHERE number = 3").fetchone()[0]
    conn.execute("DROP TRIGGER sale_chain_no_delete")
    for table, column in (
        ("ticket_lines", "ticket_id"),
        ("offer_events", "ticket_id"),
        ("sale_chain", "ticket_id"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (ticket_id,))
    conn.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))
    conn.close()
    broken = verify_sales_chain(shop.db)
    assert str(broken) == f"broken at sale #4 ({completed_at(shop, 4)}): sale #3 before it removed"


def test_a_sale_deleted_with_its_chain_entry_left_is_named(shop: Counter) -> None:
    conn = raw(shop)
    ticket_id = conn.execute("SELECT id FROM tickets WHERE number = 2").fetchone()[0]
    conn.execute("DELETE FROM ticket_lines WHERE ticket_id = ?", (ticket_id,))
    conn.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))
    conn.close()
    assert (
        str(verify_sales_chain(shop.db))
        == f"broken at row {ticket_id}: the sale stored as row {ticket_id} was deleted"
    )


def test_a_sale_written_outside_the_counter_is_named(shop: Counter) -> None:
    conn = raw(shop)
    conn.execute(
        "INSERT INTO tickets (number, draft_id, terminal, cashier_id, opened_at, completed_at, local_day,"
        " local_hour, payment, subtotal_cents, tax_cents, total_cents)"
        " VALUES (6, 'forged', 'counter-1', 2, 'a', '2026-11-27T16:00:00+00:00', '2026-11-27', 11,"
        " 'cash', 0, 0, 0)"
    )
    conn.close()
    assert str(verify_sales_chain(shop.db)) == (
        "broken at sale #6 (2026-11-27T16:00:00+00:00): not in the chain: written outside the counter"
    )


def test_insert_or_replace_into_the_chain_is_refused(shop: Counter) -> None:
    conn = raw(shop)
    before = conn.execute("SELECT * FROM sale_chain ORDER BY ticket_id").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(
            "INSERT OR REPLACE INTO sale_chain (ticket_id, chain_hash) VALUES (?, 'x')", (before[2][0],)
        )
    assert conn.execute("SELECT * FROM sale_chain ORDER BY ticket_id").fetchall() == before
    conn.close()


def test_the_migration_chains_the_sales_stored_before_it(tmp_path: Path) -> None:
    old = open_db(tmp_path / "old.db")
    migrations.apply(old, stop_before="m006_audit_chain")
    old.execute(
        "INSERT INTO cashiers (name, role, pin_hash, created_at) VALUES ('Sam', 'cashier', 'x', 'now')"
    )
    for number in (1, 2, 3):  # as the code before the chain stored a sale: ticket and lines
        ticket_id = old.execute(
            "INSERT INTO tickets (number, draft_id, terminal, cashier_id, opened_at, completed_at, local_day,"
            " local_hour, payment, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, 'counter-1', 1, 'a', 'b', '2026-11-27', 10, 'cash', 1500, 0, 1500)",
            (number, f"draft-{number}"),
        ).lastrowid
        old.execute(
            "INSERT INTO ticket_lines (ticket_id, position, code, name, unit_price_cents)"
            " VALUES (?, 0, 'standard_wash', 'Standard Wash', 1500)",
            (ticket_id,),
        )
    assert verify_sales_chain(old) is None  # no chain yet: nothing to check, nothing broken
    apply_migrations(old)
    head = verify_sales_chain(old)
    assert isinstance(head, ChainHead) and head.entries == 3
    old.execute("UPDATE ticket_lines SET unit_price_cents = 1 WHERE ticket_id = 2")
    broken = verify_sales_chain(old)
    assert isinstance(broken, ChainBreak) and broken.id == 2
