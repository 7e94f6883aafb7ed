"""The manager's receipt-printer choice: saved into settings.toml with its comments kept, checked, audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from posapp.counter import Counter, open_counter
from posapp.domain.errors import UserError
from posapp.services.receipt_setup import change_receipt_settings
from posapp.services.settings_edits import saves_to_file
from posapp.settings import Business, default_settings_path, load_settings
from tests.conftest import Clock, Staff


@pytest.fixture
def own_counter(tmp_path: Path, clock: Clock) -> Iterator[Counter]:
    """A real counter: its settings.toml is a copy beside the database, the owner's to change."""
    made = open_counter(tmp_path / "counter.db", now=clock)
    yield made
    made.db.conn.close()


@pytest.fixture
def managers(own_counter: Counter, clock: Clock) -> Staff:
    from posapp.services.auth import add_cashier
    from posapp.storage.cashiers import Role

    manager = add_cashier(own_counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=clock())
    cashier = add_cashier(own_counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=clock())
    return Staff(manager_id=manager, cashier_id=cashier)


def by(staff: Staff, clock: Clock, pin: str = "9999") -> dict[str, object]:
    return {"manager_id": staff.manager_id, "manager_pin": pin, "now": clock}


def audit_entries(counter: Counter) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    rows = counter.db.execute(
        "SELECT before, after FROM audit_log WHERE action = 'receipt_setup_changed'"
    ).fetchall()
    return [(json.loads(before), json.loads(after)) for before, after in rows]


def test_a_new_printer_is_saved_line_by_line_keeping_the_owners_comments(
    own_counter: Counter, managers: Staff, clock: Clock
) -> None:
    path = own_counter.settings.source
    assert path == own_counter.db_path.parent / "settings.toml" and saves_to_file(own_counter.settings)
    before = path.read_text(encoding="utf-8").splitlines()
    chosen = replace(
        own_counter.settings.receipt,
        printer="escpos",
        escpos_target=" 192.168.1.50:9100 ",
        width_mm=58,
        cash_drawer=False,
    )

    settings = change_receipt_settings(own_counter.db, own_counter.settings, chosen, **by(managers, clock))

    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    target_comment = "  # host:port, vendor:product (hex), a serial device, or a file"
    assert changed == [
        ("width_mm = 80                  # 80 or 58", "width_mm = 58                  # 80 or 58"),
        ('printer = "pdf_folder"         # "pdf_folder", "system" or "escpos"',
         'printer = "escpos"         # "pdf_folder", "system" or "escpos"'),
        ("cash_drawer = true             # kick the cash drawer after a cash payment (ESC/POS)",
         "cash_drawer = false             # kick the cash drawer after a cash payment (ESC/POS)"),
        ('escpos_target = ""' + target_comment,
         'escpos_target = "192.168.1.50:9100"' + target_comment),
    ]  # fmt: skip
    assert load_settings(path).receipt == settings.receipt
    assert settings.receipt.escpos_target == "192.168.1.50:9100"  # the stray spaces are trimmed
    [(was, now)] = audit_entries(own_counter)
    assert was == {
        "receipt.width_mm": 80,
        "receipt.printer": "pdf_folder",
        "receipt.cash_drawer": True,
        "receipt.escpos_target": "",
    }
    assert now == {
        "receipt.width_mm": 58,
        "receipt.printer": "escpos",
        "receipt.cash_drawer": False,
        "receipt.escpos_target": "192.168.1.50:9100",
    }


def test_a_wrong_pin_changes_neither_the_file_nor_the_log(
    own_counter: Counter, managers: Staff, clock: Clock
) -> None:
    text = own_counter.settings.source.read_bytes()
    chosen = replace(own_counter.settings.receipt, width_mm=58)
    with pytest.raises(UserError, match="Wrong PIN"):
        change_receipt_settings(own_counter.db, own_counter.settings, chosen, **by(managers, clock, "0000"))
    assert own_counter.settings.source.read_bytes() == text
    assert audit_entries(own_counter) == []


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (
            {"printer": "system", "system_printer": " "},
            "Choose which printer of this computer prints the receipts.",
        ),
        (
            {"printer": "escpos", "escpos_backend": "usb", "escpos_target": ""},
            "Type where the thermal printer is (vendor:product in hex, like 04b8:0202).",
        ),
        ({"width_mm": 60}, "line 22: receipt.width_mm must be 58 or 80"),
    ],
)
def test_an_incomplete_choice_is_refused_in_one_sentence(
    own_counter: Counter, managers: Staff, clock: Clock, change: dict[str, object], sentence: str
) -> None:
    text = own_counter.settings.source.read_bytes()
    chosen = replace(own_counter.settings.receipt, **change)  # type: ignore[arg-type]
    with pytest.raises(UserError) as refused:
        change_receipt_settings(own_counter.db, own_counter.settings, chosen, **by(managers, clock))
    assert sentence in refused.value.message
    assert own_counter.settings.source.read_bytes() == text
    assert audit_entries(own_counter) == []


def test_the_demo_uses_the_choice_without_writing_the_shipped_settings(
    counter: Counter, staff: Staff, clock: Clock
) -> None:
    shipped = default_settings_path().read_bytes()
    assert not saves_to_file(counter.settings)
    chosen = replace(counter.settings.receipt, width_mm=58)
    settings = change_receipt_settings(counter.db, counter.settings, chosen, **by(staff, clock))
    assert settings.receipt.width_mm == 58
    assert default_settings_path().read_bytes() == shipped
    assert len(audit_entries(counter)) == 1


def test_a_settings_file_broken_by_hand_is_named(own_counter: Counter, managers: Staff, clock: Clock) -> None:
    own_counter.settings.source.write_text("[receipt\nwidth_mm = 80\n", encoding="utf-8")
    with pytest.raises(UserError, match="cannot be read"):
        change_receipt_settings(
            own_counter.db, own_counter.settings, own_counter.settings.receipt, **by(managers, clock)
        )


def test_the_shops_own_header_replaces_the_sample_one(
    own_counter: Counter, managers: Staff, clock: Clock, tmp_path: Path
) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    header = Business(
        name="  Bubbles   Auto Spa ",
        address="12 Quai de la Gare, 69002 Lyon",
        phone="+33 4 72 00 00 00",
        tax_id="FR 12 345678901",
        logo="logo.png",  # beside settings.toml, as the settings file allows
    )
    settings = change_receipt_settings(
        own_counter.db, own_counter.settings, own_counter.settings.receipt, header, **by(managers, clock)
    )
    stored = load_settings(own_counter.settings.source)
    assert (
        stored.business
        == settings.business
        == Business(
            "Bubbles Auto Spa",
            "12 Quai de la Gare, 69002 Lyon",
            "+33 4 72 00 00 00",
            "FR 12 345678901",
            "logo.png",
        )
    )
    text = own_counter.settings.source.read_text(encoding="utf-8")
    assert 'logo = "logo.png"                      # path to a PNG printed at the top of receipts' in text
    [(was, now)] = audit_entries(own_counter)
    assert (was["business.name"], now["business.name"], now["business.logo"]) == (
        "Sparkle Car Wash",
        "Bubbles Auto Spa",
        "logo.png",
    )


@pytest.mark.parametrize(
    ("header", "sentence"),
    [
        (Business(" ", "", "", "", ""), "Type the business name: it heads every receipt and report."),
        (
            Business("Bubbles", "", "", "", "/nowhere/logo.png"),
            "There is no logo picture at /nowhere/logo.png; choose the file again.",
        ),
    ],
)
def test_a_header_without_a_name_or_with_a_missing_logo_is_refused(
    own_counter: Counter, managers: Staff, clock: Clock, header: Business, sentence: str
) -> None:
    text = own_counter.settings.source.read_bytes()
    with pytest.raises(UserError) as refused:
        change_receipt_settings(
            own_counter.db, own_counter.settings, own_counter.settings.receipt, header, **by(managers, clock)
        )
    assert refused.value.message == sentence
    assert own_counter.settings.source.read_bytes() == text


def test_saving_the_same_choices_again_writes_and_logs_nothing(
    own_counter: Counter, managers: Staff, clock: Clock
) -> None:
    text = own_counter.settings.source.read_bytes()
    settings = change_receipt_settings(
        own_counter.db, own_counter.settings, own_counter.settings.receipt, **by(managers, clock)
    )
    assert settings == own_counter.settings
    assert own_counter.settings.source.read_bytes() == text
    assert audit_entries(own_counter) == []
