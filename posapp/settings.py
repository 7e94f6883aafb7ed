"""The counter's settings file: read once at start-up, checked whole, or refused with a located error."""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name

from posapp.domain.errors import UserError
from posapp.domain.money import TaxPolicy
from posapp.offers.model import OfferRules, Policy
from posapp.resources import resource


@dataclass(frozen=True)
class Business:
    name: str
    address: str
    phone: str
    tax_id: str
    logo: str


@dataclass(frozen=True)
class ReceiptSettings:
    width_mm: int
    printer: str
    system_printer: str
    pdf_folder: str
    footer: str
    cash_drawer: bool
    escpos_backend: str
    escpos_target: str


@dataclass(frozen=True)
class Settings:
    business: Business
    currency: str
    locale: str
    tax: TaxPolicy
    time_zone: ZoneInfo
    terminal: str
    receipt: ReceiptSettings
    offer_rules: OfferRules
    report_paper: str
    backup_folder: str
    backup_keep: int
    source: Path


class _Reader:
    """Reads typed values out of parsed TOML, naming file, line and key in every complaint."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path, self.lines, self.data = path, text.splitlines(), data

    def line_of(self, section: str, key: str) -> int | None:
        in_section = False
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_section = stripped == f"[{section}]"
            elif in_section and re.match(rf"{re.escape(key)}\s*=", stripped):
                return number
        return None

    def fail(self, section: str, key: str, problem: str) -> UserError:
        line = self.line_of(section, key)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return UserError(f"{where}: {section}.{key} {problem}.")

    def raw(self, section: str, key: str) -> Any:
        block = self.data.get(section)
        if not isinstance(block, dict) or key not in block:
            raise self.fail(section, key, "is missing")
        return block[key]

    def text(self, section: str, key: str) -> str:
        value = self.raw(section, key)
        if not isinstance(value, str):
            raise self.fail(section, key, "must be text in quotes")
        return value

    def integer(self, section: str, key: str, low: int, high: int) -> int:
        value = self.raw(section, key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(section, key, f"must be a whole number from {low} to {high}")
        return value

    def flag(self, section: str, key: str) -> bool:
        value = self.raw(section, key)
        if not isinstance(value, bool):
            raise self.fail(section, key, "must be true or false")
        return value

    def choice(self, section: str, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(section, key)
        if value not in allowed:
            raise self.fail(section, key, f"must be one of {', '.join(allowed)}, not {value!r}")
        return value


def default_settings_path() -> Path:
    return resource("settings.toml")


def settings_path_for(db_path: Path, *, create: bool = False) -> Path:
    """The settings file of the counter whose database is `db_path`: settings.toml beside it.

    With none there, the shipped defaults are used; `create` first copies them beside the
    database, so the owner has a file to edit (the counter itself does this on its first start).
    """
    beside = db_path.parent / "settings.toml"
    if beside.is_file():
        return beside
    if not create:
        return default_settings_path()
    shutil.copyfile(default_settings_path(), beside)
    return beside


def load_settings(path: Path | None = None) -> Settings:
    """Read and check the whole settings file; any problem is one sentence naming line and key."""
    path = path or default_settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"The settings file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The settings file {path} cannot be read: {error}.") from None
    return settings_from_text(path, text)


def settings_from_text(path: Path, text: str) -> Settings:
    """Check settings written as TOML (the file at `path`, as it is or as it is about to be)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: the settings are not valid TOML ({error}).") from None
    except RecursionError:
        raise UserError(f"{path}: the settings are nested too deeply to read.") from None
    except ValueError:
        # tomllib reads integers with int(), which refuses thousands of digits.
        raise UserError(f"{path}: the settings hold a number too long to read.") from None
    return _settings_from(_Reader(path, text, data))


def _settings_from(read: _Reader) -> Settings:
    business = Business(
        name=read.text("business", "name"),
        address=read.text("business", "address"),
        phone=read.text("business", "phone"),
        tax_id=read.text("business", "tax_id"),
        logo=read.text("business", "logo"),
    )
    if not business.name.strip():
        raise read.fail("business", "name", "must not be empty")
    return Settings(
        business=business,
        currency=_currency(read),
        locale=_locale(read),
        tax=_tax(read),
        time_zone=_time_zone(read),
        terminal=read.text("site", "terminal") or "counter-1",
        receipt=_receipt(read),
        offer_rules=_offer_rules(read),
        report_paper=_report_paper(read),
        backup_folder=read.text("backup", "folder"),
        backup_keep=read.integer("backup", "keep", 1, 365),
        source=read.path,
    )


#: Where Letter paper is the norm (North and Central America, the Philippines); A4 everywhere else.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV"})


def paper_for_locale(locale: str) -> str:
    """A4 or Letter, as offices in the locale's country use."""
    try:
        territory = Locale.parse(locale).territory or ""
    except (ValueError, UnknownLocaleError):
        territory = ""
    return "Letter" if territory in LETTER_TERRITORIES else "A4"


def _report_paper(read: _Reader) -> str:
    """The report's paper: as written, or the locale's ("locale", the default)."""
    paper = read.choice("report", "paper", ("locale", "A4", "Letter"))
    return paper_for_locale(read.text("money", "locale")) if paper == "locale" else paper


def _currency(read: _Reader) -> str:
    currency = read.text("money", "currency")
    if not re.fullmatch(r"[A-Z]{3}", currency) or get_currency_name(currency) == currency:
        raise read.fail("money", "currency", f"must be an ISO currency code like USD, not {currency!r}")
    return currency


def _locale(read: _Reader) -> str:
    name = read.text("money", "locale")
    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        raise read.fail("money", "locale", f"must be a locale like en_US, not {name!r}") from None
    return name


def _tax(read: _Reader) -> TaxPolicy:
    raw = read.text("money", "tax_rate")
    try:
        rate = Decimal(raw)
    except InvalidOperation:
        raise read.fail("money", "tax_rate", f'must be a percentage like "8.25", not {raw!r}') from None
    if not rate.is_finite() or not Decimal(0) <= rate < Decimal(100):
        raise read.fail("money", "tax_rate", "must be between 0 and 100")
    return TaxPolicy(rate, read.flag("money", "prices_include_tax"))


def _time_zone(read: _Reader) -> ZoneInfo:
    name = read.text("site", "time_zone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise read.fail(
            "site", "time_zone", f"must be a time zone like America/New_York, not {name!r}"
        ) from None


def _receipt(read: _Reader) -> ReceiptSettings:
    width = read.integer("receipt", "width_mm", 58, 80)
    if width not in (58, 80):
        raise read.fail("receipt", "width_mm", "must be 58 or 80")
    return ReceiptSettings(
        width_mm=width,
        printer=read.choice("receipt", "printer", ("pdf_folder", "system", "escpos")),
        system_printer=read.text("receipt", "system_printer"),
        pdf_folder=read.text("receipt", "pdf_folder"),
        footer=read.text("receipt", "footer"),
        cash_drawer=read.flag("receipt", "cash_drawer"),
        escpos_backend=read.choice("receipt", "escpos_backend", ("network", "usb", "serial", "file")),
        escpos_target=read.text("receipt", "escpos_target"),
    )


def _offer_rules(read: _Reader) -> OfferRules:
    return OfferRules(
        cooldown_days=read.integer("offers", "cooldown_days", 0, 3650),
        min_tenure_months=read.integer("offers", "min_tenure_months", 0, 120),
        trial_days=read.integer("offers", "trial_days", 1, 365),
        renewal_window_days=read.integer("offers", "renewal_window_days", 0, 365),
        overwhelmed_after_changes=read.integer("offers", "overwhelmed_after_changes", 1, 100),
        policy=Policy(read.choice("offers", "policy", tuple(p.value for p in Policy))),
    )
