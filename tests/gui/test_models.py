"""Every Qt model of the checkout passes Qt's own model tester, filled and empty."""

from __future__ import annotations

from PySide6.QtCore import Qt

from posapp.domain.customer import Customer
from posapp.domain.offer import OfferKind
from posapp.domain.ticket import TicketLine
from posapp.gui.customer_box import CustomerListModel
from posapp.gui.ticket_model import TicketModel


def test_ticket_model(qtmodeltester) -> None:
    model = TicketModel(lambda cents: f"${cents / 100:.2f}")
    qtmodeltester.check(model)
    model.set_lines(
        (
            TicketLine("standard_wash", "Standard Wash", 1500),
            TicketLine("car_waxing", "Car Waxing", 800, is_addon=True, offer_kind=OfferKind.CROSS_SELL),
        )
    )
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "   + Car Waxing  ★ offer"
    assert model.index(1, 1).data() == "$8.00"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Price"


def test_customer_list_model(qtmodeltester) -> None:
    model = CustomerListModel()
    qtmodeltester.check(model)
    model.set_customers([Customer(id=1, name="Ana García", plate="ABC123", phone="5550101")])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Ana García · ABC123 · 5550101"


def test_customer_search_rows_are_finger_sized_and_no_match_offers_a_new_customer() -> None:
    model = CustomerListModel()
    model.set_customers([], "ZZZ999")
    assert model.rowCount() == 1 and model.index(0, 0).data() == "No match for “ZZZ999” — add a new customer?"
    assert model.index(0, 0).data(Qt.ItemDataRole.SizeHintRole).height() >= 44
