"""Importing customers from a CSV file: every bad row reported by line, nothing imported if any is bad."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from posapp.domain.catalog import Catalog, ServiceKind
from posapp.domain.customer import Customer, Membership
from posapp.domain.errors import UserError
from posapp.services.customers import checked_customer
from posapp.storage.customers import card_owner, insert_customer, plate_owner
from posapp.storage.db import Database, write_transaction
from posapp.storage.outbox import insert_consent

#: `card` (a membership or loyalty card number) came later: an older file without it still imports.
COLUMNS = ("name", "phone", "plate", "email", "consent", "member_plan", "member_since", "card")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def import_customers(db: Database, path: Path, catalog: Catalog, now: Callable[[], datetime]) -> int:
    """Import every row or none; returns how many customers were added."""
    customers, problems = read_customers_csv(path, catalog, now().date())
    if problems:
        shown = "; ".join(problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise UserError(f"Nothing was imported: {shown}{more}.")
    with write_transaction(db):
        clashes = [
            clash for line, customer in customers for clash in _on_file(db, customer, f"{path}, line {line}")
        ]
        if clashes:
            raise UserError(f"Nothing was imported: {'; '.join(clashes[:20])}.")
        at = now()
        for _, customer in customers:
            customer_id = insert_customer(db, customer, at)
            if customer.marketing_consent:
                # The proof is the file it came from: when and how the consent reached this counter.
                insert_consent(
                    db, customer_id, given=True, at=at, cashier_id=None, channel="import",
                    wording=f"Imported as consenting from {path.name}.",
                )  # fmt: skip
    return len(customers)


def _on_file(db: Database, customer: Customer, where: str) -> list[str]:
    """What of this row another customer in the database already has: a plate or a card is one person's."""
    clashes = []
    if customer.plate and plate_owner(db, customer.plate) is not None:
        clashes.append(f"{where}: the plate {customer.plate} is already on file")
    if customer.card and card_owner(db, customer.card) is not None:
        clashes.append(f"{where}: the card {customer.card} is already on file")
    return clashes


def read_customers_csv(
    path: Path, catalog: Catalog, today: date
) -> tuple[list[tuple[int, Customer]], list[str]]:
    """Parse and check the file; returns the good rows with their line numbers and every problem."""
    try:
        # newline="": only the CSV's own line ends split rows (not U+2028 or U+0085 in a name).
        with path.open(encoding="utf-8-sig", newline="") as file:
            text = file.read()
    except FileNotFoundError:
        raise UserError(f"There is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path} cannot be read as UTF-8 text: {error}.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, path, catalog, today)
    except csv.Error as error:
        where = f"{path}, line {reader.reader.line_num}"  # DictReader.line_num lags a failed row
        if "field limit" in str(error):
            raise UserError(f"{where}: a field is longer than {csv.field_size_limit()} characters.") from None
        raise UserError(f"{where}: the CSV cannot be read ({error}).") from None


def _read_rows(
    reader: csv.DictReader[str], path: Path, catalog: Catalog, today: date
) -> tuple[list[tuple[int, Customer]], list[str]]:
    header = [name.strip().lower() for name in reader.fieldnames or []]
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        raise UserError(f"{path}, line 1: the header names the column {twice[0]} more than once.")
    missing = [column for column in ("name",) if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    if missing or unknown:
        raise UserError(
            f"{path}, line 1: the header must name the columns {', '.join(COLUMNS)}"
            + (f"; {', '.join(unknown)} is not one of them" if unknown else "; name is missing")
            + "."
        )
    plans = {service.code for service in catalog.of_kind(ServiceKind.MEMBERSHIP)}
    good: list[tuple[int, Customer]] = []
    problems: list[str] = []
    seen_plates: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        if None in row:
            problems.append(f"line {line} has more fields than the header")
            continue
        try:
            customer = _customer_from_row(values, plans, today, f"{path}, line {line}")
        except UserError as error:
            problems.append(error.message.rstrip("."))
            continue
        if customer.plate and customer.plate in seen_plates:
            problems.append(
                f"{path}, line {line}: the plate {customer.plate}"
                f" is also on line {seen_plates[customer.plate]}"
            )
            continue
        if customer.card and customer.card in seen_cards:
            problems.append(
                f"{path}, line {line}: the card {customer.card} is also on line {seen_cards[customer.card]}"
            )
            continue
        if customer.plate:
            seen_plates[customer.plate] = line
        if customer.card:
            seen_cards[customer.card] = line
        good.append((line, customer))
    if not good and not problems:
        raise UserError(f"{path} holds no customers.")
    return good, problems


def _customer_from_row(values: dict[str, str], plans: set[str], today: date, where: str) -> Customer:
    consent = values.get("consent", "").lower()
    if consent not in _YES | _NO:
        raise UserError(f"{where}: consent must be yes or no, not {values['consent']!r}.")
    membership = None
    plan, since = values.get("member_plan", ""), values.get("member_since", "")
    if plan or since:
        if plan not in plans:
            raise UserError(f"{where}: member_plan must be one of {', '.join(sorted(plans))}, not {plan!r}.")
        try:
            started = date.fromisoformat(since)
        except ValueError:
            raise UserError(f"{where}: member_since {since!r} is not a date (YYYY-MM-DD).") from None
        if started > today:
            raise UserError(f"{where}: member_since {since} is in the future.")
        membership = Membership(plan=plan, started_on=started, renews_on=_next_renewal(started, today))
    return checked_customer(
        Customer(
            id=None,
            name=values.get("name", ""),
            phone=values.get("phone", ""),
            plate=values.get("plate", ""),
            email=values.get("email", ""),
            marketing_consent=consent in _YES,
            membership=membership,
            card=values.get("card", ""),  # normalised as at the counter: card_key's letters and digits
        ),
        where,
    )


def _next_renewal(started: date, today: date) -> date:
    """Monthly plans renew on the start day of the month, the next one on or after today."""
    year, month = today.year, today.month
    day = min(started.day, 28)
    candidate = date(year, month, day)
    if candidate < today:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        candidate = date(year, month, day)
    return max(candidate, started)
