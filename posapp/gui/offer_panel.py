"""The side panel telling the cashier what to offer, word for word, or why not to offer anything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from posapp.domain.offer import Moment, OfferKind
from posapp.gui.forms.ui_offer_panel import Ui_OfferPanel
from posapp.services.offer_session import OfferView

_MOMENT_CAPTIONS = {
    Moment.CHECKOUT: "Suggest now",
    Moment.RENEWAL: "Membership renewal",
    Moment.SERVICE: "Customer question",
    Moment.FOLLOW_UP: "Follow-up",
    Moment.QUESTION: "Customer question",
}

_KIND_WORDS = {
    OfferKind.CROSS_SELL: "Add",
    OfferKind.UPSELL: "Upgrade to",
    OfferKind.TRIAL_UPGRADE: "Free trial of",
}


class OfferPanel(QFrame):
    """Shows one offer (title, script, price difference, Accept / Decline) or the reasons for none.

    Signals:
        accepted(): the cashier tapped Accept (or pressed Enter).
        declined(): the cashier tapped Decline (or pressed Esc).
    """

    accepted = Signal()
    declined = Signal()

    def __init__(self, format_money: Callable[[int], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_OfferPanel()
        self.form.setupUi(self)
        # Scripts, service and customer names are people's words, never markup.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("offer_panel")
        self.setAccessibleName("Offer for this customer")
        self._format_money = format_money
        self.view: OfferView | None = None
        self.form.offer_accept.clicked.connect(self._on_accept)
        self.form.offer_decline.clicked.connect(self._on_decline)
        self.show_view(None)

    @property
    def has_offer(self) -> bool:
        return self.view is not None and self.view.offer is not None

    def show_view(self, view: OfferView | None) -> None:
        """Show the offer of this moment, or the plain-words reason nothing is offered."""
        self.view = view
        form = self.form
        offer = view.offer if view is not None else None
        form.offer_moment.setText(_MOMENT_CAPTIONS[view.moment] if view else "Offer")
        if offer is None:
            form.offer_title.setText("No offer right now")
            form.offer_price.clear()
            form.offer_script.clear()
            reason = view.not_offered if view else "Choose a wash to see what to offer."
            form.offer_reasons.setText(reason or "Not offered: nothing on the ticket calls for an offer.")
        else:
            form.offer_title.setText(f"{_KIND_WORDS.get(offer.kind, 'Offer')} {offer.name}")
            form.offer_price.setText(self._price_text(offer.price_delta_cents, offer.kind))
            form.offer_script.setText(offer.script)
            form.offer_reasons.clear()
        form.offer_script.setVisible(offer is not None)
        form.offer_reasons.setVisible(offer is None)
        form.offer_price.setVisible(offer is not None)
        form.offer_accept.setEnabled(offer is not None)
        form.offer_decline.setEnabled(offer is not None)
        self.setProperty("state", "offer" if offer is not None else "none")
        # A dynamic property only restyles after the style is re-applied.
        self.style().unpolish(self)
        self.style().polish(self)

    def _price_text(self, cents: int, kind: OfferKind) -> str:
        if kind is OfferKind.TRIAL_UPGRADE:
            return f"Free today, then +{self._format_money(cents)} a month"
        return f"+{self._format_money(cents)}"

    @Slot()
    def _on_accept(self) -> None:
        if self.has_offer:
            self.accepted.emit()

    @Slot()
    def _on_decline(self) -> None:
        if self.has_offer:
            self.declined.emit()
