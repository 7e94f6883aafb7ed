"""One sync of a till with the hub: push what was committed here, pull the chain's facts, apply erasures.

Never part of a sale: the counter sells on its own SQLite whether or not a sync runs or fails. A
failure is one sentence (HubUnreachableError); whatever the hub committed before it stays
acknowledged, and the next sync goes on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from posapp.hub.config import HubSettings
from posapp.hub.connect import HubUnreachableError, connect, shown_url
from posapp.hub.pull import pull
from posapp.hub.push import push
from posapp.services.customer_data import erase_for_the_chain
from posapp.settings import Settings
from posapp.storage.clock import to_db
from posapp.storage.db import Database
from posapp.storage.offer_history import facts_horizon
from posapp.storage.sync_outbox import customers_with_keys, set_sync_values, source_keys


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    erased: tuple[int, ...]

    def sentence(self) -> str:
        erased = f"; erased {len(self.erased)} customer(s) the chain erased" if self.erased else ""
        return f"Synced with the hub: sent {self.pushed} row(s), received {self.pulled} fact(s){erased}."


def sync(
    db: Database,
    db_path: Path | None,
    hub: HubSettings,
    now: Callable[[], datetime],
    settings: Settings,
) -> SyncResult:
    """Push, then pull, then erase here whom the chain erased; HubUnreachableError on any hub failure.

    `settings` are the live ones: the pull keeps of the chain's facts what their offer rules read.
    """
    import psycopg

    forget = facts_horizon(settings.offer_rules, now())
    try:
        with connect(hub.url, autocommit=True) as conn:
            pushed = push(db, conn, hub.site)
            pulled = pull(db, conn, forget)
    except psycopg.Error as error:
        set_sync_values(db, {"last_failure_at": to_db(now())})
        first = (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")
        raise HubUnreachableError(f"The sync with the hub at {shown_url(hub.url)} failed: {first}.") from None
    targets: set[int] = set()
    for source, customer in pulled.erasures:
        targets.update(customers_with_keys(db, source_keys(db, source, customer)))
    erased = erase_for_the_chain(db, db_path, sorted(targets), now)
    set_sync_values(db, {"last_sync_at": to_db(now())})
    return SyncResult(pushed.total, pulled.facts, tuple(erased))
