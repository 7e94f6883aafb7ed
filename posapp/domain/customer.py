"""Customers and their memberships, as the counter knows them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from posapp.domain.errors import UserError

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

    def tenure_months(self, today: date) -> int:
        """Whole months since the plan started (a member of 6 months and 1 day counts 6)."""
        months = (today.year - self.started_on.year) * 12 + today.month - self.started_on.month
        if today.day < self.started_on.day:
            months -= 1
        return max(months, 0)


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


def normalise_email(text: str, where: str = "Email") -> str:
    email = str(text).strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UserError(f"{where}: {text!r} is not an email address.")
    return email.lower()
