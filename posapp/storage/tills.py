"""The tills table: every till selling on this database, by the random id it keeps and the name people use.

The id is what drafts and print jobs are kept under; the name ("Lane 1") is for people, shown
in Settings and stored on each ticket as sold, and a manager may change it. A name from before
till identities (m005) is a till nobody has claimed yet: the first till starting under that
name takes it over, with the ticket it left open and its unprinted receipts.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction

#: The longest name a manager may give a till: it fits the Settings dialog and a receipt line.
MAX_TILL_NAME = 60

#: What a till id looks like: "till-" and 16 hex digits (64 random bits), as new_till_id makes them.
TILL_ID = re.compile(r"till-[0-9a-f]{16}")


@dataclass(frozen=True)
class Till:
    id: str
    name: str


def new_till_id() -> str:
    """A fresh id, random so that two tills starting at the same moment never pick the same one."""
    return f"till-{secrets.token_hex(8)}"


def get_till(db: Database, till_id: str) -> Till | None:
    row = db.execute("SELECT id, name FROM tills WHERE id = ?", (till_id,)).fetchone()
    return Till(str(row[0]), str(row[1])) if row else None


def till_named(db: Database, name: str) -> Till | None:
    row = db.execute("SELECT id, name FROM tills WHERE name = ?", (name,)).fetchone()
    return Till(str(row[0]), str(row[1])) if row else None


def all_tills(db: Database) -> list[Till]:
    return [Till(str(id_), str(name)) for id_, name in db.execute("SELECT id, name FROM tills ORDER BY name")]


def register_till(
    db: Database, *, known_id: str | None, name: str, now: datetime, remember: Callable[[str], None]
) -> Till:
    """This installation's till on the database, registered in one transaction.

    With `known_id` (kept from an earlier start) it is that till, registered again under a free
    name if this database has never seen it (a new file, an older backup restored). Without,
    it is the first start: an unclaimed till called `name` from before till identities is taken
    over, or a new till is made under the first free name like `name` ("counter-1" taken gives
    "counter-2"). `remember(id)` is called inside the transaction for an id new to this
    installation: when it cannot keep the id (it raises), nothing is registered.
    """
    moment = to_db(now)
    with write_transaction(db):
        if known_id is not None:
            found = get_till(db, known_id)
            if found is not None:
                db.execute(
                    "UPDATE tills SET claimed_at = ? WHERE id = ? AND claimed_at IS NULL", (moment, known_id)
                )
                return found
            till = Till(known_id, free_till_name(db, name))
        else:
            legacy = db.execute(
                "SELECT id, name FROM tills WHERE name = ? AND claimed_at IS NULL", (name,)
            ).fetchone()
            till = (
                Till(str(legacy[0]), str(legacy[1]))
                if legacy
                else Till(new_till_id(), free_till_name(db, name))
            )
            remember(till.id)
            if legacy:
                db.execute("UPDATE tills SET claimed_at = ? WHERE id = ?", (moment, till.id))
                return till
        db.execute(
            "INSERT INTO tills (id, name, created_at, claimed_at) VALUES (?, ?, ?, ?)",
            (till.id, till.name, moment, moment),
        )
        return till


def free_till_name(db: Database, wanted: str) -> str:
    """`wanted` when free, else the next free one like it: "counter-1" gives "counter-2", "Lane" "Lane 2"."""
    wanted = wanted.strip()[:MAX_TILL_NAME] or "counter-1"
    taken = {str(row[0]) for row in db.execute("SELECT name FROM tills")}
    if wanted not in taken:
        return wanted
    numbered = re.fullmatch(r"(.*?)(\d+)", wanted)
    stem, number = (numbered.group(1), int(numbered.group(2))) if numbered else (f"{wanted} ", 2)
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def set_till_name(db: Database, till_id: str, name: str) -> None:
    """Rename the till; call inside the caller's write transaction (the name is checked by the caller)."""
    db.execute("UPDATE tills SET name = ? WHERE id = ?", (name, till_id))
