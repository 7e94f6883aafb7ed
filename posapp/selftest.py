"""`posapp --self-test`: proves a machine is ready — a sale with an add-on, its receipt, the day's report.

Runs on a temporary database, never the shop's own. Each step checks its result, not just that
it ran; the exit status is 0 only when every step is right.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from posapp.counter import Counter, open_counter
from posapp.services.auth import add_cashier
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.tickets import line_offer_outcomes

#: A step of the check: returns what it proved, or raises AssertionError saying what was wrong.
Step = Callable[[Counter], str]


@dataclass(frozen=True)
class Staff:
    cashier_name: str
    cashier_pin: str


def run_self_test(*, sell: Callable[[Counter, Staff], int], out: TextIO = sys.stdout) -> int:
    """Run every step in order and print one line each; returns the exit status.

    `sell` makes the sale (the root passes the real checkout window's): this module stays Qt-free.
    """
    with tempfile.TemporaryDirectory(prefix="posapp-self-test-") as folder:
        counter = open_counter(
            Path(folder) / "self-test.db",
            settings_path=default_settings_path(),
            till=TillPlace(Path(folder) / "tills"),
        )
        try:
            staff = _staff(counter)
            seller = sell
            number = 0

            def checkout(c: Counter) -> str:
                nonlocal number
                number = seller(c, staff)
                return _check_sale(c, number)

            steps: list[tuple[str, Step]] = [
                ("checkout window: sale with an accepted add-on", checkout),
                ("receipt PDF", lambda c: _check_receipt(c, number)),
                ("day's report", _check_report),
            ]
            failures = 0
            for name, step in steps:
                try:
                    proof = step(counter)
                except Exception as error:  # any failure is the answer the support call needs
                    failures += 1
                    out.write(f"FAILED  {name}: {error}\n")
                    break
                out.write(f"ok      {name}: {proof}\n")
            out.write("self-test passed\n" if not failures else "self-test FAILED\n")
            return 0 if not failures else 1
        finally:
            counter.db.conn.close()
            if counter.till is not None:
                counter.till.release()  # Windows deletes no folder holding an open, locked file


def _staff(counter: Counter) -> Staff:
    pin = f"{secrets.randbelow(10**6):06d}"
    add_cashier(counter.db, name="Self-test Manager", role=Role.MANAGER, pin=f"{pin}1", now=counter.now())
    add_cashier(counter.db, name="Self-test Cashier", role=Role.CASHIER, pin=pin, now=counter.now())
    return Staff("Self-test Cashier", pin)


def _check_sale(counter: Counter, number: int) -> str:
    rows = line_offer_outcomes(counter.db, number)
    addons = [code for code, is_addon, outcome in rows if is_addon and outcome == "accepted"]
    assert rows and addons, f"ticket {number} holds {rows}, no accepted add-on"
    return f"ticket {number} stored with {', '.join(addons)} as an accepted add-on"


def _check_receipt(counter: Counter, number: int) -> str:
    from posapp.receipts.data import load_receipt
    from posapp.receipts.pdf import render_receipt

    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert any(line.is_addon for line in receipt.lines), "the receipt shows no add-on"
    rendered = render_receipt(receipt, counter.settings.receipt.width_mm)
    assert rendered.pdf.startswith(b"%PDF") and rendered.pdf.rstrip().endswith(b"%%EOF"), "not a PDF"
    width = counter.settings.receipt.width_mm
    assert abs(rendered.width_mm - width) < 0.5, f"page is {rendered.width_mm:.1f} mm wide, not {width} mm"
    printed = sorted((counter.db_path.parent / "receipts").glob("receipt-*.pdf"))
    assert printed, "the sale's receipt was not printed to the PDF folder"
    size = f"{rendered.width_mm:.0f} × {rendered.height_mm:.0f} mm"
    return f"{len(rendered.pdf):,} bytes, {size}; printed {printed[0].name}"


def _check_report(counter: Counter) -> str:
    from posapp.reports.build import site_report
    from posapp.reports.pdf import render_pdf

    today = counter.now().astimezone(counter.settings.time_zone).date()
    report = site_report(counter.db, today, today, counter.settings)
    period = report.period
    assert period.tickets == 1, f"the report counts {period.tickets} tickets, not 1"
    accepted = sum(offer.accepted for offer in period.offers)
    assert accepted == 1 and period.addon_revenue_cents > 0, "the report misses the accepted add-on"
    pdf = render_pdf(report, paper=counter.settings.report_paper)
    assert pdf.startswith(b"%PDF"), "the report PDF is not a PDF"
    revenue = period.addon_revenue_cents
    return f"1 ticket, 1 add-on accepted, add-on revenue {revenue} cents, PDF {len(pdf):,} bytes"
