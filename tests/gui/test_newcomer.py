"""What a newcomer meets on the demo site: people and plates to try, where the data lives, the F-keys."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from posapp.counter import open_counter
from posapp.gui.checkout_window import CheckoutWindow
from posapp.gui.main import application, build_window
from posapp.services.demo import ensure_demo_site
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path


def test_the_demo_names_two_plates_that_find_customers_and_about_shows_its_database(
    qtbot: QtBot, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    counter = open_counter(
        tmp_path / "demo.db",
        settings_path=default_settings_path(),
        demo=True,
        now=clock,
        till=TillPlace(tmp_path / "tills"),
    )
    try:
        ensure_demo_site(counter.db, counter.catalog, counter.settings, now=counter.now, days=1)
        application()
        window = build_window(counter)
        qtbot.add_widget(window)
        hint = window.notice.text_label.text()
        assert "sign in as Morgan" in hint and " (a club member) or " in hint
        member_plate = hint.split("Then try plate ")[1].split(" ")[0]
        regular_plate = hint.split(" or ")[-1].split(" ")[0]
        for plate, member in ((member_plate, True), (regular_plate, False)):
            row = counter.db.execute(
                "SELECT m.id IS NOT NULL FROM customers c LEFT JOIN memberships m ON m.customer_id = c.id"
                " WHERE c.plate = ?",
                (plate,),
            ).fetchone()
            assert row is not None and bool(row[0]) is member
        about = window.about_text()
        assert f"Demo database (sample data only): {tmp_path / 'demo.db'}" in about
        assert [a.objectName() for a in window.help_menu.actions()] == ["menu_about"]
        window.close()
    finally:
        counter.db.conn.close()


def test_each_wash_on_the_menu_has_its_f_key_in_order(window: CheckoutWindow) -> None:
    washes = window.counter.catalog.washes()
    keys = [window.checkout.wash_menu.wash_buttons[wash.code].property("key") for wash in washes]
    assert keys == [f"F{n}" for n in range(1, len(washes) + 1)]  # three washes: F1-F3, as the README says
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "F1–F4" not in readme and "one key per wash" in readme
