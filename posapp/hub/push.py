"""Push: the till's committed history to the hub, from where the hub last acknowledged, safe to repeat.

Each batch is one hub transaction: its rows (ON CONFLICT DO NOTHING on the global id, source and
local id) and the acknowledgement of its last local id commit together. A push cut half way
rolls back on the hub and leaves the acknowledged id where it was: the next push sends the batch
again and nothing is doubled. Versions (customers, complaints, ...) are remembered locally only
after the hub committed them; a lost answer means they are sent again, and changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from posapp.storage.sync_outbox import (
    HISTORY_SQL,
    VERSIONED_SQL,
    changed_versions,
    history_after,
    mark_sent,
    source_id,
)

#: Rows per table per hub transaction: a week offline goes in a few transactions of one sync.
BATCH = 2000

_HISTORY_COLUMNS = {
    "tickets": "local_id, number, draft_id, terminal, cashier_id, customer_id, opened_at, completed_at,"
    " local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents",
    "ticket_lines": "local_id, ticket_id, position, code, name, unit_price_cents, quantity, is_addon,"
    " offer_kind, offer_event_id, plan_change",
    "offer_events": "local_id, ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
    " price_delta_cents, reasons, explanation, at, local_day",
    "voids": "local_id, ticket_id, kind, reason, manager_id, amount_cents, at, local_day",
}
_VERSIONED_COLUMNS = {
    "customers": "local_id, keys, marketing_consent, budget_sensitive, erased",
    "complaints": "local_id, customer_id, ticket_id, opened_at, resolved_at",
    "memberships": "local_id, customer_id, plan, started_on, renews_on, trial_plan, trial_until, ended_on",
    "trials": "local_id, customer_id, from_plan, plan, started_on, until, kept, outcome",
    "cashiers": "local_id, name, role",
}
#: Local 0/1 columns that are booleans on the hub, by position in the row.
_BOOLEANS = {"ticket_lines": (7,), "trials": (6,)}


@dataclass(frozen=True)
class Pushed:
    """How many rows this push offered the hub, per table (a repeat offers them again harmlessly)."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def push(db: Database, conn: Any, site: str) -> Pushed:
    """Send everything the hub has not acknowledged; returns the counts. `conn` is in autocommit mode."""
    source = source_id(db)
    counts: dict[str, int] = {}
    with conn.transaction():
        conn.execute(
            "INSERT INTO hub.sources (source_id, site) VALUES (%s, %s) ON CONFLICT DO NOTHING", (source, site)
        )
    # Versions first: a customer is on the hub before the offer events that name them.
    for stream in VERSIONED_SQL:
        counts[stream] = _push_versions(db, conn, site, source, stream)
    for stream in HISTORY_SQL:
        counts[stream] = _push_history(db, conn, site, source, stream)
    return Pushed(counts)


def acknowledged(conn: Any, source: str, stream: str) -> int:
    row = conn.execute(
        "SELECT coalesce(max(last_id), 0) FROM hub.acks WHERE source_id = %s AND stream = %s",
        (source, stream),
    ).fetchone()
    return int(row[0])


def _push_history(db: Database, conn: Any, site: str, source: str, stream: str) -> int:
    sent = 0
    while True:
        after = acknowledged(conn, source, stream)
        rows = history_after(db, stream, after, BATCH)
        if not rows:
            return sent
        columns = _HISTORY_COLUMNS[stream]
        marks = ", ".join(["%s"] * (columns.count(",") + 3))
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO hub.{stream} (site, source_id, {columns}) VALUES ({marks})"
                " ON CONFLICT DO NOTHING",
                [(site, source, *_typed(stream, row)) for row in rows],
            )
            cur.execute(
                "INSERT INTO hub.acks (source_id, site, stream, last_id) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (source, site, stream, int(rows[-1][0])),
            )
        sent += len(rows)


def _push_versions(db: Database, conn: Any, site: str, source: str, stream: str) -> int:
    changed = changed_versions(db, stream)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        with conn.transaction(), conn.cursor() as cur:
            if stream == "erasures":
                cur.executemany(
                    "INSERT INTO hub.erasures (site, source_id, customer_id, erased_at)"
                    " VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT DO NOTHING",
                    [(site, source, row[0], row[1]) for _, _, row in batch],
                )
            else:
                columns = _VERSIONED_COLUMNS[stream]
                marks = ", ".join(["%s"] * (columns.count(",") + 4))
                cur.executemany(
                    f"INSERT INTO hub.{stream} (site, source_id, digest, {columns}) VALUES ({marks})"
                    " ON CONFLICT DO NOTHING",
                    [(site, source, digest, *_typed(stream, row)) for _, digest, row in batch],
                )
        # Only now, the hub having committed: a push cut before this line sends the batch again.
        mark_sent(db, stream, [(local_id, digest) for local_id, digest, _ in batch])
    return len(changed)


def _typed(stream: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    booleans = _BOOLEANS.get(stream, ())
    if not booleans:
        return row
    return tuple(bool(value) if index in booleans else value for index, value in enumerate(row))
