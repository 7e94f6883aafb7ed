"""The hub's schema as an append-only list of migrations, like the till's: never edit one, add the next.

Everything lives in the PostgreSQL schema `hub`; `hub.migrations` records each applied step. Roles
are the cluster's, so their names carry the database's name: `<db>_site` (every site's role is a
member) and `<db>_reader` (the chain report). `posapp hub init` runs as the hub's owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from posapp.domain.errors import UserError
from posapp.hub.connect import connect, shown_url


@dataclass(frozen=True)
class Roles:
    """The group roles of one hub database."""

    site: str
    reader: str


def roles_of(database: str) -> Roles:
    return Roles(site=f"{database}_site", reader=f"{database}_reader")


#: Written by the sites, one row per local row; `site` says whose, and row-level security checks it.
HISTORY_TABLES = ("tickets", "ticket_lines", "voids", "cashiers", "trials")
#: History tables added after h002 (which guarded the tables above when it ran): each added by its
#: own migration with the same rights, and checked by `hub check` like the rest.
LATER_HISTORY_TABLES = ("line_refunds", "ticket_arms", "experiments", "mail_outbox")
#: Written by the sites and read back by every site: the customer facts the rules need.
FACT_TABLES = ("offer_events", "customers", "complaints", "memberships", "erasures")
#: A site's own bookkeeping: which of its databases push, and what the hub acknowledged.
OWN_TABLES = ("sources", "acks")

Step = Callable[[Any, Roles], None]


def _h001_history(cur: Any, roles: Roles) -> None:
    # Every pushed row is keyed by the till database's id (source_id) and its local row id: a row
    # sent twice is the same key, so ON CONFLICT DO NOTHING makes a push safe to repeat.
    # Rows other sites read (facts) carry xid, the inserting transaction: a pull reads up to the
    # oldest transaction still running, so a row committed late is never skipped.
    cur.execute(
        """
        CREATE TABLE hub.sites (
            site text PRIMARY KEY CHECK (site ~ '^[a-z0-9_]{1,32}$'),
            role_name text UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE hub.sources (
            source_id uuid PRIMARY KEY,
            site text NOT NULL REFERENCES hub.sites(site),
            first_seen timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE hub.acks (
            source_id uuid NOT NULL REFERENCES hub.sources(source_id),
            site text NOT NULL,
            stream text NOT NULL,
            last_id bigint NOT NULL,
            acked_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (source_id, stream, last_id)
        );
        CREATE TABLE hub.tickets (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            number bigint NOT NULL, draft_id text NOT NULL, terminal text NOT NULL,
            cashier_id bigint NOT NULL, customer_id bigint,
            opened_at timestamptz NOT NULL, completed_at timestamptz NOT NULL,
            local_day date NOT NULL, local_hour int NOT NULL, payment text NOT NULL, flags text NOT NULL,
            subtotal_cents bigint NOT NULL, tax_cents bigint NOT NULL, total_cents bigint NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (source_id, local_id)
        );
        CREATE INDEX tickets_day ON hub.tickets (local_day, site);
        CREATE TABLE hub.ticket_lines (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            ticket_id bigint NOT NULL, position int NOT NULL, code text NOT NULL, name text NOT NULL,
            unit_price_cents bigint NOT NULL, quantity int NOT NULL, is_addon boolean NOT NULL,
            offer_kind text, offer_event_id bigint, plan_change text,
            PRIMARY KEY (source_id, local_id)
        );
        CREATE INDEX ticket_lines_ticket ON hub.ticket_lines (source_id, ticket_id);
        CREATE TABLE hub.voids (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            ticket_id bigint NOT NULL, kind text NOT NULL, reason text NOT NULL, manager_id bigint NOT NULL,
            amount_cents bigint NOT NULL, at timestamptz NOT NULL, local_day date NOT NULL,
            PRIMARY KEY (source_id, local_id)
        );
        CREATE TABLE hub.offer_events (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            ticket_id bigint, customer_id bigint, cashier_id bigint NOT NULL,
            moment text NOT NULL, kind text NOT NULL, service text NOT NULL, outcome text NOT NULL,
            price_delta_cents bigint NOT NULL, reasons text NOT NULL, explanation text NOT NULL,
            at timestamptz NOT NULL, local_day date NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            PRIMARY KEY (source_id, local_id)
        );
        CREATE INDEX offer_events_day ON hub.offer_events (local_day, site);
        CREATE INDEX offer_events_xid ON hub.offer_events (xid);
        """
    )
    # Rows that change at the till (a customer's consent, a complaint resolved, a membership ended)
    # travel as versions: a new digest is a new row, the newest (by xid, then seq) is the state.
    versioned = {
        "customers": "keys text[] NOT NULL, marketing_consent boolean NOT NULL,"
        " budget_sensitive boolean NOT NULL, erased boolean NOT NULL",
        "complaints": "customer_id bigint, ticket_id bigint, opened_at timestamptz NOT NULL,"
        " resolved_at timestamptz",
        "memberships": "customer_id bigint NOT NULL, plan text NOT NULL, started_on date NOT NULL,"
        " renews_on date NOT NULL, trial_plan text, trial_until date, ended_on date",
        "trials": "customer_id bigint NOT NULL, from_plan text NOT NULL, plan text NOT NULL,"
        " started_on date NOT NULL, until date NOT NULL, kept boolean NOT NULL, outcome text",
        "cashiers": "name text NOT NULL, role text NOT NULL",
    }
    for table, columns in versioned.items():
        cur.execute(
            f"""
            CREATE TABLE hub.{table} (
                site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL, digest text NOT NULL,
                {columns},
                received_at timestamptz NOT NULL DEFAULT now(),
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                seq bigserial NOT NULL,
                PRIMARY KEY (source_id, local_id, digest)
            );
            CREATE INDEX {table}_xid ON hub.{table} (xid);
            """
        )
    cur.execute("CREATE INDEX customers_keys ON hub.customers USING gin (keys)")
    cur.execute(
        """
        CREATE TABLE hub.erasures (
            site text NOT NULL, source_id uuid NOT NULL, customer_id bigint NOT NULL,
            erased_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            PRIMARY KEY (source_id, customer_id)
        );
        CREATE INDEX erasures_xid ON hub.erasures (xid);
        """
    )


def _h002_site_roles(cur: Any, roles: Roles) -> None:
    # A site inserts rows carrying its own site name and reads the customer facts; it never updates
    # or deletes (no grant), and never reads another site's sales. The reader reads everything.
    for role in (roles.site, roles.reader):
        cur.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s",
            (role,),
        )
        if cur.fetchone() is None:
            cur.execute(f'CREATE ROLE "{role}" NOLOGIN')
    cur.execute(
        f"""
        CREATE FUNCTION hub.my_site() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = pg_catalog, hub
            AS $$ SELECT site FROM hub.sites WHERE role_name = session_user $$;
        REVOKE ALL ON SCHEMA hub FROM PUBLIC;
        GRANT USAGE ON SCHEMA hub TO "{roles.site}", "{roles.reader}";
        REVOKE ALL ON FUNCTION hub.my_site() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION hub.my_site() TO "{roles.site}";
        GRANT SELECT ON hub.sites, hub.migrations TO "{roles.site}";
        """
    )
    for table in (*HISTORY_TABLES, *FACT_TABLES, *OWN_TABLES):
        cur.execute(
            f"""
            ALTER TABLE hub.{table} ENABLE ROW LEVEL SECURITY;
            GRANT INSERT ON hub.{table} TO "{roles.site}";
            GRANT SELECT ON hub.{table} TO "{roles.reader}";
            CREATE POLICY site_inserts_own ON hub.{table} FOR INSERT TO "{roles.site}"
                WITH CHECK (site = hub.my_site());
            CREATE POLICY reader_reads_all ON hub.{table} FOR SELECT TO "{roles.reader}" USING (true);
            """
        )
    for table in FACT_TABLES:
        cur.execute(
            f"""
            GRANT SELECT ON hub.{table} TO "{roles.site}";
            CREATE POLICY sites_read_facts ON hub.{table} FOR SELECT TO "{roles.site}" USING (true);
            """
        )
    for table in OWN_TABLES:
        cur.execute(
            f"""
            GRANT SELECT ON hub.{table} TO "{roles.site}";
            CREATE POLICY site_reads_own ON hub.{table} FOR SELECT TO "{roles.site}"
                USING (site = hub.my_site());
            """
        )
    cur.execute(f'GRANT SELECT ON hub.sites TO "{roles.reader}"')
    for table in ("customers", "complaints", "memberships", "trials", "cashiers"):
        cur.execute(f'GRANT USAGE ON SEQUENCE hub.{table}_seq_seq TO "{roles.site}"')


def _guard_history(cur: Any, roles: Roles, table: str) -> None:
    """h002's rights on a history table made later: a site inserts its own rows, the reader reads all."""
    cur.execute(
        f"""
        ALTER TABLE hub.{table} ENABLE ROW LEVEL SECURITY;
        GRANT INSERT ON hub.{table} TO "{roles.site}";
        GRANT SELECT ON hub.{table} TO "{roles.reader}";
        CREATE POLICY site_inserts_own ON hub.{table} FOR INSERT TO "{roles.site}"
            WITH CHECK (site = hub.my_site());
        CREATE POLICY reader_reads_all ON hub.{table} FOR SELECT TO "{roles.reader}" USING (true);
        """
    )


def _h003_line_refunds(cur: Any, roles: Roles) -> None:
    # One line of a completed ticket given back (till migration m012): the report leaves that
    # line's money out, so the chain's must know of it. Keyed like hub.voids.
    cur.execute(
        """
        CREATE TABLE hub.line_refunds (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            ticket_id bigint NOT NULL, line_id bigint NOT NULL, reason text NOT NULL,
            manager_id bigint NOT NULL, subtotal_cents bigint NOT NULL, amount_cents bigint NOT NULL,
            at timestamptz NOT NULL, local_day date NOT NULL,
            PRIMARY KEY (source_id, local_id)
        );
        CREATE INDEX line_refunds_ticket ON hub.line_refunds (source_id, ticket_id);
        """
    )
    _guard_history(cur, roles, "line_refunds")


def _h004_tests_and_follow_ups(cur: Any, roles: Roles) -> None:
    # What the report's script tests and follow-up figures read (till migrations m013, m014), so the
    # chain's report has them too. Never an address, a name or a message: of the mail outbox only
    # its kind, state, times, the customer's local id and the redemption's money travel.
    cur.execute(
        """
        ALTER TABLE hub.offer_events ADD COLUMN experiment_id bigint, ADD COLUMN arm text NOT NULL DEFAULT '';
        CREATE TABLE hub.ticket_arms (
            site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL,
            ticket_id bigint NOT NULL, experiment_id bigint NOT NULL, arm text NOT NULL,
            PRIMARY KEY (source_id, local_id),
            UNIQUE (source_id, experiment_id, ticket_id)
        );
        """
    )
    # A test is stopped, renamed or reworded later, and a message is sent, cancelled or redeemed
    # later: both travel as versions, like a complaint.
    versioned = {
        "experiments": "name text NOT NULL, moment text NOT NULL, kind text NOT NULL, service text NOT NULL,"
        " min_customers int NOT NULL, starts_on date NOT NULL, ends_on date NOT NULL, stopped_on date,"
        " arms jsonb NOT NULL",
        "mail_outbox": "kind text NOT NULL, customer_id bigint NOT NULL, ticket_id bigint,"
        " state text NOT NULL, reason text NOT NULL, possible_duplicate boolean NOT NULL,"
        " due_at timestamptz NOT NULL,"
        " sent_at timestamptz, planned_day date NOT NULL, settled_day date, redeemed_ticket_id bigint,"
        " redeemed_day date, redeemed_cents bigint NOT NULL",
    }
    for table, columns in versioned.items():
        cur.execute(
            f"""
            CREATE TABLE hub.{table} (
                site text NOT NULL, source_id uuid NOT NULL, local_id bigint NOT NULL, digest text NOT NULL,
                {columns},
                received_at timestamptz NOT NULL DEFAULT now(),
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                seq bigserial NOT NULL,
                PRIMARY KEY (source_id, local_id, digest)
            );
            GRANT USAGE ON SEQUENCE hub.{table}_seq_seq TO "{roles.site}";
            """
        )
    for table in ("ticket_arms", "experiments", "mail_outbox"):
        _guard_history(cur, roles, table)


#: In order; append only. The name is recorded in hub.migrations.
MIGRATIONS: tuple[tuple[str, Step], ...] = (
    ("h001_history", _h001_history),
    ("h002_site_roles", _h002_site_roles),
    ("h003_line_refunds", _h003_line_refunds),
    ("h004_tests_and_follow_ups", _h004_tests_and_follow_ups),
)

#: One number for every hub, so two inits at once wait for each other.
_INIT_LOCK = 7_150_017


def database_of(conn: Any) -> str:
    return str(conn.execute("SELECT current_database()").fetchone()[0])


def applied_migrations(conn: Any) -> list[str]:
    exists = conn.execute("SELECT to_regclass('hub.migrations') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    return [str(row[0]) for row in conn.execute("SELECT name FROM hub.migrations ORDER BY applied_order")]


def migrate(conn: Any, upto: int | None = None) -> list[str]:
    """Apply the pending migrations (the first `upto` only, for tests), in one transaction; returns them."""
    roles = roles_of(database_of(conn))
    steps = MIGRATIONS if upto is None else MIGRATIONS[:upto]
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
        conn.execute("CREATE SCHEMA IF NOT EXISTS hub")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hub.migrations (name text PRIMARY KEY,"
            " applied_order int NOT NULL UNIQUE, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = applied_migrations(conn)
        _refuse_unknown(done)
        applied: list[str] = []
        with conn.cursor() as cur:
            for order, (name, step) in enumerate(steps, start=1):
                if name in done:
                    continue
                step(cur, roles)
                cur.execute("INSERT INTO hub.migrations (name, applied_order) VALUES (%s, %s)", (name, order))
                applied.append(name)
    return applied


def _refuse_unknown(done: list[str]) -> None:
    known = [name for name, _ in MIGRATIONS]
    if done != known[: len(done)]:
        raise UserError(
            "The hub's schema was made by another version of posapp "
            f"({', '.join(done)}); update this till's posapp before syncing."
        )


def init_hub(url: str) -> list[str]:
    """Create or migrate the hub at `url` (as its owner); returns the steps applied now."""
    with connect(url) as conn:
        return migrate(conn)


def hub_problems(conn: Any) -> list[str]:
    """What is wrong with the hub's schema, one sentence each; empty when it is healthy."""
    problems: list[str] = []
    done = applied_migrations(conn)
    known = [name for name, _ in MIGRATIONS]
    if not done:
        return ["the hub has no schema yet: run `posapp hub init --hub URL`"]
    if done != known[: len(done)]:
        problems.append(f"the hub's migrations {done} are not this version's {known}")
    elif len(done) < len(known):
        problems.append(f"the hub lacks {', '.join(known[len(done) :])}: run `posapp hub init`")
    tables = {
        str(name): bool(rls)
        for name, rls in conn.execute(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'hub' AND c.relkind = 'r'"
        ).fetchall()
    }
    for table in (*HISTORY_TABLES, *LATER_HISTORY_TABLES, *FACT_TABLES, *OWN_TABLES):
        if table not in tables:
            problems.append(f"the table hub.{table} is missing")
        elif len(done) >= 2 and not tables[table]:
            problems.append(f"row-level security is off on hub.{table}")
    if len(done) >= 2:
        rights = conn.execute(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
            " WHERE table_schema = 'hub' AND grantee = %s"
            " AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')",
            (roles_of(database_of(conn)).site,),
        ).fetchall()
        problems.extend(f"sites may {right} hub.{table}" for table, right in rights)
    return problems


def check_hub(url: str) -> list[str]:
    with connect(url) as conn:
        return hub_problems(conn)


def describe_schema(conn: Any) -> list[tuple[str, ...]]:
    """The hub schema as rows (columns, indexes, policies, grants): equal for two hubs built alike."""
    rows: list[tuple[str, ...]] = []
    queries = (
        "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '')"
        " FROM information_schema.columns WHERE table_schema = 'hub'",
        "SELECT tablename, indexname, regexp_replace(indexdef, 'ON [a-z_]+\\.', 'ON ') FROM pg_indexes"
        " WHERE schemaname = 'hub'",
        "SELECT tablename, policyname, cmd, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies"
        " WHERE schemaname = 'hub'",
        "SELECT c.relname, c.relrowsecurity::text FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'hub'",
    )
    for query in queries:
        rows.extend(tuple(str(value) for value in row) for row in conn.execute(query).fetchall())
    grants = conn.execute(
        "SELECT table_name, replace(grantee, current_database(), 'DB'), privilege_type"
        " FROM information_schema.role_table_grants WHERE table_schema = 'hub'"
    ).fetchall()
    rows.extend(tuple(str(value) for value in row) for row in grants)
    return sorted(rows)


__all__ = ["check_hub", "describe_schema", "hub_problems", "init_hub", "migrate", "shown_url"]
