"""Membership changes and trials in the database: each call runs inside the caller's write transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from posapp.domain.customer import Membership
from posapp.storage.clock import to_db
from posapp.storage.customers import insert_membership

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
