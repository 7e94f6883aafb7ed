"""The chain's hub on PostgreSQL: a busy day's push, 50 tills at once, the chain report, a sale without it.

Every figure runs against a private PostgreSQL cluster started for the run (bench/private_pg.py),
fsync on, on this machine's disk.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg

from bench.private_pg import Cluster, private_cluster
from bench.timing import Row, describe, measure_pair, row
from posapp.counter import open_counter
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.domain.ticket import Payment, TicketDraft
from posapp.hub.chain_report import chain_report
from posapp.hub.config import HubSettings
from posapp.hub.connect import connect
from posapp.hub.pull import pull
from posapp.hub.push import _HISTORY_COLUMNS, _VERSIONED_COLUMNS
from posapp.hub.schema import init_hub
from posapp.hub.sites import add_site
from posapp.hub.sync import sync
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.services.demo import build_demo_site
from posapp.settings import Settings, default_settings_path, load_settings
from posapp.storage.cashiers import Role
from posapp.storage.migrations import open_migrated
from posapp.storage.offer_history import facts_horizon
from posapp.storage.sync_outbox import HISTORY_SQL, VERSIONED_SQL, changed_versions, history_after, source_id

NOW = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
PUSH_SAMPLES = 5
TILLS = 50
REPORT_SITES = 50
TICKETS_PER_SITE_DAY = 30


def run() -> list[Row]:
    with (
        private_cluster() as cluster,
        tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as tmp,
    ):
        folder = Path(tmp)
        # The sale first: the hub's own disk work (a year of rows) would be in its figure otherwise.
        return [
            _sale_with_the_hub_away(folder),
            _busy_day_push(cluster, folder),
            *_tills_at_once(cluster, folder),
            _chain_report_year(cluster, folder),
            _pulled_facts_kept(cluster, folder),
        ]


class _Hub:
    """A fresh hub database with sites, each with its own role."""

    def __init__(self, cluster: Cluster, folder: Path, name: str, sites: list[str]) -> None:
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.owner = cluster.url(name)
        init_hub(self.owner)
        self.urls: dict[str, str] = {}
        for site in sites:
            secret = folder / f"{name}-{site}.pw"
            secret.write_text(f"password-of-{site}-{name}")
            secret.chmod(0o600)
            role = add_site(self.owner, site, secret)
            self.urls[site] = cluster.url(name, user=role, password=f"password-of-{site}-{name}")

    def count(self, table: str) -> int:
        with psycopg.connect(self.owner) as conn:
            found = conn.execute(f"SELECT count(*) FROM hub.{table}").fetchone()
            return int(found[0]) if found else 0


def _demo_database(path: Path, days: int, cars: int) -> None:
    counter = open_counter(path, settings_path=default_settings_path(), demo=True, now=lambda: NOW)
    build_demo_site(
        counter.db, counter.catalog, counter.settings, now=counter.now, days=days, seed=11, cars_per_day=cars
    )
    counter.db.conn.close()


def _copy_as_new_till(source: Path, target: Path) -> None:
    """A copy of a till's database that is another till in the chain (its own source id)."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    with conn:
        conn.execute("UPDATE sync_source SET source_id = ?", (str(uuid.uuid4()),))
    conn.close()


def _busy_day_push(cluster: Cluster, folder: Path) -> Row:
    day = folder / "busy-day.db"
    _demo_database(day, days=1, cars=300)
    db = open_migrated(day)
    tickets = int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])
    # The floor's rows: the same tuples the push sends, read beforehand.
    me = source_id(db)
    history = {stream: history_after(db, stream, 0, 10**9) for stream in HISTORY_SQL}
    versions = {stream: changed_versions(db, stream) for stream in VERSIONED_SQL if stream != "erasures"}
    db.conn.close()
    rows_sent = sum(map(len, history.values())) + sum(map(len, versions.values()))
    counter = iter(range(10**6))

    def push_day() -> None:
        n = next(counter)
        hub = _Hub(cluster, folder, f"push_{n}", ["north"])
        copy = folder / f"push-{n}.db"
        _copy_as_new_till(day, copy)
        target = open_migrated(copy)
        start = time.perf_counter()
        sync(target, copy, HubSettings(hub.urls["north"], "north"), lambda: NOW, _shipped_settings())
        _times["push"].append((time.perf_counter() - start) * 1000)
        target.conn.close()

    def copy_day() -> None:
        n = next(counter)
        hub = _Hub(cluster, folder, f"copy_{n}", ["north"])
        with psycopg.connect(hub.owner) as conn:
            conn.execute("INSERT INTO hub.sources (source_id, site) VALUES (%s, 'north')", (me,))
            conn.commit()
            start = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                for stream, rows in history.items():
                    with cur.copy(
                        f"COPY hub.{stream} (site, source_id, {_HISTORY_COLUMNS[stream]}) FROM STDIN"
                    ) as copy:
                        for item in rows:
                            copy.write_row(("north", me, *_bools(stream, item)))
                for stream, found in versions.items():
                    with cur.copy(
                        f"COPY hub.{stream} (site, source_id, digest, {_VERSIONED_COLUMNS[stream]})"
                        " FROM STDIN"
                    ) as copy:
                        for _, digest, item in found:
                            copy.write_row(("north", me, digest, *_bools(stream, item)))
            _times["copy"].append((time.perf_counter() - start) * 1000)

    _times["push"], _times["copy"] = [], []
    for _ in range(PUSH_SAMPLES):
        copy_day()
        push_day()
    median, floor = statistics.median(_times["push"]), statistics.median(_times["copy"])
    spread = max(_times["push"]) - min(_times["push"])
    return row(
        f"sync of a busy day: {tickets} tickets with their lines, offer events, customers"
        f" ({rows_sent:,} rows)",
        median,
        spread,
        "COPY of the same rows into the same tables, one transaction",
        floor,
        "≤ 3×",
        samples=PUSH_SAMPLES,
        max_ratio=3.0,
    )


_times: dict[str, list[float]] = {}


def _shipped_settings() -> Settings:
    """The rules a till ships with: what the pull keeps of the chain's facts follows them."""
    return load_settings(default_settings_path())


def _bools(stream: str, item: tuple[Any, ...]) -> tuple[Any, ...]:
    positions = {"ticket_lines": (7,), "trials": (6,)}.get(stream, ())
    return tuple(bool(v) if i in positions else v for i, v in enumerate(item))


def _one_till(path: str, url: str, site: str, ready: Any, start: Any, results: Any) -> None:
    db = open_migrated(Path(path))
    ready.put(path)
    start.wait()
    began = time.perf_counter()
    result = sync(db, Path(path), HubSettings(url, site), lambda: NOW, _shipped_settings())
    results.put(((time.perf_counter() - began) * 1000, result.pushed))
    db.conn.close()


def _tills_at_once(cluster: Cluster, folder: Path) -> list[Row]:
    base = folder / "till-day.db"
    _demo_database(base, days=1, cars=60)
    sites = [f"site{n:02d}" for n in range(TILLS // 10)]
    hub = _Hub(cluster, folder, "fifty", sites)
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    ready = context.Queue()
    results = context.Queue()
    workers = []
    for n in range(TILLS):
        path = folder / f"till-{n}.db"
        _copy_as_new_till(base, path)
        site = sites[n % len(sites)]
        workers.append(
            context.Process(target=_one_till, args=(str(path), hub.urls[site], site, ready, start, results))
        )
    for worker in workers:
        worker.start()
    # Every process has imported posapp and opened its database before the start: only syncs are timed.
    for _ in workers:
        ready.get(timeout=600)
    time.sleep(1)
    began = time.perf_counter()
    start.set()
    outcomes = [results.get(timeout=600) for _ in workers]
    wall = time.perf_counter() - began
    for worker in workers:
        worker.join(timeout=60)
    times = sorted(ms for ms, _ in outcomes)
    rows = sum(pushed for _, pushed in outcomes)
    p99 = statistics.quantiles(times, n=100)[98]
    tickets = hub.count("tickets")
    return [
        row(
            f"{TILLS} tills syncing at once, a day each ({tickets:,} tickets, {rows:,} rows in all):"
            " p99 sync time",
            p99,
            None,
            "median sync time in the same run",
            statistics.median(times),
            "≤ 30 s",
            samples=len(times),
            limit=30_000,
        ),
        row(
            f"{TILLS} tills syncing at once: hub throughput (rows per second, wall time {wall:.1f} s)",
            rows / wall,
            None,
            "—",
            None,
            "— (for information)",
            samples=1,
            unit="rows/s",
        ),
    ]


def _chain_report_year(cluster: Cluster, folder: Path) -> Row:
    sites = [f"s{n:02d}" for n in range(REPORT_SITES)]
    hub = _Hub(cluster, folder, "year", [])
    first = date(2025, 11, 28)
    with psycopg.connect(hub.owner) as conn, conn.transaction():
        conn.execute("INSERT INTO hub.sites (site) SELECT unnest(%s::text[])", (sites,))
        conn.execute("INSERT INTO hub.sources (source_id, site) SELECT md5(site)::uuid, site FROM hub.sites")
        conn.execute(
            "INSERT INTO hub.cashiers (site, source_id, local_id, digest, name, role)"
            " SELECT site, md5(site)::uuid, n, 'd', 'Cashier ' || n, 'cashier'"
            " FROM hub.sites, generate_series(1, 3) n"
        )
        # 30 tickets a site a day for a year: a standard wash, and a waxing offer on every ticket.
        conn.execute(
            """
            INSERT INTO hub.tickets (site, source_id, local_id, number, draft_id, terminal, cashier_id,
                opened_at, completed_at, local_day, local_hour, payment, flags, subtotal_cents, tax_cents,
                total_cents)
            SELECT s.site, md5(s.site)::uuid, d * 100 + t, d * 100 + t, md5(s.site || d || t), 'lane',
                   1 + mod(t, 3), day + interval '13 hours' + t * interval '10 minutes',
                   day + interval '13 hours' + t * interval '10 minutes', day::date, 8 + mod(t, 10),
                   'card', '', CASE WHEN mod(t, 4) = 0 THEN 2300 ELSE 1500 END, 0,
                   CASE WHEN mod(t, 4) = 0 THEN 2300 ELSE 1500 END
            FROM hub.sites s, generate_series(0, 364) d, generate_series(1, %s) t,
                 LATERAL (SELECT %s::date + d AS day) x
            """,
            (TICKETS_PER_SITE_DAY, first),
        )
        conn.execute(
            """
            INSERT INTO hub.offer_events (site, source_id, local_id, ticket_id, customer_id, cashier_id,
                moment, kind, service, outcome, price_delta_cents, reasons, explanation, at, local_day)
            SELECT site, source_id, local_id, local_id, NULL, cashier_id, 'checkout', 'cross_sell',
                   'car_waxing',
                   CASE WHEN local_id % 4 = 0 THEN 'accepted' ELSE 'declined' END, 800, '', '', completed_at,
                   local_day
            FROM hub.tickets
            """
        )
        conn.execute(
            """
            INSERT INTO hub.ticket_lines (site, source_id, local_id, ticket_id, position, code, name,
                unit_price_cents, quantity, is_addon, offer_kind, offer_event_id)
            SELECT site, source_id, local_id * 2, local_id, 0, 'standard_wash', 'Standard Wash', 1500, 1,
                   false, NULL, NULL FROM hub.tickets
            UNION ALL
            SELECT site, source_id, local_id * 2 + 1, local_id, 1, 'car_waxing', 'Car Waxing', 800, 1, true,
                   'cross_sell', local_id FROM hub.tickets WHERE local_id % 4 = 0
            """
        )
    with psycopg.connect(hub.owner, autocommit=True) as conn:
        conn.execute("ANALYZE")
    tickets = hub.count("tickets")
    settings = open_counter(folder / "settings-only.db", settings_path=default_settings_path()).settings
    day = date(2026, 11, 20)
    samples = []
    for _ in range(3):
        began = time.perf_counter()
        report = chain_report(hub.owner, day, day, settings)
        samples.append((time.perf_counter() - began) * 1000)
    assert (
        len(report.sites) == REPORT_SITES
        and report.chain.period.tickets == REPORT_SITES * TICKETS_PER_SITE_DAY
    )
    return row(
        f"chain report for a day over {REPORT_SITES} sites × 1 year ({tickets:,} tickets on the hub),"
        " with each site's",
        statistics.median(samples),
        max(samples) - min(samples),
        "—",
        None,
        "≤ 10 s",
        samples=len(samples),
        limit=10_000,
    )


#: A year of the chain's facts for the pruning figure: answered offers with a known customer a site
#: a day (730 a site a year), a complaint a site a week, fifty plans a site (half ended).
PRUNE_SITES = 50
PRUNE_CUSTOMERS = 600
PRUNE_ANSWERS_A_DAY = 2


def _pulled_facts_kept(cluster: Cluster, folder: Path) -> Row:
    """What a new till holds after pulling a year of 50 sites: with pruning, against keeping everything."""
    hub = _Hub(cluster, folder, "prune", [])
    first = date(2025, 11, 28)
    with psycopg.connect(hub.owner) as conn, conn.transaction():
        conn.execute(
            "INSERT INTO hub.sites (site) SELECT 's' || lpad(n::text, 2, '0') FROM generate_series(0, %s) n",
            (PRUNE_SITES - 1,),
        )
        conn.execute("INSERT INTO hub.sources (source_id, site) SELECT md5(site)::uuid, site FROM hub.sites")
        conn.execute(
            "INSERT INTO hub.customers (site, source_id, local_id, digest, keys, marketing_consent,"
            " budget_sensitive, erased) SELECT site, md5(site)::uuid, c, 'd', ARRAY[md5('plate' || c)],"
            " c %% 3 = 0, c %% 7 = 0, false FROM hub.sites, generate_series(1, %s) c",
            (PRUNE_CUSTOMERS,),
        )
        conn.execute(
            """
            INSERT INTO hub.offer_events (site, source_id, local_id, ticket_id, customer_id, cashier_id,
                moment, kind, service, outcome, price_delta_cents, reasons, explanation, at, local_day)
            SELECT site, md5(site)::uuid, d * 10 + t, d * 10 + t, 1 + (d * 7 + t * 13) %% %s, 1,
                   'checkout', 'cross_sell', 'car_waxing',
                   CASE WHEN t = 1 THEN 'accepted' ELSE 'declined' END, 800, '', '',
                   %s::date + d + interval '14 hours', %s::date + d
            FROM hub.sites, generate_series(0, 364) d, generate_series(1, %s) t
            """,
            (PRUNE_CUSTOMERS, first, first, PRUNE_ANSWERS_A_DAY),
        )
        conn.execute(
            """
            INSERT INTO hub.complaints (site, source_id, local_id, digest, customer_id, ticket_id,
                opened_at, resolved_at)
            SELECT site, md5(site)::uuid, w, 'd', 1 + w * 11 %% %s, NULL, %s::date + w * 7,
                   CASE WHEN w < 50 THEN %s::date + w * 7 + 2 END
            FROM hub.sites, generate_series(0, 51) w
            """,
            (PRUNE_CUSTOMERS, first, first),
        )
        conn.execute(
            """
            INSERT INTO hub.memberships (site, source_id, local_id, digest, customer_id, plan, started_on,
                renews_on, ended_on)
            SELECT site, md5(site)::uuid, m, 'd', m * 5, 'standard_club', %s::date, %s::date + 400,
                   CASE WHEN m %% 2 = 0 THEN %s::date + 100 END
            FROM hub.sites, generate_series(1, 50) m
            """,
            (first, first, first),
        )
    with psycopg.connect(hub.owner, autocommit=True) as conn:
        conn.execute("ANALYZE")
    rules = _shipped_settings().offer_rules
    held: dict[bool, int] = {}
    pulled = 0
    for prune in (False, True):
        path = folder / f"prune-{prune}.db"
        db = open_migrated(path)
        with connect(hub.owner, autocommit=True) as conn:
            pulled = pull(db, conn, facts_horizon(rules, NOW) if prune else None).facts
        held[prune] = sum(
            int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("hub_facts", "hub_keys")
        )
        db.conn.close()
    return row(
        f"chain facts a till holds after pulling {PRUNE_SITES} sites × 1 year ({pulled:,} facts pulled),"
        " pruned to what the rules read (facts + keys)",
        held[True],
        None,
        "the same pull keeping every fact",
        held[False],
        "— (for information: bounded by customers, not years)",
        samples=1,
        unit="rows",
    )


def _sale_with_the_hub_away(folder: Path) -> Row:
    away = folder / "away.toml"
    away.write_text(
        default_settings_path().read_text(encoding="utf-8")
        + '\n[hub]\nurl = "postgresql://north@127.0.0.1:9/hub?connect_timeout=1"\nsite = "north"\n'
    )
    counters = {
        "away": open_counter(folder / "away.db", settings_path=away),
        "none": open_counter(folder / "none.db", settings_path=default_settings_path()),
    }
    drafts: dict[str, Any] = {}
    at = datetime.now(UTC)
    event = OfferEvent(Moment.CHECKOUT, OfferKind.CROSS_SELL, "car_waxing", Outcome.ACCEPTED, at, "Hi", 800)
    for name, counter in counters.items():
        cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=counter.now())
        wash, waxing = counter.catalog.get("standard_wash"), counter.catalog.get("car_waxing")
        drafts[name] = iter(
            [
                TicketDraft(cashier_id=cashier, opened_at=at)
                .choose_wash(wash)
                .add_addon(waxing, OfferKind.CROSS_SELL)
                .record_offer(event)
                for _ in range(330)
            ]
        )

    def sale(name: str) -> None:
        counter = counters[name]
        complete_sale(
            counter.db, next(drafts[name]), payment=Payment.CASH, settings=counter.settings, now=counter.now
        )

    (median, spread), (floor, _) = measure_pair(lambda: sale("away"), lambda: sale("none"), repeat=300)
    for counter in counters.values():
        counter.db.conn.close()
    return row(
        "completing a sale with the hub unreachable ([hub] set, nothing listening)",
        median,
        spread,
        "the same sale with no hub configured",
        floor,
        "≤ 1.1×",
        samples=300,
        max_ratio=1.1,
    )


if __name__ == "__main__":
    for result in run():
        print(describe(result))
