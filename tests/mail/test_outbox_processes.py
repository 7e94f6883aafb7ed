"""The outbox across real processes: a sender killed between the server's 250 and its commit,
the `posapp followups` command (dry run, send, opt-out), and a password that is never written down."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from posapp.services.followups import send_due
from posapp.storage import outbox

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

#: Sends the due messages and dies (os._exit: no commit, no clean-up) right after the server
#: accepted message number `die_after` of this run: the injected failure point in the real send path.
CRASHING_SENDER = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime
    from pathlib import Path
    from posapp.services.followups import mail_setup, send_due
    from posapp.services.mail_render import template_path_for
    from posapp.settings import load_settings
    from posapp.storage.migrations import open_migrated

    db_path, settings_path, now_text, die_after = sys.argv[1:5]
    now = datetime.fromisoformat(now_text)
    db = open_migrated(db_path)
    setup = mail_setup(db, load_settings(Path(settings_path)), template_path_for(Path(db_path)))
    accepted = 0

    def crash_after_accept(row):
        global accepted
        accepted += 1
        if accepted == int(die_after):
            os._exit(9)

    send_due(db, setup, lambda: now, after_accept=crash_after_accept)
    """
)


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "POSAPP_MAIL_PASSWORD"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def test_a_sender_killed_after_the_servers_250_sends_that_one_message_twice_and_nothing_else(
    shop, smtp_server, clock
):
    customers = [shop.customer(f"Person{n} Test", f"p{n}@example.com") for n in range(4)]
    for customer in customers:
        shop.sell(customer)
    clock.advance(days=3)
    died = subprocess.run(
        [sys.executable, "-c", CRASHING_SENDER, str(shop.counter.db_path), str(shop.settings_path),
         clock().isoformat(), "2"],
        env=_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert died.returncode == 9, died.stderr
    assert len(smtp_server.received) == 2
    states = [row.state for row in outbox.messages(shop.db)]
    assert states == ["sent", "sending", "planned", "planned"]

    # Restarted within the timeout: the half-sent one is left alone (its sender may still be alive).
    early = send_due(shop.db, shop.setup(), clock)
    assert [row.state for row in outbox.messages(shop.db)] == ["sent", "sending", "sent", "sent"]
    assert len(early.sent) == 2
    # After it: sent once more, marked as a possible duplicate; nothing else goes twice.
    clock.advance(minutes=16)
    late = send_due(shop.db, shop.setup(), clock)
    rows = outbox.messages(shop.db)
    assert late.released == [rows[1].id] and len(late.sent) == 1
    assert [row.state for row in rows] == ["sent"] * 4
    assert [row.possible_duplicate for row in rows] == [False, True, False, False]
    ids = [got.message["Message-ID"] for got in smtp_server.received]
    assert len(ids) == 5 and sorted(set(ids)) == sorted(row.message_id for row in rows)
    assert ids.count(rows[1].message_id) == 2  # the one duplicate carries the same Message-ID
    assert send_due(shop.db, shop.setup(), clock).sent == []


def _posapp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posapp", *args],
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _due_now(shop, clock) -> None:  # type: ignore[no-untyped-def]
    # The command reads the real clock: the sale is made four days ago.
    clock.current = datetime.now(UTC) - timedelta(days=4)
    shop.sell(shop.customer("Ana Lopez", "ana@example.com"))


def test_followups_send_dry_run_says_what_would_go_and_writes_nothing(shop, smtp_server, clock):
    _due_now(shop, clock)
    db_path = shop.counter.db_path
    before = list(shop.db.conn.iterdump())
    dry = _posapp("followups", "send", "--db", str(db_path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    [row] = outbox.messages(shop.db)
    assert f"would send message {row.id} to ana@example.com" in dry.stdout
    assert "1 would be sent, 0 would be cancelled" in dry.stdout
    assert list(shop.db.conn.iterdump()) == before and smtp_server.received == []

    sent = _posapp("followups", "send", "--db", str(db_path))
    assert sent.returncode == 0, sent.stderr
    assert f"sent message {row.id} to ana@example.com" in sent.stdout
    assert len(smtp_server.received) == 1
    again = _posapp("followups", "send", "--db", str(db_path))
    assert "0 sent, 0 cancelled, 0 to retry, 0 failed." in again.stdout and len(smtp_server.received) == 1


def test_followups_optout_records_a_withdrawal_and_cancels_what_waits(shop, smtp_server, clock):
    _due_now(shop, clock)
    result = _posapp("followups", "optout", "--db", str(shop.counter.db_path), "--email", "ANA@example.com",
                     "--channel", "phone")  # fmt: skip
    assert result.returncode == 0, result.stderr
    [row] = outbox.messages(shop.db)
    assert (row.state, row.reason) == ("cancelled", "no_consent")
    unknown = _posapp("followups", "optout", "--db", str(shop.counter.db_path), "--email", "x@example.com")
    assert unknown.returncode == 2 and "No customer has the e-mail address" in unknown.stderr


def test_the_password_is_never_written_to_the_database_settings_or_output(
    make_shop, smtp_server, clock, tmp_path, monkeypatch
):
    shop = make_shop(smtp_server.port, user="shop")
    _due_now(shop, clock)
    db_path = shop.counter.db_path
    wrong = "Wrong-Pw-4411-never-stored"
    # A wrong password: aiosmtpd answers a failed login by hanging up; the message waits, unharmed.
    refused = _posapp("followups", "send", "--db", str(db_path), env=_env(POSAPP_MAIL_PASSWORD=wrong))
    assert refused.returncode == 0 and "0 sent, 0 cancelled, 1 to retry" in refused.stdout
    missing = _posapp("followups", "send", "--db", str(db_path))
    assert missing.returncode == 2 and "set the POSAPP_MAIL_PASSWORD environment variable" in missing.stderr
    monkeypatch.setenv("POSAPP_MAIL_PASSWORD", PASSWORD)
    clock.current = datetime.now(UTC) + timedelta(minutes=10)  # past the back-off
    assert len(send_due(shop.db, shop.setup(), clock).sent) == 1
    assert smtp_server.handler.authenticated == [True]
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert {"counter.db", "counter.db-wal", "settings.toml"} <= {path.name for path in written}
    for secret in (PASSWORD, wrong):
        for output in (refused, missing):
            assert secret not in output.stdout + output.stderr
        for path in written:
            assert secret.encode() not in path.read_bytes(), path
        assert secret not in "\n".join(shop.db.conn.iterdump())
