"""The counter's small dialogs: new customer, customer card, first manager, manager approval, complaint note.

Each dialog does its work in `accept()` and stays open with one sentence when something is
wrong, so a test fills the fields and calls `accept()` without ever running `exec()`.
Callers open them through the `ask` classmethods, which a test replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLineEdit, QMessageBox, QWidget

from posapp.domain.customer import Customer, field_for_search_text
from posapp.domain.errors import UserError
from posapp.gui.forms.ui_customer_card import Ui_CustomerCardDialog
from posapp.gui.forms.ui_manager_approval import Ui_ManagerApprovalDialog
from posapp.gui.forms.ui_manager_setup import Ui_ManagerSetupDialog
from posapp.gui.forms.ui_new_customer import Ui_NewCustomerDialog
from posapp.gui.manager_windows import ManagerWindowWatch
from posapp.services.auth import add_cashier, require_manager
from posapp.services.customers import CONSENT_WORDING, add_customer, change_card
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.storage.cashiers import Cashier, Role, list_cashiers
from posapp.storage.db import Database


class NewCustomerDialog(QDialog):
    """Quick add of a customer at the counter; `customer` holds the stored one after accept()."""

    def __init__(
        self, db: Database, now: Callable[[], datetime], typed: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.form = Ui_NewCustomerDialog()
        self.form.setupUi(self)
        self._db, self._now = db, now
        # Whoever is signed in at the window asked the question: their id goes with the answer.
        cashier = getattr(parent, "cashier", None)
        self._cashier_id: int | None = getattr(cashier, "id", None)
        # The cashier reads the question out as it is stored with the answer; the box starts unticked.
        self.form.customer_consent.setText(f"Asked: “{CONSENT_WORDING}” They said yes.")
        self.form.customer_consent.setAccessibleName("The customer agreed to e-mails")
        self.form.customer_consent.setChecked(False)
        self.customer: Customer | None = None
        # What was typed (or scanned) in the search box is saved retyping, in the field it reads as.
        carried = " ".join(typed.split())
        if carried:
            self._fields()[field_for_search_text(carried)].setText(carried)
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)

    def _fields(self) -> dict[str, QLineEdit]:
        """The form's fields by the names the search's reading and the checks' refusals use."""
        form = self.form
        return {
            "name": form.customer_name,
            "plate": form.customer_plate,
            "phone": form.customer_phone,
            "email": form.customer_email,
            "card": form.customer_card,
        }

    def accept(self) -> None:
        form = self.form
        typed = Customer(
            id=None,
            name=form.customer_name.text(),
            plate=form.customer_plate.text(),
            phone=form.customer_phone.text(),
            email=form.customer_email.text(),
            marketing_consent=form.customer_consent.isChecked(),
            card=form.customer_card.text(),
        )
        try:
            self.customer = add_customer(
                self._db, typed, self._now, cashier_id=self._cashier_id, consent_wording=CONSENT_WORDING
            )
        except UserError as error:
            form.dialog_error.setText(error.message)
            wrong = self._fields().get(error.field)
            if wrong is not None:
                # The cursor goes to what was wrong, selected: a scan or retyping replaces it (a card
                # scanned again must not land at the end of the name).
                wrong.setFocus()
                wrong.selectAll()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget, db: Database, now: Callable[[], datetime], typed: str) -> Customer | None:
        dialog = cls(db, now, typed, parent)
        dialog.exec()
        return dialog.customer


class CustomerCardDialog(QDialog):
    """A known customer is given a card, a new one, or none; `customer` holds them as stored after accept().

    A card refused (already on someone else, or not a card number) keeps the dialog open with the
    sentence and the number selected, so the next scan replaces it.
    """

    def __init__(self, db: Database, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_CustomerCardDialog()
        self.form.setupUi(self)
        self._db = db
        self._customer_id = customer.id
        self.customer: Customer | None = None
        # The name may be long (up to 120 characters): the question wraps, the dialog keeps its width.
        self.form.card_question.setText(f"{customer.name}'s card number")
        self.form.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save card")
        self.form.customer_card_number.setText(customer.card)
        self._ready_for_a_scan()
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        self._as_tall_as_its_words()

    def _as_tall_as_its_words(self) -> None:
        # A dialog does not grow by itself for wrapped words: at the form's width, as tall as the
        # question and any refusal need (a long name wraps onto more lines, never out of sight).
        layout = self.layout()
        width = self.width()
        height = layout.totalHeightForWidth(width) if layout is not None else -1
        self.setMinimumHeight(max(height, 0))
        self.resize(width, max(height, self.height()))

    def _ready_for_a_scan(self) -> None:
        # A scanner types over the selection: the number shown is replaced, never added to.
        field = self.form.customer_card_number
        field.setFocus()
        field.selectAll()

    def accept(self) -> None:
        if self._customer_id is None:
            self.form.dialog_error.setText("This customer is not on file yet: add them first.")
            return
        customer_id, typed = self._customer_id, self.form.customer_card_number.text()
        saved = attempt(
            lambda: change_card(self._db, customer_id, typed),
            "Saving the card",
            self.form.dialog_error.setText,
            kept=NOTHING_CHANGED,
        )
        if isinstance(saved, Refused):  # the sentence is on the dialog: a busy database too
            self._as_tall_as_its_words()
            self._ready_for_a_scan()
            return
        self.customer = saved
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget, db: Database, customer: Customer) -> Customer | None:
        dialog = cls(db, customer, parent)
        dialog.exec()
        return dialog.customer


class ManagerSetupDialog(QDialog):
    """First start of a real counter: the owner creates the manager's name and PIN."""

    def __init__(self, db: Database, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_ManagerSetupDialog()
        self.form.setupUi(self)
        self._db, self._now = db, now
        self.manager_id: int | None = None
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        form = self.form
        if form.manager_pin.text() != form.manager_pin_again.text():
            form.dialog_error.setText("The two PINs differ; type the same PIN twice.")
            return
        try:
            self.manager_id = add_cashier(
                self._db,
                name=form.manager_name.text(),
                role=Role.MANAGER,
                pin=form.manager_pin.text(),
                now=self._now(),
            )
        except UserError as error:
            form.dialog_error.setText(error.message)
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, now: Callable[[], datetime]) -> int | None:
        dialog = cls(db, now, parent)
        dialog.exec()
        return dialog.manager_id


@dataclass(frozen=True)
class ManagerApproval:
    """A manager who has just typed their PIN, kept for a dialog whose every change re-checks it."""

    manager: Cashier
    pin: str = field(repr=False)  # never in a log or a traceback


class ManagerApprovalDialog(QDialog):
    """A manager confirms one manager-only action with their PIN; `manager` is set after accept().

    The product's one manager-PIN dialog: complaints, the report, prices and scripts all use it.
    `approving` says in a few words what the PIN is for ("Manager report"); it heads the
    dialog as "Approve: Manager report". `preselect` chooses that manager (say, the one signed
    in); anyone else leaves the first. When the manager is known (preselected, or the only
    one) the PIN field has the focus, so a PIN typed at once lands there.
    """

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
        preselect: int | None = None,
        approving: str = "",
    ) -> None:
        super().__init__(parent)
        self.form = Ui_ManagerApprovalDialog()
        self.form.setupUi(self)
        self._db, self._now = db, now
        self.manager: Cashier | None = None
        self._say_what(approving)
        managers = self.form.approval_manager
        for person in list_cashiers(db):
            if person.is_manager:
                managers.addItem(person.name, person.id)
        chosen = managers.findData(preselect) if preselect is not None else -1
        if chosen >= 0:
            managers.setCurrentIndex(chosen)
        # With two managers and neither preselected, who is approving is the first question.
        (self.form.approval_pin if chosen >= 0 or managers.count() == 1 else managers).setFocus()
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        # A PIN dialog left open at a lock would take the next person's answer: the lock closes it.
        ManagerWindowWatch(self, now)

    def _say_what(self, approving: str) -> None:
        words = " ".join(approving.split())
        title = f"Approve: {words}" if words else "Manager approval"
        self.setWindowTitle(title)
        self.form.approval_what.setText(title)

    def accept(self) -> None:
        manager_id = self.form.approval_manager.currentData()
        if manager_id is None:
            self.form.dialog_error.setText("There is no manager at this counter.")
            return
        try:
            self.manager = require_manager(
                self._db, int(manager_id), self.form.approval_pin.text(), self._now
            )
        except UserError as error:
            self.form.approval_pin.clear()
            self.form.dialog_error.setText(error.message)
            return
        self.form.dialog_error.clear()
        super().accept()

    @property
    def approval(self) -> ManagerApproval | None:
        """The approving manager and their PIN once accepted, else None."""
        if self.manager is None:
            return None
        return ManagerApproval(self.manager, self.form.approval_pin.text())

    @classmethod
    def ask_approval(
        cls,
        parent: QWidget | None,
        db: Database,
        now: Callable[[], datetime],
        preselect: int | None = None,
        *,
        approving: str = "",
    ) -> ManagerApproval | None:
        """Run the dialog; the approval, or None when cancelled. A test replaces this classmethod."""
        dialog = cls(db, now, parent, preselect, approving)
        dialog.exec()
        approval = dialog.approval
        dialog.deleteLater()  # one dialog per approval; none kept hidden under the window all day
        return approval

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        db: Database,
        now: Callable[[], datetime],
        preselect: int | None = None,
        *,
        approving: str = "",
    ) -> Cashier | None:
        """The approving manager, or None; it runs `ask_approval`, so replacing that covers both."""
        approval = cls.ask_approval(parent, db, now, preselect, approving=approving)
        return None if approval is None else approval.manager


class ComplaintNote:
    """Asks what the complaint is about (a note for the manager who resolves it)."""

    @classmethod
    def ask(cls, parent: QWidget, customer_name: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            parent, "Log complaint", f"What is {customer_name}'s complaint about?"
        )
        return text if ok else None


def ask_consent(parent: QWidget, first_name: str) -> bool:
    """The consent question in plain words, read out by the cashier; "No" is the default button."""
    box = QMessageBox(parent)
    box.setObjectName("consent_question")
    box.setWindowTitle("E-mails from the car wash")
    box.setText(f"Ask {first_name or 'the customer'}: “{CONSENT_WORDING}”")
    yes = box.addButton("Yes, they agree", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("No", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
