"""The mail outbox: messages per second to a real local SMTP server, and a sale's time with mail set up.

(1) 500 follow-ups planned by 500 sales, then one `send_due` run to an aiosmtpd server on
    127.0.0.1 (one SMTP connection, one commit per message, synchronous=FULL): messages/s.
(2) A sale to a consenting customer (its follow-up planned in the sale's transaction) with
    [mail] pointing at a port nobody listens on, against a sale to a customer without consent
    (nothing planned) and a sale with no [mail] at all: the sale never reaches the network.

Run alone: `python -m bench.bench_mail` (needs the dev extra `aiosmtpd`).
"""

from __future__ import annotations

import re
import socket
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from posapp.counter import Counter, open_counter
from posapp.domain.customer import Customer
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import complete_sale
from posapp.services.customers import add_customer
from posapp.services.followups import mail_setup, send_due
from posapp.services.mail_render import template_path_for
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

MESSAGES = 500
SALES = 300


class _Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd)
        self.count += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _counter(folder: Path, clock: _Clock, port: int | None) -> tuple[Counter, int]:
    text = default_settings_path().read_text(encoding="utf-8")
    if port is not None:
        mail = (
            f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nsender = "hello@shop.example"\n'
            "quiet_from = 0\nquiet_until = 0\ndaily_cap = 100000\n"
        )
        text = re.sub(r"\[mail\].*", mail, text, flags=re.DOTALL)
    settings = folder / "settings.toml"
    settings.write_text(text, encoding="utf-8")
    counter = open_counter(
        folder / "counter.db", settings_path=settings, now=clock, till=TillPlace(folder / "t")
    )
    cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=clock())
    return counter, cashier


def _sale_ms(counter: Counter, cashier: int, customer: Customer) -> float:
    draft = TicketDraft(cashier_id=cashier, opened_at=counter.now(), customer=customer)
    draft = draft.choose_wash(counter.catalog.get("standard_wash"))
    started = time.perf_counter()
    complete_sale(counter.db, draft, payment=Payment.CARD, settings=counter.settings, now=counter.now)
    return (time.perf_counter() - started) * 1000


def _customers(counter: Counter, count: int, *, consent: bool, email: bool = True) -> list[Customer]:
    return [
        add_customer(
            counter.db,
            Customer(
                None, f"Person {n}", email=f"p{n}@example.com" if email else "", marketing_consent=consent
            ),
            counter.now,
        )
        for n in range(count)
    ]


def throughput() -> tuple[float, int]:
    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            clock = _Clock()
            counter, cashier = _counter(Path(folder), clock, port)
            for customer in _customers(counter, MESSAGES, consent=True):
                _sale_ms(counter, cashier, customer)
            clock.now += timedelta(days=3)
            setup = mail_setup(counter.db, counter.settings, template_path_for(counter.db_path))
            started = time.perf_counter()
            run = send_due(counter.db, setup, clock)
            seconds = time.perf_counter() - started
            counter.db.conn.close()
            assert counter.till is not None
            counter.till.release()
    finally:
        controller.stop()
    assert len(run.sent) == MESSAGES == sink.count, (len(run.sent), sink.count)
    return MESSAGES / seconds, sink.count


def sale_times(port: int | None, *, consent: bool) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        clock = _Clock()
        counter, cashier = _counter(Path(folder), clock, port)
        times = [_sale_ms(counter, cashier, c) for c in _customers(counter, SALES, consent=consent)]
        counter.db.conn.close()
        assert counter.till is not None
        counter.till.release()
    return times[10:]  # the first sales warm the caches


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"{name}: median {statistics.median(ordered):.2f} ms, "
        f"p95 {ordered[int(len(ordered) * 0.95)]:.2f} ms ({len(ordered)} sales)"
    )


def main() -> None:
    rate, delivered = throughput()
    print(f"outbox to aiosmtpd on 127.0.0.1: {rate:.0f} messages/s ({delivered} delivered, one run)")
    dead = _free_port()  # nobody listens there
    print(_line("sale, consenting customer, [mail] at a dead server", sale_times(dead, consent=True)))
    print(_line("sale, customer without consent, same settings", sale_times(dead, consent=False)))
    print(_line("sale, consenting customer, no [mail] at all", sale_times(None, consent=True)))


if __name__ == "__main__":
    main()
