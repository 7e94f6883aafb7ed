"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, and a counter that mails through it.

The server records every message it accepts and can be told to answer 4xx or 5xx, drop the
connection, or stall, so each failure path of the outbox meets the real protocol.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from posapp.counter import Counter, open_counter
from posapp.domain.customer import Customer
from posapp.domain.ticket import Payment, TicketDraft
from posapp.services.auth import add_cashier
from posapp.services.checkout import CompletedSale, complete_sale
from posapp.services.customers import add_customer
from posapp.services.followups import MailSetup, mail_setup, record_consent
from posapp.services.mail_render import template_path_for
from posapp.services.tills import TillPlace
from posapp.settings import default_settings_path
from posapp.storage.cashiers import Role

PASSWORD = "Pw-7f3Kq9-never-stored"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """Accepts mail and keeps it; `mode` makes it fail the way a real server can."""

    mode: str = "accept"
    received: list[Received] = field(default_factory=list)
    stall_seconds: float = 3.0
    #: Whether each accepted message came over a logged-in session.
    authenticated: list[bool] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.mode == "rcpt_550":
            return "550 5.1.1 No such mailbox"
        if self.mode == "rcpt_451":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.mode == "drop":
            server.transport.close()
            return "250 never heard"
        if self.mode == "stall":
            await asyncio.sleep(self.stall_seconds)
        if self.mode == "data_554":
            return "554 5.7.1 Rejected as spam"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        self.authenticated.append(bool(session.authenticated))
        return "250 2.0.0 Ok: queued as TEST"


def _authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MailServer:
    handler: RecordingHandler
    port: int

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    """A real aiosmtpd server on a free port, with LOGIN/PLAIN auth (the password above) over plain text."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
        ready_timeout=10,
    )
    controller.start()
    try:
        yield MailServer(handler, port)
    finally:
        controller.stop()


def mail_settings_text(
    port: int, *, user: str = "", quiet: tuple[int, int] = (0, 0), cap: int = 200, timeout: int = 1
) -> str:
    """The shipped settings with [mail] pointing at the test server (no quiet hours unless asked)."""
    text = default_settings_path().read_text(encoding="utf-8")
    section = (
        "[mail]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\nuser = "{user}"\n'
        'sender = "hello@sparkle.example"\nreply_to = "office@sparkle.example"\n'
        f"timeout_seconds = {timeout}\nquiet_from = {quiet[0]}\nquiet_until = {quiet[1]}\ndaily_cap = {cap}\n"
        "redeem_days = 14\n"
    )
    return re.sub(r"\[mail\].*", section, text, flags=re.DOTALL)


@dataclass
class Shop:
    """A counter mailing through the test server, with a manager and a cashier."""

    counter: Counter
    manager_id: int
    cashier_id: int
    settings_path: Path

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.counter.db

    def setup(self) -> MailSetup:
        return mail_setup(self.db, self.counter.settings, template_path_for(self.counter.db_path))

    def customer(self, name: str, email: str, *, consent: bool = True) -> Customer:
        stored = add_customer(self.db, Customer(None, name, email=email), self.counter.now)
        assert stored.id is not None
        if consent:
            record_consent(self.db, stored.id, given=True, cashier_id=self.cashier_id, channel="counter",
                           now=self.counter.now)  # fmt: skip
            stored = replace(stored, marketing_consent=True)
        return stored

    def sell(self, customer: Customer | None, *codes: str) -> CompletedSale:
        catalog = self.counter.catalog
        draft = TicketDraft(cashier_id=self.cashier_id, opened_at=self.counter.now(), customer=customer)
        draft = draft.choose_wash(catalog.get(codes[0] if codes else "standard_wash"))
        for code in codes[1:]:
            draft = draft.add_addon(catalog.get(code))
        return complete_sale(self.db, draft, payment=Payment.CARD, settings=self.counter.settings,
                             now=self.counter.now)  # fmt: skip


@pytest.fixture
def make_shop(tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    opened: list[Counter] = []

    def make(port: int, **options: object) -> Shop:
        settings_path = tmp_path / "settings.toml"
        settings_path.write_text(mail_settings_text(port, **options), encoding="utf-8")  # type: ignore[arg-type]
        counter = open_counter(tmp_path / "counter.db", settings_path=settings_path, now=clock,
                               till=TillPlace(tmp_path / "tills"))  # fmt: skip
        opened.append(counter)
        manager = add_cashier(counter.db, name="Morgan", role=Role.MANAGER, pin="9999", now=clock())
        cashier = add_cashier(counter.db, name="Sam", role=Role.CASHIER, pin="1111", now=clock())
        return Shop(counter, manager, cashier, settings_path)

    yield make
    for counter in opened:
        counter.db.conn.close()
        if counter.till is not None:
            counter.till.release()


@pytest.fixture
def shop(make_shop, smtp_server: MailServer) -> Shop:  # type: ignore[no-untyped-def]
    return make_shop(smtp_server.port)  # type: ignore[no-any-return]
