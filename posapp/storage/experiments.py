"""Script tests as stored: the tests, their arms, the arm each ticket entered; the caller holds the write."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from posapp.domain.offer import Moment, OfferKind
from posapp.offers.experiments import Arm, Experiment
from posapp.storage.clock import to_db
from posapp.storage.db import Database

_COLUMNS = "id, name, moment, kind, service, min_customers, starts_on, ends_on, stopped_on"


def _experiment(db: Database, row: tuple[Any, ...]) -> Experiment:
    experiment_id, name, moment, kind, service, min_customers, starts_on, ends_on, stopped_on = row
    arms = tuple(
        Arm(str(arm), int(share), str(script) if script is not None else None)
        for arm, share, script in db.execute(
            "SELECT arm, share, script FROM experiment_arms WHERE experiment_id = ? ORDER BY position",
            (experiment_id,),
        ).fetchall()
    )
    return Experiment(
        id=int(experiment_id),
        name=str(name),
        moment=Moment(str(moment)),
        kind=OfferKind(str(kind)),
        service=str(service),
        arms=arms,
        min_customers=int(min_customers),
        starts_on=date.fromisoformat(str(starts_on)),
        ends_on=date.fromisoformat(str(ends_on)),
        stopped_on=date.fromisoformat(str(stopped_on)) if stopped_on else None,
    )


def running_experiments(db: Database, today: date) -> tuple[Experiment, ...]:
    """Tests assigning customers on the site's `today` (not stopped, within their days)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM experiments"
        " WHERE stopped_at IS NULL AND starts_on <= :today AND ends_on >= :today ORDER BY id",
        {"today": today.isoformat()},
    ).fetchall()
    return tuple(_experiment(db, row) for row in rows)


def experiments_between(db: Database, first: date, last: date) -> tuple[Experiment, ...]:
    """Every test that assigned customers on any day from `first` to `last`, oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM experiments"
        " WHERE starts_on <= :last AND ends_on >= :first"
        "   AND (stopped_on IS NULL OR stopped_on > :first) ORDER BY starts_on, id",
        {"first": first.isoformat(), "last": last.isoformat()},
    ).fetchall()
    return tuple(_experiment(db, row) for row in rows)


def all_experiments(db: Database) -> tuple[Experiment, ...]:
    """Every test ever started, newest first (the manager's list)."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM experiments ORDER BY id DESC").fetchall()
    return tuple(_experiment(db, row) for row in rows)


def get_experiment(db: Database, experiment_id: int) -> Experiment | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM experiments WHERE id = ?", (experiment_id,)).fetchone()
    return _experiment(db, row) if row else None


def open_experiment_for(db: Database, moment: str, kind: str, service: str) -> Experiment | None:
    """The test on this offer that has not been stopped (at most one: a unique index sees to it)."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM experiments"
        " WHERE moment = ? AND kind = ? AND service = ? AND stopped_at IS NULL",
        (moment, kind, service),
    ).fetchone()
    return _experiment(db, row) if row else None


def insert_experiment(
    db: Database,
    *,
    name: str,
    moment: str,
    kind: str,
    service: str,
    arms: Iterable[Arm],
    min_customers: int,
    starts_on: date,
    ends_on: date,
    at: datetime,
    manager_id: int,
) -> int:
    cursor = db.execute(
        "INSERT INTO experiments (name, moment, kind, service, min_customers, starts_on, ends_on,"
        " started_at, started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name,
            moment,
            kind,
            service,
            min_customers,
            starts_on.isoformat(),
            ends_on.isoformat(),
            to_db(at),
            manager_id,
        ),
    )
    experiment_id = int(cursor.lastrowid or 0)
    db.conn.executemany(
        "INSERT INTO experiment_arms (experiment_id, position, arm, share, script) VALUES (?, ?, ?, ?, ?)",
        [(experiment_id, position, arm.name, arm.share, arm.script) for position, arm in enumerate(arms)],
    )
    return experiment_id


def mark_stopped(db: Database, experiment_id: int, day: date, at: datetime, manager_id: int | None) -> None:
    """No customer is assigned from `day` on (the site's day the stop was made, or the day after the last)."""
    db.execute(
        "UPDATE experiments SET stopped_on = ?, stopped_at = ?, stopped_by = ? WHERE id = ?",
        (day.isoformat(), to_db(at), manager_id, experiment_id),
    )


def rename_experiment(db: Database, experiment_id: int, name: str) -> None:
    db.execute("UPDATE experiments SET name = ? WHERE id = ?", (name, experiment_id))


def reword_arm(db: Database, experiment_id: int, arm: str, script: str) -> None:
    db.execute(
        "UPDATE experiment_arms SET script = ? WHERE experiment_id = ? AND arm = ?",
        (script, experiment_id, arm),
    )


def record_ticket_arms(db: Database, ticket_id: int, arms: Iterable[tuple[int, str]]) -> None:
    """The arm of each test the ticket entered, in the sale's own transaction."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO ticket_arms (ticket_id, experiment_id, arm) VALUES (?, ?, ?)",
        [(ticket_id, experiment_id, arm) for experiment_id, arm in arms],
    )


#: One row per completed ticket in a test: its arm, customer, day, offers in the test, add-on money.
#: Add-on money is every accepted offer's price difference on the ticket plus the add-ons the
#: customer asked for unprompted: a hold-out ticket's add-ons are all unprompted, and they count.
TICKETS_IN_TEST_SQL = """
SELECT ta.arm, t.id, t.customer_id, t.local_day, t.subtotal_cents,
       (SELECT count(*) FROM offer_events e
         WHERE e.ticket_id = t.id AND e.experiment_id = ta.experiment_id
           AND e.outcome IN ('shown', 'accepted', 'declined')) AS shown,
       (SELECT count(*) FROM offer_events e
         WHERE e.ticket_id = t.id AND e.experiment_id = ta.experiment_id
           AND e.outcome = 'accepted') AS accepted,
       (SELECT coalesce(sum(e.price_delta_cents), 0) FROM offer_events e
         WHERE e.ticket_id = t.id AND e.outcome = 'accepted' AND e.kind != 'trial_upgrade')
     + (SELECT coalesce(sum(l.unit_price_cents * l.quantity), 0) FROM ticket_lines l
         WHERE l.ticket_id = t.id AND l.is_addon = 1 AND l.offer_kind IS NULL
           AND l.plan_change IS NULL) AS addon_cents
FROM ticket_arms ta
JOIN tickets t ON t.id = ta.ticket_id
WHERE ta.experiment_id = :experiment AND t.status = 'completed' AND t.local_day <= :last
ORDER BY t.local_day, t.id
"""


def tickets_in_test(db: Database, experiment_id: int, last: date) -> list[tuple[Any, ...]]:
    """(arm, ticket id, customer id or None, day, subtotal, shown, accepted, add-on cents) up to `last`."""
    return db.execute(TICKETS_IN_TEST_SQL, {"experiment": experiment_id, "last": last.isoformat()}).fetchall()
