"""The manager's "Script tests" dialog: start a test of an offer's wording (and a hold-out), read it, stop it.

Opened only after ManagerApprovalDialog; every start, change and stop re-checks that manager's
PIN and is audited by posapp.services.experiments. A test's figures and verdict are worked
out on a pool thread (the bootstrap takes a moment), never on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from posapp.counter import Counter
from posapp.domain.catalog import Catalog, ServiceKind
from posapp.domain.offer import Moment, OfferKind
from posapp.gui.background import BackgroundOp
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.offers.experiments import HOLDOUT, Experiment
from posapp.reports.experiments import arm_label, experiment_figures, verdicts
from posapp.reports.labels import Words
from posapp.services.experiments import (
    ScriptTestPlan,
    change_experiment,
    start_experiment,
    stop_experiment,
)
from posapp.services.faults import NOTHING_CHANGED, Refused, attempt
from posapp.services.manager_edits import script_in_use
from posapp.storage.db import open_db
from posapp.storage.experiments import all_experiments

#: The offers a test may be run on, as (moment, kind) for each kind of catalog service.
_OFFERS_OF_KIND = {
    ServiceKind.ADDON: (Moment.CHECKOUT, OfferKind.CROSS_SELL, "At checkout – add-on"),
    ServiceKind.WASH: (Moment.CHECKOUT, OfferKind.UPSELL, "At checkout – upgrade"),
    ServiceKind.MEMBERSHIP: (Moment.RENEWAL, OfferKind.TRIAL_UPGRADE, "At renewal – free trial"),
}


def offers_to_test(catalog: Catalog) -> list[tuple[str, tuple[Moment, OfferKind, str]]]:
    """Every offer a test may be run on, in words, with its (moment, kind, service)."""
    found = []
    for service in catalog.services:
        moment, kind, words = _OFFERS_OF_KIND[service.kind]
        upgraded_to = any(other.upgrade_to == service.code for other in catalog.services)
        if service.kind is not ServiceKind.ADDON and not upgraded_to:
            continue  # an upgrade or trial is only ever offered of what something upgrades to
        found.append((f"{words}: {service.name}", (moment, kind, service.code)))
    return found


@dataclass(frozen=True)
class TestReading:
    """Works out one test's figures and verdict with a connection of its own (a pool thread's)."""

    db_path: Path
    experiment: Experiment
    today: date
    offer_name: str
    currency: str
    locale: str

    def __call__(self) -> tuple[int, str]:
        db = open_db(self.db_path, read_only=True)
        try:
            figures = experiment_figures(db, self.experiment, self.today, self.offer_name)
        finally:
            db.conn.close()
        words = Words(self.currency, self.locale)
        arms = "\n".join(
            f"{arm_label(arm.arm)}: {words.count(arm.customers)} customers"
            + ("" if arm.arm == HOLDOUT else f", take rate {words.percent(arm.take_rate)}")
            for arm in figures.arms
        )
        return self.experiment.id, "\n\n".join((*verdicts(figures, words), arms))


class ScriptTestsDialog(QDialog):
    """The tests so far (pick one to read its verdict or stop it) and a form to start a new one.

    Signals:
        tests_changed(): a test was started, changed or stopped.
        reading_ready(str): the chosen test's verdict is on screen.
    """

    tests_changed = Signal()
    reading_ready = Signal(str)

    def __init__(self, counter: Counter, approval: ManagerApproval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_tests_dialog")
        self.setWindowTitle(f"Script tests and hold-outs – {approval.manager.name}")
        self._counter, self._approval = counter, approval
        self.pool = QThreadPool(self)
        self._build()
        self.reload()
        self.resize(980, 700)

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tests = QListWidget()
        self.tests.setObjectName("experiments_list")
        self.tests.setAccessibleName("Script tests")
        self.tests.currentItemChanged.connect(self._show_chosen)
        self.verdict = QLabel("Choose a test to read how it is doing.")
        self.verdict.setObjectName("experiment_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stop_button = QPushButton("Stop this test")
        self.stop_button.setObjectName("experiment_stop")
        self.stop_button.setMinimumHeight(44)
        self.stop_button.clicked.connect(self.stop_chosen)
        self.change_button = QPushButton("Reword variant B…")
        self.change_button.setObjectName("experiment_change")
        self.change_button.setMinimumHeight(44)
        self.change_button.clicked.connect(self.reword_chosen)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.change_button)
        actions.addWidget(self.stop_button)
        reading = QVBoxLayout()
        reading.addWidget(self.verdict, 1)
        reading.addLayout(actions)
        listing = QHBoxLayout()
        listing.addWidget(self.tests, 2)
        listing.addLayout(reading, 3)
        so_far = QGroupBox("Tests so far")
        so_far.setLayout(listing)

        self.name = QLineEdit()
        self.name.setObjectName("experiment_name")
        self.name.setPlaceholderText("e.g. Car Waxing: shorter wording")
        self.offer = QComboBox()
        self.offer.setObjectName("experiment_offer")
        for words, key in offers_to_test(self._counter.catalog):
            self.offer.addItem(words, key)
        self.offer.currentIndexChanged.connect(self._show_script_a)
        self.script_a = QPlainTextEdit()
        self.script_a.setObjectName("experiment_script_a")
        self.script_a.setReadOnly(True)
        self.script_b = QPlainTextEdit()
        self.script_b.setObjectName("experiment_script_b")
        self.script_b.setPlaceholderText(
            "The new wording to test against A (placeholders as in the scripts);"
            " leave it empty for a hold-out only."
        )
        for edit in (self.script_a, self.script_b):
            edit.setFixedHeight(58)
        self.holdout = self._spin("experiment_holdout", 0, 50, 10, " %")
        self.min_customers = self._spin("experiment_min_customers", 20, 100_000, 400, " customers")
        self.days = self._spin("experiment_days", 1, 366, 28, " days")
        self.start_button = QPushButton("Start the test")
        self.start_button.setObjectName("experiment_start")
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.start_test)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Offer", self.offer)
        form.addRow("Variant A (the process's script)", self.script_a)
        form.addRow("Variant B", self.script_b)
        horizon = QHBoxLayout()
        for label, spin in (
            ("Hold-out", self.holdout),
            ("At least", self.min_customers),
            ("per arm, for at most", self.days),
        ):
            horizon.addWidget(QLabel(label))
            horizon.addWidget(spin)
        horizon.addStretch(1)
        horizon.addWidget(self.start_button)
        form.addRow("Split and horizon", horizon)
        explained = QLabel(
            "Each known customer always hears the same variant; a walk-in is assigned per ticket. "
            "Hold-out customers are offered nothing while the test runs. The verdict waits for the "
            "planned number of customers in every arm, the hold-out included, so a daily look cannot "
            "pick a lucky winner."
        )
        explained.setWordWrap(True)
        explained.setObjectName("experiment_help")
        form.addRow(explained)
        new_test = QGroupBox("Start a new test")
        new_test.setLayout(form)

        self.status = QLabel()
        self.status.setObjectName("dialog_status")
        self.error = QLabel()
        self.error.setObjectName("dialog_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 44)
        layout = QVBoxLayout(self)
        layout.addWidget(so_far, 1)
        layout.addWidget(new_test)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_script_a()
        for widget, words in (
            (self.verdict, "How the chosen test is doing"),
            (self.name, "Name of the new test"),
            (self.offer, "Offer to test"),
            (self.script_a, "Variant A: the sales process's own script"),
            (self.script_b, "Variant B: the new wording"),
            (self.holdout, "Share of customers held out, offered nothing"),
            (self.min_customers, "Customers needed in every arm before a verdict"),
            (self.days, "Most days the test runs"),
        ):
            widget.setAccessibleName(words)

    @staticmethod
    def _spin(name: str, low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setMinimumHeight(40)
        return spin

    # --- reading -----------------------------------------------------------------------------

    def reload(self, choose: int | None = None) -> None:
        """List every test, newest first; `choose` selects that test."""
        self.tests.clear()
        self._experiments = {e.id: e for e in all_experiments(self._counter.db)}
        today = self._today()
        for experiment in self._experiments.values():
            state = (
                f"stopped {experiment.stopped_on}"
                if experiment.stopped_on
                else ("running" if experiment.running_on(today) else f"ended {experiment.ends_on}")
            )
            item = QListWidgetItem(f"{experiment.name}\n{self._offer_name(experiment)} · {state}")
            item.setData(Qt.ItemDataRole.UserRole, experiment.id)
            self.tests.addItem(item)
            if experiment.id == choose:
                self.tests.setCurrentItem(item)
        if self.tests.currentItem() is None and self.tests.count():
            self.tests.setCurrentRow(0)
        self._update_stop()

    def chosen(self) -> Experiment | None:
        item = self.tests.currentItem()
        return self._experiments.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None

    @Slot()
    def _show_chosen(self) -> None:
        self._update_stop()
        experiment = self.chosen()
        if experiment is None:
            return
        self.verdict.setText("Working out the figures…")
        settings = self._counter.settings
        BackgroundOp(
            f"Reading the test “{experiment.name}”",
            TestReading(
                self._counter.db_path,
                experiment,
                self._today(),
                self._offer_name(experiment),
                settings.currency,
                settings.locale,
            ),
            receiver=self,
            success=self._on_reading,
            failure=partial(self._on_reading_failed, experiment.id),
        ).run_in_background(self.pool)

    def _on_reading(self, reading: tuple[int, str]) -> None:
        experiment_id, text = reading
        chosen = self.chosen()
        if chosen is None or chosen.id != experiment_id:
            return  # the manager has since chosen another test
        self.verdict.setText(text)
        self.reading_ready.emit(text)

    def _on_reading_failed(self, experiment_id: int, message: str) -> None:
        chosen = self.chosen()
        if chosen is not None and chosen.id == experiment_id:
            self.verdict.setText(message)

    def _update_stop(self) -> None:
        experiment = self.chosen()
        running = experiment is not None and experiment.running_on(self._today())
        self.stop_button.setEnabled(running)
        self.change_button.setEnabled(
            running and experiment is not None and _variant_b(experiment) is not None
        )

    # --- changes -----------------------------------------------------------------------------

    def plan(self) -> ScriptTestPlan:
        moment, kind, service = self.offer.currentData()
        script = self.script_b.toPlainText().strip()
        return ScriptTestPlan(
            name=self.name.text(),
            moment=moment,
            kind=kind,
            service=service,
            variant_scripts=(script,) if script else (),
            holdout_percent=self.holdout.value(),
            min_customers=self.min_customers.value(),
            days=self.days.value(),
        )

    @Slot()
    def start_test(self) -> None:
        """Start the test as the form says (PIN re-checked, audited); a refusal says why in one sentence."""
        counter, plan = self._counter, self.plan()
        started = attempt(
            lambda: start_experiment(
                counter.db,
                plan,
                catalog=counter.catalog,
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
                time_zone=counter.settings.time_zone,
            ),
            "Starting the script test",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(started, Refused):
            return
        self.reload(choose=started)
        self._say(f"“{' '.join(plan.name.split())}” has started; the panel uses it from the next customer.")
        self.tests_changed.emit()

    @Slot()
    def stop_chosen(self) -> None:
        experiment = self.chosen()
        if experiment is None:
            return
        counter = self._counter
        stopped = attempt(
            lambda: stop_experiment(
                counter.db,
                experiment.id,
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
                time_zone=counter.settings.time_zone,
            ),
            "Stopping the script test",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(stopped, Refused):
            return
        self.reload(choose=experiment.id)
        self._say(f"“{experiment.name}” has stopped; everyone hears the process's own script again.")
        self.tests_changed.emit()

    @classmethod
    def ask_wording(cls, parent: QWidget, title: str, current: str) -> str | None:
        """Asks for the new wording; a test replaces this classmethod instead of typing into a dialog."""
        text, ok = QInputDialog.getMultiLineText(parent, title, "Variant B's wording:", current)
        return text if ok else None

    @Slot()
    def reword_chosen(self) -> None:
        """Fix variant B's wording (a typo, say) while the test runs: PIN re-checked, audited."""
        experiment = self.chosen()
        current = _variant_b(experiment) if experiment is not None else None
        if experiment is None or current is None:
            return
        text = self.ask_wording(self, f"Reword variant B of “{experiment.name}”", current)
        if text is None:
            return
        counter = self._counter
        changed = attempt(
            lambda: change_experiment(
                counter.db,
                experiment.id,
                scripts={"B": text},
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
            ),
            "Rewording the script test",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(changed, Refused):
            return
        self.reload(choose=experiment.id)
        self._say(f"Variant B of “{experiment.name}” now reads as typed, from the next customer.")
        self.tests_changed.emit()

    # --- helpers -----------------------------------------------------------------------------

    @Slot()
    def _show_script_a(self) -> None:
        key = self.offer.currentData()
        if key is None:
            return
        moment, kind, service = key
        self.script_a.setPlainText(
            script_in_use(self._counter.setup.scripts, f"{moment.value}.{kind.value}.{service}")
        )

    def _offer_name(self, experiment: Experiment) -> str:
        catalog = self._counter.catalog
        return catalog.get(experiment.service).name if experiment.service in catalog else experiment.service

    def _today(self) -> date:
        return self._counter.now().astimezone(self._counter.settings.time_zone).date()

    def _say(self, text: str) -> None:
        self.error.clear()
        self.status.setText(text)

    def _refuse(self, text: str) -> None:
        self.status.clear()
        self.error.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pool.waitForDone(10_000)  # a reading still running must not report to a dialog that is gone
        super().closeEvent(event)


def _variant_b(experiment: Experiment) -> str | None:
    return next((arm.script for arm in experiment.arms if arm.name == "B"), None)


def open_script_tests(
    parent: QWidget | None, counter: Counter, preselect: int | None = None
) -> ScriptTestsDialog | None:
    """Ask a manager's PIN (`preselect`: the signed-in manager), then open the dialog; None when cancelled."""
    approval = ManagerApprovalDialog.ask_approval(parent, counter.db, counter.now, preselect)
    if approval is None:
        return None
    dialog = ScriptTestsDialog(counter, approval, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
