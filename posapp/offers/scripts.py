"""What the cashier reads out: script templates, how they are checked, and how they are filled.

A template names what it needs in braces ({first_name}, {wash}, {addon}, {price} ...). The
engine fills it; nothing in braces or square brackets ever reaches the cashier, and a
walk-in without a name is greeted naturally ("Hi there," rather than "Hi ,").
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from posapp.domain.errors import UserError
from posapp.domain.money import format_money
from posapp.domain.offer import Moment, OfferKind

#: Turns integer cents into the site's money text, e.g. 800 → "$8.00".
PriceFormatter = Callable[[int], str]

#: Every placeholder a script may use, with what it stands for (shown to the manager).
PLACEHOLDERS: Mapping[str, str] = {
    "first_name": "the customer's first name (left out for a walk-in)",
    "wash": "the wash on the ticket",
    "addon": "the name of what is offered",
    "upgrade": "the name of what is offered (reads better in an upsell)",
    "plan": "the customer's membership plan",
    "price": "the extra price of the offer",
    "trial_days": "how many days a trial upgrade lasts",
}

#: A script for each moment and kind of offer; a key may add ".<service code>" for one service.
SCRIPT_KINDS: tuple[str, ...] = (
    "checkout.cross_sell",
    "checkout.upsell",
    "renewal.trial_upgrade",
    "service.upsell",
    "follow_up.cross_sell",
)

MAX_SCRIPT_LENGTH = 2000

#: Plain scripts used when no default file or override provides one for a key.
FALLBACK_SCRIPTS: Mapping[str, str] = {
    "checkout.cross_sell": (
        "Hi {first_name}, would you like to add {addon} to your {wash} today? It's {price} more."
    ),
    "checkout.upsell": (
        "Hi {first_name}, for {price} more you could have our {upgrade} instead of the {wash}."
        " Would you like that today?"
    ),
    "renewal.trial_upgrade": (
        "Hi {first_name}, would you like to try our {upgrade} free for {trial_days} days?"
        " After the trial it's {price} a month more than your {plan}."
    ),
    "service.upsell": (
        "Thanks for asking, {first_name}. Our {upgrade} might suit you even better,"
        " for {price}. Would you like to hear about it?"
    ),
    "follow_up.cross_sell": (
        "Hi {first_name}, thanks for choosing our {wash}. Next time, ask for {addon}"
        " ({price}) to keep the shine longer."
    ),
}

_KEY = re.compile(r"(?P<kind>[a-z_]+\.[a-z_]+)(?:\.(?P<service>[a-z0-9_]{1,64}))?")
_FORBIDDEN_MARKS = re.compile(r"[{}\[\]]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Compiled once: fill_script runs on every decision that makes an offer.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,;:.!?])")
_COMMAS = re.compile(r",{2,}")
_RUNS_OF_BLANKS = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class Scripts:
    """The scripts in use: the defaults with any manager's edits laid over them."""

    templates: Mapping[str, str] = field(default_factory=dict)

    def template_for(self, moment: Moment, kind: OfferKind, service: str) -> str:
        """The most specific script: for this service, else for this kind of offer."""
        general = f"{moment.decided_as.value}.{kind.value}"
        for key in (f"{general}.{service}", general):
            if key in self.templates:
                return self.templates[key]
        return FALLBACK_SCRIPTS.get(general, FALLBACK_SCRIPTS["checkout.cross_sell"])


@dataclass(frozen=True)
class ScriptValues:
    """What fills a script's placeholders for one offer."""

    first_name: str
    wash: str
    addon: str
    plan: str
    price: str
    trial_days: int


def money_formatter(currency: str, locale: str) -> PriceFormatter:
    """A price formatter for the site's currency and locale (from the settings)."""

    # A counter quotes the same few price differences all day; babel's formatting is the
    # slowest step of a decision, so each amount is formatted once.
    @functools.lru_cache(maxsize=512)
    def price(cents: int) -> str:
        return format_money(cents, currency, locale)

    return price


def plain_price(cents: int) -> str:
    """Cents as a bare amount ("8.00"): used only when no site formatter was passed in."""
    return f"{cents // 100}.{cents % 100:02d}"


def check_script(key: str, text: str) -> str:
    """The script as it will be stored, or a UserError saying in one sentence what is wrong."""
    match = _KEY.fullmatch(key)
    if match is None or match["kind"] not in SCRIPT_KINDS:
        raise UserError(
            f"There is no script called {key!r}; use one of {', '.join(SCRIPT_KINDS)},"
            " optionally followed by a dot and a service code."
        )
    cleaned = text.strip()
    if not cleaned:
        raise UserError(f"The script {key} is empty.")
    if len(cleaned) > MAX_SCRIPT_LENGTH:
        raise UserError(f"The script {key} is longer than {MAX_SCRIPT_LENGTH} characters.")
    if _CONTROL.search(cleaned.replace("\n", " ")):
        raise UserError(f"The script {key} contains control characters.")
    for literal, name, spec, conversion in _parts(key, cleaned):
        if _FORBIDDEN_MARKS.search(literal):
            raise UserError(
                f"The script {key} contains a bracket or a doubled brace;"
                " write placeholders in single braces, like {first_name}."
            )
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise UserError(
                f"The script {key} uses the unknown placeholder {{{name}}}; use one of "
                + ", ".join(f"{{{known}}}" for known in PLACEHOLDERS)
                + "."
            )
    return cleaned


def _parts(key: str, text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        raise UserError(
            f"The script {key} has a brace without its partner; write placeholders like {{first_name}}."
        ) from None


def fill_script(template: str, values: ScriptValues) -> str:
    """The script the cashier reads: placeholders filled, a nameless greeting made natural."""
    return _filled(
        template, values.first_name, values.wash, values.addon, values.plan, values.price, values.trial_days
    )


# Cached by the template and every value that fills it, so a change to any of them fills it anew:
# a counter re-decides the same ticket on every tap, and each offer made filled its script again.
@functools.lru_cache(maxsize=1024)
def _filled(
    template: str, first_name: str, wash: str, addon: str, plan: str, price: str, trial_days: int
) -> str:
    greeting_name = _greeting_name(first_name)
    if not greeting_name:
        template = _without_name(template)
    offered = _clean_value(addon) or "this service"
    filled = template.format_map(
        {
            "first_name": greeting_name,
            "wash": _clean_value(wash) or "wash",
            "addon": offered,
            "upgrade": offered,
            "plan": _clean_value(plan) or "membership",
            "price": _clean_value(price),
            "trial_days": str(trial_days),
        }
    )
    if "  " in filled or "\t" in filled:  # rarely: most scripts need no tidying
        filled = _RUNS_OF_BLANKS.sub(" ", filled)
    return filled.strip()


@functools.lru_cache(maxsize=1024)
def _greeting_name(text: str) -> str:
    """The first name as the script greets with it; empty when it is no name."""
    # Commas typed around a name would double up with the script's own: "Hi Ana,, ...".
    first_name = _SPACE_BEFORE_PUNCTUATION.sub("", _clean_value(text)).strip(" ,;:")
    first_name = _COMMAS.sub(",", first_name)
    # Punctuation alone ("-", ".") is what a form leaves when no name was given: not a name.
    return first_name if any(char.isalnum() for char in first_name) else ""


# Cached: every decision that makes an offer cleans the same few names, prices and washes again.
@functools.lru_cache(maxsize=4096)
def _clean_value(text: str) -> str:
    """A value safe to show: no braces, brackets or control characters, single spaces."""
    return " ".join(_FORBIDDEN_MARKS.sub("", _CONTROL.sub(" ", text)).split())


_NAMED_GREETING = re.compile(r"\b(Hi|Hello)\s+\{first_name\}")
_OPENING_NAME = re.compile(r"(^|[.!?]\s+)\{first_name\}\s*[,:]?\s*(\w)")
_NAME_ANYWHERE = re.compile(r"[ \t]*,?[ \t]*\{first_name\}")


# Cached: a shop has a handful of scripts, rewritten for every walk-in the same way.
@functools.lru_cache(maxsize=256)
def _without_name(template: str) -> str:
    """A template rewritten for a walk-in.

    "Hi {first_name}," becomes "Hi there,", "Hey {first_name}," becomes "Hey,".
    """
    text = _NAMED_GREETING.sub(r"\1 there", template)
    # A sentence that opens with the name opens with its next word instead.
    text = _OPENING_NAME.sub(lambda match: match.group(1) + match.group(2).upper(), text)
    return _NAME_ANYWHERE.sub("", text)
