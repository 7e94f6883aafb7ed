"""The ticket in progress is committed without waiting for the disk; a sale still waits for it (FULL)."""

from __future__ import annotations

from pathlib import Path

from posapp.counter import Counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.storage.drafts import load_draft, save_draft
from tests.conftest import Staff


def commits_and_modes(counter: Counter, action: object) -> list[str]:
    """The statements SQLite ran for `action`: the synchronous pragmas and the commits, in order."""
    seen: list[str] = []
    counter.db.conn.set_trace_callback(seen.append)
    try:
        assert callable(action)
        action()
    finally:
        counter.db.conn.set_trace_callback(None)
    return [s for s in seen if s.startswith("PRAGMA synchronous") or s in ("BEGIN IMMEDIATE", "COMMIT")]


def test_a_draft_is_committed_normal_and_the_connection_goes_back_to_full(
    counter: Counter, staff: Staff
) -> None:
    wash = counter.catalog.get("standard_wash")
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now()).choose_wash(wash)
    steps = commits_and_modes(counter, lambda: save_draft(counter.db, "till-a", draft, counter.now()))
    assert steps == ["PRAGMA synchronous = NORMAL", "BEGIN IMMEDIATE", "COMMIT", "PRAGMA synchronous = FULL"]
    assert counter.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for the sale
    restored = load_draft(counter.db, "till-a")
    assert restored is not None and restored.draft_id == draft.draft_id


def test_a_sale_is_committed_full(counter: Counter, staff: Staff, tmp_path: Path) -> None:
    wash = counter.catalog.get("standard_wash")
    draft = TicketDraft(cashier_id=staff.cashier_id, opened_at=counter.now()).choose_wash(wash)
    save_draft(counter.db, "till-a", draft, counter.now())

    def sell() -> None:
        complete_sale(counter.db, draft, payment=Payment.CASH, settings=counter.settings, now=counter.now)

    steps = commits_and_modes(counter, sell)
    assert "PRAGMA synchronous = NORMAL" not in steps and "COMMIT" in steps
    assert counter.db.execute("PRAGMA synchronous").fetchone()[0] == 2
