"""Pull: the customer facts the rules need, from every other till and site, into the till's SQLite.

The cursor is a transaction horizon the hub gives (the oldest transaction still running when the
pull began): every fact row carries the transaction that inserted it, and a pull reads from the
last horizon up to the new one, so a row committed late by a slow till is read by the next pull,
never skipped. Never the hub's or a till's clock.

An answered offer counts from the earlier of the till's own time and the time the hub received it:
a till whose clock runs ahead cannot pause a customer longer than the pause, and one whose clock
runs behind shortens it by its own error at most (see README, "Running several lanes or sites").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from posapp.storage.db import Database
from posapp.storage.sync_outbox import FactsHorizon, Kept, source_id, store_hub_facts, sync_value

_WINDOW = "xid >= %(since)s::xid8 AND xid < %(until)s::xid8"


@dataclass(frozen=True)
class Pulled:
    facts: int
    erasures: tuple[tuple[str, int], ...]
    #: What the till holds of the chain's facts after the pull (None when nothing was pruned).
    kept: Kept | None = None


def pull(db: Database, conn: Any, forget: FactsHorizon | None = None) -> Pulled:
    """Read the facts added since the last pull and keep them; returns the erasures to apply here.

    With `forget`, the facts no rule can read any more are dropped in the same write (so the
    till's copy stays the size of what the rules look back at, not of the chain's whole history).
    """
    me = source_id(db)
    since = sync_value(db, "pull_horizon") or "0"
    keys: list[tuple[str, int, str]] = []
    facts: list[tuple[str, str, int, int, dict[str, Any]]] = []
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        until = str(conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())").fetchone()[0])
        window = {"since": since, "until": until, "me": me}
        # Every customer version, this till's own too: the newest word on consent wins, wherever said.
        for source, local_id, row_keys, consent, tight, erased, seq in conn.execute(
            "SELECT source_id::text, local_id, keys, marketing_consent, budget_sensitive, erased, seq"
            f" FROM hub.customers WHERE {_WINDOW} ORDER BY xid, seq",
            window,
        ).fetchall():
            if source == me:
                continue
            keys.extend((source, int(local_id), str(key)) for key in row_keys)
            body = {"consent": consent, "tight": tight, "erased": erased, "seq": seq}
            facts.append(("customer", source, int(local_id), int(local_id), body))
        for source, local_id, customer, outcome, service, at, received, site in conn.execute(
            "SELECT source_id::text, local_id, customer_id, outcome, service, at, received_at, site"
            f" FROM hub.offer_events WHERE {_WINDOW} AND source_id != %(me)s::uuid"
            " AND customer_id IS NOT NULL AND outcome IN ('accepted', 'declined') ORDER BY xid",
            window,
        ).fetchall():
            counted = min(at, received)
            body = {"outcome": outcome, "service": service, "at": counted.isoformat(), "site": site}
            facts.append(("answer", source, int(local_id), int(customer), body))
        for source, local_id, customer, opened, resolved in conn.execute(
            "SELECT source_id::text, local_id, customer_id, opened_at, resolved_at FROM hub.complaints"
            f" WHERE {_WINDOW} AND source_id != %(me)s::uuid AND customer_id IS NOT NULL ORDER BY xid, seq",
            window,
        ).fetchall():
            body = {"opened": opened.isoformat(), "resolved": resolved.isoformat() if resolved else None}
            facts.append(("complaint", source, int(local_id), int(customer), body))
        for source, local_id, customer, plan, started, renews, trial, trial_until, ended in conn.execute(
            "SELECT source_id::text, local_id, customer_id, plan, started_on, renews_on, trial_plan,"
            f" trial_until, ended_on FROM hub.memberships WHERE {_WINDOW} AND source_id != %(me)s::uuid"
            " ORDER BY xid, seq",
            window,
        ).fetchall():
            body = {
                "plan": plan,
                "started": started.isoformat(),
                "renews": renews.isoformat(),
                "trial_plan": trial,
                "trial_until": trial_until.isoformat() if trial_until else None,
                "ended": ended.isoformat() if ended else None,
            }
            facts.append(("membership", source, int(local_id), int(customer), body))
        erasures = tuple(
            (str(source), int(customer))
            for source, customer in conn.execute(
                f"SELECT source_id::text, customer_id FROM hub.erasures WHERE {_WINDOW}"
                " AND source_id != %(me)s::uuid ORDER BY xid",
                window,
            ).fetchall()
        )
    kept = store_hub_facts(db, keys, facts, until, forget)
    return Pulled(len(facts), erasures, kept)
