"""The counter's schema as an append-only list of migrations: never edit one, add the next."""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from posapp.domain.errors import UserError
from posapp.storage.audit import rehash_chain
from posapp.storage.db import Database, open_db, write_transaction
from posapp.storage.migration_set import Migrations
from posapp.storage.sale_chain import chain_every_sale

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
    return [migration.name for migration in migrations.steps]


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
def m005_till_identity(db: Database) -> None:
    # Two tills with the shipped settings both called themselves "counter-1" and shared one draft
    # row and every print job. From here on a till is a row with a random id of its own; its name
    # is for people and may change. drafts.terminal keeps its column name but holds the till's id.
    db.execute(
        """
        CREATE TABLE tills (
            id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
            name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
            created_at TEXT NOT NULL,
            claimed_at TEXT
        ) STRICT
        """
    )
    # Each name written before this migration becomes a till nobody has claimed yet (claimed_at
    # NULL): the first till to start with that name takes it over, its draft and its failed receipts.
    legacy = [
        str(row[0])
        for row in db.execute(
            "SELECT terminal FROM (SELECT terminal FROM drafts UNION SELECT terminal FROM tickets)"
            " WHERE length(terminal) BETWEEN 1 AND 200 ORDER BY 1"
        )
    ]
    created = datetime.now(UTC).isoformat(timespec="microseconds")
    db.conn.executemany(
        "INSERT INTO tills (id, name, created_at) VALUES (?, ?, ?)",
        [(f"till-{secrets.token_hex(8)}", name, created) for name in legacy],
    )
    db.execute(
        "UPDATE drafts SET terminal = (SELECT id FROM tills WHERE name = drafts.terminal)"
        " WHERE terminal IN (SELECT name FROM tills)"
    )
    db.execute("ALTER TABLE print_jobs ADD COLUMN till_id TEXT REFERENCES tills(id)")
    db.execute(
        "UPDATE print_jobs SET till_id = (SELECT l.id FROM tickets t JOIN tills l ON l.name = t.terminal"
        " WHERE t.id = print_jobs.ticket_id)"
    )
    db.execute("CREATE INDEX print_jobs_till ON print_jobs(till_id, status)")


@migrations()
def m006_audit_chain(db: Database) -> None:
    # Each audit entry carries a hash over its content and the previous entry's hash (storage/audit.py).
    db.execute("ALTER TABLE audit_log ADD COLUMN chain_hash TEXT NOT NULL DEFAULT ''")
    # The entries written so far get their hashes once, here; the append-only trigger steps aside for it.
    db.execute("DROP TRIGGER audit_log_no_update")
    rehash_chain(db)
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    # INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless recursive_triggers
    # is on) and writes a new one under the same id: refuse any insert whose id is already taken.
    db.execute(
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
        "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    # The same chain over completed sales, in a table of its own: a deleted or edited sale then shows.
    db.execute(
        """
        CREATE TABLE sale_chain (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            chain_hash TEXT NOT NULL
        ) STRICT
        """
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER sale_chain_no_{verb.lower()} BEFORE {verb} ON sale_chain "
            "BEGIN SELECT RAISE(ABORT, 'the sales chain is append-only'); END"
        )
    db.execute(
        "CREATE TRIGGER sale_chain_no_replace BEFORE INSERT ON sale_chain "
        "WHEN EXISTS (SELECT 1 FROM sale_chain WHERE ticket_id = NEW.ticket_id) "
        "BEGIN SELECT RAISE(ABORT, 'the sales chain is append-only'); END"
    )
    chain_every_sale(db)


@migrations()
def m007_staff_names(db: Database) -> None:
    # A name picks a person on the sign-in page, so "sam" beside "Sam" is refused from now on.
    # Two such people set up before keep their sales and PINs; the one added later is told
    # apart by a number ("sam (2)"), which a manager can see in Staff and PINs.
    people = [(int(row[0]), str(row[1])) for row in db.execute("SELECT id, name FROM cashiers ORDER BY id")]
    in_use = {name.casefold() for _, name in people}  # a new name never takes one a later person has
    kept: set[str] = set()
    for person_id, name in people:
        if name.casefold() not in kept:
            kept.add(name.casefold())
            continue
        number = 2
        while True:
            suffix = f" ({number})"
            unique = name[: 60 - len(suffix)] + suffix
            if unique.casefold() not in in_use | kept:
                break
            number += 1
        kept.add(unique.casefold())
        db.execute("UPDATE cashiers SET name = ? WHERE id = ?", (unique, person_id))
    # NOCASE folds ASCII letters only; the services compare whole Unicode names, case-folded.
    db.execute("CREATE UNIQUE INDEX cashiers_name_nocase ON cashiers(name COLLATE NOCASE)")


@migrations()
def m008_erasures(db: Database) -> None:
    # Which customers were erased and when: ids and times only, never what was erased. The same
    # record is kept in a ledger file beside the database, so a restored older backup is erased again.
    db.execute(
        """
        CREATE TABLE erasures (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
            erased_at TEXT NOT NULL,
            reapplied_at TEXT
        ) STRICT
        """
    )
    db.execute(
        "INSERT INTO erasures (customer_id, erased_at)"
        " SELECT id, erased_at FROM customers WHERE erased_at IS NOT NULL"
    )
    # Customers erased before this migration kept their offer scripts ("Hi Ana, ...") and a flag.
    db.execute("UPDATE customers SET budget_sensitive = 0 WHERE erased_at IS NOT NULL")
    db.execute(
        "UPDATE offer_events SET script = '(script removed: the customer was erased)'"
        " WHERE script != '' AND customer_id IN (SELECT id FROM customers WHERE erased_at IS NOT NULL)"
    )


@migrations()
def m009_offer_pauses(db: Database) -> None:
    # A walk-in's complaint belongs to the ticket in progress (its draft) until it is resolved;
    # the offer engine reads when a customer's last complaint was resolved (no offer that day).
    db.execute("ALTER TABLE complaints ADD COLUMN draft_id TEXT")
    db.execute("CREATE INDEX complaints_draft ON complaints(draft_id) WHERE resolved_at IS NULL")
    db.execute("CREATE INDEX complaints_resolved ON complaints(customer_id, resolved_at)")


@migrations()
def m010_memberships(db: Database) -> None:
    # A membership sold, renewed, upgraded or tried at the counter is a ticket line of its own,
    # never a wash: the report's wash counts leave these lines out.
    db.execute(
        "ALTER TABLE ticket_lines ADD COLUMN plan_change TEXT"
        " CHECK (plan_change IN ('sell', 'renew', 'upgrade', 'trial', 'keep'))"
    )
    # Each trial once: when it started, its last day, whether the customer chose to keep the plan,
    # and how it ended (set once, when the day after its last day comes).
    db.execute(
        """
        CREATE TABLE trials (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            from_plan TEXT NOT NULL,
            plan TEXT NOT NULL,
            started_on TEXT NOT NULL,
            until TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets(id),
            kept INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1)),
            outcome TEXT CHECK (outcome IN ('converted', 'expired', 'cancelled')),
            settled_at TEXT,
            CHECK (until >= started_on),
            CHECK ((outcome IS NULL) = (settled_at IS NULL))
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX trials_running ON trials(customer_id) WHERE outcome IS NULL")
    # What each sold change of plan replaced, so a void or refund of that ticket can put it back.
    db.execute(
        """
        CREATE TABLE plan_changes (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            change TEXT NOT NULL CHECK (change IN ('sell', 'renew', 'upgrade', 'trial', 'keep')),
            before TEXT NOT NULL,
            undone_at TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX plan_changes_customer ON plan_changes(customer_id, ticket_id)")
    db.execute("CREATE INDEX trials_started ON trials(started_on)")
    db.execute("CREATE INDEX trials_until ON trials(until, outcome)")
    # Trials already running on a membership (stored before this step) are trials too; the day
    # the offer was accepted is their start, or 30 days (the default trial) before their end.
    db.execute(
        """
        INSERT INTO trials (customer_id, from_plan, plan, started_on, until)
        SELECT m.customer_id, m.plan, m.trial_plan,
               min(m.trial_until, coalesce(
                   (SELECT e.local_day FROM offer_events e
                     WHERE e.customer_id = m.customer_id AND e.kind = 'trial_upgrade'
                       AND e.outcome = 'accepted' AND e.service = m.trial_plan
                     ORDER BY e.at DESC LIMIT 1),
                   date(m.trial_until, '-30 days'))),
               m.trial_until
        FROM memberships m
        WHERE m.ended_on IS NULL AND m.trial_plan IS NOT NULL AND m.trial_until IS NOT NULL
          AND m.id = (SELECT id FROM memberships WHERE customer_id = m.customer_id AND ended_on IS NULL
                      ORDER BY started_on DESC, id DESC LIMIT 1)
        """
    )
    _allow_question_moment(db)


def _allow_question_moment(db: Database) -> None:
    """Let offer events carry the moment 'question' (a customer's question at the counter).

    SQLite cannot change a CHECK with ALTER TABLE, and rebuilding the table would break the
    ticket lines that point at its rows (foreign keys cannot be switched off inside the
    migration's transaction). Widening a CHECK is the case SQLite documents for editing the
    stored definition (https://sqlite.org/lang_altertable.html, "otherwise" procedure): every
    stored row already satisfies the wider rule; the schema version is bumped so every
    connection reloads it.
    """
    table_sql = str(
        db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'offer_events'").fetchone()[
            0
        ]
    )
    old_check = "'service', 'follow_up')"
    if "'question'" in table_sql:
        return
    if table_sql.count(old_check) != 1:
        raise RuntimeError("offer_events has an unexpected moment CHECK; cannot allow 'question'")
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'offer_events'",
            (table_sql.replace(old_check, "'service', 'follow_up', 'question')"),),
        )
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m011_shifts(db: Database) -> None:
    # One open shift per terminal at a time; a Z fills in the closing columns, all at once.
    db.execute(
        """
        CREATE TABLE shifts (
            id INTEGER PRIMARY KEY,
            terminal TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            opened_by INTEGER NOT NULL REFERENCES cashiers(id),
            float_cents INTEGER NOT NULL CHECK (float_cents >= 0),
            closed_at TEXT,
            closed_by INTEGER REFERENCES cashiers(id),
            counted_cents INTEGER CHECK (counted_cents >= 0),
            expected_cents INTEGER,
            approved_by INTEGER REFERENCES cashiers(id),
            CHECK ((closed_at IS NULL) = (counted_cents IS NULL)),
            CHECK ((closed_at IS NULL) = (expected_cents IS NULL))
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX shifts_one_open ON shifts(terminal) WHERE closed_at IS NULL")
    db.execute(
        """
        CREATE TABLE cash_movements (
            id INTEGER PRIMARY KEY,
            shift_id INTEGER NOT NULL REFERENCES shifts(id),
            kind TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),
            amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
            reason TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 200),
            cashier_id INTEGER NOT NULL REFERENCES cashiers(id),
            approved_by INTEGER REFERENCES cashiers(id),
            at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX cash_movements_shift ON cash_movements(shift_id)")
    # Cash handed over and change given back, so the drawer can balance; NULL for card and club.
    db.execute("ALTER TABLE tickets ADD COLUMN shift_id INTEGER REFERENCES shifts(id)")
    db.execute("ALTER TABLE tickets ADD COLUMN tendered_cents INTEGER CHECK (tendered_cents >= 0)")
    db.execute("ALTER TABLE tickets ADD COLUMN change_cents INTEGER CHECK (change_cents >= 0)")
    db.execute("CREATE INDEX tickets_shift ON tickets(shift_id)")
    # X and Z slips print through the same kind of queue as receipts, with the same guards.
    db.execute(
        """
        CREATE TABLE slip_print_jobs (
            id INTEGER PRIMARY KEY,
            shift_id INTEGER NOT NULL REFERENCES shifts(id),
            report TEXT NOT NULL CHECK (report IN ('x', 'z')),
            as_of TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'printed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT
        """
    )


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


@migrations()
def m013_mail(db: Database) -> None:
    # Consent with its proof: every giving and every withdrawal is a row of its own (who, when,
    # which words, which channel); customers.marketing_consent stays the current answer the rules read.
    db.execute(
        """
        CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            given INTEGER NOT NULL CHECK (given IN (0, 1)),
            at TEXT NOT NULL,
            cashier_id INTEGER REFERENCES cashiers(id),
            channel TEXT NOT NULL CHECK (channel IN ('counter', 'mail', 'phone', 'email', 'import')),
            wording TEXT NOT NULL CHECK (length(wording) BETWEEN 1 AND 1000)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX consents_customer ON consents(customer_id, at)")
    db.execute(
        """
        CREATE TABLE newsletters (
            id INTEGER PRIMARY KEY,
            subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
            body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
            services TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            created_by INTEGER REFERENCES cashiers(id),
            queued_at TEXT,
            skipped TEXT NOT NULL DEFAULT '{}'
        ) STRICT
        """
    )
    # The outbox: one row per message, planned in the same transaction as its cause (a sale, a
    # newsletter run). Its Message-ID and code are fixed when planned, so a retry carries the same.
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('follow_up', 'newsletter')),
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            ticket_id INTEGER REFERENCES tickets(id),
            newsletter_id INTEGER REFERENCES newsletters(id),
            service TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            code TEXT NOT NULL UNIQUE,
            message_id TEXT NOT NULL UNIQUE,
            due_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'sent', 'cancelled', 'failed')),
            reason TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_try_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            claimed_at TEXT,
            possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
            sent_at TEXT,
            server_reply TEXT NOT NULL DEFAULT '',
            planned_day TEXT NOT NULL,
            settled_day TEXT,
            redeemed_ticket_id INTEGER REFERENCES tickets(id),
            redeemed_how TEXT CHECK (redeemed_how IN ('code', 'purchase')),
            redeemed_day TEXT,
            redeemed_cents INTEGER NOT NULL DEFAULT 0 CHECK (redeemed_cents >= 0),
            CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
            CHECK (kind != 'newsletter' OR newsletter_id IS NOT NULL)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX outbox_due ON outbox(state, due_at)")
    db.execute("CREATE INDEX outbox_customer ON outbox(customer_id, state)")
    db.execute("CREATE INDEX outbox_planned_day ON outbox(planned_day)")
    db.execute("CREATE INDEX outbox_settled_day ON outbox(settled_day)")
    db.execute("CREATE INDEX outbox_redeemed_day ON outbox(redeemed_day)")
    # One follow-up per sale and one copy of a newsletter per customer, whatever crashes and reruns.
    db.execute("CREATE UNIQUE INDEX outbox_one_per_sale ON outbox(ticket_id) WHERE kind = 'follow_up'")
    db.execute(
        "CREATE UNIQUE INDEX outbox_one_per_newsletter ON outbox(newsletter_id, customer_id)"
        " WHERE newsletter_id IS NOT NULL"
    )
    # Addresses the mail server refused for good (5xx on the recipient): no more mail to them.
    db.execute(
        """
        CREATE TABLE undeliverable (
            address TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            reply TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )


@migrations()
def m014_experiments(db: Database) -> None:
    # A script test on one offer: its horizon (minimum customers per arm, last day) is fixed at
    # its start, so nobody declares a winner from a daily look. Shares are of 10,000 buckets.
    db.execute(
        """
        CREATE TABLE experiments (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
            moment TEXT NOT NULL CHECK (moment IN ('checkout', 'renewal', 'service', 'follow_up')),
            kind TEXT NOT NULL CHECK (kind IN ('cross_sell', 'upsell', 'trial_upgrade')),
            service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 64),
            min_customers INTEGER NOT NULL CHECK (min_customers BETWEEN 1 AND 1000000),
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            started_at TEXT NOT NULL,
            started_by INTEGER NOT NULL REFERENCES cashiers(id),
            stopped_on TEXT,
            stopped_at TEXT,
            stopped_by INTEGER REFERENCES cashiers(id),
            CHECK (ends_on >= starts_on),
            CHECK ((stopped_at IS NULL) = (stopped_on IS NULL))
        ) STRICT
        """
    )
    # One test per offer at a time: a second start for the same offer is refused by the database too.
    db.execute(
        "CREATE UNIQUE INDEX experiments_one_per_offer ON experiments(moment, kind, service)"
        " WHERE stopped_at IS NULL"
    )
    db.execute(
        """
        CREATE TABLE experiment_arms (
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            position INTEGER NOT NULL CHECK (position >= 0),
            arm TEXT NOT NULL CHECK (arm IN ('holdout', 'A', 'B', 'C', 'D')),
            share INTEGER NOT NULL CHECK (share BETWEEN 1 AND 10000),
            script TEXT CHECK (script IS NULL OR length(script) BETWEEN 1 AND 2000),
            PRIMARY KEY (experiment_id, arm),
            UNIQUE (experiment_id, position)
        ) STRICT
        """
    )
    # The arm of every offer event and every ticket that entered a test.
    db.execute("ALTER TABLE offer_events ADD COLUMN experiment_id INTEGER REFERENCES experiments(id)")
    db.execute("ALTER TABLE offer_events ADD COLUMN arm TEXT NOT NULL DEFAULT ''")
    db.execute(
        """
        CREATE TABLE ticket_arms (
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            arm TEXT NOT NULL,
            PRIMARY KEY (experiment_id, ticket_id)
        ) STRICT
        """
    )


@migrations()
def m015_sync(db: Database) -> None:
    # This database's id in the chain: with a row's local id it makes the row's global id on the hub.
    db.execute(
        """
        CREATE TABLE sync_source (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            source_id TEXT NOT NULL CHECK (length(source_id) = 36)
        ) STRICT
        """
    )
    db.execute("INSERT INTO sync_source (one, source_id) VALUES (1, ?)", (str(uuid.uuid4()),))
    # Rows that change after they are written (a customer, a complaint) travel as versions: the
    # digest of what the hub acknowledged, so only a changed row is sent again.
    db.execute(
        """
        CREATE TABLE sync_sent (
            stream TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (stream, local_id)
        ) STRICT
        """
    )
    # The pull's place in the hub's history (a transaction horizon the hub gave) and the last outcome.
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    # The chain's customer facts from other tills and sites, as the hub sent them, by the other
    # till's (source, customer); hub_keys says which hashed customer keys each of those customers has.
    db.execute(
        """
        CREATE TABLE hub_facts (
            kind TEXT NOT NULL CHECK (kind IN ('answer', 'complaint', 'membership', 'customer')),
            source_id TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            customer_id INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (kind, source_id, local_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX hub_facts_customer ON hub_facts(source_id, customer_id)")
    db.execute(
        """
        CREATE TABLE hub_keys (
            source_id TEXT NOT NULL,
            customer_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (source_id, customer_id, key)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX hub_keys_key ON hub_keys(key)")


@migrations()
def m016_shifts_by_till(db: Database) -> None:
    # A shift was kept under its till's name, which a manager may change: a renamed till lost its
    # open shift, and a till given the old name took it over. A shift now belongs to its till's
    # id; `terminal` keeps the till's name for people (the slip), as a ticket keeps it.
    db.execute("ALTER TABLE shifts ADD COLUMN till_id TEXT REFERENCES tills(id)")
    # The till called `name` at a moment: the name a till's first rename after that moment
    # changed (every rename is in the audit log), else its name now; a till made after the
    # moment loses to one that was there. A NULL moment is now.
    till_called = """
        SELECT l.id FROM tills l
        WHERE coalesce(
            (SELECT json_extract(a.before, '$.name') FROM audit_log a
             WHERE a.action = 'till_renamed' AND a.subject = 'till ' || l.id
               AND a.at > :at AND json_valid(a.before)
             ORDER BY a.id LIMIT 1),
            l.name
        ) = :name
        ORDER BY l.created_at > coalesce(:at, l.created_at), l.created_at
        LIMIT 1
    """

    def till_called_then(name: str, at: str | None) -> str | None:
        row = db.execute(till_called, {"name": name, "at": at}).fetchone()
        return None if row is None else str(row[0])

    # Every till keeps what it saw: a closed shift is the till's that took its Z (called by the
    # name then: its last Z, its slips), an open one the till called by its name now (it sells
    # into it today, even one that took the name over; at most one, as names are unique).
    for shift_id, name, closed in db.execute("SELECT id, terminal, closed_at FROM shifts").fetchall():
        db.execute("UPDATE shifts SET till_id = ? WHERE id = ?", (till_called_then(name, closed), shift_id))
    # An open shift no till is called by now was lost by a rename: it goes back to the till that
    # was called so when it was opened, unless that till has opened another since (the newest
    # lost one first). One still without a till (a name no till had, or a till that went on
    # with another shift) stays so: no till shows it, sells into it or takes its Z, as before.
    lost = db.execute(
        "SELECT id, terminal, opened_at FROM shifts WHERE till_id IS NULL AND closed_at IS NULL"
        " ORDER BY opened_at DESC, id DESC"
    ).fetchall()
    for shift_id, name, opened in lost:
        till = till_called_then(name, opened)
        db.execute(
            "UPDATE shifts SET till_id = ? WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM shifts WHERE till_id = ? AND closed_at IS NULL)",
            (till, shift_id, till),
        )
    db.execute("DROP INDEX shifts_one_open")
    db.execute("CREATE UNIQUE INDEX shifts_one_open_per_till ON shifts(till_id) WHERE closed_at IS NULL")
    db.execute("CREATE INDEX shifts_till ON shifts(till_id, closed_at)")


@migrations()
def m017_customer_cards(db: Database) -> None:
    # A membership or loyalty card number: found by the search box like a plate, and one of the
    # keys that make a customer one customer across the chain. Stored as matching.card_key keeps
    # it (letters and digits, upper case); "" is no card, and many customers have none.
    db.execute("ALTER TABLE customers ADD COLUMN card TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE UNIQUE INDEX customers_card ON customers(card) WHERE card != ''")
