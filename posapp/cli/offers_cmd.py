"""`posapp offers decide`: a Situation JSON on stdin, the engine's Decision JSON on stdout.

It opens the database read-only, so asking "what would the counter offer?" never changes
anything, not even on a live till.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from posapp.domain.errors import UserError
from posapp.offers.engine import decide
from posapp.offers.json_codec import decision_to_json, parse_situation
from posapp.offers.scripts import money_formatter
from posapp.settings import Settings, load_settings
from posapp.storage.db import Database, open_db
from posapp.storage.offer_history import load_customer_facts, rules_with_take_rates
from posapp.storage.offer_scripts import load_scripts


def register(subparsers: Any) -> None:
    """Add `offers decide` to the `posapp` command."""
    offers = subparsers.add_parser("offers", help="ask the offer engine what it would offer")
    actions = offers.add_subparsers(dest="offers_action", metavar="ACTION", required=True)
    decide_parser = actions.add_parser(
        "decide",
        help="read a Situation JSON on stdin and print the Decision JSON; never writes",
    )
    # SUPPRESS keeps a global `posapp --db PATH offers decide` from being reset to None here.
    decide_parser.add_argument(
        "--db", default=argparse.SUPPRESS, help="the counter's database (opened read-only)"
    )
    decide_parser.set_defaults(run=run_decide)


def run_decide(args: argparse.Namespace) -> int:
    if getattr(args, "db", None) is None:
        raise UserError("Give the counter's database with --db PATH.")
    settings = load_settings(args.settings)
    situation_text = sys.stdin.read()
    db = open_db(args.db, read_only=True)
    try:
        sys.stdout.write(answer(db, situation_text, settings) + "\n")
    finally:
        db.close()
    return 0


def answer(db: Database, situation_text: str, settings: Settings) -> str:
    """The Decision JSON for one Situation JSON, reading the catalog and history from `db`."""
    from posapp.storage.catalog import load_catalog

    catalog = load_catalog(db)
    request = parse_situation(situation_text, catalog, settings.time_zone)
    now = request.now or datetime.now(settings.time_zone)
    rules = rules_with_take_rates(db, settings.offer_rules, now.astimezone(settings.time_zone).date())
    customer_id = request.customer_id
    stored = load_customer_facts(db, customer_id, now, rules) if customer_id else None
    if customer_id and stored is None:
        # Deciding for a walk-in instead would answer a question nobody asked.
        raise UserError(
            f"customer.id: there is no customer {customer_id} in this database;"
            " leave out the id to decide for a walk-in."
        )
    decision = decide(
        request.situation(stored),
        catalog,
        rules,
        now,
        scripts=load_scripts(db),
        format_price=money_formatter(settings.currency, settings.locale),
    )
    return decision_to_json(decision)
