"""A manager's edits to what the counter sells and says: prices, offer scripts and offer rules, audited.

Each change re-checks the manager's PIN and is stored in one write transaction together with
its audit entry (who, what, when, before and after): both are kept, or neither. A price
change applies to new tickets only; a ticket line keeps the price it was sold at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from posapp.domain.errors import UserError
from posapp.domain.money import parse_price
from posapp.offers.model import OfferRules
from posapp.offers.scripts import FALLBACK_SCRIPTS, SCRIPT_KINDS, Scripts, check_script
from posapp.services.auth import require_manager
from posapp.services.settings_edits import store_settings_change
from posapp.settings import Settings
from posapp.storage.audit import record_audit
from posapp.storage.catalog import replace_price
from posapp.storage.db import Database, write_transaction
from posapp.storage.offer_scripts import default_scripts, drop_script, load_scripts, store_script


def change_price(
    db: Database,
    *,
    code: str,
    price_text: str,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
    locale: str = "en_US",
) -> int:
    """Set the price of one service for new tickets, as typed in the site's locale; returns the cents."""
    row = db.execute("SELECT name FROM services WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise UserError(f"There is no service with the code {code!r} in the catalog.")
    # A mistyped price is refused before the PIN is checked: nothing at all is written for it.
    price_cents = parse_price(price_text, str(row[0]), locale)
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    with write_transaction(db):
        old_cents = replace_price(db, code, price_cents)
        if old_cents != price_cents:
            record_audit(
                db,
                at=at,
                cashier_id=manager.id,
                action="price_changed",
                subject=code,
                before={"price_cents": old_cents},
                after={"price_cents": price_cents},
            )
    return price_cents


def change_script(
    db: Database,
    *,
    key: str,
    text: str,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> str:
    """Store a manager's wording of one offer script; returns the text as the cashier will see it."""
    checked = check_script(key, text)
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    with write_transaction(db):
        before = script_in_use(load_scripts(db), key)
        if checked != before:
            store_script(db, key, checked, at)
            record_audit(
                db,
                at=at,
                cashier_id=manager.id,
                action="script_changed",
                subject=key,
                before={"text": before},
                after={"text": checked},
            )
    return checked


def reset_script_to_default(
    db: Database,
    *,
    key: str,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> str:
    """Drop a manager's wording so the shipped script is used again; returns the script now in use."""
    manager = require_manager(db, manager_id, manager_pin, now)
    at = now()
    defaults = default_scripts()
    with write_transaction(db):
        edited = db.execute("SELECT text FROM offer_scripts WHERE key = ?", [key]).fetchone()
        if edited is not None:
            drop_script(db, key)
            record_audit(
                db,
                at=at,
                cashier_id=manager.id,
                action="script_changed",
                subject=key,
                before={"text": str(edited[0])},
                after={"text": script_in_use(defaults, key), "default": True},
            )
    return script_in_use(defaults, key)


def script_keys(db: Database) -> list[str]:
    """Every script a manager may edit: the shipped ones, one per kind of offer, and any stored edit."""
    stored = {str(key) for (key,) in db.execute("SELECT key FROM offer_scripts").fetchall()}
    return sorted(set(default_scripts().templates) | set(SCRIPT_KINDS) | stored)


def edited_script_keys(db: Database) -> set[str]:
    """The scripts a manager has reworded (Reset to default applies to these)."""
    return {str(key) for (key,) in db.execute("SELECT key FROM offer_scripts").fetchall()}


def script_in_use(scripts: Scripts, key: str) -> str:
    """The text the cashier reads for `key`: its own script, else its kind's, else the plain fallback."""
    general = ".".join(key.split(".")[:2])
    for candidate in (key, general):
        if candidate in scripts.templates:
            return scripts.templates[candidate]
    return FALLBACK_SCRIPTS.get(general, FALLBACK_SCRIPTS["checkout.cross_sell"])


def offer_rules_table(rules: OfferRules) -> dict[str, int | str]:
    """The [offers] table of settings.toml that gives these rules."""
    return {
        "cooldown_days": rules.cooldown_days,
        "decline_pause_days": rules.decline_pause_days,
        "min_tenure_months": rules.min_tenure_months,
        "trial_days": rules.trial_days,
        "renewal_window_days": rules.renewal_window_days,
        "overwhelmed_after_changes": rules.overwhelmed_after_changes,
        "follow_up_days": rules.follow_up_days,
        "policy": rules.policy.value,
    }


def change_offer_rules(
    db: Database,
    settings: Settings,
    rules: OfferRules,
    *,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> Settings:
    """Tune when offers are made (cooldown, tenure, trial length, ...); returns the settings in force.

    The rules are checked when `rules` is made (OfferRules refuses a value out of range in one
    sentence); saving is store_settings_change: comments kept, audited, not in the demo's file.
    """
    store_settings_change(
        db,
        settings,
        {"offers": offer_rules_table(settings.offer_rules)},
        {"offers": offer_rules_table(rules)},
        action="offer_rules_changed",
        subject="offers",
        manager_id=manager_id,
        manager_pin=manager_pin,
        now=now,
    )
    return replace(settings, offer_rules=rules)
