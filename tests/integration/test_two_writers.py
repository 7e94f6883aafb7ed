"""Two processes selling at once through the storage layer: every sale lands, none twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

SELLER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from posapp.counter import open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]))
wash = counter.catalog.get("standard_wash")
for _ in range(int(sys.argv[3])):
    draft = TicketDraft(cashier_id=1, opened_at=datetime.now(UTC)).choose_wash(wash)
    complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
"""


def test_two_processes_times_400_sales_give_exactly_800_tickets(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.db"
    counter = open_counter(db_path, settings_path=default_settings_path())
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    counter.db.conn.close()
    sellers = [
        subprocess.Popen(
            [sys.executable, "-c", SELLER, str(db_path), str(default_settings_path()), "400"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [seller.communicate(timeout=240)[1] for seller in sellers]
    assert [seller.returncode for seller in sellers] == [0, 0], errors
    check = open_counter(db_path, settings_path=default_settings_path())
    numbers = [row[0] for row in check.db.execute("SELECT number FROM tickets ORDER BY number").fetchall()]
    assert numbers == list(range(1, 801))
    assert check.db.execute("SELECT count(*) FROM ticket_lines").fetchone()[0] == 800
    assert check.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
