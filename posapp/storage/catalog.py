"""The catalog in the database: seeded once from the default TOML, then the manager's to change."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from posapp.domain.catalog import Catalog, Service, ServiceKind
from posapp.domain.errors import UserError
from posapp.domain.money import parse_price
from posapp.resources import resource
from posapp.storage.db import Database, write_transaction

#: The highest tier: a menu position, and SQLite holds it in 64 bits.
MAX_TIER = 1000


def default_catalog_path() -> Path:
    return resource("catalog.toml")


def read_catalog_file(path: Path | None = None) -> Catalog:
    """The catalog in a TOML file, checked whole; a bad entry is named by its position and key."""
    path = path or default_catalog_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The catalog file {path} cannot be read: {error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: the catalog is not valid TOML ({error}).") from None
    except RecursionError:
        raise UserError(f"{path}: the catalog is nested too deeply to read.") from None
    except ValueError:
        # tomllib reads integers with int(), which refuses thousands of digits.
        raise UserError(f"{path}: the catalog holds a number too long to read.") from None
    entries = data.get("service")
    if not isinstance(entries, list) or not entries:
        raise UserError(f"{path}: the catalog lists no [[service]] entries.")
    services = tuple(_service_from(entry, f"{path}, service {n}") for n, entry in enumerate(entries, 1))
    try:
        return Catalog(services)
    except UserError as error:
        # The catalog's own checks (duplicates, unknown codes) name the entry; add the file.
        raise UserError(f"{path}: {error.message[:1].lower()}{error.message[1:]}") from None


def _service_from(entry: Any, where: str) -> Service:
    if not isinstance(entry, dict):
        raise UserError(f"{where}: expected a [[service]] table of keys, not {type(entry).__name__}.")

    def text(key: str, default: str | None = None) -> str:
        value = entry.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise UserError(f"{where}: {key} must be text.")
        return value

    def codes(key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise UserError(f"{where}: {key} must be a list of service codes.")
        return tuple(value)

    kind = text("kind")
    if kind not in {k.value for k in ServiceKind}:
        raise UserError(f"{where}: kind must be wash, addon or membership, not {kind!r}.")
    tier = entry.get("tier", 0)
    if isinstance(tier, bool) or not isinstance(tier, int) or not 0 <= tier <= MAX_TIER:
        raise UserError(f"{where}: tier must be a whole number from 0 to {MAX_TIER}.")
    upgrade_to = entry.get("upgrade_to")
    if upgrade_to is not None and not isinstance(upgrade_to, str):
        raise UserError(f"{where}: upgrade_to must be a service code.")
    code = text("code")
    if upgrade_to == code:
        raise UserError(f"{where}: {code} cannot be its own upgrade.")
    return Service(
        code=code,
        name=text("name"),
        kind=ServiceKind(kind),
        price_cents=parse_price(text("price"), f"{where}: price"),
        tier=tier,
        includes=frozenset(codes("includes")),
        complements=codes("complements"),
        upgrade_to=upgrade_to,
        description=text("description", ""),
    )


def catalog_stored(db: Database) -> bool:
    """True once the catalog is in the database: the shipped file need not even be read."""
    return db.execute("SELECT 1 FROM services LIMIT 1").fetchone() is not None


def seed_catalog(db: Database, catalog: Catalog) -> None:
    """Store the default catalog the first time; an existing catalog (with its prices) is kept."""
    with write_transaction(db):
        if db.execute("SELECT count(*) FROM services").fetchone()[0]:
            return
        # Insert without the upgrade links first, so a service may point at one listed later.
        for service in catalog.services:
            db.execute(
                "INSERT INTO services (code, name, kind, price_cents, tier, includes, complements,"
                " description, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    service.code,
                    service.name,
                    service.kind.value,
                    service.price_cents,
                    service.tier,
                    json.dumps(sorted(service.includes)),
                    json.dumps(list(service.complements)),
                    service.description,
                    int(service.active),
                ),
            )
        for service in catalog.services:
            if service.upgrade_to:
                db.execute(
                    "UPDATE services SET upgrade_to = ? WHERE code = ?",
                    (service.upgrade_to, service.code),
                )


def load_catalog(db: Database) -> Catalog:
    """Today's catalog as stored: the one every sale is priced from."""
    rows = db.execute(
        "SELECT code, name, kind, price_cents, tier, includes, complements, upgrade_to,"
        " description, active FROM services ORDER BY kind, tier, code"
    ).fetchall()
    if not rows:
        raise UserError("The database holds no catalog; run the counter once to set it up.")
    return Catalog(
        tuple(
            Service(
                code=code,
                name=name,
                kind=ServiceKind(kind),
                price_cents=price,
                tier=tier,
                includes=frozenset(json.loads(includes)),
                complements=tuple(json.loads(complements)),
                upgrade_to=upgrade_to,
                description=description,
                active=bool(active),
            )
            for code, name, kind, price, tier, includes, complements, upgrade_to, description, active in rows
        )
    )


def set_price(db: Database, code: str, price_cents: int) -> int:
    """Change a price for future sales (past tickets keep theirs); returns the old price."""
    with write_transaction(db):
        return replace_price(db, code, price_cents)


def replace_price(db: Database, code: str, price_cents: int) -> int:
    """`set_price` inside a write transaction the caller holds (with its audit entry); the old price."""
    row = db.execute("SELECT price_cents FROM services WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise UserError(f"There is no service with the code {code!r} in the catalog.")
    db.execute("UPDATE services SET price_cents = ? WHERE code = ?", (price_cents, code))
    return int(row[0])
