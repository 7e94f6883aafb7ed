"""The manager's receipt setup: the printer and the shop's header, saved into settings.toml, audited.

The [receipt] and [business] tables of settings.toml are rewritten key by key with tomlkit,
so the owner's comments and every other section stay as they were. The new file is read
back through the same checks as at start-up before it replaces the old one, whole: a counter
never starts on settings it could not read. The demo runs on the shipped settings file,
which is never written: there the choice holds until the demo closes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.services.auth import require_manager
from posapp.settings import Business, ReceiptSettings, Settings, default_settings_path, settings_from_text
from posapp.storage.audit import record_audit
from posapp.storage.db import write_transaction

#: What the thermal printer's address looks like, by backend (shown in the form, and in refusals).
ESC_POS_TARGET_HINTS = {
    "network": "host:port, like 192.168.1.50:9100",
    "usb": "vendor:product in hex, like 04b8:0202",
    "serial": "a serial device, like /dev/ttyUSB0 or COM3",
    "file": "a device file, like /dev/usb/lp0",
}


def saves_to_file(settings: Settings) -> bool:
    """False for the demo, whose settings are the shipped defaults inside the program."""
    return settings.source.resolve() != default_settings_path().resolve()


def still_the_sample_header(settings: Settings) -> bool:
    """True while a real counter's receipts carry the shipped sample shop's name (a new install)."""
    if not saves_to_file(settings):
        return False  # the demo is the sample shop
    try:
        sample = tomllib.loads(default_settings_path().read_text(encoding="utf-8"))["business"]["name"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return False
    return bool(settings.business.name == sample)


def settings_text_with(settings: Settings, tables: Mapping[str, Mapping[str, Any]]) -> str:
    """settings.toml as it will be with `tables` changed, checked as at start-up (a UserError if not)."""
    # Imported here: the checkout imports this module at start, and only a Save needs tomlkit.
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        document = tomlkit.parse(settings.source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ParseError) as error:
        raise UserError(f"The settings file {settings.source} cannot be read: {error}.") from None
    for name, values in tables.items():
        table = document.get(name)
        if not isinstance(table, dict):
            table = tomlkit.table()
            document[name] = table
        for key, value in values.items():
            if table.get(key) != value:  # unchanged lines stay exactly as the owner wrote them
                table[key] = value
    new_text = tomlkit.dumps(document)
    settings_from_text(settings.source, new_text)  # the same checks as at start-up
    return new_text


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
    tables = {"receipt": asdict(checked_receipt), "business": asdict(checked_business)}
    before, after = _changes(
        {"receipt": asdict(settings.receipt), "business": asdict(settings.business)}, tables
    )
    new_text = settings_text_with(settings, tables) if saves_to_file(settings) else None
    manager = require_manager(db, manager_id, manager_pin, now)
    if not after:
        return settings  # the same choices again: nothing to write, nothing to log
    with write_transaction(db):
        # Only what changed, as "receipt.printer": the manager reads the log, not the whole file.
        record_audit(
            db,
            at=now(),
            cashier_id=manager.id,
            action="receipt_setup_changed",
            subject="receipts",
            before=before,
            after=after,
        )
        # Written inside the transaction: a file that cannot be written rolls the audit entry back.
        if new_text is not None:
            write_whole(settings.source, new_text.encode("utf-8"), "settings")
    return replace(settings, receipt=checked_receipt, business=checked_business)


def _changes(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The settings that differ, keyed "table.key": their old values and their new ones."""
    changed = [
        (table, key) for table, values in new.items() for key in values if old[table][key] != values[key]
    ]
    before = {f"{table}.{key}": old[table][key] for table, key in changed}
    after = {f"{table}.{key}": new[table][key] for table, key in changed}
    return before, after


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
