"""Where text from the search box lands in the new-customer form: read with the fields' own checks."""

from __future__ import annotations

import pytest

from posapp.domain.customer import SearchField, field_for_search_text


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("QRS456", "plate"),
        ("ab-12 cd", "plate"),
        ("kr 1234a", "plate"),
        ("CLUB-0099", "plate"),  # a card with letters that passes as a plate reads as one
        ("CLUB-0099-1234-5678", "card"),  # too long for a plate
        ("7788 0042 1900 5566", "card"),  # 16 digits: longer than any phone number
        ("40063813339310042", "card"),  # what a scanner sends: digits alone, longer than a phone
        ("123456", "card"),  # shorter than a phone number
        ("7788 0042 19", "phone"),  # 7 to 15 bare digits: what a cashier types for a phone
        ("5550102030", "phone"),
        ("555-0100", "phone"),
        ("555.010.3000", "phone"),
        ("+48 600-100-200", "phone"),
        ("(555) 010-3000", "phone"),
        ("kim@example.com", "email"),
        ("Zoë Martin", "name"),
        ("Tomasz", "name"),
        ("---", "name"),  # nothing a field would take: the name, where the form says what is wrong
        ("a@b", "name"),
        ("+", "name"),
    ],
)
def test_the_search_text_lands_in_the_field_it_reads_as(typed: str, field: SearchField) -> None:
    assert field_for_search_text(typed) == field
