"""m005_till_identity on a previous version's database: the till taking over a name gets its ticket back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from posapp.counter import Counter, open_counter
from posapp.domain.ticket import TicketDraft
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.db import open_db, write_transaction
from posapp.storage.drafts import draft_from_dict, draft_to_dict, load_draft, save_draft
from posapp.storage.migrations import migrations
from posapp.storage.print_jobs import JobStatus, failed_jobs, get_job, recover_interrupted

AT = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def previous_version_database(path: Path) -> tuple[TicketDraft, TicketDraft, list[int]]:
    """A file as the version before till identities left it: drafts and receipts keyed by a name.

    Lane "counter-1" has a ticket in progress, one receipt that failed and one that was printing
    when it stopped; an older till called "lane9" left a ticket in progress too.
    """
    db = open_db(path)
    with write_transaction(db):
        migrations.apply(db, stop_before="m005_till_identity")
    seed_catalog(db, read_catalog_file())
    db.execute(
        "INSERT INTO cashiers (id, name, role, pin_hash, created_at) VALUES (1, 'Sam', 'cashier', 'x', ?)",
        (AT.isoformat(),),
    )
    jobs = []
    for number, status in ((1, "failed"), (2, "printing")):
        db.execute(
            "INSERT INTO tickets (id, number, draft_id, terminal, cashier_id, opened_at, completed_at,"
            " local_day, local_hour, payment, subtotal_cents, tax_cents, total_cents)"
            " VALUES (?, ?, ?, 'counter-1', 1, ?, ?, '2026-11-27', 10, 'cash', 1500, 124, 1624)",
            (number, number, f"sold-{number}", AT.isoformat(), AT.isoformat()),
        )
        cursor = db.execute(
            "INSERT INTO print_jobs (ticket_id, copy, status, attempts, created_at, updated_at)"
            " VALUES (?, 0, ?, 1, ?, ?)",
            (number, status, AT.isoformat(), AT.isoformat()),
        )
        jobs.append(int(cursor.lastrowid or 0))
    catalog = read_catalog_file()
    left_open = TicketDraft(cashier_id=1, opened_at=AT).choose_wash(catalog.get("premium_package"))
    other = TicketDraft(cashier_id=1, opened_at=AT).choose_wash(catalog.get("express_wash"))
    # The previous version's save_draft: the same SQL, keyed by the settings' terminal name.
    save_draft(db, "counter-1", left_open, AT)
    save_draft(db, "lane9", other, AT)
    db.conn.close()
    return left_open, other, jobs


def as_till(path: Path, folder: Path, slot: str = "") -> Counter:
    return open_counter(
        path, settings_path=default_settings_path(), now=lambda: AT, till=TillPlace(folder, slot)
    )


def test_the_till_taking_over_a_name_restores_its_ticket_and_its_receipts(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    left_open, other, (failed_id, printing_id) = previous_version_database(path)

    lane = as_till(path, tmp_path / "lane")  # the shipped settings: "counter-1"
    try:
        assert lane.settings.terminal == "counter-1"
        assert load_draft(lane.db, lane.till_id) == left_open
        # Its window's start-up: the receipt it was printing when it stopped waits for a Retry.
        assert recover_interrupted(lane.db, lane.till_id, lane.now) == 1
        assert [job.id for job in failed_jobs(lane.db, lane.till_id)] == [failed_id, printing_id]

        newcomer = as_till(path, tmp_path / "newcomer")  # the second till with the shipped settings
        try:
            assert newcomer.settings.terminal == "counter-2" and newcomer.till_id != lane.till_id
            assert load_draft(newcomer.db, newcomer.till_id) is None
            assert failed_jobs(newcomer.db, newcomer.till_id) == []
        finally:
            newcomer.db.conn.close()
            assert newcomer.till is not None
            newcomer.till.release()

        old_lane = as_till(path, tmp_path / "lane", slot="lane9")  # `posapp --till lane9`
        try:
            assert old_lane.settings.terminal == "lane9"
            assert load_draft(old_lane.db, old_lane.till_id) == other
        finally:
            old_lane.db.conn.close()
            assert old_lane.till is not None
            old_lane.till.release()
    finally:
        lane.db.conn.close()
        assert lane.till is not None
        lane.till.release()


def test_the_migration_keys_every_draft_and_receipt_by_a_till(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    left_open, _, (failed_id, printing_id) = previous_version_database(path)
    db = open_db(path)
    with write_transaction(db):
        migrations.apply(db)
    tills = dict(db.execute("SELECT name, id FROM tills").fetchall())
    assert sorted(tills) == ["counter-1", "lane9"]
    assert db.execute("SELECT count(*) FROM tills WHERE claimed_at IS NULL").fetchone()[0] == 2
    body = db.execute("SELECT body FROM drafts WHERE terminal = ?", (tills["counter-1"],)).fetchone()[0]
    assert draft_from_dict(json.loads(body)) == left_open and draft_to_dict(left_open) == json.loads(body)
    owners = dict(db.execute("SELECT id, till_id FROM print_jobs").fetchall())
    assert owners == {failed_id: tills["counter-1"], printing_id: tills["counter-1"]}
    job = get_job(db, printing_id)
    assert job is not None and job.status is JobStatus.PRINTING  # nothing is recovered by the migration
    db.conn.close()
