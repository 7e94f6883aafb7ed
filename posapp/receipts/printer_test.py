"""The printer test page: a receipt laid out like a real one, marked as no sale, for setting up a printer.

It carries a wash, an add-on and names with letters beyond ASCII, so the manager sees at once
whether the roll width, the add-on marking and the font are right. It is never stored: number
0 belongs to no ticket, and every renderer prints the PRINTER TEST banner over it.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time

from posapp.domain.catalog import Catalog
from posapp.domain.money import format_money, totals_for
from posapp.receipts.data import ADDON_MARK, PRINTER_TEST, ReceiptData, ReceiptLine, logo_path
from posapp.settings import Settings

#: The sample sale: the most common wash and the add-on the counter offers most.
SAMPLE_WASH, SAMPLE_ADDON = "standard_wash", "car_waxing"


def printer_test_receipt(settings: Settings, catalog: Catalog, now: datetime, manager: str) -> ReceiptData:
    """A sample receipt for `settings` (footer, width, business) printed by `manager` at `now`."""

    def money(cents: int) -> str:
        return format_money(cents, settings.currency, settings.locale)

    sample = [
        (catalog.get(code), code == SAMPLE_ADDON) for code in (SAMPLE_WASH, SAMPLE_ADDON) if code in catalog
    ]
    lines = tuple(
        ReceiptLine(
            name=service.name,
            quantity=1,
            amount_cents=service.price_cents,
            amount_text=money(service.price_cents),
            is_addon=is_addon,
            mark=ADDON_MARK if is_addon else "",
        )
        for service, is_addon in sample
    )
    totals = totals_for((line.amount_cents for line in lines), settings.tax)
    local = now.astimezone(settings.time_zone)
    business = settings.business
    return ReceiptData(
        business_name=business.name,
        business_address=business.address,
        business_phone=business.phone,
        business_tax_id=business.tax_id,
        logo_path=logo_path(business.logo, settings),
        number=0,
        copy=False,
        status=PRINTER_TEST,
        local_date=format_date(local.date(), "medium", locale=settings.locale),
        local_time=format_time(local.time(), "short", locale=settings.locale),
        cashier=manager,
        customer_first_name="Zoë Łukasz Nguyễn",
        lines=lines,
        subtotal_cents=totals.subtotal_cents,
        subtotal_text=money(totals.subtotal_cents),
        tax_cents=totals.tax_cents,
        tax_text=money(totals.tax_cents),
        total_cents=totals.total_cents,
        total_text=money(totals.total_cents),
        payment="No sale",
        paid_in_cash=False,  # the cash drawer stays shut for a test page
        trial=None,
        footer=settings.receipt.footer,
    )
