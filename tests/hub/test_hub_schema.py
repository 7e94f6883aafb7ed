"""The hub's schema: built from blank, migrated from every earlier version to the same result, checked."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from posapp.hub.schema import MIGRATIONS, describe_schema, hub_problems, init_hub, migrate
from tests.hub.conftest import PgCluster


def _cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *arguments], capture_output=True, text=True, timeout=120, check=False
    )


def test_hub_init_from_blank_then_check_says_healthy(hub_url: str) -> None:
    done = _cli("hub", "init", "--hub", hub_url)
    assert done.returncode == 0, done.stderr
    assert f"{len(MIGRATIONS)} step(s) applied now" in done.stdout
    again = _cli("hub", "init", "--hub", hub_url)
    assert "0 step(s) applied now" in again.stdout
    checked = _cli("hub", "check", "--hub", hub_url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == "The hub is healthy."


@pytest.mark.parametrize("earlier", range(1, len(MIGRATIONS)))
def test_every_earlier_hub_version_migrates_to_what_blank_builds(pg_cluster: PgCluster, earlier: int) -> None:
    blank_url = pg_cluster.create_database(f"blank_{earlier}")
    old_url = pg_cluster.create_database(f"old_{earlier}")
    init_hub(blank_url)
    with psycopg.connect(old_url) as conn:
        assert len(migrate(conn, upto=earlier)) == earlier
        assert hub_problems(conn)  # an old hub is reported as needing init
    init_hub(old_url)
    with psycopg.connect(blank_url) as blank, psycopg.connect(old_url) as old:
        assert describe_schema(old) == describe_schema(blank)
        assert hub_problems(old) == []


def test_hub_check_finds_a_hub_tampered_with(hub_url: str) -> None:
    init_hub(hub_url)
    with psycopg.connect(hub_url, autocommit=True) as conn:
        database = conn.execute("SELECT current_database()").fetchone()[0]
        conn.execute("ALTER TABLE hub.complaints DISABLE ROW LEVEL SECURITY")
        conn.execute("ALTER TABLE hub.line_refunds DISABLE ROW LEVEL SECURITY")  # a table added later
        conn.execute("DROP TABLE hub.mail_outbox")
        conn.execute(f'GRANT DELETE ON hub.tickets TO "{database}_site"')
    checked = _cli("hub", "check", "--hub", hub_url)
    assert checked.returncode == 1
    assert "row-level security is off on hub.complaints" in checked.stdout
    assert "row-level security is off on hub.line_refunds" in checked.stdout
    assert "the table hub.mail_outbox is missing" in checked.stdout
    assert "sites may DELETE hub.tickets" in checked.stdout


def test_a_blank_database_is_not_a_hub_and_an_unreachable_one_is_one_sentence(
    hub_url: str, pg_cluster: PgCluster
) -> None:
    checked = _cli("hub", "check", "--hub", hub_url)
    assert checked.returncode == 1
    assert "no schema yet" in checked.stdout
    gone = _cli("hub", "check", "--hub", f"postgresql://nobody:secretpw@127.0.0.1:{pg_cluster.port + 1}/x")
    assert gone.returncode == 2
    assert gone.stderr.startswith("posapp: The hub at postgresql://nobody:***@127.0.0.1")
    assert "secretpw" not in gone.stderr
    assert "Traceback" not in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1
