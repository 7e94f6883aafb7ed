"""The wash and add-on buttons, built from the catalog: big, priced, and on F1…F4 for washes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from posapp.domain.catalog import Catalog, Service
from posapp.domain.ticket import TicketDraft

#: Washes beyond the fourth still get a button, just no function key.
WASH_KEYS = ("F1", "F2", "F3", "F4")


class WashMenu(QWidget):
    """The menu of washes and add-ons.

    Signals:
        wash_chosen(str): the code of the wash the cashier tapped.
        addon_tapped(str): the code of an add-on tapped (added, or removed if on the ticket).
    """

    wash_chosen = Signal(str)
    addon_tapped = Signal(str)

    def __init__(
        self, catalog: Catalog, format_money: Callable[[int], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wash_menu")
        self.wash_buttons: dict[str, QPushButton] = {}
        self.addon_buttons: dict[str, QPushButton] = {}
        self._catalog = catalog
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(_caption("Washes"))
        for position, wash in enumerate(catalog.washes()):
            key = WASH_KEYS[position] if position < len(WASH_KEYS) else ""
            button = self._button(wash, "wash", format_money, key)
            button.clicked.connect(self._on_wash_clicked)
            self.wash_buttons[wash.code] = button
            layout.addWidget(button)
        layout.addWidget(_caption("Add-ons"))
        grid = QGridLayout()
        grid.setSpacing(8)
        for position, addon in enumerate(catalog.addons()):
            button = self._button(addon, "addon", format_money, "")
            button.clicked.connect(self._on_addon_clicked)
            self.addon_buttons[addon.code] = button
            grid.addWidget(button, position // 2, position % 2)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _button(
        self, service: Service, role: str, format_money: Callable[[int], str], key: str
    ) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(f"{role}_{service.code}")
        button.setProperty("role", role)
        button.setProperty("code", service.code)
        button.setProperty("key", key)
        _label(button, service, format_money)
        button.setCheckable(True)
        button.setToolTip(service.description or service.name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if key:
            # A QShortcut clicks at once; a button's own shortcut animates the click for 100 ms,
            # long enough for the next key (Enter: accept) to arrive before the wash is chosen.
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(button.click)
        return button

    def show_prices(self, catalog: Catalog, format_money: Callable[[int], str]) -> None:
        """New prices from the manager, on the same buttons (their shortcuts stay)."""
        self._catalog = catalog
        for code, button in (self.wash_buttons | self.addon_buttons).items():
            if code in catalog:
                _label(button, catalog.get(code), format_money)

    def show_ticket(self, draft: TicketDraft) -> None:
        """Light up what is on the ticket; add-ons the wash already includes cannot be added."""
        wash = draft.wash
        included = self._catalog.get(wash.code).includes if wash and wash.code in self._catalog else set()
        for code, button in self.wash_buttons.items():
            button.setChecked(wash is not None and wash.code == code)
        codes = set(draft.codes)
        for code, button in self.addon_buttons.items():
            button.setChecked(code in codes)
            button.setEnabled(code not in included)
            if code in included and wash is not None:
                button.setToolTip(f"Included in the {wash.name}")

    @Slot()
    def _on_wash_clicked(self) -> None:
        self.wash_chosen.emit(str(self.sender().property("code")))

    @Slot()
    def _on_addon_clicked(self) -> None:
        self.addon_tapped.emit(str(self.sender().property("code")))


def _label(button: QPushButton, service: Service, format_money: Callable[[int], str]) -> None:
    price = format_money(service.price_cents)
    key = str(button.property("key") or "")
    button.setText(f"{key}   {service.name}\n{price}" if key else f"{service.name}\n{price}")
    button.setAccessibleName(f"{service.name}, {price}")


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "caption")
    return label
