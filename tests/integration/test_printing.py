"""Printing for real: a private CUPS spooler with cups-pdf, and an ESC/POS printer on a localhost port.

A printer that fails leaves the sale stored and the job failed with its error; a Retry once
the printer is back prints exactly one original; a reprint is a separate job marked COPY.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from posapp.counter import Counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.receipts.data import load_receipt
from posapp.receipts.escpos_render import receipt_escpos_bytes
from posapp.receipts.print_queue import print_job
from posapp.receipts.printers import PAPER_LOW, print_receipt
from posapp.services.checkout import complete_sale
from posapp.storage.print_jobs import JobStatus, PrintJob, queue_copy, queue_original
from tests.conftest import PAPER_NEAR_END, PAPER_OUT

pytestmark = pytest.mark.printer

MM = 72 / 25.4


def _sell(counter: Counter, cashier_id: int) -> int:
    now = counter.now()
    draft = TicketDraft(cashier_id=cashier_id, opened_at=now).choose_wash(
        counter.catalog.get("standard_wash")
    )
    draft = draft.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
    draft = draft.record_offer(
        OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, now)
    )
    return complete_sale(
        counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now
    ).number


def _with_printer(counter: Counter, **receipt: object) -> Counter:
    """The same counter, its receipts now going where `receipt` says (as a manager's Save does)."""
    settings = counter.settings
    counter.setup.change(settings=replace(settings, receipt=replace(settings.receipt, **receipt)))
    return counter


def _print(counter: Counter, job_id: int) -> PrintJob:
    job = print_job(
        counter.db,
        job_id,
        settings=counter.settings,
        folder=counter.db_path.parent,
        now=counter.now,
        till_id=counter.till_id,
    )
    assert job is not None
    return job


def _tickets(counter: Counter) -> int:
    return int(counter.db.execute("SELECT count(*) FROM tickets").fetchone()[0])


def _pdf_text(path: Path) -> str:
    return " ".join(PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text().split())


def test_cups_prints_the_receipt_at_the_rolls_width(counter: Counter, staff, cups_spooler) -> None:
    counter = _with_printer(counter, printer="system", system_printer=cups_spooler.queue)
    before = len(cups_spooler.printed())
    number = _sell(counter, staff.cashier_id)

    job = _print(counter, queue_original(counter.db, number, counter.now, till_id=counter.till_id))

    assert (job.status, job.error) == (JobStatus.PRINTED, "")
    printed = cups_spooler.wait_for_pdfs(before + 1)[-1]
    page = PdfReader(io.BytesIO(printed.read_bytes())).pages[0]
    assert float(page.mediabox.width) == pytest.approx(80 * MM, abs=1.5)
    assert float(page.mediabox.height) > float(page.mediabox.width)
    text = _pdf_text(printed)
    assert "Receipt 000001" in text and "ADD-ON" in text and "COPY" not in text


@pytest.mark.parametrize(
    ("stop", "restart", "said"),
    [
        ("disable", "enable", "paused in the print system (Out of paper)"),
        ("reject", "accept", "is not accepting jobs"),
    ],
)
def test_a_stopped_queue_fails_the_job_and_a_retry_prints_one_original(
    counter: Counter, staff, cups_spooler, stop: str, restart: str, said: str
) -> None:
    counter = _with_printer(counter, printer="system", system_printer=cups_spooler.queue)
    before = len(cups_spooler.printed())
    number = _sell(counter, staff.cashier_id)
    job_id = queue_original(counter.db, number, counter.now, till_id=counter.till_id)

    getattr(cups_spooler, stop)("Out of paper")
    try:
        failed = _print(counter, job_id)
    finally:
        getattr(cups_spooler, restart)()

    assert failed.status is JobStatus.FAILED
    assert said in failed.error and cups_spooler.queue in failed.error
    assert _tickets(counter) == 1  # the sale is kept
    assert cups_spooler.pending_jobs() == ""  # nothing left behind to print by itself later

    retried = _print(counter, job_id)
    assert (retried.status, retried.attempts) == (JobStatus.PRINTED, 2)
    assert len(cups_spooler.wait_for_pdfs(before + 1)) == before + 1
    # Retrying a printed job prints nothing: never a second original.
    settings, folder = counter.settings, counter.db_path.parent
    again = print_job(
        counter.db, job_id, settings=settings, folder=folder, now=counter.now, till_id=counter.till_id
    )
    assert again is None
    assert len(cups_spooler.printed()) == before + 1
    assert _tickets(counter) == 1


def test_a_reprint_through_cups_is_marked_copy(counter: Counter, staff, cups_spooler) -> None:
    counter = _with_printer(counter, printer="system", system_printer=cups_spooler.queue)
    before = len(cups_spooler.printed())
    number = _sell(counter, staff.cashier_id)

    copy = _print(counter, queue_copy(counter.db, number, counter.now, till_id=counter.till_id))

    assert (copy.status, copy.copy) == (JobStatus.PRINTED, True)
    text = _pdf_text(cups_spooler.wait_for_pdfs(before + 1)[-1])
    assert "COPY" in text and "Reprint of receipt 000001" in text


def test_an_unreachable_escpos_printer_fails_and_a_retry_sends_the_receipt(
    counter: Counter, staff, free_port: int, listen_on
) -> None:
    port = free_port  # nothing listens here: the connection is refused
    counter = _escpos_on(counter, port)
    number = _sell(counter, staff.cashier_id)
    job_id = queue_original(counter.db, number, counter.now, till_id=counter.till_id)

    failed = _print(counter, job_id)

    assert failed.status is JobStatus.FAILED
    assert f"127.0.0.1:{port}" in failed.error and "nothing answered at that address" in failed.error
    assert _tickets(counter) == 1

    listener = listen_on(port)
    retried = _print(counter, job_id)
    received = listener.close()

    assert retried.status is JobStatus.PRINTED
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert received == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)
    assert b"+ Car Waxing  ADD-ON" in received
    assert received.endswith(b"\x1bp\x00\x32\x32")  # paid in cash: the drawer opens


def _escpos_on(counter: Counter, port: int) -> Counter:
    """The counter printing ESC/POS to a network printer on this machine's `port`."""
    return _with_printer(
        counter, printer="escpos", escpos_backend="network", escpos_target=f"127.0.0.1:{port}"
    )


def test_an_empty_printer_is_sent_nothing_and_the_retry_after_a_new_roll_prints_once(
    counter: Counter, staff, free_port: int, listen_on
) -> None:
    counter = _escpos_on(counter, free_port)
    number = _sell(counter, staff.cashier_id)
    job_id = queue_original(counter.db, number, counter.now, till_id=counter.till_id)

    empty = listen_on(free_port, paper=PAPER_OUT)
    failed = _print(counter, job_id)
    assert empty.close() == b""  # not one byte waits in the printer to come out after the new roll
    assert empty.queries == 1
    assert failed.status is JobStatus.FAILED
    assert failed.error == (
        f"The receipt printer at 127.0.0.1:{free_port} is out of paper; put in a new roll, then press Retry."
    )

    refilled = listen_on(free_port)
    assert _print(counter, job_id).status is JobStatus.PRINTED
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    assert refilled.close() == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)
    assert _tickets(counter) == 1


def test_a_nearly_finished_roll_still_prints_and_says_so(
    counter: Counter, staff, free_port: int, listen_on
) -> None:
    counter = _escpos_on(counter, free_port)
    number = _sell(counter, staff.cashier_id)
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    printer = listen_on(free_port, paper=PAPER_NEAR_END)

    where = print_receipt(receipt, counter.settings.receipt, folder=counter.db_path.parent, job_id=1)

    assert where == f"ESC/POS network 127.0.0.1:{free_port}; {PAPER_LOW}"
    assert printer.close() == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)


def test_a_printer_that_never_answers_status_queries_still_prints(
    counter: Counter, staff, free_port: int, listen_on
) -> None:
    counter = _escpos_on(counter, free_port)
    number = _sell(counter, staff.cashier_id)
    receipt = load_receipt(counter.db, number, counter.settings, copy=False)
    silent = listen_on(free_port, paper=None)

    where = print_receipt(receipt, counter.settings.receipt, folder=counter.db_path.parent, job_id=1)

    assert where == f"ESC/POS network 127.0.0.1:{free_port}"
    assert silent.close() == receipt_escpos_bytes(receipt, width_mm=80, cash_drawer=True)
    assert silent.queries == 1
