"""Prices and scripts: a manager edits a price in the table and a script in the editor; both are audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QTableView, QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.catalog import Catalog
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.main import application
from posapp.gui.manager_settings import PriceListModel, PricesAndScriptsDialog, open_prices_and_scripts
from posapp.offers.scripts import Scripts
from posapp.storage.cashiers import get_cashier
from posapp.storage.catalog import load_catalog
from posapp.storage.offer_scripts import default_scripts, load_scripts

WAXING_SCRIPT = "checkout.cross_sell.car_waxing"


@pytest.fixture
def approval(counter: Counter, staff) -> ManagerApproval:  # type: ignore[no-untyped-def]
    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    return ManagerApproval(manager, staff.manager_pin)


@pytest.fixture
def dialog(qtbot: QtBot, counter: Counter, approval: ManagerApproval) -> PricesAndScriptsDialog:
    application()
    made = PricesAndScriptsDialog(counter, approval)
    qtbot.add_widget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def price_row(model: PriceListModel, name: str) -> int:
    return next(row for row in range(model.rowCount()) if model.index(row, 0).data() == name)


def audit(counter: Counter, action: str) -> list[tuple[str, object, object]]:
    rows = counter.db.execute(
        "SELECT subject, before, after FROM audit_log WHERE action = ? ORDER BY id", (action,)
    ).fetchall()
    return [(subject, json.loads(before), json.loads(after)) for subject, before, after in rows]


def test_the_price_list_is_a_sound_model(dialog: PricesAndScriptsDialog, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.prices)
    model = dialog.prices
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert rows[0] == ["Express Wash", "Wash", "$10.00"]  # washes first, as on the menu
    assert ["Car Waxing", "Add-on", "$8.00"] in rows
    assert {row[1] for row in rows[-2:]} == {"Membership"}
    waxing = model.index(price_row(model, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    assert waxing.data(Qt.ItemDataRole.EditRole) == "8.00"
    assert waxing.flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_a_new_price_is_stored_shown_audited_and_handed_to_the_checkout(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    model = dialog.prices
    waxing = model.index(price_row(model, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    with qtbot.waitSignal(dialog.catalog_changed) as changed:
        assert model.setData(waxing, "9.50")
    catalog: Catalog = changed.args[0]
    assert catalog.get("car_waxing").price_cents == 950
    assert waxing.data() == "$9.50"
    assert dialog.form.settings_status.text() == "Car Waxing now costs $9.50 on new tickets."
    assert load_catalog(counter.db).get("car_waxing").price_cents == 950
    assert audit(counter, "price_changed") == [("car_waxing", {"price_cents": 800}, {"price_cents": 950})]


def test_a_bad_price_says_why_and_keeps_the_old_one(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    model = dialog.prices
    waxing = model.index(price_row(model, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    with qtbot.assertNotEmitted(dialog.catalog_changed):
        assert not model.setData(waxing, "8,5,0.1.2")
    assert dialog.form.dialog_error.text() == "Car Waxing: '8,5,0.1.2' is not a price; write it like 12.50."
    assert waxing.data() == "$8.00"
    assert load_catalog(counter.db).get("car_waxing").price_cents == 800
    assert audit(counter, "price_changed") == []


def test_a_price_typed_in_the_table_editor_is_stored(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    table = dialog.form.price_table
    waxing = dialog.prices.index(price_row(dialog.prices, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    table.setCurrentIndex(waxing)
    table.edit(waxing)
    editor = table.indexWidget(waxing) or table.focusWidget()
    qtbot.keyClicks(editor, "12")
    with qtbot.waitSignal(dialog.catalog_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert load_catalog(counter.db).get("car_waxing").price_cents == 1200


def tap(qtbot: QtBot, table: QTableView, index: QModelIndex) -> None:
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_a_tapped_price_takes_the_price_typed_next(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    """What the tab's hint says: tap a price, type the new one and press Enter."""
    table = dialog.form.price_table
    waxing = dialog.prices.index(price_row(dialog.prices, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    tap(qtbot, table, waxing)
    assert table.currentIndex() == waxing
    qtbot.keyClick(table, "1")  # the first key opens the editor and is typed into it
    editor = table.indexWidget(waxing)
    assert editor is not None
    qtbot.keyClicks(editor, "2")
    with qtbot.waitSignal(dialog.catalog_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert load_catalog(counter.db).get("car_waxing").price_cents == 1200
    assert dialog.form.settings_status.text() == "Car Waxing now costs $12.00 on new tickets."


def test_tapping_from_price_to_price_changes_nothing_and_says_nothing(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    """A tap only chooses the price: no editor opens, so none is committed unchanged on the next tap."""
    table = dialog.form.price_table
    waxing = dialog.prices.index(price_row(dialog.prices, "Car Waxing"), PriceListModel.PRICE_COLUMN)
    express = dialog.prices.index(price_row(dialog.prices, "Express Wash"), PriceListModel.PRICE_COLUMN)
    with qtbot.assertNotEmitted(dialog.catalog_changed):
        tap(qtbot, table, waxing)
        assert table.state() != QAbstractItemView.State.EditingState
        tap(qtbot, table, express)
    assert table.currentIndex() == express
    assert dialog.form.settings_status.text() == ""
    assert audit(counter, "price_changed") == []


def choose(dialog: PricesAndScriptsDialog, key: str) -> None:
    dialog.choose_script(key)
    assert dialog.chosen_key() == key


def test_a_script_is_saved_then_reset_through_the_buttons(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    form = dialog.form
    choose(dialog, WAXING_SCRIPT)
    shipped = default_scripts().templates[WAXING_SCRIPT]
    assert form.script_key.currentText() == "At checkout – add-on: Car Waxing"
    assert form.script_text.toPlainText() == shipped
    assert not form.script_save.isEnabled() and not form.script_reset.isEnabled()
    form.script_text.setPlainText("Hi {first_name}, shall we wax it for {price}?")
    assert form.script_save.isEnabled()
    with qtbot.waitSignal(dialog.scripts_changed) as saved:
        form.script_save.click()
    scripts: Scripts = saved.args[0]
    assert scripts.templates[WAXING_SCRIPT] == "Hi {first_name}, shall we wax it for {price}?"
    assert load_scripts(counter.db).templates[WAXING_SCRIPT] == scripts.templates[WAXING_SCRIPT]
    assert form.settings_status.text() == "Saved the script “At checkout – add-on: Car Waxing”."
    assert form.script_reset.isEnabled() and not form.script_save.isEnabled()
    with qtbot.waitSignal(dialog.scripts_changed):
        form.script_reset.click()
    assert form.script_text.toPlainText() == shipped == load_scripts(counter.db).templates[WAXING_SCRIPT]
    assert [after for _, _, after in audit(counter, "script_changed")] == [
        {"text": "Hi {first_name}, shall we wax it for {price}?"},
        {"text": shipped, "default": True},
    ]


def test_a_bad_placeholder_is_refused_in_one_sentence(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    form = dialog.form
    choose(dialog, "checkout.upsell")
    form.script_text.setPlainText("Hi {name}, upgrade?")
    with qtbot.assertNotEmitted(dialog.scripts_changed):
        form.script_save.click()
    assert form.dialog_error.text().startswith(
        "The script checkout.upsell uses the unknown placeholder {name};"
    )
    assert form.script_text.toPlainText() == "Hi {name}, upgrade?"  # kept on screen to fix
    assert counter.db.execute("SELECT count(*) FROM offer_scripts").fetchone()[0] == 0


def test_buttons_are_big_enough_to_tap(dialog: PricesAndScriptsDialog) -> None:
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible() and button.objectName() != "qt_tabwidget_tabbar":
            assert button.height() >= 48, button.text()


def test_opening_needs_a_managers_pin(qtbot: QtBot, counter: Counter, staff, typed_pins: list[str]) -> None:  # type: ignore[no-untyped-def]
    application()
    parent = QWidget()
    qtbot.add_widget(parent)
    typed_pins.append("0000")
    assert open_prices_and_scripts(parent, counter, staff.manager_id) is None
    typed_pins.append(staff.manager_pin)
    opened = open_prices_and_scripts(parent, counter, staff.manager_id)
    assert opened is not None and opened.isVisible()
    assert opened.windowTitle() == "Prices, scripts and offer rules – Morgan"
    opened.close()


def test_screenshot(qtbot: QtBot, dialog: PricesAndScriptsDialog, tmp_path: Path) -> None:
    """Not a check of pixels: pictures for a person to look at."""
    qtbot.wait(50)
    assert dialog.grab().save(str(tmp_path / "prices.png"))
    dialog.form.settings_tabs.setCurrentIndex(1)
    choose(dialog, WAXING_SCRIPT)
    qtbot.wait(50)
    assert dialog.grab().save(str(tmp_path / "scripts.png"))


def test_the_offer_rules_tab_shows_the_rules_in_force(dialog: PricesAndScriptsDialog) -> None:
    form = dialog.form
    assert (
        form.rule_cooldown_days.value(),
        form.rule_min_tenure_months.value(),
        form.rule_trial_days.value(),
    ) == (
        30,
        6,
        30,
    )
    assert form.rule_cooldown_days.suffix() == " days"
    assert form.rule_policy.currentText() == "Offer the add-on first"
    assert dialog.chosen_rules() == dialog._counter.settings.offer_rules


def test_saved_rules_are_audited_and_handed_on(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    form = dialog.form
    form.rule_cooldown_days.setValue(7)
    form.rule_policy.setCurrentIndex(form.rule_policy.findData("best_value"))
    with qtbot.waitSignal(dialog.rules_changed) as changed:
        form.rules_save.click()
    rules = changed.args[0]
    assert (rules.cooldown_days, rules.policy.value, rules.trial_days) == (7, "best_value", 30)
    # The test counter runs on the shipped settings, as the demo does: used, never written there.
    assert form.settings_status.text() == (
        "Offer rules saved for this demo session; the panel decides by them from the next tap."
    )
    assert audit(counter, "offer_rules_changed") == [
        ("offers", {"offers.cooldown_days": 30, "offers.policy": "fixed"},
         {"offers.cooldown_days": 7, "offers.policy": "best_value"}),
    ]  # fmt: skip


def test_the_pause_after_a_decline_is_a_rule_the_manager_sets(
    qtbot: QtBot, dialog: PricesAndScriptsDialog, counter: Counter
) -> None:
    form = dialog.form
    assert form.rule_decline_pause_days.value() == 7
    assert (
        form.rule_decline_pause_days.accessibleName() == "Days without offers after a customer declined one"
    )
    form.rule_decline_pause_days.setValue(10)
    with qtbot.waitSignal(dialog.rules_changed) as changed:
        form.rules_save.click()
    assert changed.args[0].decline_pause_days == 10
    assert counter.settings.offer_rules.decline_pause_days == 10
    assert audit(counter, "offer_rules_changed") == [
        ("offers", {"offers.decline_pause_days": 7}, {"offers.decline_pause_days": 10}),
    ]


def test_a_shorter_cooldown_lets_the_open_checkout_offer_again(
    window: CheckoutWindow, drive, counter: Counter, ana, staff, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
    from posapp.domain.ticket import Payment, TicketDraft
    from posapp.services.checkout import complete_sale

    ten_days_ago = clock() - timedelta(days=10)
    earlier = TicketDraft(cashier_id=staff.cashier_id, opened_at=ten_days_ago).with_customer(ana)
    earlier = earlier.choose_wash(counter.catalog.get("standard_wash"))
    earlier = earlier.add_addon(counter.catalog.get("car_waxing"), OfferKind.CROSS_SELL)
    earlier = earlier.record_offer(
        OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, ten_days_ago)
    )
    complete_sale(
        counter.db, earlier, payment=Payment.CARD, settings=counter.settings, now=lambda: ten_days_ago
    )

    drive.choose_customer("ABC123")
    drive.tap("wash_standard_wash")
    assert "less than 30 days ago" in drive.panel("offer_reasons")

    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    monkeypatch.setattr(
        ManagerApprovalDialog,
        "ask_approval",
        classmethod(lambda cls, *a, **k: ManagerApproval(manager, "9999")),
    )
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_prices_and_scripts").trigger()
    dialog = window.findChild(PricesAndScriptsDialog)
    assert dialog is not None
    dialog.form.rule_cooldown_days.setValue(7)
    dialog.form.rules_save.click()
    dialog.close()

    assert window.checkout.offer_panel.has_offer  # decided again at once, by the new rules
    assert drive.panel("offer_script").startswith("Hi Ana")


def test_a_trial_length_changed_in_the_app_is_promised_stored_and_printed(
    qtbot: QtBot, window: CheckoutWindow, drive, counter: Counter, member, approval, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Set the trial to 14 days in Offer rules, sell Ben the renewal trial, read the receipt: 14 days."""
    import io
    from datetime import date

    from pypdf import PdfReader

    from posapp.storage.customers import get_customer

    rules = PricesAndScriptsDialog(counter, approval, window)
    qtbot.add_widget(rules)
    rules.form.rule_trial_days.setValue(14)
    rules.form.rules_save.click()
    rules.close()

    drive.choose_customer("BEN42")
    assert drive.panel("offer_title") == "Free trial of Premium Club"
    assert "free for 14 days" in drive.panel("offer_script")  # what the cashier reads out
    drive.tap("offer_accept")
    drive.tap("wash_standard_wash")
    drive.tap("pay_membership")
    drive.complete_and_print(qtbot)

    # Accepted on 2026-11-27 (the test clock, New York): 14 days later, not the shipped 30.
    stored = get_customer(counter.db, member.id)
    assert stored is not None and stored.membership is not None
    assert (stored.membership.trial_plan, stored.membership.trial_until) == (
        "premium_club",
        date(2026, 12, 11),
    )
    receipt = (tmp_path / "receipts" / "receipt-000001.pdf").read_bytes()
    text = " ".join(PdfReader(io.BytesIO(receipt)).pages[0].extract_text().split())
    assert "Your free Premium Club trial runs until Dec 11, 2026." in text


def test_a_closed_window_stops_following_the_setup(qtbot: QtBot, counter: Counter, staff) -> None:  # type: ignore[no-untyped-def]
    """The setup outlives a window (a test, or a till re-opened): a destroyed window is never told."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from posapp.gui.main import build_window

    application()
    before = counter.setup.listener_count
    window = build_window(counter)
    assert counter.setup.listener_count > before  # the window, its page and its ticket follow it
    window.deleteLater()
    qtbot.waitUntil(lambda: counter.setup.listener_count == before)
    counter.setup.change(settings=replace(counter.settings, backup_keep=3))  # no deleted widget is called
    QApplication.processEvents()
