"""The Shift dialogs: open with the float, pay in and out, the X report and the Z close with a blind count.

Each dialog does its work in `accept()` (or a named step) and stays open with one sentence
when something is wrong, so a test fills the fields and calls the step without `exec()`.
Callers open the small ones through `ask` classmethods, which a test replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from babel.numbers import format_decimal
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.domain.money import format_money, parse_price
from posapp.domain.shift import Shift, ShiftReport
from posapp.gui.dialogs import ManagerApprovalDialog
from posapp.reports.shift_slip import slip_rows, slip_text, variance_words
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.settings_edits import store_settings_change
from posapp.services.shifts import (
    BlindCount,
    Movement,
    close_shift,
    current_shift,
    last_z,
    movement_needs_manager,
    open_shift,
    record_movement,
    reveal_count,
    x_report,
)
from posapp.settings import ShiftSettings

#: The slip on screen is as wide as on an 80 mm roll.
SLIP_COLUMNS = 48
#: Prints a shift's slip: (shift id, "x" or "z", the moment its figures stop).
PrintSlip = Callable[[int, str, object], object]


def _money_box(name: str, accessible: str, placeholder: str, parent: QWidget) -> QLineEdit:
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(40)
    return box


def typed_amount(box: QLineEdit, what: str, counter: Counter) -> int:
    """The amount typed in `box`, in cents; an empty box says what to type, a wrong one why not."""
    text = box.text().strip()
    if not text:
        raise UserError(f"Type {what}.")
    return parse_price(text, what[0].upper() + what[1:], counter.settings.locale)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("dialog_error")
    label.setWordWrap(True)
    return label


def _ok_cancel(parent: QDialog, ok_text: str, ok_name: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(parent)
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(ok_name)
    ok.setDefault(True)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(parent.accept)
    buttons.rejected.connect(parent.reject)
    return buttons


class OpenShiftDialog(QDialog):
    """The float counted into the drawer starts the shift; `shift` holds it after accept()."""

    def __init__(
        self, counter: Counter, cashier_id: int, parent: QWidget | None = None, why: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a shift")
        self.setObjectName("open_shift_dialog")
        self.counter, self.cashier_id = counter, cashier_id
        self.shift: Shift | None = None
        intro = QLabel(
            (why + "\n" if why else "")
            + "Count the float (the change money) into the drawer and type its total.",
            self,
        )
        intro.setWordWrap(True)
        self.float_box = _money_box("shift_float", "Float counted into the drawer", "e.g. 100.00", self)
        self.error = _error_label(self)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("Float", self.float_box)
        form.addRow(self.error)
        form.addRow(_ok_cancel(self, "Open shift", "shift_open_ok"))
        self.float_box.setFocus()

    def accept(self) -> None:
        counter = self.counter

        def work() -> Shift:
            float_cents = typed_amount(self.float_box, "the float counted into the drawer", counter)
            return open_shift(
                counter.db,
                till_id=counter.till_id,
                cashier_id=self.cashier_id,
                float_cents=float_cents,
                now=counter.now,
            )

        shift = attempt(work, "Opening the shift", self.error.setText, kept=NOTHING_CHANGED)
        if isinstance(shift, Refused):
            return
        self.shift = shift
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget, counter: Counter, cashier_id: int, why: str = "") -> Shift | None:
        """The shift just opened, or None when cancelled. A test replaces this classmethod."""
        dialog = cls(counter, cashier_id, parent, why)
        dialog.exec()
        return dialog.shift


class CashMovementDialog(QDialog):
    """A pay-in or pay-out with its reason; above the set amount a manager's PIN is asked."""

    def __init__(
        self, counter: Counter, cashier_id: int, kind: Movement, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.counter, self.cashier_id, self.kind = counter, cashier_id, kind
        self.setWindowTitle("Pay in" if kind is Movement.PAY_IN else "Pay out")
        self.setObjectName(f"{kind.value}_dialog")
        self.recorded = False
        limit = format_money(counter.settings.shift.movement_approval_cents, *_money_of(counter))
        note = QLabel(f"Above {limit} a manager's PIN is asked.", self)
        self.amount = _money_box("movement_amount", "Amount", "e.g. 20.00", self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("movement_reason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText(
            "e.g. change from the bank" if kind is Movement.PAY_IN else "e.g. window cleaner paid"
        )
        self.error = _error_label(self)
        form = QFormLayout(self)
        form.addRow("Amount", self.amount)
        form.addRow("Reason", self.reason)
        form.addRow(note)
        form.addRow(self.error)
        form.addRow(_ok_cancel(self, "Record " + kind.words, "movement_ok"))
        self.amount.setFocus()

    def accept(self) -> None:
        counter = self.counter
        try:
            cents = typed_amount(self.amount, f"the {self.kind.words} amount", counter)
        except UserError as error:
            self.error.setText(error.message)
            return
        manager_id, pin = None, ""
        if movement_needs_manager(counter.settings, cents):
            approval = ManagerApprovalDialog.ask_approval(self, counter.db, counter.now, self.cashier_id)
            if approval is None:
                self.error.setText(
                    f"A {self.kind.words} of this size needs a manager's PIN; nothing was recorded."
                )
                return
            manager_id, pin = approval.manager.id, approval.pin
        done = attempt(
            lambda: record_movement(
                counter.db,
                till_id=counter.till_id,
                kind=self.kind,
                amount_cents=cents,
                reason=self.reason.text(),
                cashier_id=self.cashier_id,
                settings=counter.settings,
                now=counter.now,
                manager_id=manager_id,
                manager_pin=pin,
            ),
            f"Recording the {self.kind.words}",
            self.error.setText,
            kept=NOTHING_CHANGED,
        )
        if isinstance(done, Refused):
            return
        self.recorded = True
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget, counter: Counter, cashier_id: int, kind: Movement) -> bool:
        dialog = cls(counter, cashier_id, kind, parent)
        dialog.exec()
        return dialog.recorded


def _money_of(counter: Counter) -> tuple[str, str]:
    return counter.settings.currency, counter.settings.locale


def _slip_view(parent: QWidget) -> QPlainTextEdit:
    """The slip as it prints, in a fixed-width font, scrolling on a short screen."""
    view = QPlainTextEdit(parent)
    view.setObjectName("slip_text")
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # the slip's own columns, as printed
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.ensurePolished()  # the theme's font size is in force before the width is measured
    scrollbar = view.verticalScrollBar().sizeHint().width()
    view.setMinimumWidth(view.fontMetrics().horizontalAdvance("M" * (SLIP_COLUMNS + 1)) + scrollbar + 12)
    return view


class ShiftReportDialog(QDialog):
    """An X (or a Z already taken) on screen, as the slip prints it; Print sends it to the receipt printer."""

    def __init__(
        self, counter: Counter, report: ShiftReport, print_slip: PrintSlip, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("X report" if report.kind == "x" else "Z report")
        self.setObjectName("shift_report_dialog")
        self.report, self._print_slip = report, print_slip
        self.view = _slip_view(self)
        self.view.setPlainText("\n".join(slip_text(slip_rows(report, counter.settings), SLIP_COLUMNS)))
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton("Print", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("slip_print")
        self.print_button.clicked.connect(self.print_slip)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("slip_close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(self.view.minimumWidth() + 40, 620)

    @Slot()
    def print_slip(self) -> None:
        self._print_slip(self.report.shift.id, self.report.kind, self.report.as_of)


class ZCloseDialog(QDialog):
    """The Z: the cashier types the counted cash first (blind), then sees expected, over or short.

    Within the set variance the shift closes at once; beyond it a manager's PIN closes it.
    `report` holds the Z after it is taken; `closed` is emitted with it.
    """

    closed = Signal(object)

    def __init__(
        self, counter: Counter, cashier_id: int, print_slip: PrintSlip, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close the shift (Z)")
        self.setObjectName("z_close_dialog")
        self.counter, self.cashier_id, self._print_slip = counter, cashier_id, print_slip
        self.count: BlindCount | None = None
        self.report: ShiftReport | None = None
        intro = QLabel(
            "Count every note and coin in the drawer and type the total.\n"
            "The expected figure is shown only after your count is entered.",
            self,
        )
        intro.setWordWrap(True)
        self.counted = _money_box("z_counted", "Cash counted in the drawer", "e.g. 214.50", self)
        self.expected = QLabel("", self)
        self.expected.setObjectName("z_expected")
        self.variance = QLabel("", self)
        self.variance.setObjectName("z_variance")
        self.outcome = QLabel("", self)
        self.outcome.setObjectName("z_outcome")
        self.outcome.setWordWrap(True)
        self.error = _error_label(self)
        self.count_button = QPushButton("Count entered", self)
        self.count_button.setObjectName("z_count")
        self.count_button.setDefault(True)
        self.count_button.clicked.connect(self.enter_count)
        self.approve_button = QPushButton("Manager approves and closes…", self)
        self.approve_button.setObjectName("z_approve")
        self.approve_button.clicked.connect(self.approve_and_close)
        self.approve_button.hide()
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.count_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setObjectName("z_cancel")
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("Counted cash", self.counted)
        form.addRow("Expected cash", self.expected)
        form.addRow("Over / short", self.variance)
        form.addRow(self.outcome)
        form.addRow(self.error)
        form.addRow(buttons)
        self.counted.setFocus()

    def money(self, cents: int) -> str:
        return format_money(cents, *_money_of(self.counter))

    @Slot()
    def enter_count(self) -> None:
        """Record the blind count, then show expected and the difference; close when it is within limits."""
        if self.count is not None:
            return  # the count is taken once: a second figure after seeing the expected one is no blind count
        counter = self.counter

        def work() -> BlindCount:
            cents = typed_amount(self.counted, "the cash you counted in the drawer", counter)
            return reveal_count(
                counter.db,
                till_id=counter.till_id,
                counted_cents=cents,
                cashier_id=self.cashier_id,
                settings=counter.settings,
                now=counter.now,
            )

        count = attempt(work, "Taking the count", self.error.setText, kept=NOTHING_CHANGED)
        if isinstance(count, Refused):
            return
        self.count = count
        self.error.clear()
        self.counted.setReadOnly(True)
        self.count_button.setEnabled(False)
        self.expected.setText(self.money(count.expected_cents))
        words = variance_words(count.variance_cents).capitalize()
        self.variance.setText(
            f"{words} by {self.money(abs(count.variance_cents))}" if count.variance_cents else "Balanced"
        )
        if count.needs_manager:
            limit = self.money(counter.settings.shift.variance_approval_cents)
            self.outcome.setText(f"The difference is above {limit}: a manager's PIN closes this shift.")
            self.approve_button.show()
            self.approve_button.setDefault(True)
            self.approve_button.setFocus()
        else:
            self._close(None, "")

    @Slot()
    def approve_and_close(self) -> None:
        counter = self.counter
        approval = ManagerApprovalDialog.ask_approval(self, counter.db, counter.now, self.cashier_id)
        if approval is None:
            self.error.setText("The shift stays open until a manager approves the difference.")
            return
        self._close(approval.manager.id, approval.pin)

    def _close(self, manager_id: int | None, pin: str) -> None:
        assert self.count is not None
        count, counter = self.count, self.counter
        report = attempt(
            lambda: close_shift(
                counter.db,
                count=count,
                cashier_id=self.cashier_id,
                settings=counter.settings,
                now=counter.now,
                manager_id=manager_id,
                manager_pin=pin,
            ),
            "Closing the shift",
            self.error.setText,
            kept="the shift stays open",
        )
        if isinstance(report, Refused):
            return
        self.report = report
        variance = report.variance_cents or 0
        # Figures again as the Z stored them: a sale in between is counted in the expected cash.
        self.expected.setText(self.money(report.cash.expected_cents))
        words = variance_words(variance).capitalize()
        self.variance.setText(f"{words} by {self.money(abs(variance))}" if variance else "Balanced")
        self.outcome.setText(
            "The shift is closed and its Z slip is printing. The next sale opens a new shift."
        )
        self.error.clear()
        self.approve_button.hide()
        self.close_button.setText("Close")
        self.closed.emit(report)
        self._print_slip(report.shift.id, "z", report.as_of)


class ShiftDialog(QDialog):
    """Counter › Shift: the shift's state and every step of it, in one place."""

    def __init__(
        self, counter: Counter, cashier_id: int, print_slip: PrintSlip, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shift")
        self.setObjectName("shift_dialog")
        self.setMinimumWidth(420)
        self.counter, self.cashier_id, self._print_slip = counter, cashier_id, print_slip
        self.state = QLabel(self)
        self.state.setObjectName("shift_state")
        self.state.setWordWrap(True)
        self.error = _error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("shift_open", "Open shift…", self.open_shift),
            ("shift_pay_in", "Pay in…", self.pay_in),
            ("shift_pay_out", "Pay out…", self.pay_out),
            ("shift_x", "X report (shift stays open)", self.x_report),
            ("shift_z", "Z: count the drawer and close…", self.z_close),
            ("shift_last_z", "Last Z report (to print again)…", self.last_z),
            ("shift_limits", "Manager: PIN limits…", self.limits),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setMinimumHeight(44)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[name] = button
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.shift: Shift | None = None
        self.refresh()

    def money(self, cents: int) -> str:
        return format_money(cents, *_money_of(self.counter))

    def refresh(self) -> None:
        counter = self.counter
        shift = attempt(
            lambda: current_shift(counter.db, counter.till_id),
            "Reading the shift",
            self.error.setText,
        )
        self.shift = None if isinstance(shift, Refused) else shift
        if self.shift is None:
            self.state.setText("No shift is open at this counter. Open one to sell.")
        else:
            opened = self.shift.opened_at.astimezone(counter.settings.time_zone).strftime("%H:%M")
            self.state.setText(
                f"Shift {self.shift.id} open since {opened} ({self.shift.opened_by_name}),"
                f" float {self.money(self.shift.float_cents)}."
            )
        is_open = self.shift is not None
        self.buttons["shift_open"].setEnabled(not is_open)
        for name in ("shift_pay_in", "shift_pay_out", "shift_x", "shift_z"):
            self.buttons[name].setEnabled(is_open)

    @Slot()
    def open_shift(self) -> None:
        OpenShiftDialog.ask(self, self.counter, self.cashier_id)
        self.refresh()

    @Slot()
    def pay_in(self) -> None:
        CashMovementDialog.ask(self, self.counter, self.cashier_id, Movement.PAY_IN)

    @Slot()
    def pay_out(self) -> None:
        CashMovementDialog.ask(self, self.counter, self.cashier_id, Movement.PAY_OUT)

    @Slot()
    def x_report(self) -> ShiftReportDialog | None:
        counter = self.counter
        report = attempt(
            lambda: x_report(counter.db, till_id=counter.till_id, settings=counter.settings, now=counter.now),
            "Reading the shift",
            self.error.setText,
        )
        if isinstance(report, Refused):
            return None
        dialog = ShiftReportDialog(counter, report, self._print_slip, self)
        dialog.show()
        return dialog

    @Slot()
    def last_z(self) -> ShiftReportDialog | None:
        counter = self.counter
        report = attempt(
            lambda: last_z(counter.db, till_id=counter.till_id, settings=counter.settings),
            "Reading the last Z",
            self.error.setText,
        )
        if isinstance(report, Refused):
            return None
        if report is None:
            self.error.setText("No shift has been closed with a Z at this counter yet.")
            return None
        dialog = ShiftReportDialog(counter, report, self._print_slip, self)
        dialog.show()
        return dialog

    @Slot()
    def z_close(self) -> ZCloseDialog:
        dialog = ZCloseDialog(self.counter, self.cashier_id, self._print_slip, self)
        dialog.closed.connect(lambda _report: self.refresh())
        dialog.show()
        return dialog

    @Slot()
    def limits(self) -> ShiftLimitsDialog:
        dialog = ShiftLimitsDialog(self.counter, self.cashier_id, self)
        dialog.show()
        return dialog


class ShiftLimitsDialog(QDialog):
    """A manager sets where the drawer asks for a manager's PIN; saved in settings.toml and audited."""

    def __init__(self, counter: Counter, signed_in: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shift: manager PIN limits")
        self.setObjectName("shift_limits_dialog")
        self.counter, self.signed_in = counter, signed_in
        limits = counter.settings.shift
        self.movement = _money_box("limit_movement", "Pay-in or pay-out above", "e.g. 50.00", self)
        self.movement.setText(_plain(limits.movement_approval_cents, counter.settings.locale))
        self.variance = _money_box("limit_variance", "Z over or short by more than", "e.g. 5.00", self)
        self.variance.setText(_plain(limits.variance_approval_cents, counter.settings.locale))
        self.error = _error_label(self)
        form = QFormLayout(self)
        form.addRow("PIN for a pay-in/out above", self.movement)
        form.addRow("PIN for a Z difference above", self.variance)
        form.addRow(self.error)
        form.addRow(_ok_cancel(self, "Save", "limits_save"))

    def accept(self) -> None:
        counter = self.counter
        locale = counter.settings.locale
        try:
            limits = ShiftSettings(
                movement_approval_cents=parse_price(self.movement.text(), "Pay-in or pay-out limit", locale),
                variance_approval_cents=parse_price(self.variance.text(), "Z difference limit", locale),
            )
        except UserError as error:
            self.error.setText(error.message)
            return
        approval = ManagerApprovalDialog.ask_approval(self, counter.db, counter.now, self.signed_in)
        if approval is None:
            return
        settings = counter.settings
        saved = attempt(
            lambda: store_settings_change(
                counter.db,
                settings,
                {"shift": _limits_table(settings.shift)},
                {"shift": _limits_table(limits)},
                action="shift_limits_changed",
                subject="shift",
                manager_id=approval.manager.id,
                manager_pin=approval.pin,
                now=counter.now,
            ),
            "Saving the limits",
            self.error.setText,
            kept=NOTHING_CHANGED,
        )
        if isinstance(saved, Refused):
            return
        counter.setup.change(settings=replace(settings, shift=limits))
        super().accept()


def _limits_table(limits: ShiftSettings) -> dict[str, int]:
    return {
        "movement_approval_cents": limits.movement_approval_cents,
        "variance_approval_cents": limits.variance_approval_cents,
    }


def _plain(cents: int, locale: str) -> str:
    """An amount as a person types it in the site's locale ("50.00", "50,00"), to edit in place."""
    return str(format_decimal(Decimal(cents).scaleb(-2), "0.00", locale=locale))
