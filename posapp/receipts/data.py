"""ReceiptData: a frozen snapshot of one stored ticket, the single source every renderer prints.

Everything is taken from what the database holds for the sale (names and prices as sold),
so a reprint years later shows exactly what was sold, at the price it was sold for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from posapp.domain.catalog import Catalog
from posapp.domain.customer import Membership
from posapp.domain.errors import UserError
from posapp.domain.money import format_money, totals_for
from posapp.domain.offer import OfferKind, Outcome
from posapp.domain.ticket import PlanChange
from posapp.settings import Settings
from posapp.storage.catalog import load_catalog
from posapp.storage.customers import get_customer
from posapp.storage.db import Database
from posapp.storage.print_jobs import PrintJob
from posapp.storage.tickets import StoredTicket, load_refund, load_ticket

ADDON_MARK = "ADD-ON"
UPGRADE_MARK = "UPGRADE"
MEMBERSHIP_MARK = "MEMBERSHIP"
COPY_MARK = "COPY"
#: The status of the printer test page (posapp.receipts.printer_test): no ticket, no sale.
PRINTER_TEST = "printer test"
_STATUS_NOTES = {
    "voided": "This sale was cancelled.",
    "refunded": "This sale was refunded.",
    PRINTER_TEST: "Not a sale: a test of the receipt printer.",
}


def status_note(status: str) -> str:
    """The sentence under the banner of a receipt that is not an ordinary completed sale."""
    return _STATUS_NOTES.get(status, "This sale was cancelled.")


#: The payment of the printer test page, which is no sale.
NO_SALE = "no_sale"
_PAYMENT_WORDS = {"cash": "Cash", "card": "Card", "membership": "Membership", NO_SALE: "No sale"}


@dataclass(frozen=True)
class ReceiptLine:
    """One line as sold: its printed label, marker (ADD-ON, UPGRADE or none) and amount."""

    name: str
    quantity: int
    amount_cents: int
    amount_text: str
    is_addon: bool
    mark: str

    @property
    def label(self) -> str:
        """The line's name as printed: add-ons start with "+", quantities above one are shown."""
        prefix = "+ " if self.is_addon else ""
        count = f"{self.quantity} × " if self.quantity > 1 else ""
        return f"{prefix}{count}{self.name}"


@dataclass(frozen=True)
class TrialNotice:
    """A membership trial the customer accepted on this ticket, and the day it ends."""

    plan_name: str
    ends_on: date
    ends_on_text: str
    #: What it costs after the trial, and what happens without a yes ("" when the plans are unknown).
    after: str = ""

    @property
    def text(self) -> str:
        return f"Your free {self.plan_name} trial runs until {self.ends_on_text}."


@dataclass(frozen=True)
class Slip:
    """What a void or refund slip says: the word, what was given back, why, who approved it, when."""

    word: str  # "VOID" or "REFUND"
    amount_text: str
    lines: tuple[ReceiptLine, ...]
    reason: str
    manager: str
    local_date: str
    local_time: str
    whole_ticket: bool

    @property
    def amount_label(self) -> str:
        return "VOIDED" if self.word == "VOID" else "REFUNDED"


@dataclass(frozen=True)
class ReceiptData:
    """What one receipt says, already formatted; renderers only lay it out."""

    business_name: str
    business_address: str
    business_phone: str
    business_tax_id: str
    logo_path: str
    number: int
    copy: bool
    status: str
    local_date: str
    local_time: str
    cashier: str
    customer_first_name: str
    lines: tuple[ReceiptLine, ...]
    subtotal_cents: int
    subtotal_text: str
    tax_cents: int
    tax_text: str
    total_cents: int
    total_text: str
    payment: str
    paid_in_cash: bool
    trial: TrialNotice | None
    footer: str
    #: Set on a void or refund slip: then this prints the slip, not the sale's receipt.
    slip: Slip | None = None
    #: The tax rate as the site states it ("8.25 %"), printed beside the tax.
    tax_rate_text: str = ""
    #: On a cash sale rung up with the cash handed over: that amount and the change ("" otherwise).
    tendered_text: str = ""
    change_text: str = ""

    @property
    def number_text(self) -> str:
        return f"{self.number:06d}"

    @property
    def tax_label(self) -> str:
        return f"Tax {self.tax_rate_text}" if self.tax_rate_text else "Tax"


def load_receipt(db: Database, number: int, settings: Settings, *, copy: bool) -> ReceiptData:
    """The receipt of ticket `number` as stored; an unknown number is the user's mistake."""
    ticket = load_ticket(db, number)
    if ticket is None:
        raise UserError(f"There is no ticket number {number} in this database.")
    return receipt_from_ticket(ticket, settings, copy=copy, trial=_trial_of(db, ticket, settings))


def paper_for_job(db: Database, job: PrintJob, settings: Settings) -> ReceiptData:
    """What a print job prints: the sale's receipt (or its copy), or a void or refund slip."""
    if job.slip:
        return load_slip(db, job.ticket_number, settings, slip=job.slip, line_refund_id=job.line_refund_id)
    return load_receipt(db, job.ticket_number, settings, copy=job.copy)


def load_slip(
    db: Database, number: int, settings: Settings, *, slip: str, line_refund_id: int | None
) -> ReceiptData:
    """The void or refund slip of ticket `number`: the record it prints, laid over the sale's header."""
    ticket = load_ticket(db, number)
    refund = load_refund(db, ticket.id, line_refund_id) if ticket is not None else None
    if ticket is None or refund is None:
        raise UserError(f"Ticket {number} has no {slip} to print.")
    receipt = receipt_from_ticket(ticket, settings, copy=False)
    local = refund.at.astimezone(settings.time_zone)
    given_back = tuple(
        line
        for stored, line in zip(ticket.lines, receipt.lines, strict=True)
        if stored.position in refund.positions
    )
    return replace(
        receipt,
        slip=Slip(
            word="VOID" if refund.kind == "void" else "REFUND",
            amount_text=format_money(refund.amount_cents, settings.currency, settings.locale),
            lines=given_back,
            reason=refund.reason,
            manager=refund.manager_name,
            local_date=format_date(local.date(), "medium", locale=settings.locale),
            local_time=format_time(local.time(), "short", locale=settings.locale),
            whole_ticket=line_refund_id is None,
        ),
    )


def tax_rate_text(settings: Settings) -> str:
    """The site's tax rate as a receipt states it: "8.25 %", "20 % incl." when prices include it."""
    rate = format_decimal(settings.tax.rate_percent.normalize(), locale=settings.locale)
    return f"{rate} %" + (" incl." if settings.tax.prices_include_tax else "")


def receipt_from_ticket(
    ticket: StoredTicket, settings: Settings, *, copy: bool, trial: TrialNotice | None = None
) -> ReceiptData:
    """Format a stored ticket for printing, in the site's currency, locale and time zone."""

    def money(cents: int) -> str:
        return format_money(cents, settings.currency, settings.locale)

    local = ticket.completed_at.astimezone(settings.time_zone)
    business = settings.business
    lines = tuple(
        ReceiptLine(
            name=line.name,
            quantity=line.quantity,
            amount_cents=line.amount_cents,
            amount_text=money(line.amount_cents),
            is_addon=line.is_addon,
            mark=MEMBERSHIP_MARK if line.plan_change else _mark(line.is_addon, line.offer_kind),
        )
        for line in ticket.lines
    )
    first_name = ticket.customer_name.split()[0] if ticket.customer_name.split() else ""
    return ReceiptData(
        business_name=business.name,
        business_address=business.address,
        business_phone=business.phone,
        business_tax_id=business.tax_id,
        logo_path=logo_path(business.logo, settings),
        number=ticket.number,
        copy=copy,
        status=ticket.status,
        local_date=format_date(local.date(), "medium", locale=settings.locale),
        local_time=format_time(local.time(), "short", locale=settings.locale),
        cashier=ticket.cashier_name,
        customer_first_name=first_name,
        lines=lines,
        subtotal_cents=ticket.subtotal_cents,
        subtotal_text=money(ticket.subtotal_cents),
        tax_cents=ticket.tax_cents,
        tax_text=money(ticket.tax_cents),
        total_cents=ticket.total_cents,
        total_text=money(ticket.total_cents),
        payment=_PAYMENT_WORDS.get(ticket.payment, ticket.payment.title()),
        paid_in_cash=ticket.payment == "cash",
        trial=trial,
        footer=settings.receipt.footer,
        tax_rate_text=tax_rate_text(settings) if _taxed_at_todays_rate(ticket, settings) else "",
        tendered_text=money(ticket.tendered_cents) if ticket.tendered_cents is not None else "",
        change_text=money(ticket.change_cents) if ticket.change_cents is not None else "",
    )


def _taxed_at_todays_rate(ticket: StoredTicket, settings: Settings) -> bool:
    """Whether today's rate gives this ticket's tax: a reprint from before a rate change states none."""
    if not ticket.tax_cents or not ticket.lines:
        return False
    totals = totals_for((line.amount_cents for line in ticket.lines), settings.tax)
    return (totals.subtotal_cents, totals.tax_cents) == (ticket.subtotal_cents, ticket.tax_cents)


def logo_path(logo: str, settings: Settings) -> str:
    """A relative logo path is read from beside the settings file that names it."""
    if not logo or Path(logo).expanduser().is_absolute():
        return str(Path(logo).expanduser()) if logo else ""
    return str(settings.source.parent / logo)


def _mark(is_addon: bool, offer_kind: OfferKind | None) -> str:
    if is_addon:
        return ADDON_MARK
    # An accepted upsell replaces the wash itself: the customer should see why it costs more.
    return UPGRADE_MARK if offer_kind is OfferKind.UPSELL else ""


def _trial_of(db: Database, ticket: StoredTicket, settings: Settings) -> TrialNotice | None:
    """The trial accepted on this ticket, if any, with the end date the customer was promised.

    A trial comes from an accepted trial offer, or from a trial line rung up from the badge.
    """
    event = next(
        (
            e
            for e in ticket.offer_events
            if e.kind is OfferKind.TRIAL_UPGRADE and e.outcome is Outcome.ACCEPTED
        ),
        None,
    )
    line = next((line for line in ticket.lines if line.plan_change == PlanChange.TRIAL.value), None)
    if event is not None:
        service, accepted_at = event.service, event.at
    elif line is not None:
        service, accepted_at = line.code, ticket.completed_at
    else:
        return None
    catalog = load_catalog(db)
    plan_name = catalog.get(service).name if service in catalog else service
    accepted_on = accepted_at.astimezone(settings.time_zone).date()
    ends_on = accepted_on + timedelta(days=settings.offer_rules.trial_days)
    # The membership row is the authority on the trial's end when it records this very trial.
    customer = get_customer(db, ticket.customer_id) if ticket.customer_id else None
    membership = customer.membership if customer else None
    if (
        membership is not None
        and membership.trial_plan == service
        and membership.trial_until is not None
        and membership.trial_until >= accepted_on
    ):
        ends_on = membership.trial_until
    return TrialNotice(
        plan_name=plan_name,
        ends_on=ends_on,
        ends_on_text=format_date(ends_on, "medium", locale=settings.locale),
        after=_after_the_trial(catalog, service, membership, settings),
    )


def _after_the_trial(
    catalog: Catalog, trial_plan: str, membership: Membership | None, settings: Settings
) -> str:
    """The price after the trial, and that nothing changes without the customer's yes."""
    if trial_plan not in catalog:
        return ""
    price = format_money(catalog.get(trial_plan).price_cents, settings.currency, settings.locale)
    own = membership.plan if membership is not None else ""
    stays = f" Otherwise you stay on your {catalog.get(own).name}." if own in catalog else ""
    return f"To keep it, tell us before it ends: {price} a month from your next renewal.{stays}"


def local_moment_text(moment: datetime, settings: Settings) -> str:
    """A stored UTC moment as the site's local date and time, for lists such as ticket history."""
    local = moment.astimezone(settings.time_zone)
    day = format_date(local.date(), "medium", locale=settings.locale)
    return f"{day} {format_time(local.time(), 'short', locale=settings.locale)}"
