"""A customer's own data on request: exported as JSON, or erased while the sales keep their totals.

An erasure reaches every copy the counter controls: the customer row, the offer scripts that
greeted them by name, every till's saved draft, void reasons, and the receipt PDFs saved on disk.
It is recorded twice, by customer id and time only: in the database (`erasures`) and in a ledger
file beside it, which a restore does not replace, so a restored older backup is erased again.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from posapp.domain.errors import UserError
from posapp.files import append_private, write_whole
from posapp.services.auth import require_manager
from posapp.services.backup import database_file
from posapp.settings import Settings
from posapp.storage.audit import record_audit
from posapp.storage.clock import from_db, to_db
from posapp.storage.customers import (
    customer_exists,
    keep_erased_id,
    record_erasure,
    recorded_erasures,
    scrub_customer,
)
from posapp.storage.db import Database, open_db, write_transaction
from posapp.storage.drafts import detach_erased_customer, draft_to_dict, drafts_holding

ERASED_NAME = "Erased customer"

#: What an erasure cannot reach, said the same way in the erase dialog, the CLI and the README.
OUT_OF_REACH = (
    "Printed receipts, copies of files taken off this computer (backups, exports, receipt PDFs)"
    " and e-mails already sent cannot be erased by the counter."
)


def export_customer(db: Database, customer_id: int) -> dict[str, Any]:
    """Everything the counter holds about one person, in a shape they can read."""
    row = db.execute(
        "SELECT id, name, phone, plate, card, email, marketing_consent, budget_sensitive, created_at"
        " FROM customers WHERE id = ? AND erased_at IS NULL",
        (customer_id,),
    ).fetchone()
    if row is None:
        raise UserError(f"There is no customer number {customer_id}.")
    keys = (
        "id",
        "name",
        "phone",
        "plate",
        "card",
        "email",
        "marketing_consent",
        "budget_sensitive",
        "created_at",
    )
    person: dict[str, Any] = dict(zip(keys, row, strict=True))
    person["marketing_consent"] = bool(person["marketing_consent"])
    person["budget_sensitive"] = bool(person["budget_sensitive"])
    person["memberships"] = _rows(
        db,
        "SELECT plan, started_on, renews_on, trial_plan, trial_until, ended_on FROM memberships"
        " WHERE customer_id = ? ORDER BY started_on",
        customer_id,
    )
    person["tickets"] = _tickets(db, customer_id)
    person["offer_history"] = _rows(
        db,
        "SELECT e.at, t.number AS ticket, e.moment, e.kind, e.service, e.outcome, e.script,"
        " e.price_delta_cents, e.reasons, e.explanation"
        " FROM offer_events e LEFT JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.customer_id = ? ORDER BY e.at, e.id",
        customer_id,
    )
    person["complaints"] = _rows(
        db,
        "SELECT opened_at, note, resolved_at FROM complaints WHERE customer_id = ? ORDER BY id",
        customer_id,
    )
    person["tickets_in_progress"] = [draft_to_dict(draft) for draft in drafts_holding(db, customer_id)]
    # Every answer about e-mails with its proof, and every e-mail planned or sent to them.
    person["consent_history"] = _rows(
        db,
        "SELECT k.at, k.given, k.channel, k.wording, c.name AS cashier FROM consents k"
        " LEFT JOIN cashiers c ON c.id = k.cashier_id WHERE k.customer_id = ? ORDER BY k.at, k.id",
        customer_id,
    )
    person["emails"] = _rows(
        db,
        "SELECT kind, state, reason, service, address, code, message_id, due_at, sent_at FROM outbox"
        " WHERE customer_id = ? ORDER BY id",
        customer_id,
    )
    return person


def _tickets(db: Database, customer_id: int) -> list[dict[str, Any]]:
    """Each sale with what was on it (items and prices as sold) and any void or refund."""
    tickets = _rows(
        db,
        "SELECT t.id, t.number, t.completed_at, t.status, t.payment, t.subtotal_cents, t.tax_cents,"
        " t.total_cents, v.kind AS void_kind, v.reason AS void_reason, v.at AS void_at"
        " FROM tickets t LEFT JOIN voids v ON v.ticket_id = t.id WHERE t.customer_id = ? ORDER BY t.number",
        customer_id,
    )
    for ticket in tickets:
        ticket["lines"] = _rows(
            db,
            "SELECT code, name, unit_price_cents, quantity, is_addon, offer_kind FROM ticket_lines"
            " WHERE ticket_id = ? ORDER BY position",
            ticket.pop("id"),
        )
        for line in ticket["lines"]:
            line["is_addon"] = bool(line["is_addon"])
    return tickets


def export_customer_json(db: Database, customer_id: int) -> bytes:
    """The export as the file the customer receives: readable JSON, UTF-8."""
    return (json.dumps(export_customer(db, customer_id), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_customer_to(
    db: Database,
    customer_id: int,
    output: Path,
    *,
    cashier_id: int | None,
    by: str,
    now: Callable[[], datetime],
) -> Path:
    """Save the export to `output` and write who exported which customer (never their data) to the audit log.

    The file is written inside the audit entry's transaction: an export that could not be saved
    leaves no entry, and one that was saved always has one.
    """
    with write_transaction(db):
        content = export_customer_json(db, customer_id)
        record_audit(
            db,
            at=now(),
            cashier_id=cashier_id,
            action="customer_exported",
            subject=f"customer {customer_id}",
            after={"by": by},
        )
        write_whole(output, content, "customer's data")
    return output


def _rows(db: Database, sql: str, key: int) -> list[dict[str, Any]]:
    cursor = db.execute(sql, (key,))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


@dataclass(frozen=True)
class Erasure:
    """What one erasure reached in the database, and the sales whose saved receipt PDFs name the person."""

    customer_id: int
    scripts: int
    drafts: int
    tickets: tuple[int, ...]


def erase_customer(
    db: Database,
    *,
    customer_id: int,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> Erasure:
    """Remove the person from the database and record it (a manager's action, audited).

    One write transaction; the ledger line is its last step, so a ledger that cannot be written
    rolls the erasure back. Tickets keep their totals. Then call `scrub_receipt_pdfs` with the
    returned tickets (it renders files, so the window runs it off the GUI thread).
    """
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    db_path = database_file(db)
    with _overwriting_freed_space(db), write_transaction(db):
        found = db.execute(
            "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL", (customer_id,)
        ).fetchone()
        if found is None:
            raise UserError(f"There is no customer number {customer_id}.")
        tickets = tuple(
            int(row[0])
            for row in db.execute(
                "SELECT number FROM tickets WHERE customer_id = ? ORDER BY number", (customer_id,)
            ).fetchall()
        )
        scripts = scrub_customer(db, customer_id, name=ERASED_NAME, at=at)
        drafts = detach_erased_customer(db, customer_id)
        record_erasure(db, customer_id, at, None)
        record_audit(
            db,
            at=at,
            cashier_id=manager.id,
            action="customer_erased",
            subject=f"customer {customer_id}",
            after={"scripts": scripts, "drafts": drafts},
        )
        if db_path is not None:
            _append_to_ledger(erasure_ledger_for(db_path), customer_id, at)
    _checkpoint_without_waiting(db)
    return Erasure(customer_id, scripts, drafts, tickets)


@contextmanager
def _overwriting_freed_space(db: Database) -> Iterator[None]:
    """SQLite zeroes what the erasure frees, rather than leaving the old text in the file's free space."""
    before = int(db.execute("PRAGMA secure_delete").fetchone()[0])
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA secure_delete = {before}")


def _checkpoint_without_waiting(db: Database) -> None:
    """Move the erasure into the main file and empty the WAL (it holds the old pages), if no till reads now.

    Best effort and never waiting: with another till reading, SQLite reuses the WAL later anyway.
    """
    timeout = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    try:
        db.execute("PRAGMA busy_timeout = 0")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        db.execute(f"PRAGMA busy_timeout = {timeout}")


@dataclass(frozen=True)
class ReceiptScrub:
    """The saved receipt PDFs rendered again without the customer, and any that could not be touched."""

    rewritten: tuple[Path, ...]
    left: tuple[Path, ...]


def scrub_receipt_pdfs(db_path: Path, tickets: tuple[int, ...], settings: Settings) -> ReceiptScrub:
    """Render the saved receipt PDFs of these (erased customer's) tickets again, on a connection of its own.

    Rendered again rather than deleted: a saved receipt is the shop's copy of a sale, which the
    books keep; only the "Customer:" line goes, since the database no longer names them.
    """
    # Imported here: every start reapplies erasures (this module), none needs the receipts for it.
    from posapp.receipts.saved_files import receipt_folders, rewrite_receipt_files

    db = open_db(db_path, read_only=True)
    try:
        folders = receipt_folders(settings, db_path)
        rewritten, left = rewrite_receipt_files(db, list(tickets), settings, folders)
    finally:
        db.conn.close()
    return ReceiptScrub(tuple(rewritten), tuple(left))


def erasure_ledger_for(db_path: Path) -> Path:
    """The erasures ledger beside the database's real file (a restore replaces the database, not this)."""
    real = Path(os.path.realpath(db_path))
    return real.with_name(f"{real.name}.erasures")


def read_ledger(ledger: Path) -> dict[int, datetime]:
    """Customer id → when they were erased, for every readable line; a torn last line is skipped."""
    try:
        text = ledger.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UserError(f"The erasures ledger {ledger} cannot be read: {error.strerror}.") from None
    entries: dict[int, datetime] = {}
    for line in text.splitlines():
        try:
            entry = json.loads(line)
            customer_id, at = int(entry["customer"]), from_db(str(entry["erased_at"]))
        except (ValueError, KeyError, TypeError, OverflowError):
            continue
        if 0 < customer_id < 2**63:
            entries.setdefault(customer_id, at)
    return entries


def _append_to_ledger(ledger: Path, customer_id: int, at: datetime) -> None:
    line = json.dumps({"customer": customer_id, "erased_at": to_db(at)}).encode("utf-8")
    # A line torn by a power cut must not swallow the next one: start a fresh line after it.
    append_private(ledger, b"\n" + line if _ends_torn(ledger) else line, "erasures ledger")


def _ends_torn(ledger: Path) -> bool:
    try:
        with ledger.open("rb") as file:
            if file.seek(0, os.SEEK_END) == 0:
                return False
            file.seek(-1, os.SEEK_END)
            return file.read(1) != b"\n"
    except OSError:
        return False


def reapply_erasures(db: Database, db_path: Path, now: Callable[[], datetime]) -> list[int]:
    """Erase again everyone the ledger names whom this database does not know as erased; returns their ids.

    Run after a restore and at every start: a backup made before an erasure brings the person
    back, and this takes them out again before anybody sells. A ledger id the database has never
    seen is kept taken (an empty erased row), so no new customer is given it and then erased.
    Erasures the database holds but the ledger lacks are added to the ledger.
    """
    ledger = erasure_ledger_for(db_path)
    entries = read_ledger(ledger)
    missing = {key: value for key, value in entries.items() if key not in recorded_erasures(db)}
    reapplied: list[int] = []
    if missing:
        at = now()
        with _overwriting_freed_space(db), write_transaction(db):
            known = recorded_erasures(db)  # again under the lock: another till may have done it meanwhile
            for customer_id, erased_at in sorted(missing.items()):
                if customer_id in known:
                    continue
                if customer_exists(db, customer_id):
                    scrub_customer(db, customer_id, name=ERASED_NAME, at=erased_at)
                    detach_erased_customer(db, customer_id)
                else:
                    keep_erased_id(db, customer_id, name=ERASED_NAME, at=erased_at)
                record_erasure(db, customer_id, erased_at, at)
                record_audit(
                    db,
                    at=at,
                    cashier_id=None,
                    action="customer_erasure_reapplied",
                    subject=f"customer {customer_id}",
                )
                reapplied.append(customer_id)
        _checkpoint_without_waiting(db)
    for customer_id, erased_at in sorted(recorded_erasures(db).items()):
        if customer_id not in entries:
            _append_to_ledger(ledger, customer_id, erased_at)
    return reapplied


def erase_for_the_chain(
    db: Database, db_path: Path | None, customer_ids: list[int], now: Callable[[], datetime]
) -> list[int]:
    """Erase here the customers another till or site erased (matched by their keys); returns who was erased.

    No manager signs here: the erasure was a manager's action where it was asked for. The same steps
    as a local erasure, audited as coming from the chain, and written to this database's ledger.
    """
    erased: list[int] = []
    if not customer_ids:
        return erased
    at = now()
    with _overwriting_freed_space(db), write_transaction(db):
        for customer_id in customer_ids:
            found = db.execute(
                "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL", (customer_id,)
            ).fetchone()
            if found is None:
                continue
            scrub_customer(db, customer_id, name=ERASED_NAME, at=at)
            detach_erased_customer(db, customer_id)
            record_erasure(db, customer_id, at, None)
            record_audit(
                db,
                at=at,
                cashier_id=None,
                action="customer_erased_by_chain",
                subject=f"customer {customer_id}",
            )
            if db_path is not None:
                _append_to_ledger(erasure_ledger_for(db_path), customer_id, at)
            erased.append(customer_id)
    _checkpoint_without_waiting(db)
    return erased
