"""The manager's staff list: add a person, set a new PIN, change a role, mark someone as gone or back.

Every change re-checks the approving manager's PIN and is written in one transaction with
its audit entry. Nobody is ever deleted: a person who has left keeps their name on the
tickets they sold and in the reports, and simply cannot sign in. The counter always keeps
at least one active manager, or nobody could open the report, the settings or this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from posapp.domain.customer import clean_name
from posapp.domain.errors import UserError
from posapp.services.auth import add_cashier, check_new_pin, hash_pin, refuse_taken_name, require_manager
from posapp.services.settings_edits import store_settings_change
from posapp.settings import COUNTER_LOCK_RANGE, MANAGER_IDLE_RANGE, Settings
from posapp.storage.audit import record_audit
from posapp.storage.cashiers import Cashier, Role, active_managers, get_cashier
from posapp.storage.db import Database, write_transaction

Now = Callable[[], datetime]


def check_pin_typed_twice(pin: str, again: str) -> str:
    """A new PIN is typed twice, so a slip of the finger never locks someone out of the counter."""
    check_new_pin(pin)
    if pin != again:
        raise UserError("The two PINs typed differ; type the same PIN twice.")
    return pin


def check_new_person(db: Database, *, name: str, pin: str, pin_again: str) -> str:
    """Refuse a name or PINs that cannot be added, before a manager is asked to approve; the clean name.

    Nothing is written: add_person checks all of it again inside its own transaction.
    """
    name = clean_name(name, "Cashier name")
    check_pin_typed_twice(pin, pin_again)
    refuse_taken_name(db, name)
    return name


def add_person(
    db: Database,
    *,
    name: str,
    role: Role,
    pin: str,
    pin_again: str,
    manager_id: int,
    manager_pin: str,
    now: Now,
) -> int:
    """Set up a new cashier or manager; returns their id."""
    check_pin_typed_twice(pin, pin_again)
    manager = require_manager(db, manager_id, manager_pin, now)
    return add_cashier(db, name=name, role=role, pin=pin, now=now(), added_by=manager.id)


def set_new_pin(
    db: Database, *, person_id: int, pin: str, pin_again: str, manager_id: int, manager_pin: str, now: Now
) -> Cashier:
    """Give a person a new PIN (a forgotten one, or one seen by others); it also lifts a lock-out."""
    check_pin_typed_twice(pin, pin_again)
    manager = require_manager(db, manager_id, manager_pin, now)
    pin_hash = hash_pin(pin)
    with write_transaction(db):
        _still_a_manager(db, manager)
        person = _person(db, person_id)
        db.execute(
            "UPDATE cashiers SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
            (pin_hash, person.id),
        )
        # The audit says that the PIN changed, never what it is.
        record_audit(db, at=now(), cashier_id=manager.id, action="pin_reset", subject=person.name)
    return _person(db, person_id)


def set_role(
    db: Database, *, person_id: int, role: Role, manager_id: int, manager_pin: str, now: Now
) -> Cashier:
    """Make a cashier a manager, or a manager a cashier (never the last manager)."""
    manager = require_manager(db, manager_id, manager_pin, now)
    with write_transaction(db):
        _still_a_manager(db, manager)
        person = _person(db, person_id)
        if person.role is role:
            return person
        if person.is_manager and person.active and active_managers(db) == 1:
            raise UserError(f"{person.name} is the only manager; make someone else a manager first.")
        db.execute("UPDATE cashiers SET role = ? WHERE id = ?", (role.value, person.id))
        record_audit(
            db,
            at=now(),
            cashier_id=manager.id,
            action="role_changed",
            subject=person.name,
            before={"role": person.role.value},
            after={"role": role.value},
        )
    return _person(db, person_id)


def set_active(
    db: Database, *, person_id: int, active: bool, manager_id: int, manager_pin: str, now: Now
) -> Cashier:
    """Mark a person as gone (they can no longer sign in) or bring them back."""
    manager = require_manager(db, manager_id, manager_pin, now)
    with write_transaction(db):
        _still_a_manager(db, manager)
        person = _person(db, person_id)
        if person.active is active:
            return person
        if not active and person.id == manager.id:
            # Or the counter would stay signed in as someone who may no longer sign in.
            raise UserError("You cannot mark yourself as left; ask another manager to do it.")
        if not active and person.is_manager and active_managers(db) == 1:
            raise UserError(f"{person.name} is the only manager; make someone else a manager first.")
        # Coming back starts with a clean slate: no lock-out left over from before.
        db.execute(
            "UPDATE cashiers SET active = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
            (int(active), person.id),
        )
        record_audit(
            db,
            at=now(),
            cashier_id=manager.id,
            action="cashier_returned" if active else "cashier_left",
            subject=person.name,
            before={"active": person.active},
            after={"active": active},
        )
    return _person(db, person_id)


def change_manager_idle_seconds(
    db: Database, settings: Settings, seconds: int, *, manager_id: int, manager_pin: str, now: Now
) -> Settings:
    """How long a manager window may sit untouched before it closes; returns the settings in force.

    Saved like every setting changed in the app ([security] in settings.toml, comments kept,
    audited; in the demo, until it closes).
    """
    low, high = MANAGER_IDLE_RANGE
    if not low <= seconds <= high:
        raise UserError(f"Manager windows close after {low} to {high} seconds untouched, not {seconds}.")
    _store_security(db, settings, "manager_dialog_idle_seconds", seconds, manager_id, manager_pin, now)
    return replace(settings, manager_dialog_idle_seconds=seconds)


def change_counter_lock_seconds(
    db: Database, settings: Settings, seconds: int, *, manager_id: int, manager_pin: str, now: Now
) -> Settings:
    """How long the signed-in checkout may sit untouched before it locks (0: never); the settings in force."""
    low, high = COUNTER_LOCK_RANGE
    if seconds != 0 and not low <= seconds <= high:
        raise UserError(
            f"The checkout locks after {low} to {high} seconds untouched, or never (0), not {seconds}."
        )
    _store_security(db, settings, "counter_lock_idle_seconds", seconds, manager_id, manager_pin, now)
    return replace(settings, counter_lock_idle_seconds=seconds)


def _store_security(
    db: Database, settings: Settings, key: str, seconds: int, manager_id: int, manager_pin: str, now: Now
) -> None:
    store_settings_change(
        db,
        settings,
        {"security": {key: getattr(settings, key)}},
        {"security": {key: seconds}},
        action="security_changed",
        subject="security",
        manager_id=manager_id,
        manager_pin=manager_pin,
        now=now,
    )


def _still_a_manager(db: Database, manager: Cashier) -> None:
    """The PIN was checked a moment ago; inside the change's own transaction, the role is checked again.

    Another counter may have demoted the manager or marked them as left in between.
    """
    now_stored = get_cashier(db, manager.id)
    if now_stored is None or not now_stored.active or not now_stored.is_manager:
        raise UserError(f"{manager.name} is no longer a manager here; nothing was changed.")


def _person(db: Database, person_id: int) -> Cashier:
    person = get_cashier(db, person_id)
    if person is None:
        raise UserError("That person is not set up at this counter.")
    return person
