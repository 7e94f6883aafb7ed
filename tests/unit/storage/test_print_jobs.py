"""Print job bookkeeping: one original per sale, never printed twice; reprints are separate COPY jobs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.storage.print_jobs import (
    JobStatus,
    claim_job,
    failed_jobs,
    get_job,
    jobs_for_ticket,
    mark_failed,
    mark_printed,
    queue_copy,
    queue_original,
    recover_interrupted,
)


@pytest.fixture
def sale(counter: Counter, staff: object) -> Callable[[], int]:
    """Completes a real sale (a wash and an accepted waxing) through the checkout; returns its number."""
    cashier_id: int = staff.cashier_id  # type: ignore[attr-defined]

    def sell() -> int:
        now = counter.now()
        draft = TicketDraft(cashier_id=cashier_id, opened_at=now)
        draft = draft.choose_wash(counter.catalog.get("standard_wash"))
        draft = draft.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
        draft = draft.record_offer(
            OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, now)
        )
        sold = complete_sale(
            counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now
        )
        return sold.number

    return sell


def _status(counter: Counter, job_id: int) -> tuple[str, int, str]:
    row = counter.db.execute(
        "SELECT status, attempts, error FROM print_jobs WHERE id = ?", (job_id,)
    ).fetchone()
    return row[0], row[1], row[2]


def test_a_sale_has_one_original_job_however_often_it_is_queued(counter: Counter, sale) -> None:
    number = sale()
    first = queue_original(counter.db, number, counter.now, till_id=counter.till_id)
    second = queue_original(counter.db, number, counter.now, till_id=counter.till_id)

    assert first == second
    assert [(job.copy, job.status) for job in jobs_for_ticket(counter.db, number)] == [
        (False, JobStatus.QUEUED)
    ]


def test_a_failed_job_keeps_its_error_and_can_be_retried_until_printed(counter: Counter, sale) -> None:
    job_id = queue_original(counter.db, sale(), counter.now, till_id=counter.till_id)

    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is not None
    mark_failed(counter.db, job_id, "Connection refused\n  by 127.0.0.1", counter.now)
    assert _status(counter, job_id) == ("failed", 1, "Connection refused by 127.0.0.1")
    assert [job.id for job in failed_jobs(counter.db, counter.till_id)] == [job_id]

    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is not None
    assert _status(counter, job_id) == ("printing", 2, "")
    mark_printed(counter.db, job_id, counter.now)
    assert _status(counter, job_id) == ("printed", 2, "")
    assert failed_jobs(counter.db, counter.till_id) == []


def test_a_printed_or_printing_job_is_never_claimed_again(counter: Counter, sale) -> None:
    job_id = queue_original(counter.db, sale(), counter.now, till_id=counter.till_id)
    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is not None
    # A double click on Retry.
    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is None
    mark_printed(counter.db, job_id, counter.now)

    assert claim_job(counter.db, job_id, counter.now, till_id=counter.till_id) is None
    mark_failed(counter.db, job_id, "late failure report", counter.now)  # must not undo "printed"
    assert _status(counter, job_id) == ("printed", 1, "")


def test_a_reprint_is_a_new_copy_job_each_time(counter: Counter, sale) -> None:
    number = sale()
    original = queue_original(counter.db, number, counter.now, till_id=counter.till_id)
    copies = [queue_copy(counter.db, number, counter.now, till_id=counter.till_id) for _ in range(2)]

    jobs = jobs_for_ticket(counter.db, number)
    assert [job.id for job in jobs] == [original, *copies]
    assert [job.copy for job in jobs] == [False, True, True]
    copy = get_job(counter.db, copies[0])
    assert copy is not None and copy.ticket_number == number


def test_jobs_left_printing_by_a_stopped_counter_wait_for_a_retry(counter: Counter, sale) -> None:
    job_id = queue_original(counter.db, sale(), counter.now, till_id=counter.till_id)
    claim_job(counter.db, job_id, counter.now, till_id=counter.till_id)

    assert recover_interrupted(counter.db, counter.till_id, counter.now) == 1
    assert _status(counter, job_id) == ("failed", 1, "The counter stopped while this receipt was printing.")


def test_an_unknown_ticket_cannot_be_queued(counter: Counter, staff: object) -> None:
    with pytest.raises(UserError, match="no ticket number 5"):
        queue_copy(counter.db, 5, counter.now, till_id=counter.till_id)
    assert counter.db.execute("SELECT count(*) FROM print_jobs").fetchone()[0] == 0
