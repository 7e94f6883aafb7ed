"""The shop's setup is held once: a change is in force for every reader at once, and told once."""

from __future__ import annotations

from dataclasses import replace

from posapp.counter import Counter
from posapp.offers.scripts import Scripts
from posapp.shop_setup import SetupChange
from posapp.storage.catalog import load_catalog


def test_a_change_is_what_every_reader_of_the_counter_sees(counter: Counter) -> None:
    rules = replace(counter.settings.offer_rules, trial_days=14)
    counter.setup.change(settings=replace(counter.settings, offer_rules=rules))
    assert counter.settings.offer_rules.trial_days == 14
    assert counter.setup.settings is counter.settings


def test_listeners_hear_what_changed_and_only_that(counter: Counter) -> None:
    heard: list[SetupChange] = []
    counter.setup.subscribe(heard.append)
    counter.setup.change(scripts=Scripts({"checkout.cross_sell": "Wax, {first_name}?"}))
    counter.setup.change(catalog=load_catalog(counter.db))  # the same prices: nothing to tell
    counter.setup.change(settings=replace(counter.settings, backup_keep=3))
    assert heard == [SetupChange(scripts=True), SetupChange(settings=True)]


def test_a_listener_that_stopped_hears_nothing_more(counter: Counter) -> None:
    heard: list[SetupChange] = []
    stop = counter.setup.subscribe(heard.append)
    before = counter.setup.listener_count
    stop()
    stop()  # twice is harmless: a window may be closed and then destroyed
    counter.setup.change(settings=replace(counter.settings, backup_keep=3))
    assert heard == []
    assert counter.setup.listener_count == before - 1


def test_an_empty_change_is_false() -> None:
    assert not SetupChange()
    assert SetupChange(catalog=True)
