"""The append-only audit log: who did what, when, and what it was before and after, hash-chained.

Like a fiscal journal (Germany's KassenSichV, France's NF525) each entry carries a SHA-256 hash
over its own content and the entry before it's hash, so an entry changed, removed or slipped in
later breaks the chain from there on; `posapp check` names the first broken entry. The head of
the chain (the newest hash and the number of entries) is printed on the day report, a paper
trail outside the file: rewriting the whole chain from the break on is then caught too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from posapp.storage.clock import from_db, to_db
from posapp.storage.db import Database, write_transaction

#: The "previous hash" of the very first entry.
GENESIS = "0" * 64

#: Why an entry whose id follows on breaks the chain.
CHANGED = (
    "its hash does not match its content and the entry before it (changed, or written outside the counter)"
)

#: How many hex digits of the head the report prints: enough to tell two heads apart on paper.
SHORT_HEAD = 16

#: An entry as the chain hashes it: id, at, cashier_id, action, subject, before, after.
Content = tuple[int, str, int | None, str, str, str, str]


def entry_hash(previous: str, content: Sequence[Any]) -> str:
    """SHA-256 (hex) over an entry's content and the previous entry's hash, as canonical JSON.

    Part of the file format: an entry hashed today must verify in every later version. The
    sales chain (storage/sale_chain.py) hashes its entries the same way.
    """
    canonical = json.dumps([previous, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def record_audit(
    db: Database,
    *,
    at: datetime,
    cashier_id: int | None,
    action: str,
    subject: str = "",
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry; call inside the same write transaction as the change it records.

    The write lock (BEGIN IMMEDIATE) keeps the previous entry the newest one until the commit,
    so two tills never chain onto the same entry. Called outside a transaction, it takes its own.
    """
    if not db.conn.in_transaction:
        with write_transaction(db):
            record_audit(
                db, at=at, cashier_id=cashier_id, action=action, subject=subject, before=before, after=after
            )
        return
    last = db.execute("SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    previous_id, previous = (int(last[0]), str(last[1])) if last else (0, GENESIS)
    content: Content = (
        previous_id + 1,
        to_db(at),
        cashier_id,
        action,
        subject,
        "" if before is None else json.dumps(before, ensure_ascii=False),
        "" if after is None else json.dumps(after, ensure_ascii=False),
    )
    db.execute(
        "INSERT INTO audit_log (id, at, cashier_id, action, subject, before, after, chain_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*content, entry_hash(previous, content)),
    )


def chain_entries(db: Database) -> Iterable[tuple[Content, str]]:
    """Every entry in order with its stored hash, read as a stream (the log only grows)."""
    for row in db.execute(
        "SELECT id, at, cashier_id, action, subject, before, after, chain_hash FROM audit_log ORDER BY id"
    ):
        yield (
            (int(row[0]), str(row[1]), row[2], str(row[3]), str(row[4]), str(row[5]), str(row[6])),
            str(row[7]),
        )


def rehash_chain(db: Database) -> None:
    """Give every existing entry its hash, in order: the migration that brings the chain in."""
    previous = GENESIS
    hashes: list[tuple[str, int]] = []
    for content, _ in list(chain_entries(db)):
        previous = entry_hash(previous, content)
        hashes.append((previous, content[0]))
    db.conn.executemany("UPDATE audit_log SET chain_hash = ? WHERE id = ?", hashes)


@dataclass(frozen=True)
class ChainHead:
    """The newest entry's hash and how many entries lead to it: what the day report prints."""

    entries: int
    hash: str

    @property
    def short(self) -> str:
        return self.hash[:SHORT_HEAD]


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose hash does not follow: where the log was changed."""

    id: int
    at: str
    why: str

    def __str__(self) -> str:
        return f"broken at entry {self.id} ({self.at}): {self.why}"


def audit_chain_head(db: Database) -> ChainHead | None:
    """The head as stored (cheap: two index lookups); `verify_audit_chain` says whether it holds.

    None for a database on a migration level from before the chain (a report read from an old copy).
    """
    if not chain_started(db):
        return None
    row = db.execute(
        "SELECT count(*), (SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log"
    ).fetchone()
    return ChainHead(entries=int(row[0]), hash=str(row[1]) if row[1] else GENESIS)


def chain_started(db: Database) -> bool:
    """Whether the database has the chain yet: one on an older migration level has no hashes to check."""
    return (
        db.execute("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'chain_hash'").fetchone()
        is not None
    )


def verify_audit_chain(db: Database) -> ChainHead | ChainBreak | None:
    """Recompute the chain from the first entry: its head when every hash holds, else the first break.

    None for a database on a migration level from before the chain.
    """
    if not chain_started(db):
        return None
    previous_id, previous, entries = 0, GENESIS, 0
    for content, stored in chain_entries(db):
        entry_id, at = content[0], content[1]
        if entry_hash(previous, content) != stored:
            if entry_id != previous_id + 1:
                gone = (
                    f"entry {previous_id + 1}"
                    if entry_id == previous_id + 2
                    else f"entries {previous_id + 1} to {entry_id - 1}"
                )
                return ChainBreak(entry_id, at, f"{gone} before it removed")
            return ChainBreak(entry_id, at, CHANGED)
        previous_id, previous, entries = entry_id, stored, entries + 1
    return ChainHead(entries=entries, hash=previous)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    who: str
    action: str
    subject: str
    before: str
    after: str


def recent_audit(db: Database, limit: int = 500) -> list[AuditEntry]:
    """The newest entries first, with the person's name, for the manager to read."""
    rows = db.execute(
        "SELECT a.at, coalesce(c.name, ''), a.action, a.subject, a.before, a.after FROM audit_log a"
        " LEFT JOIN cashiers c ON c.id = a.cashier_id ORDER BY a.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        AuditEntry(from_db(at), who, action, subject, before, after)
        for at, who, action, subject, before, after in rows
    ]
