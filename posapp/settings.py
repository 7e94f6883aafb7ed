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

from posapp.domain.errors import UserError
from posapp.domain.locales import is_currency, is_locale, territory_of
from posapp.domain.money import TaxPolicy
from posapp.offers.tuning import OfferRules, Policy
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
class ShiftSettings:
    """Where a manager's PIN is needed at the cash drawer (integer cents; 0 asks every time)."""

    #: A pay-in or pay-out above this needs a manager's PIN.
    movement_approval_cents: int = 50_00
    #: A Z count over or short by more than this needs a manager's PIN to close the shift.
    variance_approval_cents: int = 5_00


#: The environment variable holding the mail server's password. Not the OS keyring: a counter PC
#: runs the scheduled `posapp followups send` without a desktop session, where no keyring daemon
#: (Secret Service, KWallet) is unlocked; the job's definition sets the variable, owner-only.
MAIL_PASSWORD_VARIABLE = "POSAPP_MAIL_PASSWORD"


@dataclass(frozen=True)
class MailSettings:
    """Where follow-ups and the newsletter are sent from ([mail]); the password is never here."""

    #: Empty: no mail server configured, nothing is sent (messages wait in the outbox).
    host: str = ""
    port: int = 587
    #: "starttls" (port 587), "ssl" (port 465) or "none" (a relay on this machine only).
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    reply_to: str = ""
    timeout_seconds: int = 20
    #: No marketing mail from this local hour until that one (22 to 8: none overnight).
    quiet_from: int = 21
    quiet_until: int = 8
    #: At most this many messages a site-local day.
    daily_cap: int = 200
    #: A recommended service bought within this many days after the message counts as redeemed.
    redeem_days: int = 14

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    @property
    def unsubscribe_address(self) -> str:
        return self.reply_to or self.sender


@dataclass(frozen=True)
class Settings:
    business: Business
    currency: str
    locale: str
    tax: TaxPolicy
    time_zone: ZoneInfo
    #: The name a till new to the database starts with ([site] terminal). In a running till
    #: (Counter.settings) it is that till's own name, as the database's tills table keeps it.
    terminal: str
    receipt: ReceiptSettings
    offer_rules: OfferRules
    report_paper: str
    backup_folder: str
    backup_keep: int
    source: Path
    shift: ShiftSettings = ShiftSettings()
    #: Seconds a manager window (staff, prices, report...) may sit untouched before it closes itself.
    manager_dialog_idle_seconds: int = 120
    #: Seconds the signed-in checkout may sit untouched before it locks itself (0: never).
    counter_lock_idle_seconds: int = 300
    mail: MailSettings = MailSettings()


#: How long a manager window may stay open untouched: long enough to read, short enough to walk away from.
MANAGER_IDLE_RANGE = (15, 1800)
#: How long the signed-in checkout may sit untouched: a car wash cashier walks out to the cars.
COUNTER_LOCK_RANGE = (30, 3600)


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

    def integer_or(self, section: str, key: str, low: int, high: int, default: int) -> int:
        """An integer a later version added: a settings file written before it keeps working."""
        block = self.data.get(section)
        if not isinstance(block, dict) or key not in block:
            return default
        return self.integer(section, key, low, high)

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
        shift=_shift(read),
        manager_dialog_idle_seconds=read.integer_or(
            "security", "manager_dialog_idle_seconds", *MANAGER_IDLE_RANGE, default=120
        ),
        counter_lock_idle_seconds=_counter_lock(read),
        mail=_mail(read),
    )


def _counter_lock(read: _Reader) -> int:
    section, key = "security", "counter_lock_idle_seconds"
    block = read.data.get(section)
    if not isinstance(block, dict) or key not in block:
        return 300  # a settings file written before this setting
    value = read.raw(section, key)
    low, high = COUNTER_LOCK_RANGE
    # 0 is a shop that locks by hand only (Ctrl+L).
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or low <= value <= high):
        raise read.fail(section, key, f"must be 0 (never) or a whole number from {low} to {high}")
    return value


#: Where Letter paper is the norm (North and Central America, the Philippines); A4 everywhere else.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV"})


def paper_for_locale(locale: str) -> str:
    """A4 or Letter, as offices in the locale's country use."""
    return "Letter" if territory_of(locale) in LETTER_TERRITORIES else "A4"


def _report_paper(read: _Reader) -> str:
    """The report's paper: as written, or the locale's ("locale", the default)."""
    paper = read.choice("report", "paper", ("locale", "A4", "Letter"))
    return paper_for_locale(read.text("money", "locale")) if paper == "locale" else paper


def _currency(read: _Reader) -> str:
    currency = read.text("money", "currency")
    # Checked against CLDR's list of every currency, as babel has it (posapp.domain.locales: babel
    # is not imported for a code on the list): a currency's name in the machine's locale loaded
    # that locale's whole data (~12 ms more of a start).
    if not re.fullmatch(r"[A-Z]{3}", currency) or not is_currency(currency):
        raise read.fail("money", "currency", f"must be an ISO currency code like USD, not {currency!r}")
    return currency


def _locale(read: _Reader) -> str:
    name = read.text("money", "locale")
    if not is_locale(name):
        raise read.fail("money", "locale", f"must be a locale like en_US, not {name!r}")
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


def _shift(read: _Reader) -> ShiftSettings:
    """The [shift] limits; a settings file written before shifts existed keeps the defaults."""
    block = read.data.get("shift")
    if block is None:
        return ShiftSettings()
    if not isinstance(block, dict):
        raise UserError(f"{read.path}: shift must be a [shift] table of settings.")
    defaults = ShiftSettings()
    limit = 1_000_000_00  # cents: far above any drawer

    def cents(key: str, default: int) -> int:
        return read.integer("shift", key, 0, limit) if key in block else default

    return ShiftSettings(
        movement_approval_cents=cents("movement_approval_cents", defaults.movement_approval_cents),
        variance_approval_cents=cents("variance_approval_cents", defaults.variance_approval_cents),
    )


def _offer_rules(read: _Reader) -> OfferRules:
    return OfferRules(
        cooldown_days=read.integer("offers", "cooldown_days", 0, 3650),
        decline_pause_days=read.integer_or(
            "offers", "decline_pause_days", 0, 3650, OfferRules.decline_pause_days
        ),
        min_tenure_months=read.integer("offers", "min_tenure_months", 0, 120),
        trial_days=read.integer("offers", "trial_days", 1, 365),
        renewal_window_days=read.integer("offers", "renewal_window_days", 0, 365),
        overwhelmed_after_changes=read.integer("offers", "overwhelmed_after_changes", 1, 100),
        follow_up_days=read.integer_or("offers", "follow_up_days", 0, 365, OfferRules.follow_up_days),
        policy=Policy(read.choice("offers", "policy", tuple(p.value for p in Policy))),
    )


_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


def _mail(read: _Reader) -> MailSettings:
    """The [mail] server; a settings file without one sends nothing (messages wait in the outbox)."""
    block = read.data.get("mail")
    if block is None:
        return MailSettings()
    if not isinstance(block, dict):
        raise UserError(f"{read.path}: mail must be a [mail] table of settings.")
    if "password" in block:
        raise read.fail(
            "mail", "password", f"must not be in the settings file: set the {MAIL_PASSWORD_VARIABLE} variable"
        )
    defaults = MailSettings()

    def text(key: str, default: str) -> str:
        return read.text("mail", key).strip() if key in block else default

    def whole(key: str, low: int, high: int, default: int) -> int:
        return read.integer_or("mail", key, low, high, default)

    mail = MailSettings(
        host=text("host", defaults.host),
        port=whole("port", 1, 65535, defaults.port),
        security=read.choice("mail", "security", ("starttls", "ssl", "none"))
        if "security" in block
        else defaults.security,
        user=text("user", defaults.user),
        sender=text("sender", defaults.sender),
        reply_to=text("reply_to", defaults.reply_to),
        timeout_seconds=whole("timeout_seconds", 1, 600, defaults.timeout_seconds),
        quiet_from=whole("quiet_from", 0, 23, defaults.quiet_from),
        quiet_until=whole("quiet_until", 0, 23, defaults.quiet_until),
        daily_cap=whole("daily_cap", 0, 100_000, defaults.daily_cap),
        redeem_days=whole("redeem_days", 0, 365, defaults.redeem_days),
    )
    for key in ("sender", "reply_to"):
        value = getattr(mail, key)
        if value and not _ADDRESS.fullmatch(value):
            raise read.fail("mail", key, f"must be an e-mail address, not {value!r}")
    if mail.host and not mail.sender:
        raise read.fail("mail", "sender", "must be given when a mail host is")
    return mail
