"""`posapp followups send|optout|retry|redeem`: the mail outbox for a scheduled job and the manager.

`send` plans nothing new (sales plan their follow-ups) and sends every message whose day has
come, deciding each again first; run twice in a row, the second run sends nothing. `--dry-run`
says what would happen and writes nothing, not even to the outbox.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from posapp.cli.args import existing_database, row_id
from posapp.services.followups import (
    mail_setup,
    opt_out_address,
    redeem_code,
    retry_failed_messages,
    send_due,
)
from posapp.services.mail_render import template_path_for
from posapp.settings import load_settings, settings_path_for
from posapp.storage.migrations import open_migrated


def register(subparsers: Any) -> None:
    """Add `followups send|optout|retry|redeem` to the `posapp` command."""
    followups = subparsers.add_parser("followups", help="send follow-up e-mails and the newsletter")
    actions = followups.add_subparsers(dest="followups_action", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="send the messages whose day has come, through [mail]; never twice"
    )
    send.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    send.add_argument(
        "--dry-run", action="store_true", help="say what would be sent or cancelled; write nothing"
    )
    send.set_defaults(run=run_send)
    optout = actions.add_parser("optout", help="record an opt-out received by mail or phone")
    optout.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    optout.add_argument("--email", required=True, metavar="ADDRESS")
    optout.add_argument("--channel", choices=("mail", "phone", "email"), default="mail")
    optout.set_defaults(run=run_optout)
    retry = actions.add_parser("retry", help="try the failed messages again (after fixing the mail server)")
    retry.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    retry.set_defaults(run=run_retry)
    redeem = actions.add_parser("redeem", help="a code from an e-mail, shown at the counter for a ticket")
    redeem.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="the counter's database")
    redeem.add_argument("--code", required=True)
    redeem.add_argument("--ticket", type=row_id("--ticket"), required=True, metavar="NUMBER")
    redeem.set_defaults(run=run_redeem)


def _now() -> datetime:
    return datetime.now(UTC)


def run_send(args: argparse.Namespace) -> int:
    path = existing_database(args)
    settings = load_settings(args.settings or settings_path_for(path))
    db = open_migrated(path)
    try:
        setup = mail_setup(db, settings, template_path_for(path, create=not args.dry_run))
        run = send_due(db, setup, _now, dry_run=args.dry_run)
    finally:
        db.conn.close()
    verb = "would send" if run.dry_run else "sent"
    for message, address in run.sent:
        print(f"{verb} message {message} to {address}")
    for message, reason in run.cancelled:
        print(f"{'would cancel' if run.dry_run else 'cancelled'} message {message}: {reason}")
    for message, why in run.retried:
        print(f"will retry message {message}: {why}")
    for message, reason in run.failed:
        print(f"failed message {message}: {reason} (waits for a manager: posapp followups retry)")
    if run.released:
        print(f"{len(run.released)} messages a stopped run left half-sent go again (possible duplicates)")
    print(run.summary())
    return 0


def run_optout(args: argparse.Namespace) -> int:
    path = existing_database(args)
    settings = load_settings(args.settings or settings_path_for(path))
    db = open_migrated(path)
    try:
        customers = opt_out_address(db, args.email, channel=args.channel, now=_now, settings=settings)
    finally:
        db.conn.close()
    address = args.email.strip().lower()
    print(f"Opt-out recorded for {len(customers)} customer(s) with {address}; nothing more is sent.")
    return 0


def run_retry(args: argparse.Namespace) -> int:
    db = open_migrated(existing_database(args))
    try:
        count = retry_failed_messages(db, now=_now)
    finally:
        db.conn.close()
    print(f"{count} failed messages will be tried again at the next send.")
    return 0


def run_redeem(args: argparse.Namespace) -> int:
    path = existing_database(args)
    settings = load_settings(args.settings or settings_path_for(path))
    db = open_migrated(path)
    try:
        redeem_code(db, args.code, ticket_number=args.ticket, settings=settings)
    finally:
        db.conn.close()
    print(f"Code {args.code.strip().upper()} redeemed by ticket {args.ticket}.")
    return 0
