"""Void and refund slips from stored records, and the tax rate stated on receipts."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from posapp.counter import Counter
from posapp.domain.money import TaxPolicy
from posapp.receipts.data import load_receipt, load_slip
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.printers import receipt_file_name
from posapp.services.voids import VoidKind, refund_line, void_ticket

from .conftest import Sell


def test_a_receipt_states_the_tax_rate_it_was_taxed_at(counter: Counter, sale: Sell) -> None:
    number = sale()
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert receipt.tax_label == "Tax 8.25 %"
    assert b"Tax 8.25 %" in receipt_escpos_bytes(receipt)
    # After a rate change a reprint states no rate rather than a wrong one.
    changed = replace(counter.settings, tax=TaxPolicy(Decimal("9"), prices_include_tax=False))
    assert load_receipt(counter.db, number, changed, copy=True).tax_label == "Tax"


def test_a_line_refund_slip_and_a_void_slip_say_what_they_are(counter: Counter, sale: Sell, staff) -> None:  # type: ignore[no-untyped-def]
    number = sale()  # Standard Wash + Car Waxing, cash
    common = {
        "manager_id": staff.manager_id,
        "manager_pin": staff.manager_pin,
        "time_zone": counter.settings.time_zone,
        "now": counter.now,
    }
    line = refund_line(counter.db, ticket_number=number, position=1, reason="Wax streaked", **common)
    slip = load_slip(counter.db, number, counter.settings, slip="refund", line_refund_id=line.line_refund_id)
    assert slip.slip is not None and slip.slip.word == "REFUND"
    assert [item.name for item in slip.slip.lines] == ["Car Waxing"]
    assert (slip.slip.amount_text, slip.slip.reason, slip.slip.manager) == ("$8.66", "Wax streaked", "Morgan")
    assert receipt_file_name(slip, 12) == f"refund-{number:06d}-12.pdf"
    printed = receipt_escpos_bytes(slip)
    assert b"*** REFUND ***" in printed and b"Approved by: Morgan" in printed
    assert b"COPY" not in printed and b"\x1bp" not in printed  # a slip never kicks the drawer

    whole = void_ticket(counter.db, ticket_number=number, kind=VoidKind.VOID, reason="Drove off", **common)
    assert whole.amount_cents == 2490 - 866  # what was still on the ticket
    void = load_slip(counter.db, number, counter.settings, slip="void", line_refund_id=None)
    assert void.slip is not None and void.slip.word == "VOID" and void.slip.whole_ticket
    assert [item.name for item in void.slip.lines] == ["Standard Wash"]
    assert receipt_file_name(void, 13) == f"void-{number:06d}-13.pdf"
