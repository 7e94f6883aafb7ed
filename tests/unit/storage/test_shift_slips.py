"""X and Z slip jobs keep the receipt queue's guards: claimed once, retried only when failed, never lost."""

from __future__ import annotations

from posapp.counter import Counter
from posapp.services.shifts import open_shift
from posapp.storage.print_jobs import JobStatus
from posapp.storage.shifts import (
    claim_slip,
    failed_slip_jobs,
    finish_slip,
    get_slip_job,
    queue_slip,
    recover_interrupted_slips,
    slip_jobs_for,
)
from tests.conftest import Staff

#: Another till on the same database (its id; it need not be running for its slips to be told apart).
OTHER_TILL = "till-00000000000000b2"


def test_a_slip_is_claimed_once_retried_when_failed_and_never_printed_twice(
    counter: Counter, staff: Staff
) -> None:
    shift = open_shift(
        counter.db, till_id=counter.till_id, cashier_id=staff.cashier_id, float_cents=0, now=counter.now
    )
    job_id = queue_slip(counter.db, shift.id, "x", counter.now(), counter.now)
    claimed = claim_slip(counter.db, job_id, counter.now)
    assert claimed is not None and claimed.status is JobStatus.PRINTING and claimed.as_of == counter.now()
    assert claim_slip(counter.db, job_id, counter.now) is None  # a double tap on Print
    finish_slip(counter.db, job_id, False, "  The printer at 127.0.0.1:9 did not\n answer. ", counter.now)
    failed = get_slip_job(counter.db, job_id)
    assert failed is not None and failed.status is JobStatus.FAILED
    assert failed.error == "The printer at 127.0.0.1:9 did not answer."
    assert [job.id for job in failed_slip_jobs(counter.db, counter.till_id)] == [job_id]
    assert failed_slip_jobs(counter.db, OTHER_TILL) == []  # another till's slip is not its Retry
    assert claim_slip(counter.db, job_id, counter.now) is not None  # Retry
    finish_slip(counter.db, job_id, True, "/tmp/x.pdf", counter.now)
    assert claim_slip(counter.db, job_id, counter.now) is None
    assert [(job.report, job.status) for job in slip_jobs_for(counter.db, shift.id)] == [
        ("x", JobStatus.PRINTED)
    ]


def test_a_slip_left_printing_by_a_stopped_counter_waits_for_a_deliberate_retry(
    counter: Counter, staff: Staff
) -> None:
    shift = open_shift(
        counter.db, till_id=counter.till_id, cashier_id=staff.cashier_id, float_cents=0, now=counter.now
    )
    job_id = queue_slip(counter.db, shift.id, "z", counter.now(), counter.now)
    claim_slip(counter.db, job_id, counter.now)
    # Another till starting up leaves this till's printing slip alone; this till's own start fails it.
    assert recover_interrupted_slips(counter.db, OTHER_TILL, counter.now) == 0
    printing = get_slip_job(counter.db, job_id)
    assert printing is not None and printing.status is JobStatus.PRINTING
    assert recover_interrupted_slips(counter.db, counter.till_id, counter.now) == 1
    job = get_slip_job(counter.db, job_id)
    assert job is not None and job.status is JobStatus.FAILED and "stopped" in job.error
