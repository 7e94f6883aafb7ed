"""An approval covers one action: a lock or time untouched closes manager windows, rights need a fresh PIN.

Real windows throughout: the checkout window, the menu, the Staff and Customer-data dialogs,
and the real manager-PIN dialog run by `exec()` where the test is about that dialog itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.customer_data_dialog import CustomerDataDialog
from posapp.gui.dialogs import ManagerApprovalDialog
from posapp.gui.manager_windows import ManagerWindowWatch
from posapp.gui.staff_dialog import StaffDialog
from posapp.services.auth import add_cashier
from posapp.storage.cashiers import Role, list_staff
from tests.conftest import Clock, Staff
from tests.gui.conftest import Driver


@dataclass
class PinDialogs:
    """Stands in for the person at the manager-PIN dialog: the real dialog, answered in turn.

    Each answer is (manager name, PIN), or None for Cancel; `asked` keeps what each dialog
    said it was approving.
    """

    answers: list[tuple[str, str] | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def __call__(self, cls, parent, db, now, preselect=None, approving=""):  # type: ignore[no-untyped-def]
        dialog = cls(db, now, parent, preselect, approving)
        self.asked.append(dialog.form.approval_what.text())
        answer = self.answers.pop(0)
        if answer is None:
            dialog.reject()
            return None
        name, pin = answer
        dialog.form.approval_manager.setCurrentIndex(dialog.form.approval_manager.findText(name))
        dialog.form.approval_pin.setText(pin)
        dialog.accept()
        return dialog.approval


@pytest.fixture
def pin_dialogs(monkeypatch: pytest.MonkeyPatch) -> PinDialogs:
    answering = PinDialogs()
    monkeypatch.setattr(ManagerApprovalDialog, "ask_approval", classmethod(answering))
    return answering


@pytest.fixture
def morgan_at_counter(make_window: Callable[..., CheckoutWindow]) -> CheckoutWindow:
    """The counter window with Morgan, the manager, signed in."""
    window = make_window()
    Driver(window).sign_in("Morgan", "9999")
    assert window.cashier is not None and window.cashier.name == "Morgan"
    return window


def menu(window: CheckoutWindow, name: str) -> None:
    next(action for action in window.counter_menu.actions() if action.objectName() == name).trigger()


def open_staff_dialog(window: CheckoutWindow, qtbot: QtBot, pin_dialogs: PinDialogs) -> StaffDialog:
    pin_dialogs.answers.append(("Morgan", "9999"))
    menu(window, "menu_staff")
    dialog = window.findChild(StaffDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    return dialog


def audit_rows(counter: Counter, action: str) -> list[tuple[str, str]]:
    """(who approved, about whom) for each audit entry of `action`, oldest first."""
    return [
        (str(who), str(subject))
        for who, subject in counter.db.execute(
            "SELECT c.name, a.subject FROM audit_log a JOIN cashiers c ON c.id = a.cashier_id"
            " WHERE a.action = ? ORDER BY a.id",
            (action,),
        ).fetchall()
    ]


def names(counter: Counter) -> list[str]:
    return [person.name for person in list_staff(counter.db)]


def add_in_dialog(dialog: StaffDialog, name: str, role: Role, pin: str = "2468") -> None:
    form = dialog.form
    form.staff_name.setText(name)
    form.staff_kind.setCurrentIndex(form.staff_kind.findData(role.value))
    form.staff_pin.setText(pin)
    form.staff_pin_again.setText(pin)
    form.staff_add.click()


# -- a lock closes every manager window --------------------------------------------------------


def test_ctrl_l_closes_the_staff_dialog_and_a_manager_cannot_be_added_without_a_pin(
    morgan_at_counter: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    clock: Clock,
    pin_dialogs: PinDialogs,
) -> None:
    window = morgan_at_counter
    dialog = open_staff_dialog(window, qtbot, pin_dialogs)
    dialog.form.staff_name.setText("Mallory")  # typed, not added: nothing half-saved after the lock
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.form.staff_name.setFocus()
    qtbot.keyClick(dialog.form.staff_name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sign_in_page  # Ctrl+L inside the dialog locked
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.findChild(StaffDialog) is None)  # closed and gone
    assert names(counter) == ["Morgan", "Sam"]

    # An hour later Sam signs in and opens Staff with Morgan's PIN seen over a shoulder: adding a
    # manager still asks for a manager's PIN at that moment, and Cancel adds nobody.
    clock.advance(hours=1)
    Driver(window).sign_in()
    dialog = open_staff_dialog(window, qtbot, pin_dialogs)
    pin_dialogs.answers.append(None)
    add_in_dialog(dialog, "Mallory", Role.MANAGER)
    assert pin_dialogs.asked == [
        "Approve: Staff and PINs",
        "Approve: Staff and PINs",
        "Approve: Add Mallory as a manager",
    ]
    assert dialog.form.dialog_error.text() == "Add Mallory as a manager: not approved, nothing was changed."
    assert names(counter) == ["Morgan", "Sam"]
    assert audit_rows(counter, "cashier_added") == []
    dialog.reject()


def test_the_lock_closes_the_customer_data_dialog_so_no_erase_follows_later(
    window: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    clock: Clock,
    ana: Customer,
    pin_dialogs: PinDialogs,
) -> None:
    drive = Driver(window)
    drive.choose_customer("ABC123")
    pin_dialogs.answers.append(("Morgan", "9999"))
    menu(window, "menu_customer_data")
    dialog = window.findChild(CustomerDataDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert pin_dialogs.asked == ["Approve: Customer data (export or erase)"]
    # Modal to the counter window: no sale goes on behind it with the manager's approval open.
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    window.lock_action.trigger()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.findChild(CustomerDataDialog) is None)
    clock.advance(hours=2)
    erased = counter.db.execute("SELECT erased_at, name FROM customers WHERE id = ?", (ana.id,)).fetchone()
    assert erased == (None, "Ana García")


def test_a_pin_dialog_waiting_at_the_lock_is_closed_unanswered(
    morgan_at_counter: CheckoutWindow, qtbot: QtBot, counter: Counter
) -> None:
    """The real PIN dialog, run by exec(): a lock while it waits answers it with Cancel."""
    window = morgan_at_counter
    seen: list[str] = []

    def lock_while_asking() -> None:
        asking = QApplication.activeModalWidget()
        assert isinstance(asking, ManagerApprovalDialog)
        asking.form.approval_pin.setText("9999")  # typed, never confirmed
        seen.append(asking.windowTitle())
        window.lock()

    QTimer.singleShot(0, lock_while_asking)
    approval = ManagerApprovalDialog.ask_approval(
        window, counter.db, counter.now, None, approving="Manager report"
    )
    assert seen == ["Approve: Manager report"]
    assert approval is None


# -- manager windows close after a short time untouched ------------------------------------------


def test_the_staff_dialog_closes_after_the_idle_time_and_a_key_press_restarts_it(
    morgan_at_counter: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    clock: Clock,
    pin_dialogs: PinDialogs,
) -> None:
    window = morgan_at_counter
    dialog = open_staff_dialog(window, qtbot, pin_dialogs)
    watch = dialog.findChild(ManagerWindowWatch)
    assert watch is not None and counter.settings.manager_dialog_idle_seconds == 120
    watch.timer.setInterval(10)  # the clock is the test's; only how often it is read is shortened

    clock.advance(seconds=100)
    qtbot.keyClicks(dialog.form.staff_name, "Alex")  # someone is there: the 120 s start again
    clock.advance(seconds=100)
    with qtbot.waitSignal(watch.timer.timeout):
        pass
    assert dialog.isVisible()

    clock.advance(seconds=21)
    with qtbot.waitSignal(watch.timed_out, timeout=2000):
        pass
    assert not dialog.isVisible()
    assert names(counter) == ["Morgan", "Sam"]  # "Alex" was typed, never added
    assert window.pages.currentWidget() is window.checkout  # only the manager window closed


def test_the_idle_time_is_a_managers_setting_and_applies_at_once(
    morgan_at_counter: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    clock: Clock,
    pin_dialogs: PinDialogs,
) -> None:
    window = morgan_at_counter
    dialog = open_staff_dialog(window, qtbot, pin_dialogs)
    assert dialog.form.staff_idle_seconds.value() == 120
    dialog.form.staff_idle_seconds.setValue(30)
    dialog.form.staff_idle_save.click()
    assert dialog.form.settings_status.text() == "Manager windows now close after 30 s untouched."
    assert counter.settings.manager_dialog_idle_seconds == 30
    assert audit_rows(counter, "security_changed") == [("Morgan", "security")]

    watch = dialog.findChild(ManagerWindowWatch)
    assert watch is not None
    watch.timer.setInterval(10)
    clock.advance(seconds=31)
    with qtbot.waitSignal(watch.timed_out, timeout=2000):
        pass
    assert not dialog.isVisible()


def test_when_the_checkout_locks_is_a_managers_setting_and_applies_at_once(
    morgan_at_counter: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    pin_dialogs: PinDialogs,
) -> None:
    dialog = open_staff_dialog(morgan_at_counter, qtbot, pin_dialogs)
    spin = dialog.form.staff_lock_seconds
    assert spin.value() == 300 and spin.minimum() == 0 and spin.specialValueText() == "Never"
    spin.setValue(15)
    dialog.form.staff_lock_save.click()
    assert dialog.form.dialog_error.text() == (
        "The checkout locks after 30 to 3600 seconds untouched, or never (0), not 15."
    )
    assert counter.settings.counter_lock_idle_seconds == 300  # nothing changed
    spin.setValue(0)
    assert spin.text() == "Never"
    dialog.form.staff_lock_save.click()
    assert dialog.form.settings_status.text() == "The checkout now locks by hand only (Ctrl+L)."
    assert counter.settings.counter_lock_idle_seconds == 0
    spin.setValue(600)
    dialog.form.staff_lock_save.click()
    assert dialog.form.settings_status.text() == "The checkout now locks after 600 s untouched."
    assert counter.settings.counter_lock_idle_seconds == 600
    assert audit_rows(counter, "security_changed") == [("Morgan", "security"), ("Morgan", "security")]


# -- a change that grants rights asks for a PIN at that moment -------------------------------


@pytest.fixture
def ali(counter: Counter, staff: Staff) -> int:
    """A second manager, who approves changes in these tests instead of the one who opened Staff."""
    return add_cashier(counter.db, name="Ali", role=Role.MANAGER, pin="2468", now=counter.now())


def choose(dialog: StaffDialog, name: str) -> None:
    people = [dialog.staff.person(row) for row in range(dialog.staff.rowCount())]
    dialog.choose(next(person.id for person in people if person.name == name))


def test_rights_are_granted_with_a_pin_typed_for_that_change_and_the_audit_names_its_manager(
    morgan_at_counter: CheckoutWindow,
    qtbot: QtBot,
    counter: Counter,
    ali: int,
    pin_dialogs: PinDialogs,
) -> None:
    dialog = open_staff_dialog(morgan_at_counter, qtbot, pin_dialogs)

    pin_dialogs.answers.append(("Ali", "2468"))
    add_in_dialog(dialog, "Mallory", Role.MANAGER, "1357")
    assert dialog.form.dialog_error.text() == ""
    assert audit_rows(counter, "cashier_added")[-1] == ("Ali", "Mallory")  # not Morgan, who opened it

    choose(dialog, "Sam")
    pin_dialogs.answers.append(("Ali", "2468"))
    dialog.form.staff_role.click()
    assert dialog.form.settings_status.text() == "Sam is now a manager, approved by Ali."
    assert audit_rows(counter, "role_changed") == [("Ali", "Sam")]

    choose(dialog, "Morgan")
    dialog.form.staff_new_pin.setText("8642")
    dialog.form.staff_new_pin_again.setText("8642")
    pin_dialogs.answers.append(("Ali", "2468"))
    dialog.form.staff_set_pin.click()
    assert audit_rows(counter, "pin_reset") == [("Ali", "Morgan")]

    assert pin_dialogs.asked == [
        "Approve: Staff and PINs",
        "Approve: Add Mallory as a manager",
        "Approve: Make Sam a manager",
        "Approve: New PIN for Morgan",
    ]
    # One approval, one change: a wrong PIN at the next change changes nothing.
    choose(dialog, "Mallory")
    pin_dialogs.answers.append(("Ali", "0000"))
    dialog.form.staff_role.click()
    assert dialog.form.dialog_error.text() == "Make Mallory a cashier: not approved, nothing was changed."
    assert audit_rows(counter, "role_changed") == [("Ali", "Sam")]
    dialog.reject()


def test_a_cashier_is_added_on_the_opening_approval_and_a_typo_asks_no_pin(
    morgan_at_counter: CheckoutWindow, qtbot: QtBot, counter: Counter, pin_dialogs: PinDialogs
) -> None:
    dialog = open_staff_dialog(morgan_at_counter, qtbot, pin_dialogs)
    add_in_dialog(dialog, "Alex", Role.CASHIER)
    assert audit_rows(counter, "cashier_added")[-1] == ("Morgan", "Alex")
    form = dialog.form
    form.staff_name.setText("Mallory")
    form.staff_kind.setCurrentIndex(form.staff_kind.findData(Role.MANAGER.value))
    form.staff_pin.setText("1357")
    form.staff_pin_again.setText("1375")
    form.staff_add.click()  # the PINs differ: refused before any manager is asked
    assert form.dialog_error.text() == "The two PINs typed differ; type the same PIN twice."
    assert len(pin_dialogs.asked) == 1
    dialog.reject()


# -- names are unique whatever the case -----------------------------------------------------


def test_sam_beside_sam_is_refused_in_one_sentence(
    morgan_at_counter: CheckoutWindow, qtbot: QtBot, counter: Counter, pin_dialogs: PinDialogs
) -> None:
    dialog = open_staff_dialog(morgan_at_counter, qtbot, pin_dialogs)
    add_in_dialog(dialog, "  sam ", Role.CASHIER, "1111")
    assert dialog.form.dialog_error.text() == (
        "There is already someone called Sam at this counter; names must differ by more than capital letters."
    )
    assert names(counter) == ["Morgan", "Sam"]
    assert dialog.form.staff_name.text() == "  sam "  # kept for a second try
    dialog.reject()


# -- the manager-PIN dialog: focus on the PIN, and what is being approved ------------------------


@pytest.fixture
def run_pin_dialog(qtbot: QtBot, counter: Counter) -> Iterator[Callable[..., tuple[str, str, str]]]:
    """Runs the real PIN dialog by exec(); types digits at once, as a manager does; returns what it saw."""
    parents: list[QWidget] = []

    def run(preselect: int | None, approving: str) -> tuple[str, str, str]:
        parent = QWidget()
        qtbot.add_widget(parent)
        parents.append(parent)
        seen: list[str] = []

        def look_and_type() -> None:
            asking = QApplication.activeModalWidget()
            assert isinstance(asking, ManagerApprovalDialog)
            qtbot.waitUntil(lambda: QApplication.activeWindow() is asking)
            focused = QApplication.focusWidget()
            seen.extend([focused.objectName() if focused else "", asking.windowTitle()])
            seen.append(asking.form.approval_what.text())
            asking.reject()

        QTimer.singleShot(0, look_and_type)
        assert (
            ManagerApprovalDialog.ask_approval(
                parent, counter.db, counter.now, preselect, approving=approving
            )
            is None
        )
        focused, title, heading = seen
        return focused, title, heading

    yield run


def test_the_pin_field_has_the_focus_when_the_manager_is_known(
    run_pin_dialog: Callable[..., tuple[str, str, str]], counter: Counter, staff: Staff
) -> None:
    # Sam (a cashier) is signed in, Morgan is the only manager: the PIN is the one question.
    assert run_pin_dialog(staff.cashier_id, "Manager report") == (
        "approval_pin",
        "Approve: Manager report",
        "Approve: Manager report",
    )
    add_cashier(counter.db, name="Ali", role=Role.MANAGER, pin="2468", now=counter.now())
    assert run_pin_dialog(staff.manager_id, "Staff and PINs")[0] == "approval_pin"
    # Two managers, neither signed in: who approves is asked first.
    assert run_pin_dialog(staff.cashier_id, "Audit log")[0] == "approval_manager"


def test_a_pin_typed_at_once_goes_into_the_pin_field(
    make_window: Callable[..., CheckoutWindow], qtbot: QtBot, counter: Counter
) -> None:
    """Sam is signed in; the report's PIN dialog opens and Morgan types 9999 Enter without a click."""
    window = make_window()
    Driver(window).sign_in()
    opened: list[str] = []

    def type_pin() -> None:
        asking = QApplication.activeModalWidget()
        assert isinstance(asking, ManagerApprovalDialog)
        opened.append(asking.form.approval_what.text())
        qtbot.waitUntil(lambda: QApplication.activeWindow() is asking)
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, "9999")
        qtbot.keyClick(focused, Qt.Key.Key_Return)
        if asking.isVisible():  # the PIN went somewhere else: give up, as the manager would
            asking.reject()

    QTimer.singleShot(0, type_pin)
    menu(window, "menu_report")
    assert opened == ["Approve: Manager report"]
    assert audit_rows(counter, "sign_in_failed") == []
    report = window.findChild(QWidget, "ReportWindow") or next(
        (w for w in window.findChildren(QWidget) if type(w).__name__ == "ReportWindow"), None
    )
    assert report is not None and report.isVisible()
    report.close()
