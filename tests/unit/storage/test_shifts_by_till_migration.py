"""m016_shifts_by_till on an older database: each shift goes to the till that had its name at the time."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from posapp.counter import open_counter
from posapp.services.shifts import close_shift, current_shift, last_z, open_shift, reveal_count
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.audit import record_audit
from posapp.storage.clock import to_db
from posapp.storage.db import open_db, write_transaction
from posapp.storage.migrations import apply_migrations, migrations
from posapp.storage.shifts import get_shift, insert_shift

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LANE, BACK, FRONT = "till-00000000000000a1", "till-00000000000000c3", "till-00000000000000b2"
LOST, WENT_ON, LEFT_IT, TOOK_IT = (f"till-00000000000000{n}" for n in ("e5", "f6", "a7", "a8"))


def day(days: float) -> datetime:
    return T0 + timedelta(days=days)


def previous_version_database(path: Path) -> dict[str, int]:
    """A file as the version before m016 left it: shifts kept under the till's name at the time.

    - "counter-1" (nobody has claimed it since the upgrade to till ids) has a shift open;
    - the till now called "Back" was "Front" when it took a shift's Z, then was renamed;
    - a till made after that rename took the freed name "Front" and has a shift open under it;
    - a shift was opened by a tool under "Old lane", a name no till ever had;
    - "Lane 4" was renamed "Lane 9" with its shift open: it lost the shift (the bug);
    - "Lane 5" was renamed "Lane 6" with its shift open, then opened another one as "Lane 6";
    - "Lane 7" was renamed "Lane 8" with its shift open, and "Spare" was then renamed "Lane 7":
      "Spare" has sold into that shift ever since (it saw it under its new name).
    """
    db = open_db(path)
    with write_transaction(db):
        migrations.apply(db, stop_before="m016_shifts_by_till")
    db.execute(
        "INSERT INTO cashiers (id, name, role, pin_hash, created_at) VALUES"
        " (1, 'Sam', 'cashier', 'x', ?), (2, 'Morgan', 'manager', 'x', ?)",
        (to_db(T0), to_db(T0)),
    )
    tills = [  # inserted out of order: the rule, not the row order, picks the till
        (FRONT, "Front", day(3)),
        (LANE, "counter-1", T0),
        (BACK, "Back", T0),
        (LOST, "Lane 9", T0),
        (WENT_ON, "Lane 6", T0),
        (LEFT_IT, "Lane 8", T0),
        (TOOK_IT, "Lane 7", T0),
    ]
    for till_id, name, made in tills:
        db.execute(
            "INSERT INTO tills (id, name, created_at, claimed_at) VALUES (?, ?, ?, ?)",
            (till_id, name, to_db(made), None if till_id == LANE else to_db(made)),
        )
    renames = [
        (BACK, "Front", "Back", day(2)),
        (LOST, "Lane 4", "Lane 9", day(4.1)),
        (WENT_ON, "Lane 5", "Lane 6", day(2)),
        (LEFT_IT, "Lane 7", "Lane 8", day(2)),
        (TOOK_IT, "Spare", "Lane 7", day(2.1)),
    ]
    for till_id, before, after, at in renames:
        record_audit(
            db,
            at=at,
            cashier_id=2,
            action="till_renamed",
            subject=f"till {till_id}",
            before={"name": before},
            after={"name": after},
        )

    def shift(name: str, opened: datetime, *, closed: bool = False) -> int:
        # The previous version's insert_shift: the same SQL, keyed by the till's name.
        cursor = db.execute(
            "INSERT INTO shifts (terminal, opened_at, opened_by, float_cents) VALUES (?, ?, 1, 10000)",
            (name, to_db(opened)),
        )
        shift_id = int(cursor.lastrowid or 0)
        if closed:
            db.execute(
                "UPDATE shifts SET closed_at = ?, closed_by = 1, counted_cents = 10000,"
                " expected_cents = 10000 WHERE id = ?",
                (to_db(opened + timedelta(hours=8)), shift_id),
            )
        return shift_id

    shifts = {
        "lane": shift("counter-1", day(4)),
        "front then": shift("Front", day(1), closed=True),
        "front now": shift("Front", day(4)),
        "nobody's": shift("Old lane", day(4)),
        "lost": shift("Lane 4", day(4)),
        "lost, went on": shift("Lane 5", day(1)),
        "went on": shift("Lane 6", day(3)),
        "taken over": shift("Lane 7", day(1)),
    }
    db.conn.commit()
    db.conn.close()
    return shifts


def test_each_shift_goes_to_the_till_that_had_its_name_and_the_till_closes_it(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    shifts = previous_version_database(path)
    db = open_db(path)
    apply_migrations(db)
    owners = dict(db.execute("SELECT id, till_id FROM shifts").fetchall())
    assert owners == {
        shifts["lane"]: LANE,
        shifts["front then"]: BACK,  # it was called Front then; the till called Front now was not there
        shifts["front now"]: FRONT,
        shifts["nobody's"]: None,  # no till had the name: kept in the history, no till's shift
        shifts["lost"]: LOST,  # given back to the till that lost it by a rename
        shifts["lost, went on"]: None,  # that till went on with another shift: one open shift a till
        shifts["went on"]: WENT_ON,
        shifts["taken over"]: TOOK_IT,  # the till that sees it and sells into it today keeps it
    }
    assert db.execute("SELECT terminal FROM shifts WHERE id = ?", (shifts["lost"],)).fetchone() == ("Lane 4",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # One open shift per till, whatever the names: the till now called "Old lane" opens its own.
    db.execute("UPDATE tills SET name = 'Old lane' WHERE id = ?", (BACK,))
    with write_transaction(db):
        insert_shift(db, till_id=BACK, terminal="Old lane", cashier_id=1, float_cents=0, at=T0)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), write_transaction(db):
        insert_shift(db, till_id=BACK, terminal="Old lane", cashier_id=1, float_cents=0, at=T0)
    assert current_shift(db, BACK) != get_shift(db, shifts["nobody's"])
    db.conn.close()

    # The first till started under the shipped name takes over "counter-1", and its open shift with it.
    now = T0 + timedelta(days=4, hours=9)
    lane = open_counter(
        path, settings_path=default_settings_path(), now=lambda: now, till=TillPlace(tmp_path / "t")
    )
    try:
        assert lane.till_id == LANE
        shift = current_shift(lane.db, lane.till_id)
        assert shift is not None and shift.id == shifts["lane"]
        count = reveal_count(
            lane.db, till_id=LANE, counted_cents=100_00, cashier_id=1, settings=lane.settings, now=lane.now
        )
        close_shift(lane.db, count=count, cashier_id=1, settings=lane.settings, now=lane.now)
        z = last_z(lane.db, till_id=LANE, settings=lane.settings)
        assert z is not None and z.shift.id == shifts["lane"] and z.variance_cents == 0
        again = open_shift(lane.db, till_id=LANE, cashier_id=1, float_cents=50_00, now=lane.now)
        assert (again.till_id, again.terminal) == (LANE, "counter-1")
    finally:
        lane.db.conn.close()
        assert lane.till is not None
        lane.till.release()
