"""Customers and their memberships, as the counter knows them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from posapp.domain.errors import UserError
from posapp.domain.matching import card_key

MAX_NAME_LENGTH = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Membership:
    """A customer's club plan; a trial lets them ride the next tier until a date."""

    plan: str
    started_on: date
    renews_on: date
    trial_plan: str | None = None
    trial_until: date | None = None
    #: The customer said yes to keeping the trial's plan: at the trial's end it converts.
    trial_kept: bool = False

    def lapsed(self, today: date) -> bool:
        """Not renewed by its renewal day: no club wash until it is renewed."""
        return self.renews_on < today

    def trial_running(self, today: date) -> bool:
        """A trial runs through its last day (`trial_until`)."""
        return self.trial_plan is not None and self.trial_until is not None and self.trial_until >= today

    def next_renewal(self, today: date) -> date:
        """The renewal day after one more paid cycle.

        A plan in good standing adds one month to its renewal day, on the day of the month it
        was started (Jan 31 → Feb 28/29 → Mar 31), so short months never shift later cycles.
        A lapsed plan starts its new cycle today.
        """
        if self.lapsed(today):
            return add_months(today, 1, today.day)
        return add_months(self.renews_on, 1, self._cycle_day())

    def _cycle_day(self) -> int:
        # The renewal day follows the start day, except where a short month clipped it (Feb 28
        # for a plan started on the 31st) or a lapse restarted the cycle on another day.
        renews, started = self.renews_on, self.started_on
        month_end = renews.day == calendar.monthrange(renews.year, renews.month)[1]
        return (
            started.day
            if renews.day == started.day or (month_end and started.day > renews.day)
            else renews.day
        )

    def tenure_months(self, today: date) -> int:
        """Whole months since the plan started (a member of 6 months and 1 day counts 6)."""
        months = (today.year - self.started_on.year) * 12 + today.month - self.started_on.month
        if today.day < self.started_on.day:
            months -= 1
        return max(months, 0)


def add_months(day: date, months: int, on_day: int) -> date:
    """`months` after `day`, on the month's `on_day` or its last day when the month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(on_day, last))


@dataclass(frozen=True)
class Customer:
    """A known customer; a walk-in has no Customer at all."""

    id: int | None
    name: str
    phone: str = ""
    plate: str = ""
    email: str = ""
    marketing_consent: bool = False
    budget_sensitive: bool = False
    membership: Membership | None = None
    #: A membership or loyalty card number, as card_key keeps it ("" when the customer has none).
    card: str = ""

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""


def clean_name(text: str, where: str) -> str:
    """A person's name as typed, trimmed; control characters and empty or huge names refused."""
    name = " ".join(str(text).split())
    if not name:
        raise UserError(f"{where}: the name is empty.")
    if _CONTROL.search(name):
        raise UserError(f"{where}: the name contains control characters.")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(f"{where}: the name is longer than {MAX_NAME_LENGTH} characters.")
    return name


def normalise_plate(text: str, where: str = "Licence plate") -> str:
    """A licence plate as stored and searched: upper case letters and digits only."""
    plate = re.sub(r"[\s\-.·]", "", str(text)).upper()
    if plate and (not plate.isalnum() or len(plate) > 12):
        raise UserError(f"{where}: {text!r} is not a licence plate (letters and digits, up to 12).")
    return plate


def normalise_phone(text: str, where: str = "Phone") -> str:
    """A phone number as stored and searched: digits, with a leading + kept."""
    raw = str(text).strip()
    digits = re.sub(r"[\s\-().]", "", raw)
    if not digits:
        return ""
    plus = digits.startswith("+")
    body = digits[1:] if plus else digits
    if not body.isdigit() or not 5 <= len(body) <= 15 or not body.isascii():
        raise UserError(f"{where}: {text!r} is not a phone number (5 to 15 digits).")
    return ("+" if plus else "") + body


#: Longer than this a "card number" is something else pasted into the field.
MAX_CARD_LENGTH = 32


def normalise_card(text: str, where: str = "Card number") -> str:
    """A membership or loyalty card number as stored, searched and matched: card_key's letters and digits."""
    typed = str(text).strip()
    card = card_key(typed)
    if typed and not card:
        raise UserError(f"{where}: {typed!r} has no letters or digits; type the number printed on the card.")
    if len(card) > MAX_CARD_LENGTH:
        raise UserError(
            f"{where}: {typed!r} is not a card number (letters and digits, up to {MAX_CARD_LENGTH})."
        )
    return card


def normalise_email(text: str, where: str = "Email") -> str:
    email = str(text).strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UserError(f"{where}: {text!r} is not an email address.")
    return email.lower()


#: The new-customer form's fields that text carried from the search box may fill.
SearchField = Literal["name", "plate", "phone", "email", "card"]


def field_for_search_text(text: str) -> SearchField:
    """Which new-customer field the text typed (or scanned) into the search box belongs in.

    Read with the fields' own checks, most telling first: an address is the email; words without
    a digit are the name; a number a phone could be (a leading + or a bracketed area code, or 7
    to 15 digits alone) is the phone; letters with digits that pass as a plate are the plate;
    longer digits, or letters and digits too long for a plate, are a card number. Bare digits
    are read as a phone because a cashier types phone numbers all day, while a card is scanned
    here only when it is new: a card already given to a customer is found by the search. A new
    card of 7 to 15 bare digits therefore lands in the phone field, and the cashier moves it.
    """
    typed = " ".join(str(text).split())
    if "@" in typed and _passes(normalise_email, typed):
        return "email"
    if not any(ch.isdigit() for ch in typed):
        return "name"
    if _written_as_phone(typed) and _passes(normalise_phone, typed):
        return "phone"
    key = card_key(typed)
    if not key.isdigit() and _passes(normalise_plate, typed):
        return "plate"
    if key and _passes(normalise_card, typed):
        return "card"
    return "name"


#: As many digits as a phone number has in practice: a local number (7) to E.164's longest (15).
_PHONE_DIGITS = range(7, 16)


def _written_as_phone(typed: str) -> bool:
    """A leading + or (, or nothing but 7 to 15 digits with a phone's spaces, dashes and dots."""
    if typed.startswith(("+", "(")):
        return True
    digits = re.sub(r"[\s\-.]", "", typed)
    return digits.isascii() and digits.isdigit() and len(digits) in _PHONE_DIGITS


def _passes(check: Callable[[str], str], typed: str) -> bool:
    try:
        check(typed)
    except UserError:
        return False
    return True
