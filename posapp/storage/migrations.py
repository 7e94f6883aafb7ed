"""The counter's schema as an append-only list of migrations: never edit one, add the next."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from posapp.domain.errors import UserError
from posapp.storage.db import open_db, write_transaction

migrations = Migrations("posapp")


def apply_migrations(db: Database) -> None:
    """Bring the schema up to date; two terminals starting at once apply each step once."""
    if not migrations.pending(db):
        return
    with write_transaction(db):
        migrations.apply(db)


def open_migrated(path: Path | str) -> Database:
    """Open the database at `path` for writing with its schema up to date: one step for tools and tests.

    A file that cannot be migrated is closed again and reported as a UserError, the same
    sentence as a file that cannot be opened. The counter itself opens, checks, then migrates.
    """
    db = open_db(path)
    try:
        apply_migrations(db)
    except sqlite3.DatabaseError as error:
        db.conn.close()
        raise UserError(f"{path} cannot be opened as the counter's database: {error}.") from None
    return db


def known_migration_names() -> list[str]:
    """Every migration this version of the code knows, in order."""
    return [migration.name for migration in migrations._migrations]


def schema_version(db: Database) -> tuple[int, int]:
    """How many migrations are applied and how many the code knows."""
    return len(migrations.applied(db)), len(known_migration_names())


@migrations()
def m001_catalog_and_people(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE services (
            code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
            kind TEXT NOT NULL CHECK (kind IN ('wash', 'addon', 'membership')),
            price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
            tier INTEGER NOT NULL DEFAULT 0,
            includes TEXT NOT NULL DEFAULT '[]',
            complements TEXT NOT NULL DEFAULT '[]',
            upgrade_to TEXT REFERENCES services(code),
            description TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '',
            plate TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
            budget_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (budget_sensitive IN (0, 1)),
            created_at TEXT NOT NULL,
            erased_at TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX customers_plate ON customers(plate) WHERE plate != ''")
    db.execute("CREATE INDEX customers_phone ON customers(phone) WHERE phone != ''")
    db.execute("CREATE INDEX customers_name ON customers(name COLLATE NOCASE)")
    db.execute(
        """
        CREATE TABLE memberships (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            plan TEXT NOT NULL REFERENCES services(code),
            started_on TEXT NOT NULL,
            renews_on TEXT NOT NULL,
            trial_plan TEXT REFERENCES services(code),
            trial_until TEXT,
            ended_on TEXT,
            CHECK (renews_on >= started_on)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX memberships_customer ON memberships(customer_id, ended_on)")
    db.execute(
        """
        CREATE TABLE cashiers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
            role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
            pin_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL
        ) STRICT
        """
    )


@migrations()
def m002_sales(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE CHECK (number > 0),
            draft_id TEXT NOT NULL UNIQUE,
            terminal TEXT NOT NULL,
            cashier_id INTEGER NOT NULL REFERENCES cashiers(id),
            customer_id INTEGER REFERENCES customers(id),
            opened_at TEXT NOT NULL,
            completed_at TEXT NOT NULL,
            local_day TEXT NOT NULL,
            local_hour INTEGER NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
            status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'voided', 'refunded')),
            payment TEXT NOT NULL CHECK (payment IN ('cash', 'card', 'membership')),
            flags TEXT NOT NULL DEFAULT '',
            subtotal_cents INTEGER NOT NULL CHECK (subtotal_cents >= 0),
            tax_cents INTEGER NOT NULL CHECK (tax_cents >= 0),
            total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
            CHECK (total_cents = subtotal_cents + tax_cents)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX tickets_day ON tickets(local_day, status)")
    db.execute("CREATE INDEX tickets_customer ON tickets(customer_id, completed_at)")
    db.execute(
        """
        CREATE TABLE offer_events (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES tickets(id),
            customer_id INTEGER REFERENCES customers(id),
            cashier_id INTEGER NOT NULL REFERENCES cashiers(id),
            moment TEXT NOT NULL CHECK (moment IN ('checkout', 'renewal', 'service', 'follow_up')),
            kind TEXT NOT NULL CHECK (kind IN ('cross_sell', 'upsell', 'trial_upgrade')),
            service TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('shown', 'accepted', 'declined', 'held_back')),
            script TEXT NOT NULL DEFAULT '',
            price_delta_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_delta_cents >= 0),
            reasons TEXT NOT NULL DEFAULT '',
            explanation TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            local_day TEXT NOT NULL
        ) STRICT
        """
    )
    # The offer engine's history lookup: one customer's accepted and declined offers, newest first.
    db.execute("CREATE INDEX offer_events_customer ON offer_events(customer_id, outcome, at)")
    db.execute("CREATE INDEX offer_events_day ON offer_events(local_day, outcome)")
    db.execute("CREATE INDEX offer_events_ticket ON offer_events(ticket_id)")
    db.execute(
        """
        CREATE TABLE ticket_lines (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            position INTEGER NOT NULL CHECK (position >= 0),
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
            quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
            is_addon INTEGER NOT NULL DEFAULT 0 CHECK (is_addon IN (0, 1)),
            offer_kind TEXT CHECK (offer_kind IN ('cross_sell', 'upsell', 'trial_upgrade')),
            offer_event_id INTEGER REFERENCES offer_events(id),
            UNIQUE (ticket_id, position)
        ) STRICT
        """
    )


@migrations()
def m003_counter_care(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER REFERENCES customers(id),
            ticket_id INTEGER REFERENCES tickets(id),
            cashier_id INTEGER NOT NULL REFERENCES cashiers(id),
            opened_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            resolved_at TEXT,
            resolved_by INTEGER REFERENCES cashiers(id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX complaints_open ON complaints(customer_id) WHERE resolved_at IS NULL")
    db.execute(
        """
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            copy INTEGER NOT NULL DEFAULT 0 CHECK (copy IN (0, 1)),
            status TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'printed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX print_jobs_status ON print_jobs(status)")
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            cashier_id INTEGER REFERENCES cashiers(id),
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            before TEXT NOT NULL DEFAULT '',
            after TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    # Append-only: nobody, not even a manager with a SQL tool through the app, rewrites history.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        """
        CREATE TABLE drafts (
            terminal TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            saved_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE offer_scripts (
            key TEXT PRIMARY KEY,
            text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
            updated_at TEXT NOT NULL
        ) STRICT
        """
    )


@migrations()
def m004_voids_and_refunds(db: Database) -> None:
    # A void or refund is a record of its own; the original ticket's figures are never changed.
    db.execute(
        """
        CREATE TABLE voids (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            kind TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
            reason TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
            manager_id INTEGER NOT NULL REFERENCES cashiers(id),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            at TEXT NOT NULL,
            local_day TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX voids_day ON voids(local_day)")


@migrations()
def m012_line_refunds(db: Database) -> None:
    # One line given back (only the waxing, say): the ticket stays completed, the line is
    # marked by its own record, and the report leaves that line's money out.
    db.execute(
        """
        CREATE TABLE line_refunds (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            line_id INTEGER NOT NULL UNIQUE REFERENCES ticket_lines(id),
            reason TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
            manager_id INTEGER NOT NULL REFERENCES cashiers(id),
            subtotal_cents INTEGER NOT NULL CHECK (subtotal_cents >= 0),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= subtotal_cents),
            at TEXT NOT NULL,
            local_day TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX line_refunds_ticket ON line_refunds(ticket_id)")
    # A slip job prints the void or refund record, not the sale's receipt again.
    db.execute(
        "ALTER TABLE print_jobs ADD COLUMN slip TEXT NOT NULL DEFAULT ''"
        " CHECK (slip IN ('', 'void', 'refund'))"
    )
    db.execute("ALTER TABLE print_jobs ADD COLUMN line_refund_id INTEGER REFERENCES line_refunds(id)")
