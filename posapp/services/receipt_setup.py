"""The manager's receipt-printer setup: checked, saved into settings.toml with its comments, audited.

The [receipt] table of settings.toml is rewritten key by key with tomlkit, so the owner's
comments and every other section stay as they were. The new file is read back through the
same checks as at start-up before it replaces the old one, whole: a counter never starts on
settings it could not read. The demo runs on the shipped settings file, which is never
written: there the choice holds until the demo closes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime

import tomlkit
from sqlite_utils import Database
from tomlkit.exceptions import ParseError

from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.services.auth import require_manager
from posapp.settings import ReceiptSettings, Settings, default_settings_path, settings_from_text
from posapp.storage.audit import record_audit
from posapp.storage.db import write_transaction


def saves_to_file(settings: Settings) -> bool:
    """False for the demo, whose settings are the shipped defaults inside the program."""
    return settings.source.resolve() != default_settings_path().resolve()


def receipt_settings_text(settings: Settings, receipt: ReceiptSettings) -> str:
    """settings.toml as it will be with `receipt`, checked as at start-up (a UserError if not)."""
    try:
        text = settings.source.read_text(encoding="utf-8")
        document = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, ParseError) as error:
        raise UserError(f"The settings file {settings.source} cannot be read: {error}.") from None
    table = document.get("receipt")
    if not isinstance(table, dict):
        table = tomlkit.table()
        document["receipt"] = table
    for key, value in asdict(receipt).items():
        if table.get(key) != value:  # unchanged lines stay exactly as the owner wrote them
            table[key] = value
    new_text = tomlkit.dumps(document)
    settings_from_text(settings.source, new_text)  # the same checks as at start-up
    return new_text


def change_receipt_settings(
    db: Database,
    settings: Settings,
    receipt: ReceiptSettings,
    *,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> Settings:
    """Use `receipt` from now on (and save it, except in the demo); returns the settings in force."""
    checked = _checked(receipt)
    new_text = receipt_settings_text(settings, checked) if saves_to_file(settings) else None
    manager = require_manager(db, manager_id, manager_pin, now)
    with write_transaction(db):
        record_audit(
            db,
            at=now(),
            cashier_id=manager.id,
            action="receipt_printer_changed",
            subject=str(settings.source),
            before=asdict(settings.receipt),
            after=asdict(checked),
        )
        # Written inside the transaction: a file that cannot be written rolls the audit entry back.
        if new_text is not None:
            write_whole(settings.source, new_text.encode("utf-8"), "settings")
    return replace(settings, receipt=checked)


def _checked(receipt: ReceiptSettings) -> ReceiptSettings:
    """The choices the form cannot prevent, in one sentence each."""
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
        raise UserError(
            f"Type where the thermal printer is ({ESC_POS_TARGET_HINTS[receipt.escpos_backend]})."
        )
    return receipt


#: What the thermal printer's address looks like, by backend (shown in the form, and in refusals).
ESC_POS_TARGET_HINTS = {
    "network": "host:port, like 192.168.1.50:9100",
    "usb": "vendor:product in hex, like 04b8:0202",
    "serial": "a serial device, like /dev/ttyUSB0 or COM3",
    "file": "a device file, like /dev/usb/lp0",
}
