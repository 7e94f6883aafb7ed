"""ESC/POS bytes compared exactly through python-escpos's Dummy printer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from posapp.counter import Counter
from posapp.domain.ticket import Payment
from posapp.receipts.data import ReceiptData, ReceiptLine, TrialNotice, load_receipt
from posapp.receipts.escpos_render import receipt_escpos_bytes, two_columns

DRAWER_KICK = b"\x1bp\x00\x32\x32"  # ESC p, pin 2, 50 x 2 ms on and off

TINY = ReceiptData(
    business_name="Wash",
    business_address="",
    business_phone="",
    business_tax_id="",
    logo_path="",
    number=7,
    copy=False,
    status="completed",
    local_date="Nov 27, 2026",
    local_time="10:00 AM",
    cashier="Sam",
    customer_first_name="",
    lines=(ReceiptLine("Express Wash", 1, 1000, "$10.00", False, ""),),
    subtotal_cents=1000,
    subtotal_text="$10.00",
    tax_cents=83,
    tax_text="$0.83",
    total_cents=1083,
    total_text="$10.83",
    payment="Card",
    paid_in_cash=False,
    trial=None,
    footer="",
)


def test_a_tiny_receipt_is_exactly_these_bytes() -> None:
    expected = (
        b"\x1b@"  # initialise
        b"\x1bE\x01\x1ba\x01"  # bold, centred
        b"\x1bt\x00Wash\n"  # code page 437, business name
        b"\x1bE\x00\x1ba\x01"  # not bold, centred
        b"\x1ba\x00"  # left
        b"--------------------------------\n"
        b"Receipt 000007      Nov 27, 2026\n"
        b"Cashier: Sam            10:00 AM\n"
        b"--------------------------------\n"
        b"Express Wash              $10.00\n"
        b"--------------------------------\n"
        b"Subtotal                  $10.00\n"
        b"Tax                        $0.83\n"
        b"\x1bE\x01"
        b"TOTAL                     $10.83\n"
        b"\x1bE\x00"
        b"Paid by                     Card\n"
        b"\x1ba\x01"
        b"\x1bd\x06\x1dV\x00"  # feed six lines, full cut
    )
    assert receipt_escpos_bytes(TINY, width_mm=58, cash_drawer=True) == expected


def test_the_drawer_opens_after_a_cash_payment_only() -> None:
    cash = receipt_escpos_bytes(
        replace(TINY, paid_in_cash=True, payment="Cash"), width_mm=58, cash_drawer=True
    )
    card = receipt_escpos_bytes(TINY, width_mm=58, cash_drawer=True)
    switched_off = receipt_escpos_bytes(replace(TINY, paid_in_cash=True), width_mm=58, cash_drawer=False)

    assert cash.endswith(b"\x1dV\x00" + DRAWER_KICK)
    assert DRAWER_KICK not in card
    assert DRAWER_KICK not in switched_off


@pytest.mark.parametrize(("width_mm", "columns"), [(80, 48), (58, 32)])
def test_text_lines_are_padded_to_the_rolls_width(
    counter: Counter, sale, width_mm: int, columns: int
) -> None:
    receipt = load_receipt(
        counter.db, sale(addons=("car_waxing", "tire_shine")), counter.settings, copy=False
    )
    data = receipt_escpos_bytes(receipt, width_mm=width_mm)

    # The TOTAL line starts with the bold command; what is printed is the rest.
    padded = [line.rpartition(b"\x1bE\x01")[2] for line in data.split(b"\n") if b"$" in line]
    assert padded and all(len(line) == columns for line in padded)
    assert f"+ Car Waxing  ADD-ON{'$8.00':>{columns - 20}}".encode() in data


def test_a_long_name_wraps_in_its_column_and_its_price_stays_on_the_first_line() -> None:
    long_name = "Interior Deep Clean with Leather Conditioning"
    lines = two_columns(f"+ {long_name}  ADD-ON", "$120.00", 32)
    assert lines == [
        "+ Interior Deep Clean    $120.00",
        "with Leather                    ",
        "Conditioning  ADD-ON            ",
    ]


def test_unicode_names_reach_the_printer_in_its_code_pages() -> None:
    data = receipt_escpos_bytes(replace(TINY, customer_first_name="Łukasz Zoë", footer="Nguyễn\u202fVăn An"))
    assert b"\x1bt\x12\x9dukasz" in data  # Ł in code page 852
    assert b"Zo\x1bt\x12\x89" in data or b"Zo\x89" in data  # ë
    assert b"?" not in data  # the narrow no-break space became an ordinary space


def test_a_reprint_and_a_trial_are_printed() -> None:
    trial = TrialNotice("Premium Club", date(2026, 12, 27), "Dec 27, 2026")
    data = receipt_escpos_bytes(replace(TINY, copy=True, trial=trial), width_mm=80)
    assert data.count(b"*** COPY ***") == 2
    assert b"Your free Premium Club trial runs until Dec 27, 2026." in data.replace(b",\n", b", ")


EVIL = "\x1bp\x00\x19\xfa\x1dV\x00\x10\x14\x01\x00\x05\x9b\x7f"  # drawer kick, cut, real-time pulse, C1, DEL
EVIL_PRINTABLE = "p\xfaV"  # what is left of it once the control bytes are dropped


def every_text(receipt: ReceiptData, change: Callable[[str], str]) -> ReceiptData:
    texts = ("business_name", "business_address", "business_phone", "business_tax_id", "cashier",
             "customer_first_name", "local_date", "local_time", "subtotal_text", "tax_text", "total_text",
             "payment", "footer")  # fmt: skip
    return replace(
        receipt,
        **{name: change(getattr(receipt, name) or "x") for name in texts},
        lines=tuple(
            replace(
                line, name=change(line.name), mark=change(line.mark), amount_text=change(line.amount_text)
            )
            for line in receipt.lines
        ),
        trial=TrialNotice(change("Premium Club"), date(2026, 12, 27), change("Dec 27, 2026")),
    )


@pytest.mark.parametrize("cash", [True, False])
def test_control_bytes_in_any_text_never_reach_the_printer(cash: bool) -> None:
    base = replace(TINY, paid_in_cash=cash, payment="Cash")
    hostile = receipt_escpos_bytes(every_text(base, lambda text: f"{text}{EVIL}end"), cash_drawer=False)
    clean = receipt_escpos_bytes(
        every_text(base, lambda text: f"{text}{EVIL_PRINTABLE}end"), cash_drawer=False
    )
    assert hostile == clean
    assert b"\x1bp" not in hostile and b"\x1dV\x00" not in hostile.removesuffix(b"\x1bd\x06\x1dV\x00")
    assert b"\x10\x14" not in hostile and b"\x7f" not in hostile


def test_a_footer_with_a_drawer_kick_prints_only_its_words() -> None:
    printed = receipt_escpos_bytes(replace(TINY, footer="Thanks\x1bp\x00\x19\xfa\nbye"), cash_drawer=False)
    assert b"\x1bp\x00\x19" not in printed and b"\x1bp" not in printed
    assert printed == receipt_escpos_bytes(replace(TINY, footer="Thanksp\xfa bye"), cash_drawer=False)


def test_a_cash_sale_prints_what_was_handed_over_and_the_change(counter: Counter, sale) -> None:  # type: ignore[no-untyped-def]
    # Standard Wash $15.00 + Car Waxing $8.00 + 8.25% tax = $24.90; the customer hands over $30.
    receipt = load_receipt(counter.db, sale(tendered=3000), counter.settings, copy=False)
    assert (receipt.total_text, receipt.tendered_text, receipt.change_text) == ("$24.90", "$30.00", "$5.10")
    data = receipt_escpos_bytes(receipt, width_mm=80)
    assert b"Cash tendered" in data and b"$30.00" in data
    assert b"Change" in data and b"$5.10" in data
    card = load_receipt(counter.db, sale(payment=Payment.CARD), counter.settings, copy=False)
    assert b"Cash tendered" not in receipt_escpos_bytes(card, width_mm=80)  # nothing handed over
