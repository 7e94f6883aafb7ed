"""What a till sends to the chain's hub and what it keeps of the hub's answers, in its own SQLite.

Read and written by posapp.hub's sync. History rows go by their local row id (a cursor the hub
acknowledges); rows that change later go as versions (a digest of their content, kept here once
the hub has acknowledged it). The chain's customer facts are kept by hashed customer key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from posapp.domain.matching import match_keys
from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction

#: History that never changes once written: sent in local id order, after the hub's acknowledged id.
HISTORY_SQL: dict[str, str] = {
    "tickets": "SELECT id, number, draft_id, terminal, cashier_id, customer_id, opened_at, completed_at,"
    " local_day, local_hour, payment, flags, subtotal_cents, tax_cents, total_cents FROM tickets",
    "ticket_lines": "SELECT id, ticket_id, position, code, name, unit_price_cents, quantity, is_addon,"
    " offer_kind, offer_event_id, plan_change FROM ticket_lines",
    # The script is not sent: it greets the customer by name, and the hub keeps no names.
    "offer_events": "SELECT id, ticket_id, customer_id, cashier_id, moment, kind, service, outcome,"
    " price_delta_cents, reasons, explanation, at, local_day, experiment_id, arm FROM offer_events",
    "voids": "SELECT id, ticket_id, kind, reason, manager_id, amount_cents, at, local_day FROM voids",
    # One line given back: the report leaves its money out, the chain's report too.
    "line_refunds": "SELECT id, ticket_id, line_id, reason, manager_id, subtotal_cents, amount_cents, at,"
    " local_day FROM line_refunds",
    # The arm each ticket entered. No id column: its rowid is the cursor (never renumbered, as
    # the till never VACUUMs; a renumbered row would be sent again and ignored by the hub's key).
    "ticket_arms": "SELECT rowid, ticket_id, experiment_id, arm FROM ticket_arms",
}

#: Rows that change after they are written: each sent again when its content changes.
VERSIONED_SQL: dict[str, str] = {
    "customers": "SELECT id, plate, phone, card, marketing_consent, budget_sensitive,"
    " erased_at IS NOT NULL FROM customers",
    "complaints": "SELECT id, customer_id, ticket_id, opened_at, resolved_at FROM complaints",
    "memberships": "SELECT id, customer_id, plan, started_on, renews_on, trial_plan, trial_until, ended_on"
    " FROM memberships",
    "trials": "SELECT id, customer_id, from_plan, plan, started_on, until, kept, outcome FROM trials",
    "cashiers": "SELECT id, name, role FROM cashiers",
    "erasures": "SELECT customer_id, erased_at FROM erasures",
    # A script test with its arms (their scripts are the manager's words, never a customer's).
    "experiments": "SELECT id, name, moment, kind, service, min_customers, starts_on, ends_on, stopped_on,"
    " (SELECT json_group_array(json_array(a.position, a.arm, a.share, a.script)) FROM"
    " (SELECT * FROM experiment_arms WHERE experiment_id = experiments.id ORDER BY position) a)"
    " FROM experiments",
    # What the report counts of each message; never its address, text or the server's reply.
    "mail_outbox": "SELECT id, kind, customer_id, ticket_id, state, reason, possible_duplicate, due_at,"
    " sent_at, planned_day, settled_day, redeemed_ticket_id, redeemed_day, redeemed_cents FROM outbox",
}


#: Versions that say who a customer or a cashier is: a till given a new identity sends them again
#: as its own, so the chain matches the customers it serves from then on. The other versions (and
#: all history up to then) are the original till's, which sends them itself.
IDENTIFYING_STREAMS = ("customers", "cashiers")


def renew_source_id(db: Database, new_source: str) -> str:
    """This database syncs as another till from now on; returns the old id. The caller holds the write.

    The history already here is the original's (this file is a copy of it): each history table's
    push starts after its current last row (a floor kept in sync_state), and the original's
    versions are marked as sent, so the chain never counts the copied sales twice.
    """
    old = source_id(db)
    floors = {
        f"floor:{stream}": str(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {stream}").fetchone()[0])
        for stream in HISTORY_SQL
    }
    owned = [
        (stream, local_id, digest)
        for stream in VERSIONED_SQL
        if stream not in IDENTIFYING_STREAMS
        for local_id, digest, _ in changed_versions(db, stream)
    ]
    db.execute("UPDATE sync_source SET source_id = ? WHERE one = 1", (new_source,))
    marks = ", ".join("?" for _ in IDENTIFYING_STREAMS)
    db.execute(f"DELETE FROM sync_sent WHERE stream IN ({marks})", IDENTIFYING_STREAMS)
    db.conn.executemany(
        "INSERT INTO sync_sent (stream, local_id, digest) VALUES (?, ?, ?)"
        " ON CONFLICT (stream, local_id) DO UPDATE SET digest = excluded.digest",
        owned,
    )
    db.conn.executemany(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(floors.items()),
    )
    return old


def history_floors(db: Database) -> dict[str, int]:
    """Per history table, the last local id that is not this till's to send (0: all of it is)."""
    return {
        str(key).removeprefix("floor:"): int(value)
        for key, value in db.execute("SELECT key, value FROM sync_state WHERE key LIKE 'floor:%'").fetchall()
    }


def source_id(db: Database) -> str:
    """This database's id in the chain (made by migration m015_sync)."""
    return str(db.execute("SELECT source_id FROM sync_source WHERE one = 1").fetchone()[0])


def history_after(db: Database, stream: str, after: int, limit: int) -> list[tuple[Any, ...]]:
    """Up to `limit` rows of a history table with a local id above `after`, oldest first."""
    sql = f"{HISTORY_SQL[stream]} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    return [tuple(row) for row in db.execute(sql, (after, limit)).fetchall()]


def changed_versions(
    db: Database, stream: str, only: int | None = None
) -> list[tuple[int, str, tuple[Any, ...]]]:
    """(local id, digest, row) of every row (or the row `only`) whose content the hub has not acknowledged.

    A customer row goes out as its hashed keys, never its plate, phone or card number.
    """
    sent = dict(db.execute("SELECT local_id, digest FROM sync_sent WHERE stream = ?", (stream,)).fetchall())
    changed = []
    sql = VERSIONED_SQL[stream]
    if only is not None:
        sql += f" WHERE {'customer_id' if stream == 'erasures' else 'id'} = {int(only)}"
    for raw in db.execute(sql).fetchall():
        row = tuple(raw)
        if stream == "customers":
            local_id, plate, phone, card, consent, tight, erased = row
            row = (
                local_id,
                list(match_keys(plate=str(plate), phone=str(phone), card=str(card))),
                bool(consent),
                bool(tight),
                bool(erased),
            )
        digest = hashlib.sha256(json.dumps(row[1:], default=str).encode()).hexdigest()[:24]
        if sent.get(row[0]) != digest:
            changed.append((int(row[0]), digest, row))
    return changed


def mark_sent(db: Database, versions: dict[str, list[tuple[int, str]]]) -> None:
    """Remember what the hub acknowledged (after its transaction committed), every table at once."""
    rows = [(stream, local_id, digest) for stream, sent in versions.items() for local_id, digest in sent]
    if not rows:
        return
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO sync_sent (stream, local_id, digest) VALUES (?, ?, ?)"
            " ON CONFLICT (stream, local_id) DO UPDATE SET digest = excluded.digest",
            rows,
        )


def sync_value(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_sync_values(db: Database, values: dict[str, str]) -> None:
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )


@dataclass(frozen=True)
class FactsHorizon:
    """What of the pulled facts the rules can still read: older answers and complaints are dropped.

    `answers_before`: an accepted or declined offer counted before this moment pauses nothing any
    more (the longest pause the rules look back). `resolved_before`: a complaint resolved before
    this moment no longer holds offers (the hold ends with the day it was resolved).
    """

    answers_before: datetime
    resolved_before: datetime


@dataclass(frozen=True)
class Kept:
    """How many pulled facts and keys a till holds after a pull, and how many the pull dropped."""

    facts: int
    keys: int
    dropped_facts: int
    dropped_keys: int


def store_hub_facts(
    db: Database,
    keys: Iterable[tuple[str, int, str]],
    facts: Iterable[tuple[str, str, int, int, dict[str, Any]]],
    horizon: str,
    forget: FactsHorizon | None = None,
) -> Kept | None:
    """Keep pulled keys and facts (a newer version replaces the older) and the new horizon, at once.

    With `forget`, the same transaction drops the facts no rule can use any more (see
    prune_hub_facts) and returns what is kept.
    """
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO hub_keys (source_id, customer_id, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            list(keys),
        )
        db.conn.executemany(
            "INSERT INTO hub_facts (kind, source_id, local_id, customer_id, body) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, source_id, local_id) DO UPDATE SET body = excluded.body",
            [
                (kind, source, local_id, customer, json.dumps(body))
                for kind, source, local_id, customer, body in facts
            ],
        )
        db.execute(
            "INSERT INTO sync_state (key, value) VALUES ('pull_horizon', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (horizon,),
        )
        return None if forget is None else prune_hub_facts(db, forget)


#: Julian days of a pulled time: SQLite reads the "+00:00" the hub's ISO text carries as UTC.
_JULIAN = "julianday(json_extract(body, '$.{field}'))"


def prune_hub_facts(db: Database, forget: FactsHorizon) -> Kept:
    """Drop the pulled facts the rules can no longer read; call inside the pull's write transaction.

    Dropped: answered offers counted before `answers_before`; complaints resolved before
    `resolved_before`; memberships that ended (the rules read only a running one). Kept always:
    each customer's own fact (consent, "money is tight", erased), so the keys that match a customer
    across the chain (and find whom to erase) stay. Keys go only with the last fact of their
    (source, customer), which today means never: every keyed customer has their own fact.
    """
    dropped = db.execute(
        f"DELETE FROM hub_facts WHERE kind = 'answer' AND {_JULIAN.format(field='at')} < julianday(?)",
        (to_db(forget.answers_before),),
    ).rowcount
    dropped += db.execute(
        "DELETE FROM hub_facts WHERE kind = 'complaint' AND json_extract(body, '$.resolved') IS NOT NULL"
        f" AND {_JULIAN.format(field='resolved')} < julianday(?)",
        (to_db(forget.resolved_before),),
    ).rowcount
    dropped += db.execute(
        "DELETE FROM hub_facts WHERE kind = 'membership' AND json_extract(body, '$.ended') IS NOT NULL"
    ).rowcount
    dropped_keys = db.execute(
        "DELETE FROM hub_keys WHERE NOT EXISTS (SELECT 1 FROM hub_facts f"
        " WHERE f.source_id = hub_keys.source_id AND f.customer_id = hub_keys.customer_id)"
    ).rowcount
    facts = int(db.execute("SELECT count(*) FROM hub_facts").fetchone()[0])
    keys = int(db.execute("SELECT count(*) FROM hub_keys").fetchone()[0])
    return Kept(facts, keys, int(dropped), int(dropped_keys))


#: How many rounds of "a key shared with a record that shares a key" are followed: enough for a
#: plate, a phone and a card each joining one more record.
MATCH_ROUNDS = 4


def chain_customers(db: Database, keys: tuple[str, ...]) -> set[tuple[str, int]]:
    """Every (source, customer) of the chain that is this customer by the matching rule, transitively."""
    found: set[tuple[str, int]] = set()
    known = set(keys)
    frontier = set(keys)
    for _ in range(MATCH_ROUNDS):
        if not frontier:
            break
        marks = ", ".join("?" for _ in frontier)
        rows = db.execute(
            "SELECT DISTINCT k2.source_id, k2.customer_id, k2.key FROM hub_keys k1"
            " JOIN hub_keys k2 ON k2.source_id = k1.source_id AND k2.customer_id = k1.customer_id"
            f" WHERE k1.key IN ({marks})",
            sorted(frontier),
        ).fetchall()
        found |= {(str(source), int(customer)) for source, customer, _ in rows}
        frontier = {str(key) for _, _, key in rows} - known
        known |= frontier
    return found


def hub_facts_for(db: Database, customers: set[tuple[str, int]]) -> list[tuple[str, dict[str, Any]]]:
    """(kind, body) of every pulled fact about these chain customers."""
    facts: list[tuple[str, dict[str, Any]]] = []
    for source, customer in sorted(customers):
        for kind, body in db.execute(
            "SELECT kind, body FROM hub_facts WHERE source_id = ? AND customer_id = ?", (source, customer)
        ).fetchall():
            facts.append((str(kind), json.loads(body)))
    return facts


def has_hub_facts(db: Database) -> bool:
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM hub_keys)").fetchone()[0])


def unsent_customer_change(db: Database, customer_id: int) -> bool:
    """True when this customer changed here since the hub acknowledged them: the till's word is newest."""
    return bool(changed_versions(db, "customers", only=customer_id))


def customer_keys(db: Database, customer_id: int) -> tuple[str, ...]:
    row = db.execute("SELECT plate, phone, card FROM customers WHERE id = ?", (customer_id,)).fetchone()
    return () if row is None else match_keys(plate=str(row[0]), phone=str(row[1]), card=str(row[2]))


def customers_with_keys(db: Database, keys: set[str]) -> list[int]:
    """Local customers (not erased) that share any of these hashed keys."""
    found = []
    for customer_id, plate, phone, card in db.execute(
        "SELECT id, plate, phone, card FROM customers WHERE erased_at IS NULL"
        " AND (plate != '' OR phone != '' OR card != '')"
    ).fetchall():
        if keys.intersection(match_keys(plate=str(plate), phone=str(phone), card=str(card))):
            found.append(int(customer_id))
    return found


def source_keys(db: Database, source: str, customer_id: int) -> set[str]:
    """The hashed keys the hub has shown for one customer of another till."""
    return {
        str(row[0])
        for row in db.execute(
            "SELECT key FROM hub_keys WHERE source_id = ? AND customer_id = ?", (source, customer_id)
        ).fetchall()
    }
