"""`posapp sync --new-identity`: a copied till database becomes another till of the chain, never a twin.

A copy of a till's file carries the original's sync identity: pushed as is, its new rows would
share the original's global ids and be dropped by the hub as repeats. After the command the copy
pushes only what is sold on it from then on, under its own id; the copied history stays the
original's and is never counted twice. Refused while a till runs on the copy.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg

from posapp.counter import open_counter
from posapp.domain.offer import Outcome
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from tests.hub.conftest import Chain, Till


def _renew(db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", "sync", "--db", str(db_path), "--new-identity"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _source(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return str(conn.execute("SELECT source_id FROM sync_source").fetchone()[0])
    finally:
        conn.close()


def _hub_count(chain: Chain, sql: str) -> int:
    with psycopg.connect(chain.owner_url) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_a_copied_till_gets_its_own_identity_and_pushes_only_its_own_sales(
    chain: Chain, tmp_path: Path
) -> None:
    original = chain.till("north", "lane1")
    ana = original.add_customer("Ana", plate="COPY-1")
    original.answer(ana, "car_waxing", Outcome.ACCEPTED)
    original.sync()
    copy_path = tmp_path / "copied" / "counter.db"
    copy_path.parent.mkdir()
    with sqlite3.connect(copy_path) as target:
        original.db.conn.backup(target)
    target.close()
    assert _source(copy_path) == _source(original.counter.db_path)

    running = open_counter(
        copy_path, settings_path=default_settings_path(), now=chain.clock, till=TillPlace(tmp_path / "ids")
    )
    refused = _renew(copy_path)
    assert refused.returncode == 2
    assert "already running" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _source(copy_path) == _source(original.counter.db_path)
    assert running.till is not None
    running.till.release()
    running.db.conn.close()

    renewed = _renew(copy_path)
    assert renewed.returncode == 0, renewed.stderr
    assert _source(copy_path) != _source(original.counter.db_path)
    assert "now syncs as a new till" in renewed.stdout

    counter = open_counter(
        copy_path, settings_path=default_settings_path(), now=chain.clock, till=TillPlace(tmp_path / "ids")
    )
    copy = Till(counter, "north", original.hub, original.manager_id, original.cashier_id)
    chain.tills.append(copy)
    copy.sync()
    # The copied history (Ana's yes) is the original's: not pushed a second time.
    assert _hub_count(chain, "SELECT count(*) FROM hub.offer_events") == 1
    assert _hub_count(chain, "SELECT count(*) FROM hub.sources") == 2
    copy.answer(ana, "car_waxing", Outcome.DECLINED)
    copy.sync()
    assert _hub_count(chain, "SELECT count(DISTINCT source_id) FROM hub.offer_events") == 2
    # The copy's decline is its own row, and reaches the original like any other lane's.
    assert "declined_recently" not in original.reasons(ana)
    original.sync()
    assert "declined_recently" in original.reasons(ana)
