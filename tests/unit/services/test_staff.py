"""The manager's staff list: people are added, given new PINs, promoted and marked as left, all audited."""

from __future__ import annotations

import json
from typing import Any

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.services.auth import sign_in
from posapp.services.staff import add_person, set_active, set_new_pin, set_role
from posapp.storage.cashiers import Role, get_cashier, list_cashiers, list_staff
from tests.conftest import Clock, Staff


def by(staff: Staff, clock: Clock, pin: str | None = None) -> dict[str, Any]:
    return {"manager_id": staff.manager_id, "manager_pin": pin or staff.manager_pin, "now": clock}


def audit(counter: Counter, action: str) -> list[tuple[int | None, str, Any, Any]]:
    rows = counter.db.execute(
        "SELECT cashier_id, subject, before, after FROM audit_log WHERE action = ? ORDER BY id", (action,)
    ).fetchall()
    return [
        (who, subject, json.loads(b) if b else None, json.loads(a) if a else None)
        for who, subject, b, a in rows
    ]


def test_a_new_cashier_signs_in_with_their_pin_and_the_manager_is_on_record(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    alex = add_person(
        counter.db, name=" Alex ", role=Role.CASHIER, pin="2468", pin_again="2468", **by(staff, clock)
    )
    assert sign_in(counter.db, alex, "2468", clock).name == "Alex"
    assert audit(counter, "cashier_added")[-1] == (staff.manager_id, "Alex", None, {"role": "cashier"})
    assert "2468" not in json.dumps(counter.db.execute("SELECT * FROM cashiers").fetchall())


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("24", "24", "A PIN is 4 to 8 digits."),
        ("2468", "2469", "The two PINs typed differ; type the same PIN twice."),
        ("12ab", "12ab", "A PIN is 4 to 8 digits."),
    ],
)
def test_a_mistyped_pin_adds_nobody(
    counter: Counter, staff: Staff, clock: Clock, pin: str, again: str, message: str
) -> None:
    before = list_staff(counter.db)
    with pytest.raises(UserError, match=message):
        add_person(counter.db, name="Alex", role=Role.CASHIER, pin=pin, pin_again=again, **by(staff, clock))
    assert list_staff(counter.db) == before


def test_only_a_manager_with_the_right_pin_changes_staff(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    with pytest.raises(UserError, match="Wrong PIN"):
        add_person(
            counter.db,
            name="Alex",
            role=Role.CASHIER,
            pin="2468",
            pin_again="2468",
            **by(staff, clock, "0000"),
        )
    cashier_as_manager = {"manager_id": staff.cashier_id, "manager_pin": staff.cashier_pin, "now": clock}
    with pytest.raises(UserError, match="Only a manager can do this"):
        set_active(counter.db, person_id=staff.manager_id, active=False, **cashier_as_manager)
    assert [person.name for person in list_staff(counter.db)] == ["Morgan", "Sam"]


def test_the_same_name_twice_is_refused(counter: Counter, staff: Staff, clock: Clock) -> None:
    with pytest.raises(UserError, match="There is already someone called Sam at this counter"):
        add_person(
            counter.db, name="Sam", role=Role.CASHIER, pin="2468", pin_again="2468", **by(staff, clock)
        )


def test_a_new_pin_replaces_the_old_one_and_lifts_a_lock_out(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(UserError):
            sign_in(counter.db, staff.cashier_id, "0000", clock)
    with pytest.raises(UserError, match="locked out"):
        sign_in(counter.db, staff.cashier_id, staff.cashier_pin, clock)

    set_new_pin(counter.db, person_id=staff.cashier_id, pin="5555", pin_again="5555", **by(staff, clock))

    with pytest.raises(UserError, match="Wrong PIN"):
        sign_in(counter.db, staff.cashier_id, staff.cashier_pin, clock)
    assert sign_in(counter.db, staff.cashier_id, "5555", clock).name == "Sam"
    assert audit(counter, "pin_reset") == [(staff.manager_id, "Sam", None, None)]


def test_someone_who_has_left_cannot_sign_in_until_brought_back(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    sam = set_active(counter.db, person_id=staff.cashier_id, active=False, **by(staff, clock))
    assert not sam.active
    assert [person.name for person in list_cashiers(counter.db)] == ["Morgan"]
    assert [person.name for person in list_staff(counter.db)] == ["Morgan", "Sam"]  # kept, for the reports
    with pytest.raises(UserError, match="Sam no longer signs in here"):
        sign_in(counter.db, staff.cashier_id, staff.cashier_pin, clock)
    assert audit(counter, "sign_in_after_leaving") == [(staff.cashier_id, "Sam", None, None)]

    set_active(counter.db, person_id=staff.cashier_id, active=True, **by(staff, clock))
    assert sign_in(counter.db, staff.cashier_id, staff.cashier_pin, clock).name == "Sam"
    assert [entry[2:] for entry in audit(counter, "cashier_left") + audit(counter, "cashier_returned")] == [
        ({"active": True}, {"active": False}),
        ({"active": False}, {"active": True}),
    ]


def test_the_last_manager_is_never_demoted_or_let_go(counter: Counter, staff: Staff, clock: Clock) -> None:
    # Only a manager approves, and never their own leaving: the last one cannot be let go.
    with pytest.raises(UserError, match="You cannot mark yourself as left"):
        set_active(counter.db, person_id=staff.manager_id, active=False, **by(staff, clock))
    with pytest.raises(UserError, match="Morgan is the only manager; make someone else a manager first"):
        set_role(counter.db, person_id=staff.manager_id, role=Role.CASHIER, **by(staff, clock))
    morgan = get_cashier(counter.db, staff.manager_id)
    assert morgan is not None and morgan.is_manager and morgan.active

    set_role(counter.db, person_id=staff.cashier_id, role=Role.MANAGER, **by(staff, clock))
    set_role(counter.db, person_id=staff.manager_id, role=Role.CASHIER, **by(staff, clock))
    assert [(person.name, person.role) for person in list_staff(counter.db)] == [
        ("Morgan", Role.CASHIER),
        ("Sam", Role.MANAGER),
    ]
    assert [entry[1:] for entry in audit(counter, "role_changed")] == [
        ("Sam", {"role": "cashier"}, {"role": "manager"}),
        ("Morgan", {"role": "manager"}, {"role": "cashier"}),
    ]


def test_a_change_that_changes_nothing_is_not_audited(counter: Counter, staff: Staff, clock: Clock) -> None:
    set_active(counter.db, person_id=staff.cashier_id, active=True, **by(staff, clock))
    set_role(counter.db, person_id=staff.cashier_id, role=Role.CASHIER, **by(staff, clock))
    assert audit(counter, "cashier_returned") == audit(counter, "role_changed") == []


def test_a_manager_cannot_mark_themselves_as_left(counter: Counter, staff: Staff, clock: Clock) -> None:
    add_person(counter.db, name="Max", role=Role.MANAGER, pin="7777", pin_again="7777", **by(staff, clock))
    with pytest.raises(UserError, match="You cannot mark yourself as left; ask another manager to do it"):
        set_active(counter.db, person_id=staff.manager_id, active=False, **by(staff, clock))


def test_a_manager_who_has_left_approves_nothing_and_does_not_count(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    max_id = add_person(
        counter.db, name="Max", role=Role.MANAGER, pin="7777", pin_again="7777", **by(staff, clock)
    )
    set_active(counter.db, person_id=max_id, active=False, **by(staff, clock))
    as_max = {"manager_id": max_id, "manager_pin": "7777", "now": clock}
    with pytest.raises(UserError, match="Max no longer signs in here"):
        set_role(counter.db, person_id=staff.cashier_id, role=Role.MANAGER, **as_max)
    # Max still has the manager role on record, but Morgan is the only manager at the counter.
    with pytest.raises(UserError, match="Morgan is the only manager"):
        set_role(counter.db, person_id=staff.manager_id, role=Role.CASHIER, **by(staff, clock))
