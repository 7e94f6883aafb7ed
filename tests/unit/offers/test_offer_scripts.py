"""Offer scripts: the sales process's defaults, a manager's edits, and what is refused."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment
from posapp.offers.engine import decide
from posapp.offers.model import CustomerFacts, OfferRules, Situation
from posapp.offers.scripts import FALLBACK_SCRIPTS, SCRIPT_KINDS, Scripts, check_script, money_formatter
from posapp.storage.db import Database
from posapp.storage.offer_scripts import default_scripts, load_scripts, reset_script, save_script

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at
USD = money_formatter("USD", "en_US")


ANA = CustomerFacts(id=12, first_name="Ana")


def offered_script(situation: Situation, catalog: Catalog, scripts: Scripts) -> str:
    decision = decide(situation, catalog, OfferRules(), NOW, scripts=scripts, format_price=USD)
    assert decision.offer is not None
    return decision.offer.script


def test_the_cross_sell_default_is_the_sales_process_script_with_the_real_wash(
    catalog: Catalog, scripts: Scripts
) -> None:
    script = offered_script(Situation(Moment.CHECKOUT, ("express_wash",), customer=ANA), catalog, scripts)
    assert script.startswith("Hi Ana, I noticed you've chosen our Express Wash—great choice!")
    assert "protects the paint from environmental elements" in script
    assert "$8.00 more" in script
    assert "standard car wash" not in script


def test_the_upsell_default_is_the_sales_process_script(catalog: Catalog, scripts: Scripts) -> None:
    rules = OfferRules(fixed_order=(OfferRules().fixed_order[1], OfferRules().fixed_order[0]))
    decision = decide(
        Situation(Moment.CHECKOUT, ("standard_wash",)),
        catalog,
        rules,
        NOW,
        scripts=scripts,
        format_price=USD,
    )
    assert decision.offer is not None
    script = decision.offer.script
    assert script.startswith("Hey, I noticed you've chosen our Standard Wash.")
    assert "we do have a Premium Package that some of our regulars love" in script
    assert "It's only $10.00 more." in script


def test_a_walk_in_is_greeted_hi_there(catalog: Catalog, scripts: Scripts) -> None:
    script = offered_script(Situation(Moment.CHECKOUT, ("standard_wash",)), catalog, scripts)
    assert script.startswith("Hi there, I noticed you've chosen our Standard Wash")


def test_a_service_script_for_a_walk_in_drops_the_name_cleanly(catalog: Catalog, scripts: Scripts) -> None:
    script = offered_script(Situation(Moment.SERVICE, ("standard_wash",)), catalog, scripts)
    assert script.startswith("Thanks for reaching out. While I have you: our Premium Package")


def test_every_shipped_and_fallback_script_passes_the_managers_check(scripts: Scripts) -> None:
    for key, text in {**FALLBACK_SCRIPTS, **scripts.templates}.items():
        assert check_script(key, text) == text
    assert set(SCRIPT_KINDS) <= set(scripts.templates)


def test_a_managers_edit_is_used_and_can_be_reset(
    counter_db: Database, catalog: Catalog, scripts: Scripts
) -> None:
    save_script(counter_db, "checkout.cross_sell.car_waxing", "Hey {first_name}, wax for {price}?", NOW)
    edited = load_scripts(counter_db, scripts)
    situation = Situation(Moment.CHECKOUT, ("standard_wash",), customer=ANA)
    assert offered_script(situation, catalog, edited) == "Hey Ana, wax for $8.00?"
    row = counter_db.execute("SELECT key, text, updated_at FROM offer_scripts").fetchall()
    assert row == [
        (
            "checkout.cross_sell.car_waxing",
            "Hey {first_name}, wax for {price}?",
            "2026-11-27T15:00:00.000000+00:00",
        )
    ]
    reset_script(counter_db, "checkout.cross_sell.car_waxing")
    assert load_scripts(counter_db, scripts) == scripts


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("checkout.cross_sell", "Hi {name}, add {addon}?", "unknown placeholder {name}"),
        ("checkout.cross_sell", "Hi [Customer's Name], add {addon}?", "bracket"),
        ("checkout.cross_sell", "Hi {first_name, add {addon}?", "brace without its partner"),
        ("checkout.cross_sell", "Add {addon!r}?", "unknown placeholder {addon}"),
        ("checkout.cross_sell", "Literal {{braces}}", "doubled brace"),
        ("checkout.cross_sell", "   ", "is empty"),
        ("checkout.cross_sell", "x" * 2001, "longer than 2000"),
        ("lunch.cross_sell", "Hi {first_name}", "no script called 'lunch.cross_sell'"),
    ],
    ids=["unknown", "bracket", "unmatched", "conversion", "doubled", "empty", "long", "bad key"],
)
def test_a_bad_edit_is_refused_and_nothing_is_stored(
    counter_db: Database, key: str, text: str, message: str
) -> None:
    with pytest.raises(UserError, match=message.replace("{", r"\{").replace("(", r"\(")):
        save_script(counter_db, key, text, NOW)
    assert counter_db.execute("SELECT count(*) FROM offer_scripts").fetchone() == (0,)


def test_a_row_broken_behind_the_apps_back_falls_back_to_the_default(
    counter_db: Database, scripts: Scripts
) -> None:
    counter_db.execute("INSERT INTO offer_scripts VALUES ('checkout.upsell', 'Hi [Name]', '2026-01-01')")
    assert (
        load_scripts(counter_db, scripts).templates["checkout.upsell"]
        == (scripts.templates["checkout.upsell"])
    )


def test_a_broken_defaults_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "offer_scripts.toml"
    path.write_text('[[script]]\nkey = "checkout.upsell"\ntext = "Hi {nme}"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"offer_scripts.toml: The script checkout.upsell uses"):
        default_scripts(path)


def test_the_trial_script_for_a_renewal_states_the_trial_is_free(catalog: Catalog, scripts: Scripts) -> None:
    member = CustomerFacts(1, "", "standard_club", member_since=date(2025, 1, 5), renews_on=date(2026, 12, 2))
    script = offered_script(Situation(Moment.RENEWAL, customer=member), catalog, scripts)
    assert script.startswith("Hi there, your Standard Club renews soon")
    assert "The trial itself is free" in script
