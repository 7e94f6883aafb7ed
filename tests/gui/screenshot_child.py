"""Run by test_screenshot.py in a child process on a real X server: the checkout with an offer, saved as PNG.

Usage: python screenshot_child.py OUTPUT.png WIDTH HEIGHT
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from posapp.counter import open_counter
from posapp.domain.customer import Customer, Membership
from posapp.gui.main import application, build_window
from posapp.services.auth import add_cashier
from posapp.services.customers import add_customer
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role


def main(output: Path, width: int, height: int) -> int:
    folder = Path(tempfile.mkdtemp())
    counter = open_counter(
        folder / "counter.db",
        settings_path=default_settings_path(),
        now=lambda: datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        till=TillPlace(folder / "tills"),
    )
    add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
    add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
    membership = Membership("standard_club", started_on=date(2026, 1, 10), renews_on=date(2027, 1, 10))
    add_customer(counter.db, Customer(None, "Ana García", plate="ABC123", membership=membership), counter.now)
    app = application()
    window = build_window(counter)
    window.resize(width, height)
    window.show()
    window.sign_in_page.choose("Sam")
    window.sign_in_page.form.login_pin.setText("1111")
    window.sign_in_page.try_sign_in()
    box = window.checkout.customer_box
    box.form.customer_search.setText("ABC123")
    box.pick_first()
    window.checkout.wash_menu.wash_buttons["standard_wash"].click()
    for _ in range(20):
        QApplication.processEvents()
    assert window.checkout.offer_panel.has_offer, "an offer must be showing"
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output)):
        return 1
    print(app.platformName(), window.width(), window.height())
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
