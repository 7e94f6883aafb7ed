"""The Script tests dialog: from the Counter menu, behind a manager's PIN; start, read and stop a test."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.offer import Moment, OfferKind
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.experiments_dialog import ScriptTestsDialog, offers_to_test
from posapp.offers.experiments import arm_for, unit_for
from posapp.services.customers import add_customer
from posapp.services.experiments import ScriptTestPlan, start_experiment
from posapp.storage.experiments import all_experiments, get_experiment
from tests.conftest import Staff
from tests.gui.conftest import Driver


def _audit(counter: Counter) -> list[tuple[str, dict[str, object]]]:
    return [
        (str(action), json.loads(after) if after else {})
        for action, after in counter.db.execute(
            "SELECT action, after FROM audit_log WHERE action LIKE 'experiment_%' ORDER BY id"
        ).fetchall()
    ]


def _open(window: CheckoutWindow, typed_pins: list[str], pin: str) -> ScriptTestsDialog | None:
    typed_pins.append(pin)
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_script_tests").trigger()
    return window.findChild(ScriptTestsDialog)


def test_a_cashier_s_pin_does_not_open_it(
    window: CheckoutWindow, typed_pins: list[str], staff: Staff
) -> None:
    assert _open(window, typed_pins, staff.cashier_pin) is None


def test_a_manager_starts_reads_and_stops_a_test(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, staff: Staff, typed_pins: list[str]
) -> None:
    dialog = _open(window, typed_pins, staff.manager_pin)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.tests.count() == 0 and not dialog.stop_button.isEnabled()
    assert dialog.offer.currentText() == "At checkout – add-on: Car Waxing"
    assert "{addon}" in dialog.script_a.toPlainText()  # A is the process's own script, shown as it reads
    dialog.name.setText("Waxing: weeks of shine")
    dialog.script_b.setPlainText("Shall I add {addon} for {price}? The shine lasts for weeks.")
    dialog.holdout.setValue(10)
    dialog.min_customers.setValue(300)
    with qtbot.waitSignal(dialog.reading_ready, timeout=20_000) as reading:
        dialog.start_button.click()
    assert dialog.error.text() == ""
    (test,) = all_experiments(counter.db)
    assert (test.name, test.service, test.min_customers) == ("Waxing: weeks of shine", "car_waxing", 300)
    assert [(arm.name, arm.share) for arm in test.arms] == [("holdout", 1000), ("A", 4500), ("B", 4500)]
    assert reading.args == [
        "Too early to tell: the smallest arm has 0 of the 300 customers planned; the test runs until"
        " Dec 24, 2026 at the latest.\n\nHold-out (no offer): 0 customers"
        "\nVariant A (own script): 0 customers, take rate 0.0%\nVariant B: 0 customers, take rate 0.0%"
    ]
    assert dialog.stop_button.isEnabled()

    dialog.start_button.click()  # the same offer again, while the first test runs
    assert "already testing this offer" in dialog.error.text()

    dialog.stop_button.click()
    assert "has stopped" in dialog.status.text()
    assert not dialog.stop_button.isEnabled()
    assert [action for action, _ in _audit(counter)] == ["experiment_started", "experiment_stopped"]
    assert _audit(counter)[0][1]["min_customers"] == 300


def test_a_bad_script_is_refused_in_the_dialog(
    qtbot: QtBot, window: CheckoutWindow, counter: Counter, staff: Staff, typed_pins: list[str]
) -> None:
    dialog = _open(window, typed_pins, staff.manager_pin)
    assert dialog is not None
    dialog.name.setText("Broken")
    dialog.script_b.setPlainText("Add {wax}?")
    dialog.start_button.click()
    assert "unknown placeholder {wax}" in dialog.error.text()
    assert all_experiments(counter.db) == ()


def test_only_offers_the_rules_can_make_are_testable(counter: Counter) -> None:
    offers = dict(offers_to_test(counter.catalog))
    assert "At checkout – add-on: Car Waxing" in offers
    assert "At checkout – upgrade: Premium Package" in offers
    assert "At renewal – free trial: Premium Club" in offers
    assert not any(words.endswith("Express Wash") for words in offers)  # nothing upgrades to the cheapest


def test_a_running_test_s_variant_b_may_be_reworded(
    qtbot: QtBot,
    window: CheckoutWindow,
    counter: Counter,
    staff: Staff,
    typed_pins: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _open(window, typed_pins, staff.manager_pin)
    assert dialog is not None
    dialog.name.setText("Waxing wording")
    dialog.script_b.setPlainText("Shall I add {addon} for {price}? The shine lasts for weks.")
    dialog.start_button.click()
    assert dialog.change_button.isEnabled()
    asked: list[str] = []

    def type_wording(cls, parent, title, current):  # type: ignore[no-untyped-def]
        asked.append(current)
        return current.replace("weks", "weeks")

    monkeypatch.setattr(ScriptTestsDialog, "ask_wording", classmethod(type_wording))
    dialog.change_button.click()
    assert asked == ["Shall I add {addon} for {price}? The shine lasts for weks."]
    (test,) = all_experiments(counter.db)
    assert test.arms[-1].script == "Shall I add {addon} for {price}? The shine lasts for weeks."
    assert _audit(counter)[-1] == (
        "experiment_changed",
        {"B": "Shall I add {addon} for {price}? The shine lasts for weeks."},
    )
    dialog.stop_button.click()
    assert not dialog.change_button.isEnabled()


def test_the_cashier_of_a_held_out_customer_reads_no_offer_today(
    window: CheckoutWindow, counter: Counter, staff: Staff, drive: Driver
) -> None:
    experiment_id = start_experiment(
        counter.db,
        ScriptTestPlan(
            "Waxing", Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", ("Add {addon}?",), 50, 100, 28
        ),
        catalog=counter.catalog,
        manager_id=staff.manager_id,
        manager_pin=staff.manager_pin,
        now=counter.now,
        time_zone=counter.settings.time_zone,
    )
    test = get_experiment(counter.db, experiment_id)
    assert test is not None
    held_out = next(
        customer
        for n in range(200)
        if (
            customer := add_customer(
                counter.db, Customer(None, f"Ana Held{n}", plate=f"H{n:04d}"), counter.now
            )
        )
        and arm_for(test, unit_for(customer.id, "")).name == "holdout"
    )
    drive.sign_in()
    drive.choose_customer(held_out.plate)
    drive.tap("wash_standard_wash")
    assert not window.checkout.offer_panel.has_offer
    assert drive.panel("offer_title") == "No offer right now"
    assert drive.panel("offer_reasons") == "No offer for this customer today."
