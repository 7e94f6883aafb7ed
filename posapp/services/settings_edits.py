"""A manager's change to settings.toml made from the app: checked, saved with its comments, audited.

The changed tables are rewritten key by key with tomlkit, so the owner's comments and every
other line stay as they were. The new file is read back through the same checks as at
start-up before it replaces the old one, whole: a counter never starts on settings it could
not read. The demo runs on the shipped settings file, which is never written: there a change
holds until the demo closes. The audit entry names only the keys that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from posapp.domain.errors import UserError
from posapp.files import write_whole
from posapp.services.auth import require_manager
from posapp.settings import Settings, default_settings_path, settings_from_text
from posapp.storage.audit import record_audit
from posapp.storage.db import Database, write_transaction

#: Settings as tables of keys, the way settings.toml holds them: {"offers": {"trial_days": 30}}.
Tables = Mapping[str, Mapping[str, Any]]


def saves_to_file(settings: Settings) -> bool:
    """False for the demo, whose settings are the shipped defaults inside the program."""
    return settings.source.resolve() != default_settings_path().resolve()


def settings_text_with(settings: Settings, tables: Tables) -> str:
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


def changed_keys(old: Tables, new: Tables) -> tuple[dict[str, Any], dict[str, Any]]:
    """The settings that differ, keyed "table.key": their old values and their new ones."""
    changed = [
        (table, key) for table, values in new.items() for key in values if old[table][key] != values[key]
    ]
    before = {f"{table}.{key}": old[table][key] for table, key in changed}
    after = {f"{table}.{key}": new[table][key] for table, key in changed}
    return before, after


def store_settings_change(
    db: Database,
    settings: Settings,
    old: Tables,
    new: Tables,
    *,
    action: str,
    subject: str,
    manager_id: int,
    manager_pin: str,
    now: Callable[[], datetime],
) -> bool:
    """Save `new` over `old` (checked first, then the manager's PIN); False when nothing changed."""
    before, after = changed_keys(old, new)
    new_text = settings_text_with(settings, new) if saves_to_file(settings) else None
    manager = require_manager(db, manager_id, manager_pin, now)
    if not after:
        return False  # the same choices again: nothing to write, nothing to log
    with write_transaction(db):
        record_audit(
            db, at=now(), cashier_id=manager.id, action=action, subject=subject, before=before, after=after
        )
        # Written inside the transaction: a file that cannot be written rolls the audit entry back.
        if new_text is not None:
            write_whole(settings.source, new_text.encode("utf-8"), "settings")
    return True
