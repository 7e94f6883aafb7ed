"""The checkout selling while `posapp report` and `posapp backup` run on the same file: nobody sees a lock."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from posapp.counter import open_counter
from posapp.services.auth import add_cashier
from posapp.settings import default_settings_path, load_settings
from posapp.storage.cashiers import Role

ROUNDS = 12

# The checkout as its own process, selling through the real service until told to stop
# (a line on stdin), printing each ticket number the moment complete_sale returns.
SELLER = """
import sys, threading
from datetime import UTC, datetime
from pathlib import Path
from posapp.counter import open_counter
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.checkout import complete_sale
from posapp.storage.drafts import save_draft
counter = open_counter(Path(sys.argv[1]), settings_path=Path(sys.argv[2]))
wash, waxing = counter.catalog.get("standard_wash"), counter.catalog.get("car_waxing")
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
print("ready", flush=True)
while not stop.is_set():
    draft = TicketDraft(cashier_id=1, opened_at=datetime.now(UTC)).choose_wash(wash).add_addon(waxing)
    save_draft(counter.db, counter.settings.terminal, draft, datetime.now(UTC))
    sale = complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    print("sold", sale.number, flush=True)
counter.db.conn.close()
"""


def posapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
def test_report_and_backup_run_beside_the_checkout_without_a_lock(tmp_path: Path) -> None:
    db_path = tmp_path / "counter.db"
    setup = open_counter(db_path, settings_path=default_settings_path())
    add_cashier(setup.db, name="Sam", role=Role.CASHIER, pin="1111", now=setup.now())
    setup.db.conn.close()
    # The report covers yesterday to tomorrow in the site's zone, so a run across midnight still counts all.
    today = datetime.now(load_settings(default_settings_path()).time_zone).date()
    first, last = str(today - timedelta(days=1)), str(today + timedelta(days=1))
    report_range = ["report", "--db", str(db_path), "--date", first, "--to", last]

    seller = subprocess.Popen(
        [sys.executable, "-c", SELLER, str(db_path), str(default_settings_path())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert seller.stdin is not None and seller.stdout is not None and seller.stderr is not None
    sold: list[int] = []
    started = threading.Event()

    def read_sales() -> None:
        assert seller.stdout is not None
        for line in seller.stdout:
            if line.startswith("ready"):
                started.set()
            elif line.startswith("sold"):
                sold.append(int(line.split()[1]))

    reader = threading.Thread(target=read_sales)
    reader.start()
    stderr_seen: list[str] = []
    reported: list[int] = []
    try:
        assert started.wait(timeout=60), "the checkout process did not start"
        for round_number in range(ROUNDS):
            backup = tmp_path / f"backup-{round_number}.db"
            report = tmp_path / f"report-{round_number}.json"
            # Report and backup start together while the checkout keeps committing sales.
            commands = [
                [*report_range, "--format", "json", "--output", str(report)],
                ["backup", "--db", str(db_path), "--output", str(backup)],
            ]
            children = [
                subprocess.Popen(
                    [sys.executable, "-m", "posapp", *command],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for command in commands
            ]
            for child, command in zip(children, commands, strict=True):
                _, errors = child.communicate(timeout=120)
                stderr_seen.append(errors)
                assert child.returncode == 0, (command[0], errors)
            checked = posapp("check", "--db", str(backup))
            stderr_seen.append(checked.stderr)
            assert checked.returncode == 0, checked.stdout + checked.stderr
            assert "healthy" in checked.stdout
            reported.append(json.loads(report.read_text(encoding="utf-8"))["tickets"])
    finally:
        seller.stdin.write("stop\n")
        seller.stdin.close()
        seller.wait(timeout=60)
        reader.join(timeout=60)
        seller_errors = seller.stderr.read()
        seller.stdout.close()
        seller.stderr.close()

    stderr_seen.append(seller_errors)
    assert seller.returncode == 0, seller_errors
    assert [text for text in stderr_seen if "locked" in text.lower()] == []
    assert len(sold) > ROUNDS  # the checkout really sold while the others ran
    assert reported == sorted(reported) and reported[-1] <= len(sold)
    final = open_counter(db_path, settings_path=default_settings_path())
    try:
        numbers = [row[0] for row in final.db.execute("SELECT number FROM tickets ORDER BY number")]
        assert numbers == sorted(sold) == list(range(1, len(sold) + 1))
        assert final.db.execute("SELECT count(*) FROM ticket_lines").fetchone()[0] == 2 * len(sold)
    finally:
        final.db.conn.close()
    print(f"rounds: {ROUNDS}; sales during them: {len(sold)}; 'database is locked' seen: 0")
