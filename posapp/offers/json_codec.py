"""Situation JSON in, Decision JSON out (`posapp offers decide`), every mistake named by its field.

Pure: the caller passes the text, the catalog and the site's time zone. Times in the JSON
are the site's local time unless they carry an offset.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from posapp.domain.catalog import Catalog
from posapp.domain.errors import UserError
from posapp.domain.offer import Moment
from posapp.domain.ticket import Flag
from posapp.offers.model import CustomerFacts, Decision, DeclinedOffer, Situation

_Choice = TypeVar("_Choice", Moment, Flag)
_Day = TypeVar("_Day", date, datetime)

#: SQLite stores integers as 64-bit signed: a customer id is from 1 to this.
MAX_ROW_ID = 2**63 - 1
#: The digits of the largest whole number any field takes.
MAX_DIGITS = len(str(MAX_ROW_ID))
#: The years a date or time may fall in: room on both sides for the engine's date arithmetic.
YEARS = (1900, 9998)

_TOP_FIELDS = ("moment", "now", "cart", "flags", "wash_changes", "customer", "answered_on_ticket")
_CUSTOMER_FIELDS = (
    "id",
    "first_name",
    "member_plan",
    "member_since",
    "renews_on",
    "trial_plan",
    "trial_until",
    "last_accepted_offer_at",
    "declined",
    "open_complaint",
    "complaint_resolved_at",
    "budget_sensitive",
    "marketing_consent",
)


@dataclass(frozen=True)
class SituationRequest:
    """A checked Situation JSON: the customer's stored facts are still to be laid under it."""

    moment: Moment
    now: datetime | None
    cart: tuple[str, ...]
    flags: frozenset[Flag]
    wash_changes: int
    answered_on_ticket: tuple[str, ...]
    #: None for a walk-in; otherwise the customer's facts given in the JSON, by field name.
    customer_given: Mapping[str, Any] | None

    @property
    def customer_id(self) -> int | None:
        if self.customer_given is None:
            return None
        given_id = self.customer_given.get("id")
        return given_id if isinstance(given_id, int) else None

    def situation(self, stored: CustomerFacts | None) -> Situation:
        """The Situation, with facts given in the JSON winning over the stored ones (what-if)."""
        customer = None
        if self.customer_given is not None:
            customer = replace(stored or CustomerFacts(), **self.customer_given)
        return Situation(
            moment=self.moment,
            cart=self.cart,
            flags=self.flags,
            wash_changes=self.wash_changes,
            customer=customer,
            answered_on_ticket=self.answered_on_ticket,
        )


#: How much of a value the caller sent is quoted back in a refusal: enough to recognise it.
QUOTED_CHARS = 40


def _shown(value: object) -> str:
    """The value as quoted in an error, cut short: a refusal stays one readable sentence."""
    text = repr(value)
    return text if len(text) <= QUOTED_CHARS else f"{text[:QUOTED_CHARS]}…"


def parse_situation(text: str, catalog: Catalog, site_zone: tzinfo) -> SituationRequest:
    """Read a Situation JSON document, or raise a UserError naming the field that is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"The situation is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise UserError(
            "The situation is nested too deeply to read; a situation is a few levels deep."
        ) from None
    except ValueError:
        # Python refuses to read an integer of thousands of digits (its int conversion limit).
        raise UserError(
            f"The situation holds a number too long to read; no field takes more than {MAX_DIGITS} digits."
        ) from None
    top = _object(data, "situation", _TOP_FIELDS)
    if "moment" not in top:
        raise UserError("moment: missing; give one of " + ", ".join(m.value for m in Moment) + ".")
    customer = top.get("customer")
    return SituationRequest(
        moment=_choice(top["moment"], "moment", Moment),
        now=_moment(top.get("now"), "now", site_zone),
        cart=_codes(top.get("cart", []), "cart", catalog),
        flags=frozenset(
            _choice(flag, f"flags[{index}]", Flag)
            for index, flag in enumerate(_list(top.get("flags", []), "flags"))
        ),
        wash_changes=_count(top.get("wash_changes", 0), "wash_changes"),
        answered_on_ticket=_codes(top.get("answered_on_ticket", []), "answered_on_ticket", catalog),
        customer_given=None if customer is None else _customer(customer, catalog, site_zone),
    )


def _customer(data: Any, catalog: Catalog, site_zone: tzinfo) -> dict[str, Any]:
    fields = _object(data, "customer", _CUSTOMER_FIELDS)
    given: dict[str, Any] = {}
    for name, value in fields.items():
        where = f"customer.{name}"
        if name == "id":
            given[name] = None if value is None else _count(value, where, low=1, high=MAX_ROW_ID)
        elif name == "first_name":
            given[name] = _text(value, where)
        elif name in ("member_plan", "trial_plan"):
            given[name] = None if value is None else _codes([value], where, catalog)[0]
        elif name in ("member_since", "renews_on", "trial_until"):
            given[name] = _date(value, where)
        elif name in ("last_accepted_offer_at", "complaint_resolved_at"):
            given[name] = _moment(value, where, site_zone)
        elif name == "declined":
            given[name] = _declines(value, where, catalog, site_zone)
        else:
            given[name] = _flag(value, where)
    return given


def _declines(value: Any, where: str, catalog: Catalog, site_zone: tzinfo) -> tuple[DeclinedOffer, ...]:
    declines = []
    for index, item in enumerate(_list(value, where)):
        entry = _object(item, f"{where}[{index}]", ("service", "at"))
        for needed in ("service", "at"):
            if needed not in entry:
                raise UserError(f"{where}[{index}].{needed}: missing.")
        service = _codes([entry["service"]], f"{where}[{index}].service", catalog)[0]
        at = _moment(entry["at"], f"{where}[{index}].at", site_zone)
        if at is None:
            raise UserError(f"{where}[{index}].at: missing; give the date and time it was declined.")
        declines.append(DeclinedOffer(service, at))
    return tuple(declines)


def _object(value: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UserError(f"{where}: expected an object in braces, not {_kind(value)}.")
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise UserError(f"{where}: unknown field {_shown(unknown[0])}; the fields are {', '.join(allowed)}.")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise UserError(f"{where}: expected a list in square brackets, not {_kind(value)}.")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise UserError(f"{where}: expected text in quotes, not {_kind(value)}.")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise UserError(f"{where}: expected true or false, not {_kind(value)}.")
    return value


def _count(value: Any, where: str, low: int = 0, high: int = MAX_ROW_ID) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        raise UserError(f"{where}: expected a whole number from {low} to {high}, not {shown}.")
    return value


def _choice(value: Any, where: str, choices: type[_Choice]) -> _Choice:
    allowed = [choice.value for choice in choices]
    if value not in allowed:
        raise UserError(f"{where}: {_shown(value)} is not one of {', '.join(allowed)}.")
    return choices(value)


def _codes(value: Any, where: str, catalog: Catalog) -> tuple[str, ...]:
    codes = []
    for index, code in enumerate(_list(value, where)):
        place = f"{where}[{index}]" if where in ("cart", "answered_on_ticket") else where
        if not isinstance(code, str) or code not in catalog:
            raise UserError(f"{place}: {_shown(code)} is not a service code in the catalog.")
        codes.append(code)
    return tuple(codes)


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(_text(value, where))
    except ValueError:
        raise UserError(f"{where}: {_shown(value)} is not a date (YYYY-MM-DD).") from None
    return _in_years(day, value, where)


def _moment(value: Any, where: str, site_zone: tzinfo) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(_text(value, where))
    except ValueError:
        raise UserError(f"{where}: {_shown(value)} is not a date and time (YYYY-MM-DDTHH:MM:SS).") from None
    _in_years(at.date(), value, where)
    return at.replace(tzinfo=site_zone) if at.tzinfo is None else at.astimezone(site_zone)


def _in_years(day: _Day, value: Any, where: str) -> _Day:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise UserError(f"{where}: {_shown(value)} is not in the years {YEARS[0]} to {YEARS[1]}.")
    return day


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    """The Decision in the public JSON shape of ARCHITECTURE.md (keys kept exactly)."""
    offer = decision.offer
    return {
        "offer": None
        if offer is None
        else {
            "kind": offer.kind.value,
            "service": offer.service,
            "name": offer.name,
            "price_delta_cents": offer.price_delta_cents,
            "script": offer.script,
        },
        "held_back": [
            {
                "kind": held.kind.value,
                "service": held.service,
                "reasons": list(held.reasons),
                "explanation": held.explanation,
            }
            for held in decision.held_back
        ],
    }


def decision_to_json(decision: Decision) -> str:
    return json.dumps(decision_to_dict(decision), ensure_ascii=False, indent=2)
