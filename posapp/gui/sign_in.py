"""Who is at the counter: pick your name, type your PIN; the lock screen is the same page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from posapp.domain.errors import UserError
from posapp.gui.forms.ui_sign_in import Ui_SignIn
from posapp.services.auth import sign_in
from posapp.storage.cashiers import list_cashiers
from posapp.storage.db import Database


class SignInPage(QWidget):
    """The sign-in (and lock) page.

    Signals:
        signed_in(object): the Cashier whose PIN was right.
    """

    signed_in = Signal(object)

    def __init__(self, db: Database, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_SignIn()
        self.form.setupUi(self)
        self._db, self._now = db, now
        self.form.sign_in_button.clicked.connect(self.try_sign_in)
        self.form.login_pin.returnPressed.connect(self.try_sign_in)

    @Slot()
    def reload_names(self) -> None:
        """The people who may sign in now (after the manager's Staff changes), keeping the one chosen."""
        combo = self.form.login_cashier
        current = combo.currentData()
        combo.clear()
        for person in list_cashiers(self._db):
            combo.addItem(person.name, person.id)
        if current is not None and combo.findData(current) >= 0:
            combo.setCurrentIndex(combo.findData(current))

    def reload(self, locked_by: str = "") -> None:
        """Refresh the list of people; after a lock, say whose ticket is waiting."""
        self.reload_names()
        self.form.login_pin.clear()
        self.form.sign_in_error.setText(
            f"Locked by {locked_by}. The ticket in progress is kept." if locked_by else ""
        )
        self.form.sign_in_title.setText("Who is at the counter?")
        self.form.login_pin.setFocus()

    def choose(self, name: str) -> None:
        index = self.form.login_cashier.findText(name)
        if index >= 0:
            self.form.login_cashier.setCurrentIndex(index)

    @Slot()
    def try_sign_in(self) -> None:
        cashier_id = self.form.login_cashier.currentData()
        if cashier_id is None:
            self.form.sign_in_error.setText("Nobody is set up at this counter yet.")
            return
        pin = self.form.login_pin.text()
        self.form.login_pin.clear()
        try:
            cashier = sign_in(self._db, int(cashier_id), pin, self._now)
        except UserError as error:
            self.form.sign_in_error.setText(error.message)
            return
        self.form.sign_in_error.clear()
        self.signed_in.emit(cashier)
