"""A real, private PostgreSQL cluster for the hub tests: initdb in a temporary folder, its own port.

Started once per test session and stopped at the end, the way the printing tests start their own
CUPS. initdb refuses to run as root, so as root the folder is given to the `postgres` user and
the server runs as that user (runuser). A missing PostgreSQL makes the tests FAIL, not skip:
`make test` installs it through packaging/system-deps.sh.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from posapp.counter import Counter, open_counter
from posapp.domain.customer import Customer
from posapp.domain.offer import Moment, OfferEvent, OfferKind, Outcome
from posapp.hub.config import HubSettings
from posapp.hub.schema import init_hub
from posapp.hub.sites import add_site
from posapp.hub.sync import SyncResult, sync
from posapp.offers.engine import decide
from posapp.offers.model import CustomerFacts, Situation
from posapp.services.auth import add_cashier
from posapp.services.checkout import record_interaction
from posapp.services.customers import add_customer
from posapp.services.demo import build_demo_site
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role
from posapp.storage.db import Database
from posapp.storage.offer_history import load_customer_facts
from tests.conftest import Clock

SERVICE_USER = "postgres"


@dataclass(frozen=True)
class PgCluster:
    """The running private cluster: where it listens and how its superuser logs in."""

    host: str
    port: int
    superuser: str
    password: str
    data: Path
    run_as: list[str]
    bin_dir: Path

    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        return (
            f"postgresql://{user or self.superuser}:{password or self.password}"
            f"@{self.host}:{self.port}/{database}"
        )

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *arguments],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def restart(self) -> None:
        """Stop the server at once (open sessions are cut) and start it again on the same port."""
        self.pg_ctl("stop", "-m", "immediate", "-w")
        started = self.pg_ctl("start", "-w", "-l", str(self.data.parent / "server.log"), "-o", self.options)
        if started.returncode != 0:
            raise AssertionError(f"the test PostgreSQL did not start again: {started.stderr}")

    @property
    def options(self) -> str:
        return f"-p {self.port} -k {self.data.parent} -c listen_addresses={self.host} -c fsync=off"


def _bin_dir() -> Path:
    """Where initdb and pg_ctl are: PATH first, then Debian's versioned folders, newest first."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    ):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    pytest.fail(
        "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): the hub tests "
        "need it; run `bash packaging/system-deps.sh test` (Debian package postgresql).",
        pytest_trace=False,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="posapp-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        # initdb will not run as root: the cluster belongs to the postgres user.
        if shutil.which("runuser") is None:
            pytest.fail("the hub tests run as root and need runuser (util-linux) to start PostgreSQL")
        shutil.chown(root, user=SERVICE_USER)
        run_as = ["runuser", "-u", SERVICE_USER, "--"]
    root.chmod(0o700)
    password = secrets.token_hex(16)
    password_file = root / "superuser.pw"
    password_file.write_text(password)
    if run_as:
        shutil.chown(password_file, user=SERVICE_USER)
    data = root / "data"
    initdb = subprocess.run(
        [
            *run_as,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={password_file}",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if initdb.returncode != 0:
        pytest.fail(f"initdb failed: {initdb.stderr.strip()}", pytest_trace=False)
    password_file.unlink()
    cluster = PgCluster("127.0.0.1", _free_port(), "postgres", password, data, run_as, bin_dir)
    started = cluster.pg_ctl("start", "-w", "-l", str(root / "server.log"), "-o", cluster.options)
    if started.returncode != 0:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        pytest.fail(
            f"the test PostgreSQL did not start: {started.stderr.strip()} {log[-500:]}", pytest_trace=False
        )
    try:
        yield cluster
    finally:
        cluster.pg_ctl("stop", "-m", "fast", "-w")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def hub_url(pg_cluster: PgCluster) -> str:
    """A fresh, empty database on the private cluster for one test, as its superuser's URL."""
    return pg_cluster.create_database(f"hub_{secrets.token_hex(4)}")


@dataclass
class Till:
    """One till on its own SQLite file, with its staff, syncing as `site` through the site's own role."""

    counter: Counter
    site: str
    hub: HubSettings
    manager_id: int
    cashier_id: int

    @property
    def db(self) -> Database:
        return self.counter.db

    def add_customer(self, name: str, plate: str = "", phone: str = "", card: str = "") -> int:
        customer = Customer(id=None, name=name, plate=plate, phone=phone, card=card)
        stored = add_customer(self.db, customer, self.counter.now)
        assert stored.id is not None
        return stored.id

    def answer(self, customer_id: int, service: str, outcome: Outcome, at: datetime | None = None) -> None:
        """A customer's answer to an offer at this counter (a renewal talk: no sale needed)."""
        event = OfferEvent(
            moment=Moment.CHECKOUT,
            kind=OfferKind.CROSS_SELL,
            service=service,
            outcome=outcome,
            at=at or self.counter.now(),
        )
        record_interaction(
            self.db,
            (event,),
            customer_id=customer_id,
            cashier_id=self.cashier_id,
            zone=self.counter.settings.time_zone,
        )

    def sync(self) -> SyncResult:
        return sync(self.db, self.counter.db_path, self.hub, self.counter.now, self.counter.settings)

    def facts(self, customer_id: int) -> CustomerFacts:
        found = load_customer_facts(
            self.db, customer_id, self.counter.now(), self.counter.settings.offer_rules
        )
        assert found is not None
        return found

    def reasons(self, customer_id: int) -> set[str]:
        """Every reason the rules give now to hold back offers for this customer at checkout."""
        now = self.counter.now().astimezone(self.counter.settings.time_zone)
        facts = self.facts(customer_id)
        situation = Situation(moment=Moment.CHECKOUT, cart=("standard_wash",), customer=facts)
        decision = decide(situation, self.counter.catalog, self.counter.settings.offer_rules, now)
        return {reason for held in decision.held_back for reason in held.reasons}


@dataclass
class Chain:
    """A hub on the private cluster with its sites; `till()` opens a till at a site."""

    cluster: PgCluster
    owner_url: str
    database: str
    folder: Path
    clock: Clock
    passwords: dict[str, str]
    tills: list[Till]

    def site_url(self, site: str) -> str:
        return self.cluster.url(self.database, user=f"{self.database}_{site}", password=self.passwords[site])

    def add_site(self, site: str) -> None:
        password = secrets.token_hex(12)
        secret = self.folder / f"{site}.pw"
        secret.write_text(password)
        secret.chmod(0o600)
        add_site(self.owner_url, site, secret)
        self.passwords[site] = password

    def demo_till(self, site: str, name: str, *, days: int, seed: int, cars_per_day: int = 20) -> Till:
        """A till whose database holds a demo site's history (every sale through the real checkout)."""
        if site not in self.passwords:
            self.add_site(site)
        folder = self.folder / name
        folder.mkdir()
        counter = open_counter(
            folder / "counter.db",
            settings_path=default_settings_path(),
            now=self.clock,
            till=TillPlace(folder / "t"),
        )
        build_demo_site(
            counter.db,
            counter.catalog,
            counter.settings,
            now=counter.now,
            days=days,
            seed=seed,
            cars_per_day=cars_per_day,
        )
        till = Till(counter, site, HubSettings(self.site_url(site), site), 1, 2)
        self.tills.append(till)
        return till

    def till(self, site: str, name: str, clock: Clock | None = None) -> Till:
        if site not in self.passwords:
            self.add_site(site)
        folder = self.folder / name
        folder.mkdir()
        counter = open_counter(
            folder / "counter.db",
            settings_path=default_settings_path(),
            now=clock or self.clock,
            till=TillPlace(folder / "tills"),
        )
        manager = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=counter.now())
        cashier = add_cashier(
            counter.db, name=f"Sam {name}", role=Role.CASHIER, pin="1111", now=counter.now()
        )
        till = Till(counter, site, HubSettings(self.site_url(site), site), manager, cashier)
        self.tills.append(till)
        return till


@pytest.fixture
def chain(pg_cluster: PgCluster, tmp_path: Path, clock: Clock) -> Iterator[Chain]:
    database = f"hub_{secrets.token_hex(4)}"
    owner_url = pg_cluster.create_database(database)
    init_hub(owner_url)
    made = Chain(pg_cluster, owner_url, database, tmp_path, clock, {}, [])
    yield made
    for till in made.tills:
        till.counter.db.conn.close()
        if till.counter.till is not None:
            till.counter.till.release()


class CuttingProxy:
    """A TCP proxy on localhost in front of the hub that drops every connection after `budget` bytes sent.

    The client's bytes are counted; once the budget is spent both sides are closed at once, as a
    network cable pulled mid-push.
    """

    def __init__(self, target_port: int, budget: int) -> None:
        self.target_port = target_port
        self.budget = budget
        self.sent = 0
        self.cuts = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if counted:
                    self.sent += len(chunk)
                    if self.sent > self.budget:
                        self.cut()
                        return
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.cuts += 1
        for end in self._open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
                end.close()

    def close(self) -> None:
        self.server.close()
        self.cut()
