"""The append-only audit log: who did what, when, and what it was before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from posapp.storage.clock import from_db, to_db


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
    """Append one entry; call inside the same write transaction as the change it records."""
    db.execute(
        "INSERT INTO audit_log (at, cashier_id, action, subject, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        (
            to_db(at),
            cashier_id,
            action,
            subject,
            "" if before is None else json.dumps(before, ensure_ascii=False),
            "" if after is None else json.dumps(after, ensure_ascii=False),
        ),
    )


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
