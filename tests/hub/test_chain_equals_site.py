"""A site's entry in the chain report, and a one-site chain's figures, are its till's own report.

One demo site with what a day can hold besides sales: a voided ticket, a ticket with one line
refunded, follow-ups sent, cancelled and redeemed, and the demo's script test with its arms.
The chain's JSON (`report --hub`) must equal the till's (`report --db`) but for what only a
till's file holds (its chain heads) and the local row ids the hub renumbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg

from posapp.hub.chain_report import TILL_ONLY_KEYS
from posapp.services.voids import VoidKind, refund_line, void_ticket
from posapp.storage.db import write_transaction
from posapp.storage.outbox import claim, mark_cancelled, mark_redeemed, mark_sent
from tests.hub.conftest import Chain, Till

FIRST, LAST = "2026-11-24", "2026-11-27"


def _report(*arguments: str, output: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "posapp", "report", "--date", FIRST, "--to", LAST, *arguments]
    done = subprocess.run(
        [*command, "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(output.read_text())
    return data


def _comparable(figures: dict[str, Any]) -> dict[str, Any]:
    """Everything but what only a till's file holds and the names the chain gives (site, business)."""
    left_out = {"audit_chain_head", "sales_chain_head", "site", "sites", "business"}
    return {key: value for key, value in figures.items() if key not in left_out}


def _a_day_of_everything(till: Till) -> None:
    """A voided ticket, a ticket with one line refunded, follow-ups sent, cancelled and redeemed."""
    db, zone, now = till.db, till.counter.settings.time_zone, till.counter.now
    day = "2026-11-25"
    numbers = [
        int(row[0])
        for row in db.execute(
            "SELECT t.number FROM tickets t WHERE t.local_day = ? AND t.status = 'completed'"
            " AND (SELECT count(*) FROM ticket_lines l WHERE l.ticket_id = t.id) >= 2 ORDER BY t.number",
            (day,),
        ).fetchall()
    ]
    assert len(numbers) >= 2, "the demo day needs two tickets of two lines"
    manager = {"manager_id": till.manager_id, "manager_pin": "9999", "time_zone": zone, "now": now}
    void_ticket(db, ticket_number=numbers[0], kind=VoidKind.VOID, reason="rang up twice", **manager)
    refund_line(db, ticket_number=numbers[1], position=1, reason="wax not done", **manager)
    planned = [int(row[0]) for row in db.execute("SELECT id FROM outbox WHERE state = 'planned' ORDER BY id")]
    assert len(planned) >= 4, "the demo plans a follow-up for the consenting customers"
    redeemer = int(db.execute("SELECT id FROM tickets WHERE number = ?", (numbers[-1],)).fetchone()[0])
    with write_transaction(db):
        for message in planned[:2]:
            assert claim(db, message, now(), "someone@example.org")
            mark_sent(db, message, at=now(), day=day, reply="250 ok", service="car_waxing")
        mark_redeemed(db, planned[0], ticket_id=redeemer, how="code", day=day, cents=1200)
        mark_cancelled(db, planned[2], reason="declined", day=day)
        mark_cancelled(db, planned[3], reason="complaint", day="2026-11-26")


def test_a_sites_chain_figures_are_its_own_reports_figures(chain: Chain, tmp_path: Path) -> None:
    till = chain.demo_till("north", "north1", days=9, seed=3)
    _a_day_of_everything(till)
    till.sync()
    own = _report("--db", str(till.counter.db_path), "--format", "json", output=tmp_path / "own.json")
    whole = _report("--hub", chain.owner_url, "--format", "json", output=tmp_path / "chain.json")
    # The day's exceptions are really in the figures compared.
    assert own["voids"]["count"] == 1
    assert own["refunds"]["count"] == 0  # a line refund is no whole-ticket refund ...
    assert own["follow_ups"]["sent"] == 2
    assert {reason for reason, _ in own["follow_ups"]["cancelled"].items()} == {"declined", "complaint"}
    assert own["follow_ups"]["redeemed"] == 1
    assert [arm["arm"] for arm in own["experiments"][0]["arms"]] == ["holdout", "A", "B"]
    assert all(arm["tickets"] > 0 for arm in own["experiments"][0]["arms"])
    [site] = whole["sites"]
    assert _comparable(site) == _comparable(own)
    # The chain names each person with their site: two Sams at two sites are two people.
    unlabelled = json.loads(json.dumps(_comparable(whole), ensure_ascii=False).replace(" · north", ""))
    assert unlabelled == _comparable(own)
    assert not TILL_ONLY_KEYS & whole.keys()
    assert {"follow_ups", "experiments"} <= whole.keys()


def test_the_hub_keeps_no_address_or_message_of_the_mail_outbox(chain: Chain) -> None:
    till = chain.demo_till("north", "north1", days=9, seed=3)
    _a_day_of_everything(till)
    till.sync()
    with psycopg.connect(chain.owner_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub.mail_outbox WHERE state = 'sent'").fetchone()[0] == 2
        with_at = conn.execute("SELECT count(*) FROM hub.mail_outbox m WHERE m::text LIKE '%@%'").fetchone()
        assert with_at[0] == 0
        columns = {
            str(row[0])
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'hub' AND table_name = 'mail_outbox'"
            ).fetchall()
        }
    assert not columns & {"address", "code", "message_id", "server_reply", "last_error"}
