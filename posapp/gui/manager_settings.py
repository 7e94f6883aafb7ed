"""The manager's "Prices and scripts" dialog: change what a service costs and what the cashier reads out.

Its last tab shows this till's identity on the database (posapp.services.tills) and renames it.

It opens only after ManagerApprovalDialog; each change re-checks that manager's PIN and is
audited by posapp.services.manager_edits. The running checkout was built from the catalog and
scripts of its start, so the dialog hands the new ones back through its signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QSpinBox, QWidget

from posapp.counter import Counter
from posapp.domain.catalog import Catalog, Service, ServiceKind
from posapp.domain.money import format_money
from posapp.gui.dialogs import ManagerApproval, ManagerApprovalDialog
from posapp.gui.forms.ui_manager_settings import Ui_PricesAndScriptsDialog
from posapp.gui.headed_table import HeadedTableModel
from posapp.gui.manager_windows import watch_manager_window
from posapp.gui.screen_fit import fit_to_screen
from posapp.offers.model import OfferRules, Policy
from posapp.offers.scripts import PLACEHOLDERS, plain_price
from posapp.services.faults import NOTHING_CHANGED, REFUSED, Refused, attempt
from posapp.services.manager_edits import (
    change_offer_rules,
    change_price,
    change_script,
    edited_script_keys,
    reset_script_to_default,
    script_in_use,
    script_keys,
)
from posapp.services.settings_edits import saves_to_file
from posapp.services.tills import rename_till
from posapp.storage.catalog import load_catalog
from posapp.storage.offer_scripts import load_scripts
from posapp.storage.tills import all_tills

Index = QModelIndex | QPersistentModelIndex

KIND_WORDS = {ServiceKind.WASH: "Wash", ServiceKind.ADDON: "Add-on", ServiceKind.MEMBERSHIP: "Membership"}
MOMENT_WORDS = {
    "checkout": "At checkout",
    "renewal": "Membership renewal",
    "service": "Customer question",
    "follow_up": "Follow-up",
}
OFFER_WORDS = {"cross_sell": "add-on", "upsell": "upgrade", "trial_upgrade": "free trial upgrade"}
POLICY_WORDS = {
    Policy.FIXED: "Offer the add-on first",
    Policy.BEST_VALUE: "Offer the one customers take most often",
}


class PriceListModel(HeadedTableModel):
    """Every service with its kind and price, in menu order; the price is edited in place.

    Signals:
        catalog_changed(object): a price was stored; the Catalog as now stored.
        price_stored(str): a price was stored; a sentence saying what it now is.
        price_refused(str): the typed price (or the PIN) was refused; the sentence why. Nothing changed.
    """

    catalog_changed = Signal(object)
    price_stored = Signal(str)
    price_refused = Signal(str)

    HEADERS = ("Service", "Kind", "Price")
    PRICE_COLUMN = 2
    RIGHT_ALIGNED = frozenset({PRICE_COLUMN})

    def __init__(self, counter: Counter, approval: ManagerApproval, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counter, self._approval = counter, approval
        self._services = self._menu_order(counter.catalog)  # the prices in force

    @staticmethod
    def _menu_order(catalog: Catalog) -> list[Service]:
        kinds = list(KIND_WORDS)
        return sorted(catalog.services, key=lambda s: (kinds.index(s.kind), s.tier, s.name))

    def service(self, row: int) -> Service:
        return self._services[row]

    def row_total(self) -> int:
        return len(self._services)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        service, column = self._services[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (service.name, KIND_WORDS[service.kind], self._money(service.price_cents))[column]
        if role == Qt.ItemDataRole.EditRole and column == self.PRICE_COLUMN:
            return plain_price(service.price_cents)  # what the manager retypes: "12.50", no symbol
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.PRICE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store a typed price through change_price; a refusal keeps the old price and says why."""
        if not index.isValid() or index.column() != self.PRICE_COLUMN or role != Qt.ItemDataRole.EditRole:
            return False
        service = self._services[index.row()]

        def store() -> Catalog:
            change_price(
                self._counter.db,
                code=service.code,
                price_text=str(value),
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=self._counter.now,
                locale=self._counter.settings.locale,
            )
            return load_catalog(self._counter.db)

        doing = f"Changing the price of {service.name}"
        catalog = attempt(store, doing, self.price_refused.emit, kept=NOTHING_CHANGED)
        if isinstance(catalog, Refused):
            return False
        self._services[index.row()] = stored = catalog.get(service.code)
        self._counter.setup.change(catalog=catalog)  # the checkout sells at the new price from the next tap
        self.dataChanged.emit(index, index)
        self.price_stored.emit(f"{stored.name} now costs {self._money(stored.price_cents)} on new tickets.")
        self.catalog_changed.emit(catalog)
        return True

    def _money(self, cents: int) -> str:
        settings = self._counter.settings
        return format_money(cents, settings.currency, settings.locale)


def script_title(key: str, catalog: Catalog) -> str:
    """A script key in plain words: checkout.cross_sell.car_waxing is "At checkout – add-on: Car Waxing"."""
    moment, _, rest = key.partition(".")
    kind, _, code = rest.partition(".")
    title = f"{MOMENT_WORDS.get(moment, moment)} – {OFFER_WORDS.get(kind, kind)}"
    if code:
        title += f": {catalog.get(code).name if code in catalog else code}"
    return title


class PricesAndScriptsDialog(QDialog):
    """Prices in a table (edit in place) and the offer scripts in an editor, for one approved manager.

    Signals:
        catalog_changed(object): a price was stored; the new Catalog (give it to the checkout page).
        scripts_changed(object): a script was saved or reset; the Scripts now in use.
        rules_changed(object): the offer rules were saved; the OfferRules now in force.
    """

    catalog_changed = Signal(object)
    scripts_changed = Signal(object)
    rules_changed = Signal(object)

    def __init__(self, counter: Counter, approval: ManagerApproval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_PricesAndScriptsDialog()
        self.form.setupUi(self)
        self._counter, self._approval = counter, approval
        self.setWindowTitle(f"Prices, scripts and offer rules – {approval.manager.name}")
        self.prices = PriceListModel(counter, approval, self)
        self._build_price_table()
        self._fill_script_keys()
        placeholders = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        self.form.script_placeholders.setText(f"Placeholders: {placeholders}")
        self.form.script_placeholders.setToolTip(
            "\n".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items())
        )
        self.prices.catalog_changed.connect(self.catalog_changed)
        self.prices.price_stored.connect(self._say)
        self.prices.price_refused.connect(self._refuse)
        self.form.script_key.currentIndexChanged.connect(self._show_script)
        self.form.script_text.textChanged.connect(self._update_script_buttons)
        self.form.script_save.clicked.connect(self.save_script)
        self.form.script_reset.clicked.connect(self.reset_script)
        self.form.buttons.rejected.connect(self.reject)
        self.form.buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumSize(140, 48)
        self._show_script()
        self._build_rules(counter.settings.offer_rules)
        self._build_till()
        # A refusal belongs to the tab and the script it was about: it does not follow the manager on.
        self.form.settings_tabs.currentChanged.connect(self._clear_messages)
        self.form.script_key.currentIndexChanged.connect(self._clear_messages)
        fit_to_screen(self, self.size())

    def has_unsaved_script(self) -> bool:
        """Whether the script box holds wording that is not the one in use."""
        return self.form.script_save.isEnabled()

    def reject(self) -> None:
        """Close, Esc or the title bar's cross: an unsaved script edit is not dropped without asking."""
        if self.has_unsaved_script() and not self.confirm_discard(self, self.form.script_key.currentText()):
            return
        super().reject()

    @classmethod
    def confirm_discard(cls, parent: QWidget, script: str) -> bool:
        """True when the manager closes without saving the edited script `script`."""
        answer = QMessageBox.question(
            parent,
            "Close without saving?",
            f"The script “{script}” has changes that are not saved. Close without saving them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    @Slot()
    def _clear_messages(self) -> None:
        self.form.dialog_error.clear()
        self.form.settings_status.clear()

    def _build_rules(self, rules: OfferRules) -> None:
        form = self.form
        for policy, words in POLICY_WORDS.items():
            form.rule_policy.addItem(words, policy.value)
        for name, spin in self._rule_spins().items():
            spin.setValue(getattr(rules, name))
            spin.setMinimumHeight(44)
        form.rule_policy.setCurrentIndex(form.rule_policy.findData(rules.policy.value))
        form.rules_save.clicked.connect(self.save_rules)

    def _rule_spins(self) -> dict[str, QSpinBox]:
        form = self.form
        return {
            "cooldown_days": form.rule_cooldown_days,
            "decline_pause_days": form.rule_decline_pause_days,
            "min_tenure_months": form.rule_min_tenure_months,
            "trial_days": form.rule_trial_days,
            "renewal_window_days": form.rule_renewal_window_days,
            "overwhelmed_after_changes": form.rule_overwhelmed_after_changes,
        }

    def chosen_rules(self) -> OfferRules:
        """The rules as the tab shows them (the spin boxes keep each within its allowed range)."""
        values = {name: spin.value() for name, spin in self._rule_spins().items()}
        policy = Policy(str(self.form.rule_policy.currentData()))
        return replace(self._counter.settings.offer_rules, policy=policy, **values)

    @Slot()
    def save_rules(self) -> None:
        """Store the offer rules (PIN re-checked, audited, settings.toml except in the demo)."""
        counter, rules = self._counter, self.chosen_rules()
        settings = attempt(
            lambda: change_offer_rules(
                counter.db,
                counter.settings,
                rules,
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
            ),
            "Saving the offer rules",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(settings, Refused):
            return
        # Only the rules change in force: the rest of the settings stay as the counter holds them.
        counter.setup.change(settings=replace(counter.settings, offer_rules=settings.offer_rules))
        where = "" if saves_to_file(settings) else " for this demo session"
        self._say(f"Offer rules saved{where}; the panel decides by them from the next tap.")
        self.rules_changed.emit(rules)

    def _build_till(self) -> None:
        """This till's name (editable), its identity and the other tills on the database."""
        form, counter = self.form, self._counter
        form.till_name.setText(counter.settings.terminal)
        form.till_database.setText(str(counter.db_path))
        form.till_save.clicked.connect(self.save_till_name)
        form.till_name.returnPressed.connect(self.save_till_name)
        if counter.till is None:  # a counter opened for a command, not as a till: nothing to rename
            form.till_id.setText("none: this window was not opened as a till")
            form.till_name.setEnabled(False)
            form.till_save.setEnabled(False)
        else:
            form.till_id.setText(counter.till.id)
        self._show_other_tills()

    def _show_other_tills(self) -> None:
        own = self._counter.till.id if self._counter.till else None
        others = [f"{till.name} ({till.id})" for till in all_tills(self._counter.db) if till.id != own]
        self.form.till_others.setText("\n".join(others) or "none yet")

    @Slot()
    def save_till_name(self) -> None:
        """Rename this till (PIN re-checked, audited); its next tickets carry the new name."""
        counter = self._counter
        if counter.till is None:
            return
        till_id = counter.till.id
        name = attempt(
            lambda: rename_till(
                counter.db,
                till_id,
                self.form.till_name.text(),
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=counter.now,
            ),
            "Renaming this till",
            self._refuse,
            kept=NOTHING_CHANGED,
        )
        if isinstance(name, Refused):
            return
        self.form.till_name.setText(name)
        counter.setup.change(settings=replace(counter.settings, terminal=name))
        self._say(f"This till is now called {name}; its next tickets carry that name.")

    def _build_price_table(self) -> None:
        table = self.form.price_table
        table.setModel(self.prices)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(48)  # a finger's height per row at the counter
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 180), (2, 150)):  # room around the figures, not just their width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)

    def _fill_script_keys(self) -> None:
        setup = self._counter.setup
        self._in_use = setup.scripts  # the wording in force, as the checkout reads it
        self._edited = edited_script_keys(self._counter.db)
        for key in script_keys(self._counter.db):
            self.form.script_key.addItem(script_title(key, setup.catalog), key)
            self.form.script_key.setItemData(
                self.form.script_key.count() - 1, key, Qt.ItemDataRole.ToolTipRole
            )

    def chosen_key(self) -> str:
        return str(self.form.script_key.currentData())

    def choose_script(self, key: str) -> None:
        self.form.script_key.setCurrentIndex(self.form.script_key.findData(key))

    @Slot()
    def _show_script(self) -> None:
        self.form.script_text.setPlainText(script_in_use(self._in_use, self.chosen_key()))
        self._update_script_buttons()

    @Slot()
    def _update_script_buttons(self) -> None:
        key = self.chosen_key()
        typed = self.form.script_text.toPlainText().strip()
        self.form.script_save.setEnabled(typed != script_in_use(self._in_use, key))
        self.form.script_reset.setEnabled(key in self._edited)

    @Slot()
    def save_script(self) -> None:
        """Store the typed script (PIN re-checked, audited); a bad placeholder is refused in one sentence."""
        key = self.chosen_key()
        self._run_script_change(
            lambda: change_script(
                self._counter.db,
                key=key,
                text=self.form.script_text.toPlainText(),
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=self._counter.now,
            ),
            f"Saved the script “{self.form.script_key.currentText()}”.",
        )

    @Slot()
    def reset_script(self) -> None:
        """Go back to the shipped wording of the chosen script."""
        key = self.chosen_key()
        self._run_script_change(
            lambda: reset_script_to_default(
                self._counter.db,
                key=key,
                manager_id=self._approval.manager.id,
                manager_pin=self._approval.pin,
                now=self._counter.now,
            ),
            f"The script “{self.form.script_key.currentText()}” is back to its default.",
        )

    def _run_script_change(self, change: Callable[[], str], done: str) -> None:
        def store() -> None:
            change()
            self._in_use = load_scripts(self._counter.db)
            self._edited = edited_script_keys(self._counter.db)

        if attempt(store, "Saving the script", self._refuse, kept=NOTHING_CHANGED) is REFUSED:
            return
        self._counter.setup.change(scripts=self._in_use)
        self._show_script()
        self._say(done)
        self.scripts_changed.emit(self._in_use)

    @Slot(str)
    def _say(self, text: str) -> None:
        self.form.dialog_error.clear()
        self.form.settings_status.setText(text)

    @Slot(str)
    def _refuse(self, text: str) -> None:
        self.form.settings_status.clear()
        self.form.dialog_error.setText(text)


def open_prices_and_scripts(
    parent: QWidget | None, counter: Counter, preselect: int | None = None
) -> PricesAndScriptsDialog | None:
    """Ask a manager's PIN (`preselect`: the signed-in manager), then open the dialog, window-modal.

    Returns the open dialog so the caller can connect `catalog_changed` and `scripts_changed`
    to the checkout; None when the manager cancelled. The dialog deletes itself when closed.
    """
    approval = ManagerApprovalDialog.ask_approval(
        parent, counter.db, counter.now, preselect, approving="Prices, scripts and offer rules"
    )
    if approval is None:
        return None
    dialog = PricesAndScriptsDialog(counter, approval, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_manager_window(dialog, counter)  # closed at a lock, or when left untouched
    dialog.open()
    return dialog
