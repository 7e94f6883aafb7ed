"""The print_jobs table: queue a receipt's job, claim it, mark it printed or failed, retry it.

The rules that keep a sale from being lost or printed twice live here, in SQL guards:
a ticket has at most one original job; only a queued or failed job can be claimed; a
printed job is never claimed again. A reprint is a separate copy job.

Each job belongs to the till that queued it (`till_id`, see posapp.services.tills): a till
claims, retries and recovers only its own, so one till's start-up or Retry never touches a
receipt another till is printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posapp.domain.errors import UserError
from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction

#: The longest error kept with a job: enough for the printer's own words, never a whole traceback.
MAX_ERROR_LENGTH = 500


class JobStatus(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class PrintJob:
    """One receipt to print: an original (copy False), a reprint marked COPY, or a void/refund slip."""

    id: int
    ticket_id: int
    ticket_number: int
    copy: bool
    status: JobStatus
    attempts: int
    error: str
    #: "void" or "refund" for a slip; "" for the sale's receipt.
    slip: str = ""
    #: The line refund a refund slip prints; None for a whole-ticket void or refund.
    line_refund_id: int | None = None


_SELECT = (
    "SELECT j.id, j.ticket_id, t.number, j.copy, j.status, j.attempts, j.error, j.slip, j.line_refund_id"
    " FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id"
)


def _job(row: tuple[int, int, int, int, str, int, str, str, int | None]) -> PrintJob:
    id_, ticket_id, number, copy, status, attempts, error, slip, line_refund_id = row
    return PrintJob(
        int(id_),
        int(ticket_id),
        int(number),
        bool(copy),
        JobStatus(status),
        int(attempts),
        error,
        str(slip),
        None if line_refund_id is None else int(line_refund_id),
    )


def get_job(db: Database, job_id: int) -> PrintJob | None:
    row = db.execute(f"{_SELECT} WHERE j.id = ?", (job_id,)).fetchone()
    return _job(row) if row else None


def jobs_for_ticket(db: Database, ticket_number: int) -> list[PrintJob]:
    return [_job(row) for row in db.execute(f"{_SELECT} WHERE t.number = ? ORDER BY j.id", (ticket_number,))]


def failed_jobs(db: Database, till_id: str) -> list[PrintJob]:
    """This till's receipts waiting for the cashier's Retry, oldest first."""
    return [
        _job(row)
        for row in db.execute(
            f"{_SELECT} WHERE j.till_id = ? AND j.status = 'failed' ORDER BY j.id", (till_id,)
        )
    ]


def _ticket_id(db: Database, ticket_number: int) -> int:
    row = db.execute("SELECT id FROM tickets WHERE number = ?", (ticket_number,)).fetchone()
    if row is None:
        raise UserError(f"There is no ticket number {ticket_number} in this database.")
    return int(row[0])


def queue_original(db: Database, ticket_number: int, now: Callable[[], datetime], *, till_id: str) -> int:
    """The original receipt's job for a completed sale, on this till; asking twice returns the same job."""
    with write_transaction(db):
        ticket_id = _ticket_id(db, ticket_number)
        existing = db.execute(
            "SELECT id FROM print_jobs WHERE ticket_id = ? AND copy = 0 AND slip = '' ORDER BY id LIMIT 1",
            (ticket_id,),
        ).fetchone()
        if existing:
            return int(existing[0])
        return _insert(db, ticket_id, copy=False, now=now, till_id=till_id)


def queue_copy(db: Database, ticket_number: int, now: Callable[[], datetime], *, till_id: str) -> int:
    """A new reprint job on this till; each one prints once, marked COPY."""
    with write_transaction(db):
        return _insert(db, _ticket_id(db, ticket_number), copy=True, now=now, till_id=till_id)


def queue_void_slip(
    db: Database,
    ticket_number: int,
    slip: str,
    line_refund_id: int | None,
    now: Callable[[], datetime],
    *,
    till_id: str,
) -> int:
    """A job that prints a void or refund slip (`slip` is "void" or "refund"), never the receipt again."""
    with write_transaction(db):
        return _insert(
            db,
            _ticket_id(db, ticket_number),
            copy=False,
            now=now,
            till_id=till_id,
            slip=slip,
            line_refund_id=line_refund_id,
        )


def _insert(
    db: Database,
    ticket_id: int,
    *,
    copy: bool,
    now: Callable[[], datetime],
    till_id: str,
    slip: str = "",
    line_refund_id: int | None = None,
) -> int:
    moment = to_db(now())
    cursor = db.execute(
        "INSERT INTO print_jobs (ticket_id, copy, status, attempts, error, created_at, updated_at, till_id,"
        " slip, line_refund_id) VALUES (?, ?, 'queued', 0, '', ?, ?, ?, ?, ?)",
        (ticket_id, int(copy), moment, moment, till_id, slip, line_refund_id),
    )
    return int(cursor.lastrowid or 0)


def claim_job(db: Database, job_id: int, now: Callable[[], datetime], *, till_id: str) -> PrintJob | None:
    """Mark this till's queued or failed job as printing and return it; None when it is printed,
    printing, or another till's.

    This guard is what keeps a retry (or a double click on Retry) from printing a second original.
    """
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, error = '', updated_at = ?"
            " WHERE id = ? AND till_id = ? AND status IN ('queued', 'failed')",
            (to_db(now()), job_id, till_id),
        )
        if cursor.rowcount != 1:
            return None
    return get_job(db, job_id)


def mark_printed(db: Database, job_id: int, now: Callable[[], datetime]) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE print_jobs SET status = 'printed', error = '', updated_at = ?"
            " WHERE id = ? AND status = 'printing'",
            (to_db(now()), job_id),
        )


def mark_failed(db: Database, job_id: int, error: str, now: Callable[[], datetime]) -> None:
    """Keep the printer's complaint with the job, so the cashier and the manager can read it."""
    message = " ".join(error.split())[:MAX_ERROR_LENGTH] or "The printer reported an unknown error."
    with write_transaction(db):
        db.execute(
            "UPDATE print_jobs SET status = 'failed', error = ?, updated_at = ?"
            " WHERE id = ? AND status = 'printing'",
            (message, to_db(now()), job_id),
        )


def recover_interrupted(db: Database, till_id: str, now: Callable[[], datetime]) -> int:
    """This till's jobs left "printing" when it stopped: mark them failed for a deliberate Retry.

    Printing them again automatically could give the customer two originals; the cashier
    can see whether the paper came out. Only this till's: this till is the one starting, so
    nothing of its own can be printing now, while another till's job may be.
    """
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE print_jobs SET status = 'failed', error = ?, updated_at = ?"
            " WHERE till_id = ? AND status = 'printing'",
            ("The counter stopped while this receipt was printing.", to_db(now()), till_id),
        )
        return int(cursor.rowcount)
