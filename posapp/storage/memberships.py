"""Membership changes and trials in the database: each call runs inside the caller's write transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from posapp.domain.customer import Membership
from posapp.storage.clock import to_db
from posapp.storage.customers import insert_membership
from posapp.storage.db import Database

_CURRENT = (
    "SELECT id FROM memberships WHERE customer_id = ? AND ended_on IS NULL ORDER BY started_on DESC, id DESC"
)


@dataclass(frozen=True)
class DueTrial:
    """A trial whose last day has passed and whose outcome is not yet recorded."""

    id: int
    customer_id: int
    from_plan: str
    plan: str
    until: date
    kept: bool
    #: The renewal day of the membership it runs on (None: the membership is gone).
    renews_on: date | None


def _current_id(db: Database, customer_id: int) -> int | None:
    row = db.execute(f"{_CURRENT} LIMIT 1", (customer_id,)).fetchone()
    return int(row[0]) if row else None


def start_membership(db: Database, customer_id: int, membership: Membership, *, today: date) -> None:
    """A new plan; a lapsed one it replaces ends today (history is kept, never rewritten)."""
    db.execute(
        "UPDATE memberships SET ended_on = ? WHERE customer_id = ? AND ended_on IS NULL",
        (today.isoformat(), customer_id),
    )
    insert_membership(db, customer_id, membership)


def renew_membership(db: Database, customer_id: int, renews_on: date) -> None:
    db.execute(
        "UPDATE memberships SET renews_on = ? WHERE id = ?",
        (renews_on.isoformat(), _current_id(db, customer_id)),
    )


def change_plan(db: Database, customer_id: int, plan: str) -> None:
    db.execute("UPDATE memberships SET plan = ? WHERE id = ?", (plan, _current_id(db, customer_id)))


def start_trial(
    db: Database,
    customer_id: int,
    *,
    from_plan: str,
    plan: str,
    started_on: date,
    until: date,
    ticket_id: int | None,
) -> None:
    """A trial on the member's current plan, and its record; a trial already running is left as it is."""
    running = db.execute(
        "SELECT 1 FROM trials WHERE customer_id = ? AND outcome IS NULL", (customer_id,)
    ).fetchone()
    if running:
        return
    db.execute(
        "UPDATE memberships SET trial_plan = ?, trial_until = ? WHERE id = ?",
        (plan, until.isoformat(), _current_id(db, customer_id)),
    )
    db.execute(
        "INSERT INTO trials (customer_id, from_plan, plan, started_on, until, ticket_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (customer_id, from_plan, plan, started_on.isoformat(), until.isoformat(), ticket_id),
    )


def keep_trial(db: Database, customer_id: int) -> int:
    """The customer keeps the plan they are trying; returns how many running trials that marked (0 or 1)."""
    cursor = db.execute(
        "UPDATE trials SET kept = 1 WHERE customer_id = ? AND outcome IS NULL", (customer_id,)
    )
    return cursor.rowcount


def due_trials(db: Database, today: date, customer_id: int | None = None) -> list[DueTrial]:
    """Trials whose last day is before `today` and that have no outcome yet (all, or one customer's)."""
    rows = db.execute(
        """SELECT t.id, t.customer_id, t.from_plan, t.plan, t.until, t.kept,
                  (SELECT m.renews_on FROM memberships m WHERE m.customer_id = t.customer_id
                      AND m.ended_on IS NULL ORDER BY m.started_on DESC, m.id DESC LIMIT 1)
           FROM trials t
           WHERE t.outcome IS NULL AND t.until < :today AND (:customer IS NULL OR t.customer_id = :customer)
           ORDER BY t.until, t.id""",
        {"today": today.isoformat(), "customer": customer_id},
    ).fetchall()
    return [
        DueTrial(
            int(id_),
            int(customer),
            str(from_plan),
            str(plan),
            date.fromisoformat(str(until)),
            bool(kept),
            date.fromisoformat(str(renews)) if renews else None,
        )
        for id_, customer, from_plan, plan, until, kept, renews in rows
    ]


def settle_trial(db: Database, trial: DueTrial, outcome: str, at: datetime) -> bool:
    """Record how the trial ended, once: False when it was already recorded (nothing changes then).

    Converted: the membership is on the trial's plan from now on (paid at its next renewal).
    Expired: the membership is back on its own plan, which it never left.
    """
    cursor = db.execute(
        "UPDATE trials SET outcome = ?, settled_at = ? WHERE id = ? AND outcome IS NULL",
        (outcome, to_db(at), trial.id),
    )
    if cursor.rowcount == 0:
        return False
    membership_id = _current_id(db, trial.customer_id)
    if outcome == "converted":
        db.execute("UPDATE memberships SET plan = ? WHERE id = ?", (trial.plan, membership_id))
    db.execute(
        "UPDATE memberships SET trial_plan = NULL, trial_until = NULL WHERE id = ? AND trial_plan = ?",
        (membership_id, trial.plan),
    )
    return True


def snapshot_plan(db: Database, customer_id: int) -> str:
    """The customer's memberships and running trial as they are, as JSON: what a void puts back."""
    memberships = [
        list(row)
        for row in db.execute(
            "SELECT id, plan, renews_on, trial_plan, trial_until, ended_on FROM memberships"
            " WHERE customer_id = ? ORDER BY id",
            (customer_id,),
        ).fetchall()
    ]
    trial = db.execute(
        "SELECT id, kept FROM trials WHERE customer_id = ? AND outcome IS NULL", (customer_id,)
    ).fetchone()
    return json.dumps({"memberships": memberships, "trial": list(trial) if trial else None})


def record_plan_change(db: Database, ticket_id: int, customer_id: int, change: str, before: str) -> None:
    db.execute(
        "INSERT INTO plan_changes (ticket_id, customer_id, change, before) VALUES (?, ?, ?, ?)",
        (ticket_id, customer_id, change, before),
    )


@dataclass(frozen=True)
class SoldChange:
    """A change of plan sold on a ticket, not yet undone."""

    customer_id: int
    change: str
    before: str
    #: A later sold change of the same customer's plan (its ticket number), if any.
    later_ticket_number: int | None


def sold_change(db: Database, ticket_id: int) -> SoldChange | None:
    row = db.execute(
        """SELECT p.customer_id, p.change, p.before,
                  (SELECT t.number FROM plan_changes q JOIN tickets t ON t.id = q.ticket_id
                    WHERE q.customer_id = p.customer_id AND q.ticket_id > p.ticket_id AND q.undone_at IS NULL
                    ORDER BY q.ticket_id DESC LIMIT 1)
           FROM plan_changes p WHERE p.ticket_id = ? AND p.undone_at IS NULL""",
        (ticket_id,),
    ).fetchone()
    if row is None:
        return None
    return SoldChange(int(row[0]), str(row[1]), str(row[2]), int(row[3]) if row[3] is not None else None)


def undo_plan_change(db: Database, ticket_id: int, change: SoldChange, at: datetime, today: date) -> None:
    """Put the customer's plan back as it was before the ticket; inside the void's transaction.

    Rows are never deleted: a membership the sale started is ended today, a trial it started
    is cancelled (it then counts in no report), the memberships it changed get their values back.
    """
    before = json.loads(change.before)
    known = {int(row[0]) for row in before["memberships"]}
    for id_, plan, renews_on, trial_plan, trial_until, ended_on in before["memberships"]:
        db.execute(
            "UPDATE memberships SET plan = ?, renews_on = ?, trial_plan = ?, trial_until = ?, ended_on = ?"
            " WHERE id = ?",
            (plan, renews_on, trial_plan, trial_until, ended_on, id_),
        )
    for (id_,) in db.execute(
        "SELECT id FROM memberships WHERE customer_id = ? AND ended_on IS NULL", (change.customer_id,)
    ).fetchall():
        if int(id_) not in known:
            db.execute(
                "UPDATE memberships SET ended_on = max(started_on, ?) WHERE id = ?", (today.isoformat(), id_)
            )
    db.execute(
        "UPDATE trials SET outcome = 'cancelled', settled_at = ? WHERE ticket_id = ? AND outcome IS NULL",
        (to_db(at), ticket_id),
    )
    trial = before["trial"]
    if trial is not None:
        db.execute("UPDATE trials SET kept = ? WHERE id = ? AND outcome IS NULL", (trial[1], trial[0]))
    db.execute("UPDATE plan_changes SET undone_at = ? WHERE ticket_id = ?", (to_db(at), ticket_id))
