"""Hostile input at the service layer: a clear located sentence and nothing written, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posapp.counter import Counter
from posapp.domain.customer import Customer
from posapp.domain.errors import UserError
from posapp.domain.money import parse_price
from posapp.services.customer_import import import_customers
from posapp.services.customers import add_customer
from posapp.settings import load_settings
from posapp.storage.customers import find_customers

HOSTILE_WORDS = st.sampled_from(
    [
        "Robert'); DROP TABLE customers;--",
        '" OR 1=1 --',
        "%_\\",
        "Zoë Łukasz Nguyễn Văn An",
        "\u202e\u200b",
        "a" * 10_000,
        "\x00\x07\x1b[31m",
        "🚗🧽",
        "  ",
        "",
        "O'Brien",
        "李小龍",
        '=HYPERLINK("x")',
    ]
)
TEXT = st.one_of(HOSTILE_WORDS, st.text(max_size=300))
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def customers(counter: Counter) -> int:
    return int(counter.db.execute("SELECT count(*) FROM customers").fetchone()[0])


@SLOW
@given(name=TEXT, phone=TEXT, plate=TEXT, email=TEXT)
def test_quick_add_stores_cleanly_or_says_what_is_wrong(
    counter: Counter, name: str, phone: str, plate: str, email: str
) -> None:
    before = customers(counter)
    try:
        stored = add_customer(
            counter.db, Customer(None, name, phone=phone, plate=plate, email=email), counter.now
        )
    except UserError as error:
        assert error.message.endswith(".") and "\n" not in error.message
        assert customers(counter) == before
        return
    assert customers(counter) == before + 1
    assert stored.name == " ".join(name.split()) and 0 < len(stored.name) <= 120
    if stored.plate:
        assert next(c.id for c in find_customers(counter.db, stored.plate)) == stored.id


@SLOW
@given(typed=TEXT)
def test_searching_for_anything_never_fails(counter: Counter, typed: str) -> None:
    assert isinstance(find_customers(counter.db, typed), list)


@given(
    text=st.one_of(
        TEXT, st.sampled_from(["-0.01", "1e400", "NaN", "-Infinity", "99999999999", "0x10", "12,50", "1_000"])
    )
)
def test_a_price_is_cents_or_a_clear_sentence(text: str) -> None:
    try:
        cents = parse_price(text, "Price")
    except UserError as error:
        assert error.message.startswith("Price: ")
        return
    assert isinstance(cents, int) and 0 <= cents <= 1_000_000_00


@SLOW
@given(body=st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_settings_file_loads_or_is_refused_with_its_name(
    tmp_path_factory: pytest.TempPathFactory, body: bytes
) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.toml"
    path.write_bytes(body)
    with pytest.raises(UserError) as caught:
        load_settings(path)
    assert str(path) in caught.value.message


@SLOW
@given(rows=st.lists(st.lists(TEXT, min_size=1, max_size=8), min_size=1, max_size=6))
def test_any_csv_imports_whole_or_not_at_all(
    counter: Counter, tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "phone", "plate", "email", "consent", "member_plan", "member_since"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "customers.csv"
    # Lone surrogates are written as raw bytes: a file from a broken export looks like that.
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    before = customers(counter)
    try:
        added = import_customers(counter.db, Path(path), counter.catalog, counter.now)
    except UserError as error:
        assert customers(counter) == before
        assert str(path) in error.message or "Nothing was imported" in error.message
        return
    assert customers(counter) == before + added
