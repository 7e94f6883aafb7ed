"""Follow-up e-mails and the monthly newsletter: planned with the sale, decided again, sent, redeemed.

The outbox (storage/outbox.py) is the only way mail leaves the counter. A follow-up is planned
inside the sale's own transaction, for `follow_up_days` later, when the engine would pitch a
complementary service then; at send time the engine decides again with everything known by
then (a complaint, money is tight, a newer pitch, consent withdrawn, the customer erased), and a
message it would no longer send is cancelled with that reason. Sending commits each message on
its own: the only window for a duplicate is between the server's acceptance and that commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from posapp.domain.catalog import Catalog, ServiceKind
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.money import format_money
from posapp.domain.offer import HOLDING_REASONS, Moment, Reason
from posapp.offers.engine import decide
from posapp.offers.model import Decision, Situation
from posapp.offers.rules import situation_reasons
from posapp.offers.scripts import Scripts
from posapp.services.customers import CONSENT_WORDING
from posapp.services.mail_render import (
    Featured,
    Letter,
    MailTemplate,
    check_placeholders,
    compose,
    email_message,
    fill,
    load_mail_template,
    new_code,
    normalise_code,
    template_path_for,
)
from posapp.settings import Settings
from posapp.storage import outbox
from posapp.storage.audit import record_audit
from posapp.storage.catalog import load_catalog
from posapp.storage.clock import local_day_and_hour
from posapp.storage.db import Database, open_db, write_transaction
from posapp.storage.offer_history import load_customer_facts, rules_with_take_rates
from posapp.storage.offer_scripts import load_scripts
from posapp.storage.outbox import OutboxRow

if TYPE_CHECKING:
    # Sending imports smtplib, ssl and the e-mail package when it sends: the checkout (which only
    # plans follow-ups and records consent) starts without them.
    from email.message import EmailMessage

    from posapp.services.mail_delivery import SmtpTransport, TryLaterError

#: A message left `sending` this long belonged to a sender that died: it is sent once more.
SENDING_TIMEOUT = timedelta(minutes=15)
#: Waits after each temporary failure; after the last one the message waits for a manager.
BACKOFF = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8))
MAX_ATTEMPTS = len(BACKOFF) + 1
#: The most messages one run looks at.
BATCH = 500

CHANNELS = ("counter", "mail", "phone", "email", "import")

#: Why a message was cancelled, beyond the offer rules' own reasons.
ERASED = "erased"
NO_ADDRESS = "no_address"
UNDELIVERABLE = "undeliverable"
GAVE_UP = "gave_up"
REFUSED = "refused"


class Transport(Protocol):
    """What sending needs from a mail connection (SmtpTransport; a test may pass its own)."""

    def deliver(self, message: EmailMessage, sender: str, recipient: str) -> str: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class MailSetup:
    """What writing a message needs: the shop's settings, catalog, scripts and mail template."""

    settings: Settings
    catalog: Catalog
    scripts: Scripts
    template: MailTemplate

    def price(self, cents: int) -> str:
        return format_money(cents, self.settings.currency, self.settings.locale)


# --- planning --------------------------------------------------------------------------------


def plan_after_sale(
    db: Database,
    *,
    ticket_id: int,
    customer: Customer | None,
    codes: tuple[str, ...],
    catalog: Catalog,
    settings: Settings,
    completed_at: datetime,
) -> int | None:
    """Plan the sale's follow-up inside its transaction; the outbox id, or None when none is due.

    Only for a customer who agreed and left an address; only when the engine, looking at the
    day it would go out, picks a complementary service; one waiting follow-up per customer.
    Nothing here touches the network: a mail server that is down never slows a sale.
    """
    if customer is None or customer.id is None or not customer.email or not customer.marketing_consent:
        return None
    if outbox.follow_up_waiting(db, customer.id) or outbox.is_undeliverable(db, customer.email):
        return None
    rules = settings.offer_rules
    due = completed_at + timedelta(days=rules.follow_up_days)
    facts = load_customer_facts(db, customer.id, due, rules)
    if facts is None or not facts.marketing_consent:
        return None
    situation = Situation(moment=Moment.FOLLOW_UP, cart=codes, customer=facts)
    decision = decide(situation, catalog, rules, due.astimezone(settings.time_zone))
    if decision.offer is None:
        return None
    day, _ = local_day_and_hour(completed_at, settings.time_zone)
    return outbox.insert_message(
        db,
        kind=outbox.FOLLOW_UP,
        customer_id=customer.id,
        ticket_id=ticket_id,
        service=decision.offer.service,
        address=customer.email,
        code=_fresh_code(db),
        message_id=_message_id(settings),
        due_at=due,
        planned_day=day,
    )


def _fresh_code(db: Database) -> str:
    for _ in range(20):
        code = new_code()
        if not outbox.code_taken(db, code):
            return code
    raise RuntimeError("no free redemption code after 20 tries")


def _message_id(settings: Settings) -> str:
    # Fixed when planned: a retried send carries the same id, so mail systems and people see a repeat.
    from email.utils import make_msgid

    domain = settings.mail.sender.rpartition("@")[2] or "carwash.invalid"
    return make_msgid(idstring="posapp", domain=domain)


def record_purchase_redemptions(
    db: Database, *, ticket_id: int, customer_id: int | None, completed_at: datetime, settings: Settings
) -> int:
    """Inside the sale's transaction: the messages whose recommended service this sale bought."""
    if customer_id is None:
        return 0
    since = completed_at - timedelta(days=settings.mail.redeem_days)
    lines = outbox.ticket_lines_of(db, ticket_id)
    day, _ = local_day_and_hour(completed_at, settings.time_zone)
    redeemed = 0
    for row in outbox.unredeemed_sent(db, customer_id, since):
        cents = sum(amount for code, amount in lines if code in _recommended(db, row))
        if cents and outbox.mark_redeemed(
            db, row.id, ticket_id=ticket_id, how="purchase", day=day, cents=cents
        ):
            redeemed += 1
    return redeemed


def _recommended(db: Database, row: OutboxRow) -> tuple[str, ...]:
    if row.kind == outbox.NEWSLETTER and row.newsletter_id is not None:
        newsletter = outbox.get_newsletter(db, row.newsletter_id)
        return newsletter.services if newsletter else ()
    return (row.service,) if row.service else ()


def redeem_code(db: Database, typed: str, *, ticket_number: int, settings: Settings) -> int:
    """A code typed at the counter for a completed ticket: that message is redeemed by that sale."""
    code = normalise_code(typed)
    with write_transaction(db):
        row = outbox.sent_message_by_code(db, code)
        if row is None:
            raise UserError(f"The code {typed.strip()!r} is not a code from one of our e-mails.")
        ticket = outbox.ticket_by_number(db, ticket_number)
        if ticket is None:
            raise UserError(f"There is no ticket number {ticket_number}.")
        ticket_id, _, day = ticket
        lines = outbox.ticket_lines_of(db, ticket_id)
        cents = sum(amount for code_, amount in lines if code_ in _recommended(db, row))
        if not outbox.mark_redeemed(db, row.id, ticket_id=ticket_id, how="code", day=day, cents=cents):
            raise UserError(f"The code {code} was already used.")
    return row.id


# --- consent ---------------------------------------------------------------------------------


def record_consent(
    db: Database,
    customer_id: int,
    *,
    given: bool,
    cashier_id: int | None,
    channel: str,
    now: Callable[[], datetime],
    wording: str = CONSENT_WORDING,
    zone_day: str = "",
) -> int:
    """Record an answer with its proof (when, who, which words, which channel), audited.

    A withdrawal cancels every message still to go to the customer; returns how many.
    """
    if channel not in CHANNELS:
        raise UserError(f"Consent comes by {', '.join(CHANNELS)}, not {channel!r}.")
    at = now()
    with write_transaction(db):
        found = outbox.customer_address(db, customer_id)
        if found is None or found[1]:
            raise UserError(f"There is no customer number {customer_id}.")
        outbox.insert_consent(
            db, customer_id, given=given, at=at, cashier_id=cashier_id, channel=channel, wording=wording
        )
        cancelled = 0
        if not given:
            day = zone_day or at.date().isoformat()
            cancelled = outbox.cancel_customer_messages(
                db, customer_id, reason=Reason.NO_CONSENT.value, day=day
            )
        record_audit(
            db,
            at=at,
            cashier_id=cashier_id,
            action="consent_given" if given else "consent_withdrawn",
            subject=f"customer {customer_id}",
            after={"channel": channel, "wording": wording, "cancelled_messages": cancelled},
        )
    return cancelled


def opt_out_address(
    db: Database, address: str, *, channel: str, now: Callable[[], datetime], settings: Settings
) -> list[int]:
    """An opt-out received by mail or phone: every customer with this address withdrawn; their ids."""
    address = address.strip().lower()
    customers = outbox.customers_with_address(db, address)
    if not customers:
        raise UserError(f"No customer has the e-mail address {address!r}.")
    day, _ = local_day_and_hour(now(), settings.time_zone)
    for customer_id in customers:
        record_consent(
            db,
            customer_id,
            given=False,
            cashier_id=None,
            channel=channel,
            now=now,
            wording=f"Opt-out received by {channel}.",
            zone_day=day,
        )
    return customers


# --- sending ---------------------------------------------------------------------------------


@dataclass
class SendRun:
    """What one run did (or, dry, would do): each message by id, with its address or reason."""

    sent: list[tuple[int, str]] = field(default_factory=list)
    cancelled: list[tuple[int, str]] = field(default_factory=list)
    retried: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    #: Messages a dead sender left `sending`, planned again as possible duplicates.
    released: list[int] = field(default_factory=list)
    #: Why the run stopped before the end (quiet hours, the daily cap, the server down), or "".
    stopped: str = ""
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        words = (
            f"{len(self.sent)} {verb}sent, {len(self.cancelled)} {verb}cancelled,"
            f" {len(self.retried)} to retry, {len(self.failed)} failed"
        )
        return f"{words}; {self.stopped}." if self.stopped else f"{words}."


@dataclass(frozen=True)
class _Verdict:
    """Decided again at send time: a letter to send, or the reason not to."""

    reason: str = ""
    letter: Letter | None = None
    service: str = ""


def send_due(
    db: Database,
    setup: MailSetup,
    now: Callable[[], datetime],
    *,
    transport: Callable[[], Transport] | None = None,
    dry_run: bool = False,
    after_accept: Callable[[OutboxRow], None] | None = None,
) -> SendRun:
    """Send every message whose day has come, deciding each again first; never one twice.

    `after_accept` runs between the server's acceptance and our commit: the crash test's hook.
    """
    settings = setup.settings
    run = SendRun(dry_run=dry_run)
    # The server's settings and the password are checked up front (no connection yet): a job
    # missing its password says so at once, not only on the day a message is due.
    connect = transport if transport is not None or dry_run else _smtp_for(settings)
    if not dry_run:
        with write_transaction(db):
            run.released = outbox.release_stale_sending(db, now() - SENDING_TIMEOUT)
    local = now().astimezone(settings.time_zone)
    if _quiet(local.hour, settings):
        run.stopped = f"quiet hours ({settings.mail.quiet_from}:00 to {settings.mail.quiet_until}:00)"
        return run
    today = local.date().isoformat()
    room = settings.mail.daily_cap - outbox.sent_on(db, today)
    opened: Transport | None = None
    try:
        for row in outbox.due_messages(db, now(), BATCH):
            verdict = _decide_again(db, row, setup, now())
            if verdict.reason:
                if not dry_run:
                    with write_transaction(db):
                        outbox.mark_cancelled(db, row.id, reason=verdict.reason, day=today)
                run.cancelled.append((row.id, verdict.reason))
                continue
            if room <= 0:
                run.stopped = f"the daily cap of {settings.mail.daily_cap} messages is reached"
                break
            letter = verdict.letter
            assert letter is not None
            if dry_run:
                run.sent.append((row.id, letter.to))
                room -= 1
                continue
            with write_transaction(db):
                if not outbox.claim(db, row.id, now(), letter.to):
                    continue  # another sender took it
            if opened is None and connect is not None:
                opened = connect()
            assert opened is not None
            outcome = _send_one(db, opened, row, letter, verdict.service, setup, now, today, after_accept)
            kind, words = outcome
            getattr(run, kind).append((row.id, words))
            if kind == "sent":
                room -= 1
            if kind == "retried" and words.startswith(_DOWN):
                run.stopped = words
                break
    finally:
        if opened is not None:
            opened.close()
    return run


_DOWN = "the mail server is unavailable"


def _smtp_for(settings: Settings) -> Callable[[], SmtpTransport]:
    from posapp.services.mail_delivery import SmtpTransport

    checked = SmtpTransport(settings.mail)  # refuses a missing host, sender or password now
    return lambda: checked


def _send_one(
    db: Database,
    transport: Transport,
    row: OutboxRow,
    letter: Letter,
    service: str,
    setup: MailSetup,
    now: Callable[[], datetime],
    today: str,
    after_accept: Callable[[OutboxRow], None] | None,
) -> tuple[str, str]:
    from posapp.services.mail_delivery import AddressRefusedError, MessageRefusedError, TryLaterError

    settings = setup.settings
    message = email_message(letter, settings.mail, settings.business, now())
    try:
        reply = transport.deliver(message, settings.mail.sender, letter.to)
    except AddressRefusedError as failure:
        with write_transaction(db):
            outbox.mark_undeliverable(db, letter.to, at=now(), reply=failure.reason)
            outbox.mark_failed(db, row.id, reason=UNDELIVERABLE, error=failure.reason, day=today)
        return "failed", UNDELIVERABLE
    except MessageRefusedError as failure:
        with write_transaction(db):
            outbox.mark_failed(db, row.id, reason=REFUSED, error=failure.reason, day=today)
        return "failed", REFUSED
    except TryLaterError as failure:
        return _later(db, row, failure, now, today)
    if after_accept is not None:
        after_accept(row)
    with write_transaction(db):
        outbox.mark_sent(db, row.id, at=now(), day=today, reply=reply, service=service)
    return "sent", letter.to


def _later(
    db: Database, row: OutboxRow, failure: TryLaterError, now: Callable[[], datetime], today: str
) -> tuple[str, str]:
    """A temporary failure: back off and try again, or after the last try wait for a manager."""
    from posapp.services.mail_delivery import ServerUnavailableError

    attempts = row.attempts + 1  # counted when claimed
    words = f"{_DOWN}: {failure.reason}" if isinstance(failure, ServerUnavailableError) else failure.reason
    with write_transaction(db):
        if attempts >= MAX_ATTEMPTS:
            outbox.mark_failed(db, row.id, reason=GAVE_UP, error=failure.reason, day=today)
            return "failed", GAVE_UP
        outbox.mark_retry(
            db,
            row.id,
            error=failure.reason,
            next_try_at=now() + BACKOFF[attempts - 1],
            maybe_delivered=failure.maybe_delivered,
        )
    return "retried", words


def _quiet(hour: int, settings: Settings) -> bool:
    start, end = settings.mail.quiet_from, settings.mail.quiet_until
    if start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


def _decide_again(db: Database, row: OutboxRow, setup: MailSetup, now: datetime) -> _Verdict:
    settings = setup.settings
    found = outbox.customer_address(db, row.customer_id)
    if found is None or found[1]:
        return _Verdict(ERASED)
    address = found[0]
    if not address:
        return _Verdict(NO_ADDRESS)
    if outbox.is_undeliverable(db, address):
        return _Verdict(UNDELIVERABLE)
    rules = rules_with_take_rates(db, settings.offer_rules, now.astimezone(settings.time_zone).date())
    facts = load_customer_facts(db, row.customer_id, now, rules)
    if facts is None:
        return _Verdict(ERASED)
    local = now.astimezone(settings.time_zone)
    if row.kind == outbox.NEWSLETTER:
        situation = Situation(moment=Moment.FOLLOW_UP, customer=facts)
        held = {reason for reason, _ in situation_reasons(situation, rules, local)}
        for reason in (Reason.NO_CONSENT, Reason.COMPLAINT):
            if reason in held:
                return _Verdict(reason.value)
        return _newsletter_letter(db, row, setup, address, facts.first_name)
    codes = outbox.ticket_codes(db, row.ticket_id) if row.ticket_id is not None else ()
    situation = Situation(moment=Moment.FOLLOW_UP, cart=codes, customer=facts)
    decision = decide(situation, setup.catalog, rules, local, scripts=setup.scripts, format_price=setup.price)
    if decision.offer is None:
        return _Verdict(_first_reason(decision))
    return _follow_up_letter(row, setup, address, facts.first_name, codes, decision)


def _first_reason(decision: Decision) -> str:
    """The weightiest rule that held the follow-up back (the engine lists reasons weightiest first)."""
    for held in decision.held_back:
        for reason in held.reasons:
            if reason in {r.value for r in HOLDING_REASONS}:
                return reason
    return Reason.NOT_RELEVANT.value


def _values(setup: MailSetup, first_name: str, code: str) -> dict[str, str]:
    business = setup.settings.business
    return {
        "first_name": first_name or "there",
        "shop": business.name,
        "address": business.address,
        "phone": business.phone,
        "code": code,
        "unsubscribe": setup.settings.mail.unsubscribe_address or business.name,
    }


def _follow_up_letter(
    row: OutboxRow,
    setup: MailSetup,
    address: str,
    first_name: str,
    codes: tuple[str, ...],
    decision: Decision,
) -> _Verdict:
    offer = decision.offer
    assert offer is not None
    washes = [setup.catalog.get(code) for code in codes if code in setup.catalog]
    wash = next((service.name for service in washes if service.kind is ServiceKind.WASH), "wash")
    values = {
        **_values(setup, first_name, row.code),
        "wash": wash,
        "offer": offer.script,
        "service": offer.name,
        "price": setup.price(offer.price_delta_cents),
    }
    template = setup.template
    letter = compose(
        to=address,
        subject=fill(template.follow_up_subject, values),
        body=fill(template.follow_up_body, values),
        footer=fill(template.footer, values),
        code=row.code,
        message_id=row.message_id,
        business=setup.settings.business,
    )
    return _Verdict(letter=letter, service=offer.service)


def _newsletter_letter(
    db: Database, row: OutboxRow, setup: MailSetup, address: str, first_name: str
) -> _Verdict:
    newsletter = outbox.get_newsletter(db, row.newsletter_id or 0)
    if newsletter is None:
        return _Verdict(Reason.NOT_RELEVANT.value)
    letter = newsletter_letter(
        setup, newsletter.subject, newsletter.body, newsletter.services, address, first_name, row.code,
        row.message_id,
    )  # fmt: skip
    return _Verdict(letter=letter)


def newsletter_letter(
    setup: MailSetup,
    subject: str,
    text: str,
    services: tuple[str, ...],
    address: str,
    first_name: str,
    code: str,
    message_id: str,
) -> Letter:
    """The newsletter as one customer sees it: the preview shows exactly this."""
    values = _values(setup, first_name, code)
    values["text"] = fill(text, values)
    template = setup.template
    return compose(
        to=address,
        subject=fill(subject, values),
        body=fill(template.newsletter_body, values),
        footer=fill(template.footer, values),
        code=code,
        message_id=message_id,
        business=setup.settings.business,
        featured=featured_services(setup, services),
    )


# --- the newsletter --------------------------------------------------------------------------


def featured_services(setup: MailSetup, services: tuple[str, ...]) -> tuple[Featured, ...]:
    return tuple(
        Featured(service.name, setup.price(service.price_cents), service.description)
        for code in services
        if code in setup.catalog
        for service in (setup.catalog.get(code),)
    )


def newsletter_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """(code, name) of the services a newsletter may feature: the premium washes and the add-ons.

    A premium wash is one that includes add-ons (the Premium Package); with none, the top wash.
    """
    washes = catalog.washes()
    premium = [wash for wash in washes if wash.includes] or washes[-1:]
    return [(s.code, s.name) for s in premium] + [
        (s.code, s.name) for s in catalog.services if s.kind is ServiceKind.ADDON and s.active
    ]


def create_newsletter(
    db: Database,
    *,
    subject: str,
    body: str,
    services: tuple[str, ...],
    catalog: Catalog,
    manager_id: int | None,
    now: Callable[[], datetime],
) -> int:
    """A newsletter composed by a manager, kept for sending; checked whole first."""
    subject, body = " ".join(subject.split()), body.strip()
    if not subject:
        raise UserError("The newsletter needs a subject.")
    if not body:
        raise UserError("The newsletter needs some text.")
    if len(subject) > 200 or len(body) > 10_000:
        raise UserError("The newsletter's subject (200) or text (10,000 characters) is too long.")
    allowed = {code for code, _ in newsletter_choices(catalog)}
    for code in services:
        if code not in allowed:
            raise UserError(f"{code!r} is not a premium wash or an add-on in the catalog.")
    check_placeholders(subject, "The newsletter's subject")
    check_placeholders(body, "The newsletter's text")
    at = now()
    with write_transaction(db):
        newsletter_id = outbox.insert_newsletter(
            db, subject=subject, body=body, services=tuple(services), at=at, by=manager_id
        )
        record_audit(
            db, at=at, cashier_id=manager_id, action="newsletter_composed",
            subject=f"newsletter {newsletter_id}",
            after={"subject": subject, "services": list(services)},
        )  # fmt: skip
    return newsletter_id


@dataclass(frozen=True)
class NewsletterRun:
    queued: int
    skipped: dict[str, int]


def queue_newsletter(
    db: Database,
    newsletter_id: int,
    *,
    settings: Settings,
    now: Callable[[], datetime],
    manager_id: int | None,
) -> NewsletterRun:
    """One message per consenting customer into the outbox, in one transaction; skipped ones counted.

    Skipped: an open complaint, a pitch in the pause window. Queuing again adds nobody twice
    (one row per newsletter and customer), so a run cut short is simply run again.
    """
    at = now()
    local = at.astimezone(settings.time_zone)
    day = local.date().isoformat()
    rules = settings.offer_rules
    skipped: dict[str, int] = {}
    queued = 0
    with write_transaction(db):
        newsletter = outbox.get_newsletter(db, newsletter_id)
        if newsletter is None:
            raise UserError(f"There is no newsletter number {newsletter_id}.")
        for customer_id in outbox.consenting_customers(db):
            facts = load_customer_facts(db, customer_id, at, rules)
            found = outbox.customer_address(db, customer_id)
            if facts is None or found is None:
                continue
            held = {
                r for r, _ in situation_reasons(Situation(Moment.FOLLOW_UP, customer=facts), rules, local)
            }
            reason = next((r.value for r in (Reason.COMPLAINT, Reason.RECENT) if r in held), "")
            if not reason and outbox.is_undeliverable(db, found[0]):
                reason = UNDELIVERABLE
            if reason:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            inserted = outbox.insert_message(
                db,
                kind=outbox.NEWSLETTER,
                customer_id=customer_id,
                newsletter_id=newsletter_id,
                address=found[0],
                code=_fresh_code(db),
                message_id=_message_id(settings),
                due_at=at,
                planned_day=day,
            )
            queued += inserted is not None
        outbox.mark_newsletter_queued(db, newsletter_id, at=at, skipped=skipped)
        record_audit(
            db, at=at, cashier_id=manager_id, action="newsletter_queued",
            subject=f"newsletter {newsletter_id}",
            after={"queued": queued, "skipped": skipped},
        )  # fmt: skip
    return NewsletterRun(queued, skipped)


def mail_setup(db: Database, settings: Settings, template_path: Path) -> MailSetup:
    """Everything writing a message needs, read now: the stored catalog and scripts, the template."""
    return MailSetup(settings, load_catalog(db), load_scripts(db), load_mail_template(template_path))


def retry_failed_messages(db: Database, *, now: Callable[[], datetime], manager_id: int | None = None) -> int:
    """A manager's retry of the failed messages (not refused addresses), audited."""
    with write_transaction(db):
        count = outbox.retry_failed(db)
        record_audit(db, at=now(), cashier_id=manager_id, action="mail_retry", after={"messages": count})
    return count


def consent_history_for(db: Database, customer_id: int) -> list[outbox.ConsentRecord]:
    """The customer's consent answers with their proof, newest first: what the counter shows."""
    return outbox.consent_history(db, customer_id)


def send_from(db_path: Path, settings: Settings, now: Callable[[], datetime]) -> SendRun:
    """`send_due` on a connection of its own: what the window runs off the GUI thread."""
    db = open_db(db_path)
    try:
        return send_due(db, mail_setup(db, settings, template_path_for(db_path)), now)
    finally:
        db.conn.close()


def last_ticket_number(db: Database) -> int:
    return outbox.last_ticket_number(db)
