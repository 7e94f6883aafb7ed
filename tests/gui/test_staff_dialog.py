"""Staff and PINs: a manager adds a cashier who can then sign in, sets PINs, and marks a leaver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.main import application
from posapp.gui.printing import PrintQueue
from posapp.gui.staff_dialog import StaffDialog, open_staff
from posapp.services.auth import sign_in
from posapp.storage.cashiers import get_cashier
from tests.conftest import Staff

SHOTS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def approval(counter: Counter, staff: Staff) -> ManagerApproval:
    manager = get_cashier(counter.db, staff.manager_id)
    assert manager is not None
    return ManagerApproval(manager, staff.manager_pin)


@pytest.fixture
def queue_for_dialogs(qtbot: QtBot, counter: Counter) -> Iterator[PrintQueue]:
    application()
    owner = QWidget()  # held here until the test ends: the queue lives as its child
    qtbot.add_widget(owner)
    yield PrintQueue(counter, parent=owner)


@pytest.fixture
def dialog(qtbot: QtBot, counter: Counter, approval: ManagerApproval) -> StaffDialog:
    application()
    made = StaffDialog(counter, approval)
    qtbot.add_widget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def rows(dialog: StaffDialog) -> list[list[str]]:
    model = dialog.staff
    return [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]


def choose(dialog: StaffDialog, name: str) -> None:
    dialog.choose(
        next(p.id for p in (dialog.staff.person(r) for r in range(dialog.staff.rowCount())) if p.name == name)
    )


def test_the_list_shows_everyone_with_the_approving_manager_chosen(
    dialog: StaffDialog, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.staff)
    assert rows(dialog) == [["Morgan", "Manager", "Yes"], ["Sam", "Cashier", "Yes"]]
    assert dialog.form.chosen_name.text() == "Morgan, manager"
    assert dialog.form.staff_role.text() == "Make a cashier"


def test_a_person_added_here_can_sign_in(dialog: StaffDialog, counter: Counter) -> None:
    form = dialog.form
    form.staff_name.setText("Łukasz Nowak")
    form.staff_pin.setText("2468")
    form.staff_pin_again.setText("2468")
    form.staff_add.click()
    assert form.settings_status.text() == "Łukasz Nowak is set up as a cashier and can sign in now."
    assert form.dialog_error.text() == ""
    assert ["Łukasz Nowak", "Cashier", "Yes"] in rows(dialog)
    assert form.chosen_name.text() == "Łukasz Nowak, cashier"
    assert form.staff_name.text() == form.staff_pin.text() == form.staff_pin_again.text() == ""
    person = dialog.chosen()
    assert person is not None and sign_in(counter.db, person.id, "2468", counter.now).name == "Łukasz Nowak"


def test_pins_that_differ_are_refused_and_nobody_is_added(dialog: StaffDialog) -> None:
    form = dialog.form
    form.staff_name.setText("Alex")
    form.staff_pin.setText("2468")
    form.staff_pin_again.setText("2486")
    form.staff_add.click()
    assert form.dialog_error.text() == "The two PINs typed differ; type the same PIN twice."
    assert len(rows(dialog)) == 2
    assert form.staff_name.text() == "Alex"  # the name stays for a second try; the PINs are cleared
    assert form.staff_pin.text() == ""


def test_the_pin_fields_take_digits_only(dialog: StaffDialog, qtbot: QtBot) -> None:
    dialog.form.staff_pin.setFocus()
    qtbot.keyClicks(dialog.form.staff_pin, "12ab34")
    assert dialog.form.staff_pin.text() == "1234"


def test_a_leaver_is_greyed_out_cannot_sign_in_and_can_come_back(
    dialog: StaffDialog, counter: Counter, staff: Staff
) -> None:
    choose(dialog, "Sam")
    assert dialog.form.staff_active.text() == "Has left"
    dialog.form.staff_active.click()
    assert dialog.form.settings_status.text() == "Sam can no longer sign in."
    assert rows(dialog)[1] == ["Sam", "Cashier", "No: has left"]
    assert dialog.form.staff_active.text() == "Bring back"
    assert not dialog.form.staff_set_pin.isEnabled()  # nothing to change for someone who has left
    dialog.form.staff_active.click()
    assert rows(dialog)[1] == ["Sam", "Cashier", "Yes"]
    assert sign_in(counter.db, staff.cashier_id, staff.cashier_pin, counter.now).name == "Sam"


def test_the_only_manager_cannot_be_demoted(dialog: StaffDialog, typed_pins: list[str]) -> None:
    typed_pins.append("9999")  # a role change is approved at the moment of the change
    dialog.form.staff_role.click()
    assert dialog.form.dialog_error.text() == "Morgan is the only manager; make someone else a manager first."
    assert rows(dialog)[0] == ["Morgan", "Manager", "Yes"]


def test_a_new_pin_is_set_and_the_fields_are_cleared(
    dialog: StaffDialog, counter: Counter, staff: Staff, typed_pins: list[str]
) -> None:
    choose(dialog, "Sam")
    dialog.form.staff_new_pin.setText("8642")
    dialog.form.staff_new_pin_again.setText("8642")
    typed_pins.append(staff.manager_pin)
    dialog.form.staff_set_pin.click()
    assert dialog.form.settings_status.text() == "Sam has a new PIN, approved by Morgan."
    assert dialog.form.staff_new_pin.text() == ""
    assert sign_in(counter.db, staff.cashier_id, "8642", counter.now).name == "Sam"


def test_a_manager_who_changes_their_own_pin_goes_on_with_the_new_one(
    dialog: StaffDialog, counter: Counter, staff: Staff, typed_pins: list[str]
) -> None:
    dialog.form.staff_new_pin.setText("4321")
    dialog.form.staff_new_pin_again.setText("4321")
    typed_pins.append(staff.manager_pin)  # the old PIN approves the new one
    dialog.form.staff_set_pin.click()
    assert dialog.form.settings_status.text() == "Morgan has a new PIN, approved by Morgan."
    choose(dialog, "Sam")
    dialog.form.staff_active.click()  # approved with Morgan's new PIN, not refused as a wrong one
    assert dialog.form.dialog_error.text() == ""
    assert dialog.form.settings_status.text() == "Sam can no longer sign in."
    morgan = get_cashier(counter.db, staff.manager_id)
    assert morgan is not None and morgan.failed_attempts == 0


def test_a_cashier_marked_as_left_while_signed_in_is_signed_out(
    window: CheckoutWindow, drive, counter: Counter, approval: ManagerApproval, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    drive.tap("wash_standard_wash")
    monkeypatch.setattr(
        ManagerApprovalDialog, "ask_approval", classmethod(lambda cls, *args, **kwargs: approval)
    )
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_staff").trigger()
    dialog = window.findChild(StaffDialog)
    assert dialog is not None
    choose(dialog, "Sam")
    dialog.form.staff_active.click()
    assert window.cashier is None
    assert window.pages.currentWidget() is window.sign_in_page
    assert window.sign_in_page.form.sign_in_error.text() == "Locked by Sam. The ticket in progress is kept."
    assert window.keeper.draft is not None and window.keeper.draft.wash is not None  # the ticket waits
    combo = window.sign_in_page.form.login_cashier
    assert [combo.itemText(i) for i in range(combo.count())] == ["Morgan"]
    dialog.close()


def test_buttons_are_big_enough_to_tap(dialog: StaffDialog) -> None:
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible():
            assert button.height() >= 48, button.text()


def test_opening_needs_a_managers_pin(
    qtbot: QtBot, counter: Counter, staff: Staff, typed_pins: list[str]
) -> None:
    application()
    parent = QWidget()
    qtbot.add_widget(parent)
    typed_pins.append("0000")
    assert open_staff(parent, counter, staff.manager_id) is None
    typed_pins.append(staff.manager_pin)
    opened = open_staff(parent, counter, staff.manager_id)
    assert opened is not None and opened.isVisible()
    assert opened.windowTitle() == "Staff – Morgan"
    opened.close()


def test_someone_added_from_the_menu_appears_on_the_sign_in_page(
    window: CheckoutWindow, counter: Counter, approval: ManagerApproval, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        ManagerApprovalDialog, "ask_approval", classmethod(lambda cls, *args, **kwargs: approval)
    )
    next(a for a in window.counter_menu.actions() if a.objectName() == "menu_staff").trigger()
    dialog = window.findChild(StaffDialog)
    assert dialog is not None
    dialog.form.staff_name.setText("Alex")
    dialog.form.staff_pin.setText("2222")
    dialog.form.staff_pin_again.setText("2222")
    dialog.form.staff_add.click()
    combo = window.sign_in_page.form.login_cashier
    assert [combo.itemText(i) for i in range(combo.count())] == ["Alex", "Morgan", "Sam"]
    dialog.close()


def test_screenshot(qtbot: QtBot, dialog: StaffDialog, tmp_path: Path) -> None:
    """Not a check of pixels: a picture for a person to look at."""
    choose(dialog, "Sam")
    dialog.form.staff_active.click()
    choose(dialog, "Morgan")
    qtbot.wait(50)
    assert dialog.grab().save(str(tmp_path / "staff.png"))


def test_every_control_of_the_manager_dialogs_has_an_accessible_name(
    dialog: StaffDialog, queue_for_dialogs: PrintQueue, approval: ManagerApproval
) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QLineEdit, QPushButton

    from posapp.gui.printer_setup import PrinterSetupDialog

    receipts = PrinterSetupDialog(queue_for_dialogs, approval)
    controls = (QLineEdit, QComboBox, QPushButton, QCheckBox, QAbstractItemView)
    for shown in (dialog, receipts):
        checked = [
            widget
            for widget in shown.findChildren(QWidget)
            if isinstance(widget, controls)
            and widget.objectName()
            and not widget.objectName().startswith("qt_")  # Qt's own parts (the combo's popup list)
        ]
        assert len(checked) >= 10, shown.objectName()  # the forms' own controls, not an empty search
        unnamed = [widget.objectName() for widget in checked if not widget.accessibleName().strip()]
        assert unnamed == [], shown.objectName()
    receipts.deleteLater()
