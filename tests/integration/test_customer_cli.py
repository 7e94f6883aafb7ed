"""A customer's data on request from the command line: exported as JSON, erased with a manager's PIN."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
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
