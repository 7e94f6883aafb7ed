"""A broken catalog.toml is refused in one sentence naming the file (and the entry), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posapp.domain.errors import UserError
from posapp.storage.catalog import default_catalog_path, read_catalog_file

WASH = '[[service]]\ncode = "wash"\nname = "Wash"\nkind = "wash"\nprice = "10.00"\n'


def refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_catalog_file(path)
    message = caught.value.message
    assert message.startswith(f"{path}") and message.endswith(".") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("service = [1, 2]", "service 1: expected a [[service]] table"),
        ('service = ["wash"]', "service 1: expected a [[service]] table"),
        (WASH + 'includes = ["nope"]\n', "the catalog entry wash refers to unknown codes: nope"),
        (WASH + 'upgrade_to = "gone"\n', "the catalog entry wash refers to unknown codes: gone"),
        (WASH + 'upgrade_to = "wash"\n', "service 1: wash cannot be its own upgrade"),
        (WASH + WASH, "the catalog lists wash more than once"),
        (WASH + "tier = 9223372036854775807\n", "service 1: tier must be a whole number from 0 to"),
        (WASH + "tier = -1\n", "service 1: tier must be a whole number from 0 to"),
        (WASH + "tier = " + "9" * 5000 + "\n", "number too long"),
        ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("a = " + "{b = " * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    ],
)
def test_a_broken_catalog_names_the_file_and_entry(tmp_path: Path, text: str, words: str) -> None:
    assert words in refused(tmp_path, text)


TOML_VALUES = st.sampled_from(
    [
        '"wash"',
        '"addon"',
        '""',
        "1",
        "-1",
        "9223372036854775807",
        "1.5",
        "true",
        "[]",
        '["wash"]',
        '["x", 1]',
        "{}",
        "{a = 1}",
        '"10.00"',
        '"-1"',
        '"1e400"',
        "1979-05-27",
        '"\\u0000"',
    ]
)
KEYS = st.sampled_from(
    ["code", "name", "kind", "price", "tier", "includes", "complements", "upgrade_to", "description", "x"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.dictionaries(KEYS, TOML_VALUES, max_size=10), max_size=4))
def test_any_catalog_file_loads_or_is_refused_with_its_name(
    tmp_path_factory: pytest.TempPathFactory, entries: list[dict[str, str]]
) -> None:
    path = tmp_path_factory.mktemp("catalog") / "catalog.toml"
    path.write_text(
        "".join("[[service]]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items()) for entry in entries),
        encoding="utf-8",
    )
    try:
        catalog = read_catalog_file(path)
    except UserError as error:
        assert error.message.startswith(str(path)) and "\n" not in error.message
        return
    assert len(catalog.services) == len(entries)


def test_the_shipped_catalog_still_loads() -> None:
    assert len(read_catalog_file(default_catalog_path()).services) > 5
