"""Sign-in with a PIN: scrypt-hashed with a salt, five wrong tries lock the person out for five minutes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from posapp.domain.customer import clean_name
from posapp.domain.errors import UserError
from posapp.storage.audit import record_audit
from posapp.storage.cashiers import Cashier, Role, get_cashier
from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
# scrypt cost: about 15 ms a check here, slow enough to make guessing 10,000 PINs offline costly.
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(candidate.hex(), digest)


def check_new_pin(pin: str) -> str:
    if not pin.isdigit() or not pin.isascii() or not 4 <= len(pin) <= 8:
        raise UserError("A PIN is 4 to 8 digits.")
    return pin


def add_cashier(
    db: Database, *, name: str, role: Role, pin: str, now: datetime, added_by: int | None = None
) -> int:
    """Add a person who may sign in at the counter; returns their id.

    `added_by` is the manager who did it (None for the owner's first manager and the demo).
    """
    name = clean_name(name, "Cashier name")
    pin_hash = hash_pin(check_new_pin(pin))
    with write_transaction(db):
        refuse_taken_name(db, name)
        cursor = db.execute(
            "INSERT INTO cashiers (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role.value, pin_hash, to_db(now)),
        )
        cashier_id = int(cursor.lastrowid or 0)
        record_audit(
            db,
            at=now,
            cashier_id=added_by,
            action="cashier_added",
            subject=name,
            after={"role": role.value},
        )
        return cashier_id


def refuse_taken_name(db: Database, name: str) -> None:
    """Names pick a person on the sign-in page: "sam" beside "Sam" would be two people nobody tells apart."""
    wanted = name.casefold()
    for (taken,) in db.execute("SELECT name FROM cashiers").fetchall():
        if str(taken).casefold() == wanted:
            why = "." if taken == name else "; names must differ by more than capital letters."
            raise UserError(f"There is already someone called {taken} at this counter{why}")


def sign_in(db: Database, cashier_id: int, pin: str, now: Callable[[], datetime]) -> Cashier:
    """The cashier if the PIN is right; otherwise one sentence saying why not (and the try is logged)."""
    at = now()
    with write_transaction(db):
        cashier = get_cashier(db, cashier_id)
        if cashier is None:
            raise UserError("That person is not set up at this counter.")
        if not cashier.active:
            # Someone who has left trying their old PIN is worth a line in the manager's log.
            record_audit(
                db, at=at, cashier_id=cashier.id, action="sign_in_after_leaving", subject=cashier.name
            )
            refusal = (
                f"{cashier.name} no longer signs in here; a manager can bring them back in Staff and PINs."
            )
        elif cashier.locked_until and cashier.locked_until > at:
            # A try during the lock-out is on record too: guessing must leave a trace.
            record_audit(
                db, at=at, cashier_id=cashier.id, action="sign_in_while_locked", subject=cashier.name
            )
            refusal = _locked_out(cashier.name, cashier.locked_until - at)
        elif pin_matches(pin, cashier.pin_hash):
            db.execute(
                "UPDATE cashiers SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                (cashier.id,),
            )
            return cashier
        else:
            refusal = _record_wrong_pin(db, cashier, at)
    # Raised after the commit, so the record of the failed try is kept.
    raise UserError(refusal)


def _locked_out(name: str, remaining: timedelta) -> str:
    minutes = max(1, round(remaining.total_seconds() / 60))
    return f"{name} is locked out after too many wrong PINs; try again in {minutes} min."


def _record_wrong_pin(db: Database, cashier: Cashier, at: datetime) -> str:
    failed = cashier.failed_attempts + 1
    locked = to_db(at + LOCKOUT) if failed >= MAX_FAILED_ATTEMPTS else None
    db.execute(
        "UPDATE cashiers SET failed_attempts = ?, locked_until = ? WHERE id = ?",
        (0 if locked else failed, locked, cashier.id),
    )
    record_audit(
        db,
        at=at,
        cashier_id=cashier.id,
        action="sign_in_failed",
        subject=cashier.name,
        after={"attempt": failed, "locked": bool(locked)},
    )
    if locked:
        return f"Wrong PIN five times: {cashier.name} is locked out for 5 minutes."
    return "Wrong PIN; try again."


def require_manager(db: Database, cashier_id: int, pin: str, now: Callable[[], datetime]) -> Cashier:
    """Re-ask a manager's PIN before a manager-only action."""
    cashier = sign_in(db, cashier_id, pin, now)
    if not cashier.is_manager:
        raise UserError("Only a manager can do this.")
    return cashier
