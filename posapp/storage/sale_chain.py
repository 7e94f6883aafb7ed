"""The sales chain: each completed sale hashed with the one before it, so a deleted or edited sale shows.

A sale is chained in the same write transaction that stores it, over what was sold and never
changes afterwards: the ticket's number, till, cashier, times, payment, flags and money, and
each line as sold. A void or refund changes the ticket's status (a record of its own, in the
audit log), and an erasure may unlink a customer, so neither the status nor the customer is in
the hash. A sale written outside the counter has no place in the chain and is named as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from posapp.storage.audit import GENESIS, ChainBreak, ChainHead, entry_hash
from posapp.storage.db import Database

TICKET_FIELDS = (
    "id, number, draft_id, terminal, cashier_id, opened_at, completed_at, local_day, local_hour,"
    " payment, flags, subtotal_cents, tax_cents, total_cents"
)
LINE_FIELDS = "position, code, name, unit_price_cents, quantity, is_addon, offer_kind"


def _sale_content(ticket: tuple[Any, ...], lines: list[tuple[Any, ...]]) -> list[Any]:
    return [*ticket, [list(line) for line in lines]]


def chain_sale(db: Database, ticket_id: int) -> None:
    """Chain the sale just stored (ticket and lines); call inside the transaction that stored it."""
    last = db.execute(
        "SELECT ticket_id, chain_hash FROM sale_chain ORDER BY ticket_id DESC LIMIT 1"
    ).fetchone()
    previous = str(last[1]) if last else GENESIS
    ticket = db.execute(f"SELECT {TICKET_FIELDS} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    lines = db.execute(
        f"SELECT {LINE_FIELDS} FROM ticket_lines WHERE ticket_id = ? ORDER BY position", (ticket_id,)
    ).fetchall()
    db.execute(
        "INSERT INTO sale_chain (ticket_id, chain_hash) VALUES (?, ?)",
        (ticket_id, entry_hash(previous, _sale_content(tuple(ticket), lines))),
    )


def chain_every_sale(db: Database) -> None:
    """Chain the sales stored before the chain existed, in order: the migration that brings it in."""
    previous = GENESIS
    rows: list[tuple[int, str]] = []
    for ticket, lines, _ in _sales(db, chained_only=False):
        previous = entry_hash(previous, _sale_content(ticket, lines))
        rows.append((int(ticket[0]), previous))
    db.conn.executemany("INSERT INTO sale_chain (ticket_id, chain_hash) VALUES (?, ?)", rows)


def _sales(
    db: Database, *, chained_only: bool
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]], tuple[int, str] | None]]:
    """(ticket, its lines, (chained ticket id, stored hash)) in chain order, read as two streams.

    With `chained_only`, every chain entry in order, the ticket None-filled when it was deleted;
    without, every ticket in order (the chain part None).
    """
    if chained_only:
        sql = (
            f"SELECT {', '.join('t.' + field.strip() for field in TICKET_FIELDS.split(','))},"
            " s.ticket_id, s.chain_hash FROM sale_chain s LEFT JOIN tickets t ON t.id = s.ticket_id"
            " ORDER BY s.ticket_id"
        )
    else:
        sql = f"SELECT {TICKET_FIELDS}, NULL, NULL FROM tickets ORDER BY id"
    lines = db.conn.execute(f"SELECT ticket_id, {LINE_FIELDS} FROM ticket_lines ORDER BY ticket_id, position")
    pending = lines.fetchone()
    for row in db.conn.execute(sql):
        ticket, chained = tuple(row[:-2]), row[-2:]
        key = chained[0] if chained_only else ticket[0]
        while pending is not None and pending[0] < key:
            pending = lines.fetchone()
        own: list[tuple[Any, ...]] = []
        while pending is not None and pending[0] == key:
            own.append(tuple(pending[1:]))
            pending = lines.fetchone()
        yield ticket, own, (int(chained[0]), str(chained[1])) if chained_only else None


@dataclass(frozen=True)
class SaleBreak(ChainBreak):
    """The first sale where the chain does not hold; `id` is the ticket number (or row id when gone)."""

    def __str__(self) -> str:
        where = f"sale #{self.id} ({self.at})" if self.at else f"row {self.id}"
        return f"broken at {where}: {self.why}"


def sales_chain_head(db: Database) -> ChainHead | None:
    """The head as stored, cheaply; None for a database from before the chain."""
    if not _chain_started(db):
        return None
    row = db.execute(
        "SELECT count(*), (SELECT chain_hash FROM sale_chain ORDER BY ticket_id DESC LIMIT 1) FROM sale_chain"
    ).fetchone()
    return ChainHead(entries=int(row[0]), hash=str(row[1]) if row[1] else GENESIS)


def verify_sales_chain(db: Database) -> ChainHead | SaleBreak | None:
    """Recompute every sale's hash in order: the head when all hold, else the first sale that does not."""
    if not _chain_started(db):
        return None
    previous, previous_number, entries = GENESIS, 0, 0
    for ticket, lines, chained in _sales(db, chained_only=True):
        assert chained is not None
        ticket_id, stored = chained
        if ticket[0] is None:
            return SaleBreak(ticket_id, "", f"the sale stored as row {ticket_id} was deleted")
        number, completed_at = int(ticket[1]), str(ticket[6])
        if entry_hash(previous, _sale_content(ticket, lines)) != stored:
            if number == previous_number + 2:
                why = f"sale #{previous_number + 1} before it removed"
            elif number > previous_number + 2:
                why = f"sales #{previous_number + 1} to #{number - 1} before it removed"
            else:
                why = "it, or the sale before it, was changed after it was sold"
            return SaleBreak(number, completed_at, why)
        previous, previous_number, entries = stored, number, entries + 1
    stray = db.execute(
        "SELECT number, completed_at FROM tickets WHERE id NOT IN (SELECT ticket_id FROM sale_chain)"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    if stray is not None:
        return SaleBreak(int(stray[0]), str(stray[1]), "not in the chain: written outside the counter")
    return ChainHead(entries=entries, hash=previous)


def _chain_started(db: Database) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sale_chain'").fetchone()
    return found is not None
