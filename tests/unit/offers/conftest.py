"""Fixtures for the offer engine: the default catalog and scripts, a fixed site time, a seeded DB."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from posapp.domain.catalog import Catalog
from posapp.offers.scripts import Scripts, money_formatter
from posapp.storage.catalog import read_catalog_file, seed_catalog
from posapp.storage.db import Database, write_transaction
from posapp.storage.migrations import open_migrated
from posapp.storage.offer_scripts import default_scripts

SITE = ZoneInfo("America/New_York")
#: The Friday after Thanksgiving, mid-morning at the site: every rule is judged at this moment.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SITE)
USD = money_formatter("USD", "en_US")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return read_catalog_file()


@pytest.fixture(scope="session")
def scripts() -> Scripts:
    return default_scripts()


@pytest.fixture
def counter_db(tmp_path: Path, catalog: Catalog) -> Iterator[Database]:
    """A migrated counter database with the default catalog and one cashier (id 1)."""
    db = open_migrated(tmp_path / "counter.db")
    seed_catalog(db, catalog)
    with write_transaction(db):
        db.execute(
            "INSERT INTO cashiers (id, name, role, pin_hash, created_at)"
            " VALUES (1, 'Sam', 'cashier', 'x', '2026-01-01T00:00:00.000000+00:00')"
        )
    yield db
    db.close()
