"""The append-only audit log: who did what, when, and what it was before and after."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from posapp.storage.clock import to_db


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
