"""PINs: never stored, checked with scrypt, five wrong tries lock the person out for five minutes."""

from __future__ import annotations

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.services.auth import add_cashier, require_manager, sign_in
from posapp.storage.cashiers import Role


def test_the_pin_itself_is_never_stored(counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    stored = counter.db.execute("SELECT pin_hash FROM cashiers WHERE id = ?", (staff.cashier_id,)).fetchone()[
        0
    ]
    assert stored.startswith("scrypt$") and "1111" not in stored
    other = add_cashier(counter.db, name="Alex", role=Role.CASHIER, pin="1111", now=counter.now())
    again = counter.db.execute("SELECT pin_hash FROM cashiers WHERE id = ?", (other,)).fetchone()[0]
    assert again != stored  # salted: the same PIN hashes differently


def test_right_and_wrong_pins(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(counter.db, staff.cashier_id, "1111", clock).name == "Sam"
    with pytest.raises(UserError, match="Wrong PIN"):
        sign_in(counter.db, staff.cashier_id, "1234", clock)
    failures = counter.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"
    ).fetchone()[0]
    assert failures == 1


def test_five_wrong_pins_lock_for_five_minutes(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        with pytest.raises(UserError, match="Wrong PIN; try again"):
            sign_in(counter.db, staff.cashier_id, "0000", clock)
    with pytest.raises(UserError, match="locked out for 5 minutes"):
        sign_in(counter.db, staff.cashier_id, "0000", clock)
    with pytest.raises(UserError, match="locked out"):
        sign_in(counter.db, staff.cashier_id, "1111", clock)  # even the right PIN waits
    tried = counter.db.execute("SELECT count(*) FROM audit_log WHERE action = 'sign_in_while_locked'")
    assert tried.fetchone()[0] == 1  # a guess during the lock-out leaves a trace
    clock.advance(minutes=5, seconds=1)
    assert sign_in(counter.db, staff.cashier_id, "1111", clock).id == staff.cashier_id


def test_manager_only_actions_refuse_a_cashier(counter: Counter, staff, clock) -> None:  # type: ignore[no-untyped-def]
    assert require_manager(counter.db, staff.manager_id, "9999", clock).is_manager
    with pytest.raises(UserError, match="Only a manager"):
        require_manager(counter.db, staff.cashier_id, "1111", clock)


@pytest.mark.parametrize("pin", ["12", "abcd", "123456789", "１２３４"])
def test_a_new_pin_must_be_4_to_8_digits(counter: Counter, pin: str) -> None:
    with pytest.raises(UserError, match="4 to 8 digits"):
        add_cashier(counter.db, name="Kai", role=Role.CASHIER, pin=pin, now=counter.now())
    assert counter.db.execute("SELECT count(*) FROM cashiers").fetchone()[0] == 0
