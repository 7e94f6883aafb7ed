"""The manager's Staff dialog: who may sign in, with what role; add people, set PINs, mark leavers.

It opens after ManagerApprovalDialog; each change re-checks a manager's PIN and is audited
by posapp.services.staff. A change that grants rights (a new manager, a role change, a new
PIN for anyone, a manager brought back) asks for a manager's PIN again at that moment: that
approval covers that one change, and the manager who gave it is the one the audit names.
`staff_changed` tells the sign-in page to reload its list of names.
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
    QSize,
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
from posapp.gui.manager_windows import watch_manager_window
from posapp.gui.screen_fit import fit_to_screen, scroll_the_body
from posapp.gui.theme import line_up_captions
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.staff import (
    add_person,
    change_counter_lock_seconds,
    change_manager_idle_seconds,
    check_new_person,
    check_pin_typed_twice,
    set_active,
    set_new_pin,
    set_role,
)
from posapp.settings import COUNTER_LOCK_RANGE, MANAGER_IDLE_RANGE, Settings
from posapp.storage.cashiers import Cashier, Role, list_staff

Index = QModelIndex | QPersistentModelIndex
#: A change of one [security] setting (services.staff): database, settings in force, value, approval.
SecurityChange = Callable[..., Settings]

ROLE_WORDS = {Role.CASHIER: "Cashier", Role.MANAGER: "Manager"}
LEFT_GREY = QColor("#7a8791")
#: A finger's height per row of the staff list.
ROW_HEIGHT = 48
#: How many rows of people the dialog opens tall enough to list, where the screen has room: six at
#: least (room below for a message of a few lines without the body scrolling), everyone up to ten.
LIST_ROWS_SHOWN = range(6, 11)


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
        self._build_idle_setting()
        self.form.buttons.rejected.connect(self.reject)
        self.form.buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 48)
        self.choose(approval.manager.id)
        scroll_the_body(self, keep_last=1)  # the Close button stays on a screen shorter than 768 pixels
        self._room_for_the_list()

    def _room_for_the_list(self) -> None:
        """Open taller where the screen has room: the list shows LIST_ROWS_SHOWN rows (everyone, up to ten).

        The body is laid out to fit a 1024×768 screen without the list's extra rows; the list takes
        what the screen has left, and a message wrapped over a few lines then fits beside it too.
        """
        table = self.form.staff_table
        rows = min(max(self.staff.rowCount(), LIST_ROWS_SHOWN.start), LIST_ROWS_SHOWN.stop - 1)
        wanted = table.horizontalHeader().sizeHint().height() + rows * ROW_HEIGHT + 2 * table.frameWidth()
        extra = wanted - table.sizeHint().height()
        if extra > 0:
            fit_to_screen(self, QSize(self.width(), self.height() + extra))

    def _build_table(self) -> None:
        table = self.form.staff_table
        table.setModel(self.staff)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
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
        """A new PIN for the chosen person: anyone's PIN is a way in, so a manager approves it now."""
        person, form = self.chosen(), self.form
        if person is None:
            return
        pin, again = form.staff_new_pin.text(), form.staff_new_pin_again.text()
        form.staff_new_pin.clear()
        form.staff_new_pin_again.clear()
        doing = f"Setting a new PIN for {person.name}"
        if not self._checked(lambda: check_pin_typed_twice(pin, again), doing):
            return
        approval = self._approve_now(f"New PIN for {person.name}")
        if approval is None:
            return
        changed = self._change(
            lambda: set_new_pin(
                self._counter.db, person_id=person.id, pin=pin, pin_again=again, **self._by(approval)
            ),
            f"{person.name} has a new PIN, approved by {approval.manager.name}.",
            doing,
            person.id,
        )
        if changed is not None and person.id == self._approval.manager.id:
            # The manager changed their own PIN: the next change here is approved with the new one.
            self._approval = replace(self._approval, pin=pin)

    @Slot()
    def switch_role(self) -> None:
        """Manager or cashier: a change of rights, approved by a manager's PIN typed for it alone."""
        person = self.chosen()
        if person is None:
            return
        role = Role.CASHIER if person.is_manager else Role.MANAGER
        approval = self._approve_now(f"Make {person.name} a {ROLE_WORDS[role].lower()}")
        if approval is None:
            return
        self._change(
            lambda: set_role(self._counter.db, person_id=person.id, role=role, **self._by(approval)),
            f"{person.name} is now a {ROLE_WORDS[role].lower()}, approved by {approval.manager.name}.",
            f"Changing the role of {person.name}",
            person.id,
        )

    @Slot()
    def switch_active(self) -> None:
        """Mark as left, or bring back; bringing back a manager gives manager rights again: PIN first."""
        person = self.chosen()
        if person is None:
            return
        back = not person.active
        approval: ManagerApproval | None = self._approval
        if back and person.is_manager:
            approval = self._approve_now(f"Bring back {person.name} as a manager")
        if approval is None:
            return
        self._change(
            lambda: set_active(self._counter.db, person_id=person.id, active=back, **self._by(approval)),
            f"{person.name} can sign in again." if back else f"{person.name} can no longer sign in.",
            f"Changing whether {person.name} can sign in",
            person.id,
        )

    @Slot()
    def add(self) -> None:
        """Add a person; a new manager is a grant of rights, approved by a manager's PIN typed for it."""
        form = self.form
        name = form.staff_name.text()
        role = Role(form.staff_kind.currentData())
        pin, again = form.staff_pin.text(), form.staff_pin_again.text()
        form.staff_pin.clear()
        form.staff_pin_again.clear()
        doing = f"Adding {name.strip() or 'the person'}"
        if not self._checked(
            lambda: check_new_person(self._counter.db, name=name, pin=pin, pin_again=again), doing
        ):
            return
        approval: ManagerApproval | None = self._approval
        if role is Role.MANAGER:
            approval = self._approve_now(f"Add {' '.join(name.split())} as a manager")
        if approval is None:
            return
        added = self._change(
            lambda: add_person(
                self._counter.db, name=name, role=role, pin=pin, pin_again=again, **self._by(approval)
            ),
            f"{name.strip()} is set up as a {ROLE_WORDS[role].lower()} and can sign in now.",
            doing,
        )
        if added is not None:
            form.staff_name.clear()

    def _approve_now(self, what: str) -> ManagerApproval | None:
        """A manager's PIN for this one change (the one who opened the dialog is offered first)."""
        approval = ManagerApprovalDialog.ask_approval(
            self, self._counter.db, self._counter.now, self._approval.manager.id, approving=what
        )
        if approval is None:
            self._refuse(f"{what}: not approved, nothing was changed.")
        return approval

    def _checked(self, check: Callable[[], object], doing: str) -> bool:
        """What was typed is checked before a manager is asked to approve it."""
        return not isinstance(attempt(check, doing, self._refuse, kept=NOTHING_CHANGED), Refused)

    def _by(self, approval: ManagerApproval) -> dict[str, Any]:
        return {
            "manager_id": approval.manager.id,
            "manager_pin": approval.pin,
            "now": self._counter.now,
        }

    def _build_idle_setting(self) -> None:
        spin = self.form.staff_idle_seconds
        spin.setRange(*MANAGER_IDLE_RANGE)
        spin.setValue(self._counter.settings.manager_dialog_idle_seconds)
        self.form.staff_idle_save.clicked.connect(self.save_idle_seconds)
        lock = self.form.staff_lock_seconds
        lock.setRange(0, COUNTER_LOCK_RANGE[1])  # 0 reads "Never"; 1 to 29 are refused in one sentence
        lock.setValue(self._counter.settings.counter_lock_idle_seconds)
        self.form.staff_lock_save.clicked.connect(self.save_lock_seconds)

    @Slot()
    def save_idle_seconds(self) -> None:
        """How long manager windows (this one too) may sit untouched before they close."""
        seconds = self.form.staff_idle_seconds.value()
        self._save_security(
            change_manager_idle_seconds,
            seconds,
            "manager_dialog_idle_seconds",
            "Saving how long manager windows stay open",
            f"Manager windows now close after {seconds} s untouched.",
        )

    @Slot()
    def save_lock_seconds(self) -> None:
        """How long the signed-in checkout may sit untouched before it locks itself (0: never)."""
        seconds = self.form.staff_lock_seconds.value()
        self._save_security(
            change_counter_lock_seconds,
            seconds,
            "counter_lock_idle_seconds",
            "Saving when the checkout locks",
            "The checkout now locks by hand only (Ctrl+L)."
            if seconds == 0
            else f"The checkout now locks after {seconds} s untouched.",
        )

    def _save_security(self, change: SecurityChange, seconds: int, key: str, doing: str, done: str) -> None:
        """Save one [security] setting with this manager's approval; only that setting changes in force."""
        counter = self._counter
        saved = attempt(
            lambda: change(counter.db, counter.settings, seconds, **self._by(self._approval)),
            doing,
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(saved, Refused):
            return
        counter.setup.change(settings=replace(counter.settings, **{key: getattr(saved, key)}))
        self.form.dialog_error.clear()
        self.form.settings_status.setText(done)

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
    approval = ManagerApprovalDialog.ask_approval(
        parent, counter.db, counter.now, preselect, approving="Staff and PINs"
    )
    if approval is None:
        return None
    dialog = StaffDialog(counter, approval, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_manager_window(dialog, counter)  # closed at a lock, or when left untouched
    dialog.open()
    return dialog
