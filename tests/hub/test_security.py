"""Each site is its own PostgreSQL role: it inserts its own rows, reads the customer facts, nothing more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from posapp.domain.errors import UserError
from posapp.domain.offer import Outcome
from posapp.hub.config import HubSettings, hub_settings
from posapp.hub.connect import HubUnreachableError
from posapp.hub.sites import add_site
from posapp.hub.sync import sync
from tests.hub.conftest import Chain


def _as_site(chain: Chain, site: str) -> psycopg.Connection:
    return psycopg.connect(chain.site_url(site), autocommit=True)


def test_a_site_cannot_read_or_alter_what_it_must_not(chain: Chain) -> None:
    north = chain.till("north", "lane1")
    south = chain.till("south", "lane1s")
    for till in (north, south):
        customer = till.add_customer("Ana", plate=f"SEC{till.site}")
        till.answer(customer, "car_waxing", Outcome.DECLINED)
        till.sync()
    with _as_site(chain, "north") as conn:
        # It reads the customer facts of the whole chain (the rules need them) ...
        assert conn.execute("SELECT count(*) FROM hub.offer_events").fetchone()[0] == 2
        # ... and only its own acknowledgements and sources.
        sites = {row[0] for row in conn.execute("SELECT DISTINCT site FROM hub.acks").fetchall()}
        assert sites == {"north"}
        refused = [
            "SELECT count(*) FROM hub.tickets",  # another site's sales are not its business
            "UPDATE hub.offer_events SET outcome = 'accepted'",
            "DELETE FROM hub.offer_events",
            "DELETE FROM hub.acks",
            "TRUNCATE hub.customers",
            "UPDATE hub.sites SET role_name = NULL",
            "INSERT INTO hub.sites (site) VALUES ('evil')",
            "CREATE TABLE hub.mine (x int)",
            "ALTER TABLE hub.offer_events DISABLE ROW LEVEL SECURITY",
            # Rows claiming to be another site's are refused by row-level security.
            "INSERT INTO hub.erasures (site, source_id, customer_id, erased_at)"
            " VALUES ('south', gen_random_uuid(), 1, now())",
        ]
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # Its own rows are inserted (what a push does).
        conn.execute(
            "INSERT INTO hub.erasures (site, source_id, customer_id, erased_at)"
            " SELECT 'north', source_id, 999, now() FROM hub.sources LIMIT 1"
        )
    with psycopg.connect(chain.owner_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub.offer_events").fetchone()[0] == 2


def test_a_till_cannot_push_as_another_site(chain: Chain) -> None:
    north = chain.till("north", "lane1")
    chain.add_site("south")
    customer = north.add_customer("Ana", plate="PRETEND1")
    north.answer(customer, "car_waxing", Outcome.DECLINED)
    pretending = HubSettings(north.hub.url, "south")  # north's role, south's name
    with pytest.raises(HubUnreachableError) as failure:
        sync(north.db, north.counter.db_path, pretending, north.counter.now, north.counter.settings)
    assert "row-level security" in str(failure.value)
    with psycopg.connect(chain.owner_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub.offer_events").fetchone()[0] == 0


def test_credentials_are_kept_out_of_settings_files_and_databases(chain: Chain, tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('[hub]\nurl = "postgresql://north:hunter2hunter2@127.0.0.1/hub"\nsite = "north"\n')
    with pytest.raises(UserError, match="holds a password"):
        hub_settings(settings)
    settings.write_text('[hub]\nurl = "postgresql://north@127.0.0.1/hub?sslmode=require"\nsite = "north"\n')
    assert hub_settings(settings) == HubSettings("postgresql://north@127.0.0.1/hub?sslmode=require", "north")
    loose = tmp_path / "loose.pw"
    loose.write_text("a-long-enough-password")
    loose.chmod(0o644)
    with pytest.raises(UserError, match="may be read by others"):
        add_site(chain.owner_url, "west", loose)
    north = chain.till("north", "lane1")
    north.sync()
    password = chain.passwords["north"].encode()
    assert password not in north.counter.db_path.read_bytes()
    wal = north.counter.db_path.with_name(north.counter.db_path.name + "-wal")
    assert not wal.exists() or password not in wal.read_bytes()


def test_sync_from_the_command_line_takes_the_password_from_the_environment(chain: Chain) -> None:
    north = chain.till("north", "lane1")
    customer = north.add_customer("Ana", plate="ENV1")
    north.answer(customer, "car_waxing", Outcome.DECLINED)
    url = north.hub.url.replace(f":{chain.passwords['north']}@", "@")
    assert chain.passwords["north"] not in url
    env_run = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "sync",
            "--db",
            str(north.counter.db_path),
            "--hub",
            url,
            "--site",
            "north",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "PGPASSWORD": chain.passwords["north"]},
        check=False,
    )
    assert env_run.returncode == 0, env_run.stderr
    assert env_run.stdout.startswith("Synced with the hub: sent ")
    wrong = subprocess.run(
        [
            sys.executable,
            "-m",
            "posapp",
            "sync",
            "--db",
            str(north.counter.db_path),
            "--hub",
            url,
            "--site",
            "north",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "PGPASSWORD": "not-the-password"},
        check=False,
    )
    assert wrong.returncode == 2
    assert "password authentication failed" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1


def test_tls_is_used_when_the_url_asks_for_it(chain: Chain, tmp_path: Path) -> None:
    from posapp.hub.connect import connect

    north = chain.till("north", "lane1")
    tls = HubSettings(f"{north.hub.url}?sslmode=require", "north")
    # A hub without TLS is refused when the URL requires it, in one sentence.
    with pytest.raises(HubUnreachableError, match="does not support SSL"):
        sync(north.db, north.counter.db_path, tls, north.counter.now, north.counter.settings)
    data = chain.cluster.data
    key, cert = data / "hub-test.key", data / "hub-test.crt"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    key.chmod(0o600)
    if chain.cluster.run_as:
        import shutil

        shutil.chown(key, user="postgres")
        shutil.chown(cert, user="postgres")
    with psycopg.connect(chain.cluster.url(), autocommit=True) as admin:
        admin.execute(f"ALTER SYSTEM SET ssl_cert_file = '{cert}'")
        admin.execute(f"ALTER SYSTEM SET ssl_key_file = '{key}'")
        admin.execute("ALTER SYSTEM SET ssl = on")
        admin.execute("SELECT pg_reload_conf()")
    try:
        import time

        time.sleep(0.5)  # the postmaster reloads its configuration
        result = sync(north.db, north.counter.db_path, tls, north.counter.now, north.counter.settings)
        assert result.pushed >= 1
        with connect(f"{north.hub.url}?sslmode=verify-ca&sslrootcert={cert}") as conn:
            assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (
                True,
            )
    finally:
        with psycopg.connect(chain.cluster.url(), autocommit=True, sslmode="disable") as admin:
            admin.execute("ALTER SYSTEM RESET ssl")
            admin.execute("ALTER SYSTEM RESET ssl_cert_file")
            admin.execute("ALTER SYSTEM RESET ssl_key_file")
            admin.execute("SELECT pg_reload_conf()")


def test_the_clear_password_never_reaches_the_hub(chain: Chain) -> None:
    import time

    log = chain.cluster.data.parent / "server.log"
    with psycopg.connect(chain.cluster.url(), autocommit=True) as admin:
        admin.execute("ALTER SYSTEM SET log_statement = 'all'")
        admin.execute("SELECT pg_reload_conf()")
    try:
        time.sleep(0.3)
        chain.add_site("north")
    finally:
        with psycopg.connect(chain.cluster.url(), autocommit=True) as admin:
            admin.execute("ALTER SYSTEM RESET log_statement")
            admin.execute("SELECT pg_reload_conf()")
    with psycopg.connect(chain.owner_url) as conn:
        stored = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (f"{chain.database}_north",)
        ).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$")
    text = log.read_text(errors="replace")
    assert "CREATE ROLE" in text  # the statement was logged ...
    assert chain.passwords["north"] not in text  # ... without the password
