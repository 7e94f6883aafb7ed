"""The Z slip printed for real: through a private CUPS spooler at the roll width, and to ESC/POS."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from posapp.counter import Counter
from posapp.domain.shift import ShiftReport
from posapp.domain.ticket import Payment, TicketDraft
from posapp.reports.shift_slip import print_slip, slip_escpos_bytes, slip_rows
from posapp.services.checkout import complete_sale
from posapp.services.shifts import close_shift, open_shift, reveal_count
from tests.conftest import Staff

pytestmark = pytest.mark.printer

MM = 72 / 25.4


def _closed_shift(counter: Counter, staff: Staff) -> ShiftReport:
    open_shift(
        counter.db, till_id=counter.till_id, cashier_id=staff.cashier_id, float_cents=100_00, now=counter.now
    )
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now()).choose_wash(
        counter.catalog.get("standard_wash")
    )
    complete_sale(
        counter.db,
        draft,
        payment=Payment.CASH,
        settings=counter.settings,
        now=counter.now,
        tendered_cents=20_00,
        till_id=counter.till_id,
    )
    count = reveal_count(
        counter.db,
        till_id=counter.till_id,
        counted_cents=116_24,
        cashier_id=staff.cashier_id,
        settings=counter.settings,
        now=counter.now,
    )
    return close_shift(
        counter.db, count=count, cashier_id=staff.cashier_id, settings=counter.settings, now=counter.now
    )


def _with_printer(counter: Counter, **receipt: object) -> Counter:
    settings = counter.settings
    counter.setup.change(settings=replace(settings, receipt=replace(settings.receipt, **receipt)))
    return counter


@pytest.mark.parametrize("width_mm", [80, 58])
def test_the_z_slip_prints_through_cups_at_the_rolls_width(
    counter: Counter, staff: Staff, cups_spooler, width_mm: int
) -> None:
    counter = _with_printer(counter, printer="system", system_printer=cups_spooler.queue, width_mm=width_mm)
    before = len(cups_spooler.printed())
    z = _closed_shift(counter, staff)

    where = print_slip(z, counter.settings, folder=counter.db_path.parent, job_id=1)

    assert where.startswith("CUPS job")
    printed = cups_spooler.wait_for_pdfs(before + 1)[-1]
    page = PdfReader(io.BytesIO(printed.read_bytes())).pages[0]
    assert float(page.mediabox.width) == pytest.approx(width_mm * MM, abs=1.5)
    text = " ".join(page.extract_text().split())
    for words in ("Z REPORT - SHIFT CLOSED", "EXPECTED CASH $116.24", "Counted (blind) $116.24", "BALANCED"):
        assert words in text, words


def test_the_z_slip_reaches_an_escpos_printer_without_opening_the_drawer(
    counter: Counter, staff: Staff, free_port: int, listen_on
) -> None:
    counter = _with_printer(
        counter,
        printer="escpos",
        escpos_backend="network",
        escpos_target=f"127.0.0.1:{free_port}",
        width_mm=58,
    )
    z = _closed_shift(counter, staff)
    printer = listen_on(free_port)

    print_slip(z, counter.settings, folder=counter.db_path.parent, job_id=1)
    received = printer.close()

    assert received == slip_escpos_bytes(slip_rows(z, counter.settings), 58)
    assert b"Z REPORT - SHIFT CLOSED" in received and b"EXPECTED CASH" in received
    assert b"\x1bp" not in received  # a slip never kicks the cash drawer open
