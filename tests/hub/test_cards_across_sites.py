"""A membership card is a match key: one card at two sites is one customer, whatever their plates."""

from __future__ import annotations

from posapp.domain.offer import Outcome
from posapp.services.customer_data import erase_customer
from posapp.services.customers import change_card
from tests.hub.conftest import Chain


def test_a_decline_at_a_site_that_knows_her_by_card_pauses_offers_at_another(chain: Chain) -> None:
    north = chain.till("north", "n1")
    south = chain.till("south", "s1")
    # Known at north by her card only; at south by the same card and another car's plate.
    ana_north = north.add_customer("Ana", card="CLUB-0042")
    ana_south = south.add_customer("Ana R.", plate="SOUTH1", card="club 0042")
    stranger = south.add_customer("Ben", plate="NORTH1", card="CLUB-0043")
    north.answer(ana_north, "car_waxing", Outcome.DECLINED)
    north.sync()
    south.sync()
    assert "recent" in south.reasons(ana_south)
    assert "declined_recently" in south.reasons(ana_south)
    assert "recent" not in south.reasons(stranger)  # a card one digit off is somebody else


def test_a_card_given_later_joins_the_customer_and_an_erasure_travels_by_it(chain: Chain) -> None:
    north = chain.till("north", "n1")
    south = chain.till("south", "s1")
    ana_north = north.add_customer("Ana", plate="AAA1")
    ana_south = south.add_customer("Ana", plate="BBB2")
    north.answer(ana_north, "car_waxing", Outcome.DECLINED)
    north.sync()
    south.sync()
    assert "recent" not in south.reasons(ana_south)  # two plates, no shared key: two customers
    change_card(north.db, ana_north, "M-77")
    change_card(south.db, ana_south, "m77")
    north.sync()
    south.sync()
    assert "recent" in south.reasons(ana_south)
    erase_customer(
        north.db,
        customer_id=ana_north,
        manager_id=north.manager_id,
        manager_pin="9999",
        now=north.counter.now,
    )
    north.sync()
    assert south.sync().erased == (ana_south,)
