"""The manager's Staff dialog: who may sign in, with what role; add people, set PINs, mark leavers.

It opens after ManagerApprovalDialog; each change re-checks that manager's PIN and is audited
by posapp.services.staff. `staff_changed` tells the sign-in page to reload its list of names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QWidget

from posapp.counter import Counter
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.forms.ui_staff import Ui_StaffDialog
from posapp.gui.headed_table import HeadedTableModel
from posapp.gui.screen_fit import scroll_the_body
from posapp.gui.theme import line_up_captions
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.staff import add_person, set_active, set_new_pin, set_role
from posapp.storage.cashiers import Cashier, Role, list_staff

Index = QModelIndex | QPersistentModelIndex

ROLE_WORDS = {Role.CASHIER: "Cashier", Role.MANAGER: "Manager"}
LEFT_GREY = QColor("#7a8791")


class StaffModel(HeadedTableModel):
    """Everyone set up at the counter: name, role and whether they can sign in now."""

    HEADERS = ("Name", "Role", "Can sign in")

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counter = counter
        self._people: list[Cashier] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._people = list_staff(self._counter.db)
        self.endResetModel()

    def person(self, row: int) -> Cashier:
        return self._people[row]

    def row_of(self, person_id: int) -> int:
        return next((row for row, person in enumerate(self._people) if person.id == person_id), -1)

    def row_total(self) -> int:
        return len(self._people)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (person.name, ROLE_WORDS[person.role], self._can_sign_in(person))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return LEFT_GREY  # people who have left read as history, not as staff on shift
        return None

    def _can_sign_in(self, person: Cashier) -> str:
        if not person.active:
            return "No: has left"
        now = self._counter.now()
        if person.locked_until and person.locked_until > now:
            local = person.locked_until.astimezone(self._counter.settings.time_zone)
            return f"Locked out until {local:%H:%M}"
        return "Yes"


class StaffDialog(QDialog):
    """The staff list and its changes, for one approved manager.

    Signals:
        staff_changed(): someone was added, changed, marked as left or brought back.
    """

    staff_changed = Signal()

    def __init__(self, counter: Counter, approval: ManagerApproval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_StaffDialog()
        self.form.setupUi(self)
        self.form.chosen_name.setTextFormat(Qt.TextFormat.PlainText)  # a person's name, never markup
        self._counter, self._approval = counter, approval
        self.setWindowTitle(f"Staff – {approval.manager.name}")
        self.staff = StaffModel(counter, self)
        self._build_table()
        line_up_captions(self)
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self)
        for field in (self.form.staff_pin, self.form.staff_pin_again):
            field.setValidator(digits)
        for field in (self.form.staff_new_pin, self.form.staff_new_pin_again):
            field.setValidator(digits)
        for role, words in ROLE_WORDS.items():
            self.form.staff_kind.addItem(words, role.value)
        self.form.staff_table.selectionModel().currentRowChanged.connect(self._show_chosen)
        self.form.staff_set_pin.clicked.connect(self.set_pin)
        self.form.staff_role.clicked.connect(self.switch_role)
        self.form.staff_active.clicked.connect(self.switch_active)
        self.form.staff_add.clicked.connect(self.add)
        self.form.buttons.rejected.connect(self.reject)
        self.form.buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 48)
        self.choose(approval.manager.id)
        scroll_the_body(self, keep_last=3)  # the buttons and messages stay on a 768-pixel screen

    def _build_table(self) -> None:
        table = self.form.staff_table
        table.setModel(self.staff)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(48)  # a finger's height per row
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 220)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)

    def chosen(self) -> Cashier | None:
        row = self.form.staff_table.currentIndex().row()
        return self.staff.person(row) if row >= 0 else None

    def choose(self, person_id: int) -> None:
        row = self.staff.row_of(person_id)
        if row >= 0:
            self.form.staff_table.selectRow(row)
        self._show_chosen()

    @Slot()
    def _show_chosen(self) -> None:
        person, form = self.chosen(), self.form
        for widget in (form.staff_new_pin, form.staff_new_pin_again, form.staff_set_pin, form.staff_role):
            widget.setEnabled(person is not None and person.active)
        form.staff_active.setEnabled(person is not None)
        if person is None:
            form.chosen_name.setText("Nobody chosen")
            return
        form.chosen_name.setText(f"{person.name}, {ROLE_WORDS[person.role].lower()}")
        form.staff_role.setText("Make a cashier" if person.is_manager else "Make a manager")
        form.staff_active.setText("Bring back" if not person.active else "Has left")

    @Slot()
    def set_pin(self) -> None:
        person, form = self.chosen(), self.form
        if person is None:
            return
        pin, again = form.staff_new_pin.text(), form.staff_new_pin_again.text()
        changed = self._change(
            lambda: set_new_pin(
                self._counter.db, person_id=person.id, pin=pin, pin_again=again, **self._by()
            ),
            f"{person.name} has a new PIN.",
            f"Setting a new PIN for {person.name}",
            person.id,
        )
        if changed is not None and person.id == self._approval.manager.id:
            # The manager changed their own PIN: the next change here is approved with the new one.
            self._approval = replace(self._approval, pin=pin)
        form.staff_new_pin.clear()
        form.staff_new_pin_again.clear()

    @Slot()
    def switch_role(self) -> None:
        person = self.chosen()
        if person is None:
            return
        role = Role.CASHIER if person.is_manager else Role.MANAGER
        self._change(
            lambda: set_role(self._counter.db, person_id=person.id, role=role, **self._by()),
            f"{person.name} is now a {ROLE_WORDS[role].lower()}.",
            f"Changing the role of {person.name}",
            person.id,
        )

    @Slot()
    def switch_active(self) -> None:
        person = self.chosen()
        if person is None:
            return
        back = not person.active
        self._change(
            lambda: set_active(self._counter.db, person_id=person.id, active=back, **self._by()),
            f"{person.name} can sign in again." if back else f"{person.name} can no longer sign in.",
            f"Changing whether {person.name} can sign in",
            person.id,
        )

    @Slot()
    def add(self) -> None:
        form = self.form
        name = form.staff_name.text()
        role = Role(form.staff_kind.currentData())
        pin, again = form.staff_pin.text(), form.staff_pin_again.text()
        added = self._change(
            lambda: add_person(
                self._counter.db, name=name, role=role, pin=pin, pin_again=again, **self._by()
            ),
            f"{name.strip()} is set up as a {ROLE_WORDS[role].lower()} and can sign in now.",
            f"Adding {name.strip() or 'the person'}",
        )
        form.staff_pin.clear()
        form.staff_pin_again.clear()
        if added is not None:
            form.staff_name.clear()

    def _by(self) -> dict[str, Any]:
        return {
            "manager_id": self._approval.manager.id,
            "manager_pin": self._approval.pin,
            "now": self._counter.now,
        }

    def _refuse(self, sentence: str) -> None:
        self.form.settings_status.clear()
        self.form.dialog_error.setText(sentence)

    def _change(self, change: Callable[[], object], done: str, doing: str, person_id: int = 0) -> object:
        """Run one change; refresh the list and say what happened, or say in one sentence why not."""
        result = attempt(change, doing, self._refuse, kept=NOTHING_CHANGED)
        if isinstance(result, Refused):
            return None
        self.staff.refresh()
        added = result if isinstance(result, int) else person_id
        self.choose(added)
        self.form.dialog_error.clear()
        self.form.settings_status.setText(done)
        self.staff_changed.emit()
        return result


def open_staff(parent: QWidget | None, counter: Counter, preselect: int | None = None) -> StaffDialog | None:
    """Ask a manager's PIN (`preselect`: the signed-in manager), then open the Staff dialog.

    Returns the open dialog, so the caller can connect `staff_changed`; None when cancelled.
    """
    approval = ManagerApprovalDialog.ask_approval(parent, counter.db, counter.now, preselect)
    if approval is None:
        return None
    dialog = StaffDialog(counter, approval, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
