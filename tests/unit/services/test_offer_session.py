"""The ticket's offer bookkeeping without Qt: decisions, held-back dedupe, answers and the shown rule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.domain.customer import Customer, Membership
from posapp.domain.offer import Moment, OfferKind, Outcome
from posapp.domain.ticket import Flag, TicketDraft
from posapp.offers.model import OfferRules
from posapp.offers.scripts import Scripts, money_formatter
from posapp.services.offer_session import OfferSession, facts_from_customer
from posapp.storage.catalog import read_catalog_file

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def catalog() -> Catalog:
    return read_catalog_file()


@pytest.fixture
def session(catalog: Catalog) -> OfferSession:
    return OfferSession(
        catalog,
        OfferRules(),
        scripts=Scripts(),
        format_price=money_formatter("USD", "en_US"),
        now=lambda: NOW,
        time_zone=ZoneInfo("America/New_York"),
    )


def _draft(catalog: Catalog, *codes: str) -> TicketDraft:
    draft = TicketDraft(cashier_id=1, opened_at=NOW)
    for code in codes:
        service = catalog.get(code)
        draft = draft.choose_wash(service) if service.kind.value == "wash" else draft.add_addon(service)
    return draft


def test_cross_sell_accepted_adds_the_line_and_the_event(session: OfferSession, catalog: Catalog) -> None:
    draft, view = session.refresh(_draft(catalog, "standard_wash"))
    assert view.offer is not None and view.offer.service == "car_waxing"
    assert "$8.00" in view.offer.script
    accepted = session.accept(draft, view)
    assert accepted.codes == ("standard_wash", "car_waxing")
    assert accepted.lines[1].offer_kind is OfferKind.CROSS_SELL
    event = accepted.offer_events[-1]
    assert (event.outcome, event.script) == (Outcome.ACCEPTED, view.offer.script)
    _, after = session.refresh(accepted)
    assert after.offer is None
    assert after.not_offered == "Not offered: an offer was already answered on this ticket."


def test_upsell_accepted_drops_addons_the_new_wash_includes(session: OfferSession, catalog: Catalog) -> None:
    draft = _draft(catalog, "standard_wash", "car_waxing", "tire_shine", "underbody_rinse")
    draft, view = session.refresh(draft)
    assert view.offer is not None and view.offer.kind is OfferKind.UPSELL
    upgraded = session.accept(draft, view)
    assert upgraded.codes == ("premium_package", "car_waxing")
    assert upgraded.wash_changes == 0  # an accepted upgrade is not indecision


def held_back(draft: TicketDraft) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.service, e.reasons) for e in draft.offer_events if e.outcome is Outcome.HELD_BACK]


def test_held_back_candidates_are_noted_once_with_their_latest_reasons(
    session: OfferSession, catalog: Catalog
) -> None:
    draft = _draft(catalog, "standard_wash").with_flag(Flag.COMPLAINT, True)
    for _ in range(3):
        draft, view = session.refresh(draft)
    assert view.offer is None
    assert len(held_back(draft)) == len(set(held_back(draft))) == 4
    draft, _ = session.refresh(draft.with_flag(Flag.BUDGET, True))
    assert ("car_waxing", ("complaint", "budget")) in held_back(draft)
    assert len(held_back(draft)) == 4  # the same four offers, now with both reasons
    # Flags toggled on and off leave no trail: the ticket keeps what holds at the end.
    for _ in range(3):
        draft, _ = session.refresh(draft.with_flag(Flag.UNDECIDED, True))
        draft, _ = session.refresh(draft.with_flag(Flag.UNDECIDED, False))
    draft, view = session.refresh(draft.with_flag(Flag.COMPLAINT, False).with_flag(Flag.BUDGET, False))
    assert view.offer is not None and held_back(draft) == []


def test_unanswered_offer_is_closed_as_shown(session: OfferSession, catalog: Catalog) -> None:
    draft, view = session.refresh(_draft(catalog, "express_wash"))
    closed = session.close(draft, view)
    assert closed.offer_events[-1].outcome is Outcome.SHOWN
    assert session.close(draft, None) == draft


def test_renewal_comes_first_for_a_member_due(session: OfferSession, catalog: Catalog) -> None:
    member = Customer(
        id=None,
        name="Ben Okafor",
        membership=Membership("standard_club", date(2026, 3, 1), renews_on=date(2026, 12, 1)),
    )
    session.facts = facts_from_customer(member)
    assert session.renewal_due()
    draft, view = session.refresh(_draft(catalog).with_customer(member))
    assert view.moment is Moment.RENEWAL
    assert view.offer is not None and view.offer.kind is OfferKind.TRIAL_UPGRADE
    declined = session.decline(draft, view)
    _, after = session.refresh(declined)
    assert after.moment is Moment.CHECKOUT


def test_a_declined_question_is_kept_off_the_ticket(session: OfferSession, catalog: Catalog) -> None:
    draft = _draft(catalog, "standard_wash")
    view, held_back = session.question(draft)
    assert view.moment is Moment.QUESTION
    assert view.offer is not None and view.offer.service == "premium_package"
    assert held_back == []
    answered = session.answer_event(view, Outcome.DECLINED)
    assert answered.moment is Moment.QUESTION
    assert draft.offer_events == ()
