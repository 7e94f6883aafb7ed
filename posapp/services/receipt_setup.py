"""The manager's receipt setup: the printer and the shop's header, checked, then saved as settings.

Saving (comments kept, checked as at start-up, audited, never in the demo's shipped file)
is posapp.services.settings_edits; this module checks what only a person can get wrong.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.services.settings_edits import saves_to_file, store_settings_change
from posapp.settings import Business, ReceiptSettings, Settings, default_settings_path
from posapp.storage.db import Database

#: What the thermal printer's address looks like, by backend (shown in the form, and in refusals).
ESC_POS_TARGET_HINTS = {
    "network": "host:port, like 192.168.1.50:9100",
    "usb": "vendor:product in hex, like 04b8:0202",
    "serial": "a serial device, like /dev/ttyUSB0 or COM3",
    "file": "a device file, like /dev/usb/lp0",
}


def still_the_sample_header(settings: Settings) -> bool:
    """True while a real counter's receipts carry the shipped sample shop's name (a new install)."""
    if not saves_to_file(settings):
        return False  # the demo is the sample shop
    try:
        sample = tomllib.loads(default_settings_path().read_text(encoding="utf-8"))["business"]["name"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return False
    return bool(settings.business.name == sample)


def change_receipt_settings(
    db: Database,
    settings: Settings,
    receipt: ReceiptSettings,
    business: Business | None = None,
    *,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> Settings:
    """Use `receipt` (and the header in `business`) from now on, saved except in the demo.

    Returns the settings in force afterwards.
    """
    checked_receipt = _checked_receipt(receipt)
    checked_business = _checked_business(business or settings.business, settings.source.parent)
    store_settings_change(
        db,
        settings,
        {"receipt": asdict(settings.receipt), "business": asdict(settings.business)},
        {"receipt": asdict(checked_receipt), "business": asdict(checked_business)},
        action="receipt_setup_changed",
        subject="receipts",
        manager_id=manager_id,
        manager_pin=manager_pin,
        now=now,
    )
    return replace(settings, receipt=checked_receipt, business=checked_business)


def _checked_receipt(receipt: ReceiptSettings) -> ReceiptSettings:
    """The printer choices the form cannot prevent, in one sentence each."""
    receipt = replace(
        receipt,
        system_printer=receipt.system_printer.strip(),
        pdf_folder=receipt.pdf_folder.strip(),
        escpos_target=receipt.escpos_target.strip(),
        footer=receipt.footer.strip(),
    )
    if receipt.printer == "system" and not receipt.system_printer:
        raise UserError("Choose which printer of this computer prints the receipts.")
    if receipt.printer == "escpos" and not receipt.escpos_target:
        hint = ESC_POS_TARGET_HINTS[receipt.escpos_backend]
        raise UserError(f"Type where the thermal printer is ({hint}).")
    return receipt


def _checked_business(business: Business, settings_folder: Path) -> Business:
    """The receipt header: a name is needed; a logo, if given, must be a file that is there."""
    business = Business(
        name=" ".join(business.name.split()),
        address=business.address.strip(),
        phone=business.phone.strip(),
        tax_id=business.tax_id.strip(),
        logo=business.logo.strip(),
    )
    if not business.name:
        raise UserError("Type the business name: it heads every receipt and report.")
    if business.logo:
        logo = Path(business.logo).expanduser()
        if not (logo if logo.is_absolute() else settings_folder / logo).is_file():
            raise UserError(f"There is no logo picture at {business.logo}; choose the file again.")
    return business
