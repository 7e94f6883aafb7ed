"""Push: the till's committed history to the hub, from where the hub last acknowledged, safe to repeat.

Each batch is one hub transaction: its rows (ON CONFLICT DO NOTHING on the global id, source and
local id) and the acknowledgement of its last local id commit together. A push cut half way
rolls back on the hub and leaves the acknowledged id where it was: the next push sends the batch
again and nothing is doubled. Versions (customers, complaints, ...) are remembered locally only
after the hub committed them; a lost answer means they are sent again, and changed nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from posapp.storage.db import Database
from posapp.storage.sync_outbox import (
    HISTORY_SQL,
    VERSIONED_SQL,
    changed_versions,
    history_after,
    history_floors,
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
    " price_delta_cents, reasons, explanation, at, local_day, experiment_id, arm",
    "voids": "local_id, ticket_id, kind, reason, manager_id, amount_cents, at, local_day",
    "line_refunds": "local_id, ticket_id, line_id, reason, manager_id, subtotal_cents, amount_cents, at,"
    " local_day",
    "ticket_arms": "local_id, ticket_id, experiment_id, arm",
}
_VERSIONED_COLUMNS = {
    "customers": "local_id, keys, marketing_consent, budget_sensitive, erased",
    "complaints": "local_id, customer_id, ticket_id, opened_at, resolved_at",
    "memberships": "local_id, customer_id, plan, started_on, renews_on, trial_plan, trial_until, ended_on",
    "trials": "local_id, customer_id, from_plan, plan, started_on, until, kept, outcome",
    "cashiers": "local_id, name, role",
    "experiments": "local_id, name, moment, kind, service, min_customers, starts_on, ends_on,"
    " stopped_on, arms",
    "mail_outbox": "local_id, kind, customer_id, ticket_id, state, reason, possible_duplicate, due_at,"
    " sent_at, planned_day, settled_day, redeemed_ticket_id, redeemed_day, redeemed_cents",
}
#: Each hub table's pushed columns, in the order of the till's rows (and of the scratch tables).
_PUSHED_COLUMNS = {
    **{table: f"site, source_id, {names}" for table, names in _HISTORY_COLUMNS.items()},
    **{table: f"site, source_id, digest, {names}" for table, names in _VERSIONED_COLUMNS.items()},
    "erasures": "site, source_id, customer_id, erased_at",
}
#: Local 0/1 columns that are booleans on the hub, by position in the row.
_BOOLEANS = {"ticket_lines": (7,), "trials": (6,), "mail_outbox": (6,)}


@dataclass(frozen=True)
class Pushed:
    """How many rows this push offered the hub, per table (a repeat offers them again harmlessly)."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def push(db: Database, conn: Any, site: str) -> Pushed:
    """Send everything the hub has not acknowledged; returns the counts. `conn` is in autocommit mode.

    Each round is one hub transaction holding up to BATCH rows of every table (the hub's commit is
    what costs: a busy day goes in one), versions before history so a customer is there before the
    offer events that name them. The versions are remembered here only once the round committed.
    A round is four round trips whatever it holds: BEGIN, the acknowledged ids in one query, one
    statement carrying every table's rows and the acknowledgements, COMMIT. A round that sent less
    than a batch of every table was the last one.
    """
    from psycopg import sql

    source = source_id(db)
    counts = dict.fromkeys((*VERSIONED_SQL, *HISTORY_SQL), 0)
    pending = {stream: changed_versions(db, stream) for stream in VERSIONED_SQL}
    floors = history_floors(db)  # a till given a new identity does not send the original's history
    first = True
    while True:
        sent: dict[str, list[tuple[int, str, tuple[Any, ...]]]] = {}
        full = False
        statements: list[Any] = []
        if first:  # the hub learns of this database before its rows
            first = False
            statements.append(
                sql.SQL(
                    "INSERT INTO hub.sources (source_id, site) VALUES ({}, {}) ON CONFLICT DO NOTHING"
                ).format(sql.Literal(source), sql.Literal(site))
            )
        for stream, changed in pending.items():
            sent[stream], pending[stream] = changed[:BATCH], changed[BATCH:]
            if sent[stream]:
                statements.append(_versions_insert(site, source, stream, sent[stream]))
        with conn.transaction(), conn.cursor() as cur:
            acked = acknowledged_all(cur, source)
            for stream in HISTORY_SQL:
                after = max(acked.get(stream, 0), floors.get(stream, 0))
                rows = history_after(db, stream, after, BATCH)
                if rows:
                    statements.extend(_history_inserts(site, source, stream, rows))
                    counts[stream] += len(rows)
                    full = full or len(rows) == BATCH
            if statements:
                cur.execute(sql.SQL(";\n").join(statements))
        # Only now, the hub having committed: a push cut before this line sends the round again.
        mark_sent(
            db,
            {stream: [(local_id, digest) for local_id, digest, _ in rows] for stream, rows in sent.items()},
        )
        for stream, rows in sent.items():
            counts[stream] += len(rows)
        if not full and not any(pending.values()):
            return Pushed(counts)


def acknowledged_all(cur: Any, source: str) -> dict[str, int]:
    """The last local id the hub acknowledged for each stream of this database (none: absent)."""
    rows = cur.execute(
        "SELECT stream, max(last_id) FROM hub.acks WHERE source_id = %s GROUP BY stream", (source,)
    ).fetchall()
    return {str(stream): int(last) for stream, last in rows}


def _history_inserts(site: str, source: str, stream: str, rows: list[tuple[Any, ...]]) -> list[Any]:
    """The statements that add a batch's new rows and acknowledge the batch's last local id."""
    from psycopg import sql

    insert = _insert_new(stream, [(site, source, *_typed(stream, row)) for row in rows])
    acknowledge = sql.SQL(
        "INSERT INTO hub.acks (source_id, site, stream, last_id) VALUES ({}, {}, {}, {})"
        " ON CONFLICT DO NOTHING"
    ).format(sql.Literal(source), sql.Literal(site), sql.Literal(stream), sql.Literal(int(rows[-1][0])))
    return [insert, acknowledge]


def _versions_insert(
    site: str, source: str, stream: str, batch: list[tuple[int, str, tuple[Any, ...]]]
) -> Any:
    if stream == "erasures":
        return _insert_new(stream, [(site, source, *row) for _, _, row in batch])
    return _insert_new(stream, [(site, source, digest, *_typed(stream, row)) for _, digest, row in batch])


def _insert_new(table: str, rows: list[tuple[Any, ...]]) -> Any:
    """An INSERT of the rows the hub lacks (by their global id), the rows carried in it as JSON.

    The hub turns the JSON into its own table's row type (json_populate_recordset), so one
    statement carries a whole table with no scratch table to create (a site may insert into the
    history tables but not read them, and COPY does not pass row-level security). ON CONFLICT DO
    NOTHING keeps a batch sent twice harmless.
    """
    from psycopg import sql

    columns = _PUSHED_COLUMNS[table]
    names = columns.split(", ")
    payload = json.dumps([dict(zip(names, row, strict=True)) for row in rows], separators=(",", ":"))
    return sql.SQL(
        f"INSERT INTO hub.{table} ({columns}) SELECT {columns}"
        f" FROM json_populate_recordset(NULL::hub.{table}, {{}}) ON CONFLICT DO NOTHING"
    ).format(sql.Literal(payload))


def _typed(stream: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Local 0/1 as booleans, and a test's arms (JSON text here) as JSON the hub keeps as jsonb."""
    booleans = _BOOLEANS.get(stream, ())
    if stream == "experiments":
        return (*row[:-1], json.loads(row[-1]))
    if not booleans:
        return row
    return tuple(bool(value) if index in booleans else value for index, value in enumerate(row))
