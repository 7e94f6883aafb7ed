"""Plain words for the cashier: the held-back explanations and the panel's one sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment
from posapp.domain.ticket import Flag
from posapp.offers.engine import decide
from posapp.offers.explain import not_offered
from posapp.offers.model import CustomerFacts, Decision, OfferRules, Policy, Situation
from posapp.settings import default_settings_path, load_settings

SITE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)  # the site's time every rule is judged at


ANA = CustomerFacts(id=12, first_name="Ana")


def decision_for(catalog: Catalog, situation: Situation) -> Decision:
    return decide(situation, catalog, OfferRules(), NOW)


@pytest.mark.parametrize(
    ("situation", "sentence"),
    [
        (
            Situation(Moment.CHECKOUT, ("standard_wash",), frozenset({Flag.COMPLAINT})),
            "Not offered: the customer has a complaint today.",
        ),
        (
            Situation(Moment.CHECKOUT, ("standard_wash",), frozenset({Flag.BUDGET})),
            "Not offered: the customer said money is tight.",
        ),
        (
            Situation(Moment.CHECKOUT, ("standard_wash",), frozenset({Flag.COMPLAINT, Flag.BUDGET})),
            "Not offered: the customer has a complaint today and the customer said money is tight.",
        ),
        (
            Situation(Moment.CHECKOUT, ("standard_wash",), wash_changes=4),
            "Not offered: the wash was changed 4 times on this ticket.",
        ),
        (
            Situation(
                Moment.CHECKOUT,
                ("premium_package",),
                customer=replace(ANA, last_accepted_offer_at=NOW - timedelta(days=2)),
            ),
            "Not offered: the customer accepted an offer on 2026-11-25, less than 30 days ago.",
        ),
        (
            Situation(Moment.CHECKOUT, ("car_waxing",)),
            "Not offered: there is no wash on the ticket yet.",
        ),
        (
            Situation(Moment.CHECKOUT, ("premium_package", "car_waxing")),
            "Not offered: Car Waxing is already on the ticket"
            " and the Premium Package is already our top wash.",
        ),
        (
            Situation(Moment.CHECKOUT, ("standard_wash",), answered_on_ticket=("car_waxing",)),
            "Not offered: an offer was already answered on this ticket.",
        ),
    ],
    ids=["complaint", "budget", "both", "overwhelmed", "recent", "no wash", "nothing fits", "answered"],
)
def test_the_panel_names_why_nothing_was_offered(
    catalog: Catalog, situation: Situation, sentence: str
) -> None:
    assert not_offered(decision_for(catalog, situation)) == sentence


def test_an_offer_needs_no_excuse(catalog: Catalog) -> None:
    assert not_offered(decision_for(catalog, Situation(Moment.CHECKOUT, ("standard_wash",)))) == ""


def test_explanations_in_plain_words(catalog: Catalog) -> None:
    decision = decision_for(
        catalog,
        Situation(
            Moment.CHECKOUT,
            ("standard_wash",),
            frozenset({Flag.UNDECIDED}),
            customer=replace(ANA, budget_sensitive=True),
        ),
    )
    assert decision.held_back[0].explanation == (
        "The customer has told us money is tight."
        " The customer is still deciding: let them settle on the wash first."
    )


def test_not_chosen_says_what_was_offered_instead(catalog: Catalog) -> None:
    decision = decide(
        Situation(Moment.CHECKOUT, ("standard_wash",)),
        catalog,
        OfferRules(policy=Policy.BEST_VALUE),
        NOW,
    )
    # With no history every take rate is the same, so the bigger price difference wins.
    assert decision.offer is not None and decision.offer.service == "premium_package"
    waxing = next(held for held in decision.held_back if held.service == "car_waxing")
    assert waxing.explanation == "Premium Package was offered instead: it is the better value."


def test_tenure_is_explained_in_months(catalog: Catalog) -> None:
    from datetime import date

    member = replace(
        ANA, member_plan="standard_club", member_since=date(2026, 10, 20), renews_on=date(2026, 12, 1)
    )
    decision = decision_for(catalog, Situation(Moment.RENEWAL, customer=member))
    assert not_offered(decision) == (
        "Not offered: the customer has been a member for 1 month; a trial upgrade needs 6 months."
    )


def test_a_running_trial_is_explained_with_its_end(catalog: Catalog) -> None:
    from datetime import date

    member = replace(
        ANA,
        member_plan="standard_club",
        member_since=date(2026, 2, 10),
        renews_on=date(2026, 12, 1),
        trial_plan="premium_club",
        trial_until=date(2026, 12, 20),
    )
    decision = decision_for(catalog, Situation(Moment.RENEWAL, customer=member))
    assert decision.offer is None
    assert not_offered(decision) == (
        "Not offered: the customer is already trying the Premium Club until 2026-12-20."
    )


def test_a_bad_offer_rule_in_the_settings_names_its_line(tmp_path: Path) -> None:
    text = default_settings_path().read_text(encoding="utf-8")
    broken = tmp_path / "settings.toml"
    broken.write_text(text.replace('policy = "fixed"', 'policy = "greedy"'), encoding="utf-8")
    with pytest.raises(UserError, match=r"settings.toml, line \d+: offers.policy must be one of"):
        load_settings(broken)
    broken.write_text(text.replace("cooldown_days = 30", "cooldown_days = -1"), encoding="utf-8")
    with pytest.raises(UserError, match=r"offers.cooldown_days must be a whole number from 0"):
        load_settings(broken)
