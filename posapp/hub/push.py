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
    """
    source = source_id(db)
    counts = dict.fromkeys((*VERSIONED_SQL, *HISTORY_SQL), 0)
    with conn.transaction():
        conn.execute(
            "INSERT INTO hub.sources (source_id, site) VALUES (%s, %s) ON CONFLICT DO NOTHING", (source, site)
        )
    pending = {stream: changed_versions(db, stream) for stream in VERSIONED_SQL}
    while True:
        sent: dict[str, list[tuple[int, str, tuple[Any, ...]]]] = {}
        with conn.transaction(), conn.cursor() as cur:
            for stream, changed in pending.items():
                sent[stream], pending[stream] = changed[:BATCH], changed[BATCH:]
                if sent[stream]:
                    _insert_versions(cur, site, source, stream, sent[stream])
            history = 0
            for stream in HISTORY_SQL:
                rows = history_after(db, stream, acknowledged(cur, source, stream), BATCH)
                if rows:
                    _insert_history(cur, site, source, stream, rows)
                    counts[stream] += len(rows)
                    history += len(rows)
        # Only now, the hub having committed: a push cut before this line sends the round again.
        mark_sent(
            db,
            {stream: [(local_id, digest) for local_id, digest, _ in rows] for stream, rows in sent.items()},
        )
        for stream, rows in sent.items():
            counts[stream] += len(rows)
        if not history and not any(sent.values()):
            return Pushed(counts)


def acknowledged(cur: Any, source: str, stream: str) -> int:
    row = cur.execute(
        "SELECT coalesce(max(last_id), 0) FROM hub.acks WHERE source_id = %s AND stream = %s",
        (source, stream),
    ).fetchone()
    return int(row[0])


def _insert_history(cur: Any, site: str, source: str, stream: str, rows: list[tuple[Any, ...]]) -> None:
    columns = f"site, source_id, {_HISTORY_COLUMNS[stream]}"
    _insert_new(cur, stream, columns, [(site, source, *_typed(stream, row)) for row in rows])
    cur.execute(
        "INSERT INTO hub.acks (source_id, site, stream, last_id) VALUES (%s, %s, %s, %s)"
        " ON CONFLICT DO NOTHING",
        (source, site, stream, int(rows[-1][0])),
    )


def _insert_versions(
    cur: Any, site: str, source: str, stream: str, batch: list[tuple[int, str, tuple[Any, ...]]]
) -> None:
    if stream == "erasures":
        rows = [(site, source, *row) for _, _, row in batch]
        _insert_new(cur, stream, "site, source_id, customer_id, erased_at", rows)
    else:
        rows = [(site, source, digest, *_typed(stream, row)) for _, digest, row in batch]
        _insert_new(cur, stream, f"site, source_id, digest, {_VERSIONED_COLUMNS[stream]}", rows)


def _insert_new(cur: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """COPY the rows into a scratch table of this session, then add those the hub lacks (by their global id).

    COPY is the fastest way in; the INSERT ... ON CONFLICT DO NOTHING from the scratch table keeps
    a batch sent twice harmless. The scratch table empties itself at commit.
    """
    stage = f"stage_{table}"
    # Built from the catalog: a site may insert into the hub's history tables but not read them,
    # and CREATE TABLE ... (LIKE ...) would need to read.
    types = dict(
        cur.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            (f"hub.{table}",),
        ).fetchall()
    )
    definition = ", ".join(f"{name} {types[name]}" for name in columns.split(", "))
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ({definition}) ON COMMIT DELETE ROWS")
    with cur.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(f"INSERT INTO hub.{table} ({columns}) SELECT {columns} FROM {stage} ON CONFLICT DO NOTHING")


def _typed(stream: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    booleans = _BOOLEANS.get(stream, ())
    if not booleans:
        return row
    return tuple(bool(value) if index in booleans else value for index, value in enumerate(row))
