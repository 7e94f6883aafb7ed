"""The ticket in progress: washes replace each other, changes are counted, add-ons are not doubled."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from posapp.domain.errors import UserError
from posapp.domain.offer import OfferKind
from posapp.domain.ticket import Flag, TicketDraft
from posapp.storage.catalog import read_catalog_file

CATALOG = read_catalog_file()


def draft() -> TicketDraft:
    return TicketDraft(cashier_id=1, opened_at=datetime(2026, 11, 27, tzinfo=UTC))


def test_choosing_another_wash_replaces_it_and_counts_a_change() -> None:
    ticket = draft().choose_wash(CATALOG.get("express_wash"))
    ticket = ticket.add_addon(CATALOG.get("car_waxing"))
    ticket = ticket.choose_wash(CATALOG.get("standard_wash"))
    assert ticket.codes == ("standard_wash", "car_waxing")
    assert ticket.wash_changes == 1
    assert ticket.choose_wash(CATALOG.get("standard_wash")).wash_changes == 1  # same wash: no change


def test_an_accepted_upgrade_is_not_indecision() -> None:
    ticket = draft().choose_wash(CATALOG.get("standard_wash"))
    upgraded = ticket.choose_wash(CATALOG.get("premium_package"), offer_kind=OfferKind.UPSELL)
    assert upgraded.wash_changes == 0
    assert upgraded.wash is not None and upgraded.wash.offer_kind is OfferKind.UPSELL


def test_an_addon_is_not_added_twice_and_a_wash_is_not_an_addon() -> None:
    ticket = draft().choose_wash(CATALOG.get("standard_wash")).add_addon(CATALOG.get("car_waxing"))
    with pytest.raises(UserError, match="already on the ticket"):
        ticket.add_addon(CATALOG.get("car_waxing"))
    with pytest.raises(UserError, match="is a wash"):
        ticket.add_addon(CATALOG.get("premium_package"))


def test_lines_can_be_removed_and_flags_toggled() -> None:
    ticket = draft().choose_wash(CATALOG.get("standard_wash")).add_addon(CATALOG.get("tire_shine"))
    assert ticket.remove_line(1).codes == ("standard_wash",)
    with pytest.raises(UserError):
        ticket.remove_line(5)
    flagged = ticket.with_flag(Flag.BUDGET, True)
    assert flagged.flags == {Flag.BUDGET}
    assert flagged.with_flag(Flag.BUDGET, False).flags == frozenset()


def test_a_better_wash_takes_off_the_addons_it_includes() -> None:
    ticket = draft().choose_wash(CATALOG.get("standard_wash"))
    ticket = ticket.add_addon(CATALOG.get("tire_shine")).add_addon(CATALOG.get("car_waxing"))
    premium = ticket.choose_wash(CATALOG.get("premium_package"))
    assert premium.codes == ("premium_package", "car_waxing")  # tire shine is in the package


def test_an_offer_taken_back_before_paying_is_a_decline() -> None:
    from posapp.domain.offer import Moment, OfferEvent, Outcome

    at = datetime(2026, 11, 27, tzinfo=UTC)
    accepted = OfferEvent(
        Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, at, "Hi", 800
    )
    ticket = draft().choose_wash(CATALOG.get("standard_wash"))
    ticket = ticket.add_addon(CATALOG.get("car_waxing"), OfferKind.CROSS_SELL).record_offer(accepted)
    taken_back = ticket.remove_line(1)
    assert taken_back.codes == ("standard_wash",)
    assert [event.outcome for event in taken_back.offer_events] == [Outcome.DECLINED]

    upsold = OfferEvent(
        Moment.CHECKOUT, OfferKind.UPSELL, "premium_package", Outcome.ACCEPTED, at, "Hey", 1000
    )
    ticket = draft().choose_wash(CATALOG.get("standard_wash"))
    ticket = ticket.choose_wash(CATALOG.get("premium_package"), OfferKind.UPSELL).record_offer(upsold)
    back_down = ticket.choose_wash(CATALOG.get("standard_wash"))
    assert [event.outcome for event in back_down.offer_events] == [Outcome.DECLINED]
