"""A customer's data on request from the command line: exported as JSON, erased with a manager's PIN."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest


def posapp(*args: str, pin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], input=pin + "\n", capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "site.db"
    assert posapp("demo-data", "--db", str(db), "--days", "2").returncode == 0
    return db


def test_export_then_erase_keeps_the_sales_totals(demo_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        customer, name, total = conn.execute(
            "SELECT c.id, c.name, sum(t.total_cents) FROM customers c JOIN tickets t ON t.customer_id = c.id"
            " GROUP BY c.id ORDER BY c.id LIMIT 1"
        ).fetchone()
    out = tmp_path / "ana.json"
    exported = posapp(
        "customer", "export", "--db", str(demo_db), "--customer", str(customer), "--output", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["name"] == name and sum(t["total_cents"] for t in data["tickets"]) == total

    refused = posapp(
        "customer",
        "erase",
        "--db",
        str(demo_db),
        "--customer",
        str(customer),
        "--manager",
        "Morgan",
        pin="0000",
    )
    assert refused.returncode == 2 and refused.stderr.strip() == "posapp: Wrong PIN; try again."
    not_a_manager = posapp(
        "customer", "erase", "--db", str(demo_db), "--customer", str(customer), "--manager", "Sam", pin="1111"
    )
    assert not_a_manager.returncode == 2 and "Sam is not a manager" in not_a_manager.stderr

    erased = posapp(
        "customer",
        "erase",
        "--db",
        str(demo_db),
        "--customer",
        str(customer),
        "--manager",
        "Morgan",
        pin="9999",
    )
    assert erased.returncode == 0, erased.stderr
    with sqlite3.connect(demo_db) as conn:
        row = conn.execute(
            "SELECT name, phone, plate, email FROM customers WHERE id = ?", (customer,)
        ).fetchone()
        kept = conn.execute(
            "SELECT sum(total_cents) FROM tickets WHERE customer_id = ?", (customer,)
        ).fetchone()
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'customer_erased'").fetchone()
    assert row == ("Erased customer", "", "", "") and kept == (total,) and audited == (1,)
    again = posapp(
        "customer", "export", "--db", str(demo_db), "--customer", str(customer), "--output", str(out)
    )
    assert again.returncode == 2 and f"There is no customer number {customer}." in again.stderr


def test_erase_from_the_command_line_survives_a_restore_of_an_older_backup(tmp_path: Path) -> None:
    from dataclasses import replace

    from pypdf import PdfReader

    from posapp.counter import open_counter
    from posapp.domain.customer import Customer
    from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
    from posapp.domain.ticket import Payment, TicketDraft
    from posapp.receipts.print_queue import print_job
    from posapp.services.auth import add_cashier
    from posapp.services.checkout import complete_sale
    from posapp.services.customers import add_customer
    from posapp.services.tills import TillPlace
    from posapp.settings import default_settings_path
    from posapp.storage.cashiers import Role
    from posapp.storage.print_jobs import queue_original

    db = tmp_path / "site.db"
    counter = open_counter(db, settings_path=default_settings_path(), till=TillPlace(tmp_path / "tills"))
    try:
        add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
        person = add_customer(
            counter.db, Customer(None, "Zyxwvut Qrstuvw", phone="5550199", plate="ZQ999"), counter.now
        )
        draft = TicketDraft(cashier_id=1, opened_at=counter.now(), customer=person)
        draft = draft.choose_wash(counter.catalog.get("standard_wash"))
        offer = OfferEvent(
            Moment.CHECKOUT,
            OfferKind.CROSS_SELL,
            "car_waxing",
            Outcome.DECLINED,
            counter.now(),
            "Hi Zyxwvut!",
        )
        number = complete_sale(
            counter.db,
            replace(draft, offer_events=(offer,)),
            payment=Payment.CASH,
            settings=counter.settings,
            now=counter.now,
        ).number
        job = queue_original(counter.db, number, counter.now, till_id=counter.till_id)
        print_job(
            counter.db,
            job,
            settings=counter.settings,
            folder=tmp_path / "receipts",
            now=counter.now,
            till_id=counter.till_id,
        )
    finally:
        counter.db.conn.close()
    receipt = tmp_path / "receipts" / f"receipt-{number:06d}.pdf"
    assert "Customer: Zyxwvut" in PdfReader(receipt).pages[0].extract_text()
    assert posapp("backup", "--db", str(db), "--output", str(tmp_path / "before.db")).returncode == 0

    out = tmp_path / "z.json"
    exported = posapp(
        "customer", "export", "--db", str(db), "--customer", str(person.id), "--output", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [line["code"] for line in data["tickets"][0]["lines"]] == ["standard_wash"]
    assert [event["script"] for event in data["offer_history"]] == ["Hi Zyxwvut!"]

    erased = posapp(
        "customer", "erase", "--db", str(db), "--customer", str(person.id), "--manager", "Morgan", pin="9999"
    )
    assert erased.returncode == 0, erased.stderr
    assert "1 offer scripts" in erased.stdout and "1 saved receipt PDFs" in erased.stdout
    assert "Printed receipts" in erased.stdout and "e-mails already sent" in erased.stdout
    assert "Customer" not in PdfReader(receipt).pages[0].extract_text()

    def dump() -> str:
        with closing(sqlite3.connect(db)) as conn:
            return "\n".join(conn.iterdump())

    assert not any(word in dump() for word in ("Zyxwvut", "Qrstuvw", "5550199", "ZQ999"))
    with closing(sqlite3.connect(db)) as conn:
        audited = conn.execute(
            "SELECT action, cashier_id, subject, after FROM audit_log"
            " WHERE action IN ('customer_exported', 'customer_erased') ORDER BY id"
        ).fetchall()
    assert [row[:3] for row in audited] == [
        ("customer_exported", None, f"customer {person.id}"),
        ("customer_erased", 1, f"customer {person.id}"),
    ]
    assert "command line" in audited[0][3]

    restored = posapp("restore", "--db", str(db), "--from", str(tmp_path / "before.db"))
    assert restored.returncode == 0, restored.stderr
    assert not any(word in dump() for word in ("Zyxwvut", "Qrstuvw", "5550199", "ZQ999"))


def test_import_customers_with_a_card_column_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "site.db"
    assert posapp("demo-data", "--db", str(db), "--days", "1").returncode == 0
    with closing(sqlite3.connect(db)) as conn:
        before = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    first = tmp_path / "members.csv"
    first.write_text("name,plate,card\nLena Park,LP2040,7788 0042 19\nOtto Berg,OB1,\n", encoding="utf-8")
    imported = posapp("import-customers", "--db", str(db), str(first))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == f"Imported 2 customers into {db}.\n"
    # A second file gives the same card (written another way) to someone else: refused, nothing written.
    second = tmp_path / "more.csv"
    second.write_text("name,plate,card\nZoe Novak,ZN1,\nKim Lee,KL1,7788-0042-19\n", encoding="utf-8")
    refused = posapp("import-customers", "--db", str(db), str(second))
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        f"posapp: Nothing was imported: {second}, line 3: the card 7788004219 is already on file.\n"
    )
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT name, card FROM customers"
            " WHERE name IN ('Lena Park', 'Otto Berg', 'Zoe Novak', 'Kim Lee') ORDER BY name"
        ).fetchall()
        after = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    assert rows == [("Lena Park", "7788004219"), ("Otto Berg", "")]
    assert after == before + 2
