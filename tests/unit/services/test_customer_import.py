"""Importing customers: all rows or none, and every bad row named by its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from posapp.counter import Counter
from posapp.domain.errors import UserError
from posapp.services.customer_import import import_customers
from posapp.storage.customers import find_customers

HEADER = "name,phone,plate,email,consent,member_plan,member_since\n"


def write_csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def customers(counter: Counter) -> int:
    return int(counter.db.execute("SELECT count(*) FROM customers").fetchone()[0])


def test_good_rows_are_imported_with_memberships(counter: Counter, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Łukasz Nowak,+48 600-100-200,kr 1234a,lukasz@example.com,yes,standard_club,2026-03-01\n"
        "Zoë Martin,(555) 010-3000,,,no,,\n",
    )
    assert import_customers(counter.db, path, counter.catalog, counter.now) == 2
    found = find_customers(counter.db, "KR1234A")
    assert [c.name for c in found] == ["Łukasz Nowak"]
    member = found[0]
    assert member.phone == "+48600100200" and member.marketing_consent
    assert member.membership is not None and member.membership.started_on == date(2026, 3, 1)
    assert member.membership.renews_on >= date(2026, 11, 27)
    assert find_customers(counter.db, "zoë")[0].membership is None


def test_bad_rows_import_nothing_and_each_is_located(counter: Counter, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Ana Silva,555-0100,ABC123,,yes,,\n"
        ",555-0101,,,,,\n"
        "Ben Okafor,call me,,,,,\n"
        "Chloé Dubois,,,,maybe,,\n"
        "Dmitri Novak,,,,,gold_club,2026-01-01\n"
        "Emma Chen,,,,,standard_club,2026-02-30\n"
        "Fatima Haddad,,abc123,,,,\n",
    )
    with pytest.raises(UserError) as caught:
        import_customers(counter.db, path, counter.catalog, counter.now)
    message = caught.value.message
    assert message.startswith("Nothing was imported: ")
    for line, words in [
        (3, "the name is empty"),
        (4, "is not a phone number"),
        (5, "consent must be yes or no"),
        (6, "member_plan must be one of"),
        (7, "is not a date"),
        (8, "also on line 2"),
    ]:
        assert f"line {line}" in message and words in message
    assert "line 2:" not in message.replace("on line 2", "")
    assert customers(counter) == 0


def test_a_wrong_header_is_refused(counter: Counter, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("fullname,telephone\nAna,555\n", encoding="utf-8")
    with pytest.raises(UserError, match="line 1: the header"):
        import_customers(counter.db, path, counter.catalog, counter.now)
    assert customers(counter) == 0


def test_a_plate_already_on_file_imports_nothing(counter: Counter, tmp_path: Path) -> None:
    import_customers(counter.db, write_csv(tmp_path, "Ana Silva,,ABC123,,,,\n"), counter.catalog, counter.now)
    with pytest.raises(UserError, match="line 3: the plate ABC123 is already on file"):
        import_customers(
            counter.db,
            write_csv(tmp_path, "Ben Okafor,,,,,,\nAna Again,,ABC 123,,,,\n"),
            counter.catalog,
            counter.now,
        )
    assert customers(counter) == 1


def test_a_field_over_the_csv_limit_is_one_sentence_with_its_line(counter: Counter, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Ana Silva,,,,,,\n" + "B" * (128 * 1024 + 1) + ",,,,,,\n")
    with pytest.raises(UserError) as caught:
        import_customers(counter.db, path, counter.catalog, counter.now)
    assert caught.value.message == f"{path}, line 3: a field is longer than 131072 characters."
    assert customers(counter) == 0


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_only_real_line_ends_split_rows(counter: Counter, tmp_path: Path, separator: str) -> None:
    path = write_csv(tmp_path, f"Ana{separator}Silva,,,,,,\r\nBen Okafor,,,,,,\r\n")
    assert import_customers(counter.db, path, counter.catalog, counter.now) == 2
    assert customers(counter) == 2
    assert [c.name for c in find_customers(counter.db, "Silva")] == ["Ana Silva"]


def test_a_quoted_line_break_stays_in_its_row(counter: Counter, tmp_path: Path) -> None:
    path = write_csv(tmp_path, '"Ana\r\nSilva",,,,,,\nBen Okafor,,,,,,\n')
    assert import_customers(counter.db, path, counter.catalog, counter.now) == 2


def test_a_column_named_twice_is_refused(counter: Counter, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("name,phone,Name\nAna Silva,,Mallory\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        import_customers(counter.db, path, counter.catalog, counter.now)
    assert caught.value.message == f"{path}, line 1: the header names the column name more than once."
    assert customers(counter) == 0


CARD_HEADER = "name,plate,card\n"


def write_cards_csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cards.csv"
    path.write_text(CARD_HEADER + body, encoding="utf-8")
    return path


def test_a_card_column_is_kept_as_at_the_counter_and_a_scan_finds_the_customer(
    counter: Counter, tmp_path: Path
) -> None:
    path = write_cards_csv(tmp_path, "Ana Silva,ABC123,club 0042\nBen Okafor,,\n")
    assert import_customers(counter.db, path, counter.catalog, counter.now) == 2
    stored = counter.db.execute("SELECT name, card FROM customers ORDER BY name").fetchall()
    assert stored == [("Ana Silva", "CLUB0042"), ("Ben Okafor", "")]
    # The scanner types the number as printed on the card.
    assert [c.name for c in find_customers(counter.db, "CLUB-0042")] == ["Ana Silva"]


def test_a_bad_card_or_one_written_twice_imports_nothing_naming_line_and_card(
    counter: Counter, tmp_path: Path
) -> None:
    path = write_cards_csv(
        tmp_path,
        "Ana Silva,ABC123,card-1\n"
        "Ben Okafor,BO1,---\n"
        "Chloé Dubois,CD1,CARD 1\n"
        f"Dmitri Novak,DN1,{'9' * 33}\n",
    )
    with pytest.raises(UserError) as caught:
        import_customers(counter.db, path, counter.catalog, counter.now)
    assert caught.value.message == (
        f"Nothing was imported: {path}, line 3: card number: '---' has no letters or digits;"
        f" type the number printed on the card; {path}, line 4: the card CARD1 is also on line 2;"
        f" {path}, line 5: card number: '{'9' * 33}' is not a card number (letters and digits, up to 32)."
    )
    assert customers(counter) == 0


def test_a_card_already_on_another_customer_imports_nothing(counter: Counter, tmp_path: Path) -> None:
    first = write_cards_csv(tmp_path, "Ana Silva,ABC123,CLUB-7\n")
    assert import_customers(counter.db, first, counter.catalog, counter.now) == 1
    path = write_cards_csv(tmp_path, "Ben Okafor,BO1,\nOtto Berg,OB1,club 7\n")
    with pytest.raises(UserError) as caught:
        import_customers(counter.db, path, counter.catalog, counter.now)
    assert caught.value.message == f"Nothing was imported: {path}, line 3: the card CLUB7 is already on file."
    assert customers(counter) == 1
