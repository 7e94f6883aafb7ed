"""Offer scripts on disk and in the database: the shipped defaults and a manager's edits."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.offers.scripts import Scripts, check_script
from posapp.resources import resource
from posapp.storage.clock import to_db
from posapp.storage.db import Database, write_transaction


def default_scripts(path: Path | None = None) -> Scripts:
    """The scripts shipped in resources/offer_scripts.toml, each checked like a manager's edit."""
    path = path or resource("offer_scripts.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"The offer scripts file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The offer scripts file {path} cannot be read: {error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: the offer scripts are not valid TOML ({error}).") from None
    templates: dict[str, str] = {}
    entries = data.get("script", [])
    if not isinstance(entries, list):
        raise UserError(f"{path}: write each script as a [[script]] table with key and text.")
    for number, entry in enumerate(entries, start=1):
        key, text = (entry.get("key"), entry.get("text")) if isinstance(entry, dict) else (None, None)
        if not isinstance(key, str) or not isinstance(text, str):
            raise UserError(f"{path}: script number {number} needs a key and a text, both in quotes.")
        try:
            templates[key] = check_script(key, text)
        except UserError as error:
            raise UserError(f"{path}: {error.message}") from None
    return Scripts(templates)


def load_scripts(db: Database, defaults: Scripts | None = None) -> Scripts:
    """The scripts in use: the defaults, with every valid edit from the database laid over them."""
    base = defaults if defaults is not None else default_scripts()
    templates = dict(base.templates)
    for key, text in db.execute("SELECT key, text FROM offer_scripts ORDER BY key").fetchall():
        try:
            templates[str(key)] = check_script(str(key), str(text))
        except UserError:
            # A row edited behind the app's back must not stop the counter: the default stands.
            continue
    return Scripts(templates)


def save_script(db: Database, key: str, text: str, now: datetime) -> str:
    """Store a manager's edit of one script after checking it; returns the text as stored."""
    checked = check_script(key, text)
    with write_transaction(db):
        store_script(db, key, checked, now)
    return checked


def store_script(db: Database, key: str, checked: str, now: datetime) -> None:
    """Write an already checked script inside a write transaction the caller holds."""
    db.execute(
        "INSERT INTO offer_scripts (key, text, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        [key, checked, to_db(now)],
    )


def reset_script(db: Database, key: str) -> None:
    """Drop a manager's edit, so the shipped default is used again."""
    with write_transaction(db):
        drop_script(db, key)


def drop_script(db: Database, key: str) -> None:
    """`reset_script` inside a write transaction the caller holds."""
    db.execute("DELETE FROM offer_scripts WHERE key = ?", [key])
