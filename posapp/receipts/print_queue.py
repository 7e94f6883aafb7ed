"""Prints one queued receipt job on this thread: claim it, render and send it, mark how it went.

The job's bookkeeping, and its SQL, is `posapp.storage.print_jobs`; this adds the printer.
The GUI (`posapp.gui.printing`) runs the same steps with the printing on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.receipts.data import paper_for_job
from posapp.receipts.printers import SystemPrint, print_receipt
from posapp.settings import Settings
from posapp.storage.db import Database
from posapp.storage.print_jobs import PrintJob, claim_job, get_job, mark_failed, mark_printed


def print_job(
    db: Database,
    job_id: int,
    *,
    settings: Settings,
    folder: Path,
    now: Callable[[], datetime],
    till_id: str,
    system_print: SystemPrint | None = None,
) -> PrintJob | None:
    """Claim, print and mark one job on this thread (the GUI splits the same steps across threads).

    Returns the job as stored afterwards, or None when it was already printed or printing.
    """
    job = claim_job(db, job_id, now, till_id=till_id)
    if job is None:
        return None
    try:
        receipt = paper_for_job(db, job, settings)
        print_receipt(receipt, settings.receipt, folder=folder, job_id=job_id, system_print=system_print)
    except UserError as error:
        mark_failed(db, job_id, error.message, now)
    else:
        mark_printed(db, job_id, now)
    return get_job(db, job_id)
