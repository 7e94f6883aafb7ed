"""The printer test page: a receipt laid out like a real one, marked as no sale, for setting up a printer.

It carries a wash, an add-on and names with letters beyond ASCII, so the manager sees at once
whether the roll width, the add-on marking and the font are right. It is never stored: number
0 belongs to no ticket, and every renderer prints the PRINTER TEST banner over it.
"""

from __future__ import annotations

from datetime import datetime

from posapp.domain.catalog import Catalog
from posapp.domain.money import totals_for
from posapp.receipts.data import NO_SALE, PRINTER_TEST, ReceiptData, receipt_from_ticket
from posapp.settings import Settings
from posapp.storage.tickets import StoredLine, StoredTicket

#: The sample sale: the most common wash and the add-on the counter offers most.
SAMPLE_WASH, SAMPLE_ADDON = "standard_wash", "car_waxing"


def printer_test_receipt(settings: Settings, catalog: Catalog, now: datetime, manager: str) -> ReceiptData:
    """A sample receipt for `settings` (header, footer, width) printed by `manager` at `now`."""
    sample = [
        (catalog.get(code), code == SAMPLE_ADDON) for code in (SAMPLE_WASH, SAMPLE_ADDON) if code in catalog
    ]
    lines = tuple(
        StoredLine(service.code, service.name, service.price_cents, 1, is_addon, None)
        for service, is_addon in sample
    )
    totals = totals_for((line.amount_cents for line in lines), settings.tax)
    ticket = StoredTicket(
        id=0,
        number=0,
        terminal=settings.terminal,
        cashier_name=manager,
        customer_id=None,
        # The hardest letters for a receipt font: a name printed as boxes shows up here first.
        customer_name="Nguyễn Zoë Łukasz",
        opened_at=now,
        completed_at=now,
        status=PRINTER_TEST,
        payment=NO_SALE,  # never "cash": the drawer stays shut for a test page
        subtotal_cents=totals.subtotal_cents,
        tax_cents=totals.tax_cents,
        total_cents=totals.total_cents,
        lines=lines,
        offer_events=(),
    )
    return receipt_from_ticket(ticket, settings, copy=False)
