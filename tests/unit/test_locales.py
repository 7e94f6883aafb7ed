"""The settings' locale and currency checks answer as babel does, for every name babel knows and more.

posapp.domain.locales answers the usual names without importing babel (a start's ~10 ms); these
tests hold it to babel itself: every locale file and currency babel ships, every three-letter
code, and names written otherwise (which it hands to babel).
"""

from __future__ import annotations

import itertools
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.numbers import is_currency as babel_is_currency

from posapp.domain.locales import CURRENCIES, is_currency, is_locale, territory_of
from posapp.settings import paper_for_locale


def babel_accepts(name: str) -> bool:
    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def babel_territory(name: str) -> str:
    try:
        return Locale.parse(name).territory or ""
    except (ValueError, UnknownLocaleError):
        return ""


def test_the_currency_list_is_babels_list() -> None:
    # When an upgraded babel knows other currencies, copy its get_global("all_currencies") here.
    assert sorted(CURRENCIES) == sorted(get_global("all_currencies"))


def test_every_three_letter_code_is_a_currency_exactly_when_babel_says_so() -> None:
    codes = ("".join(letters) for letters in itertools.product(string.ascii_uppercase, repeat=3))
    differ = [code for code in codes if is_currency(code) != babel_is_currency(code)]
    assert differ == []
    assert is_currency("USD") and is_currency("XAD") and not is_currency("QQQ")


@pytest.mark.parametrize("name", ["", "usd", "US", "USDX", "U$D"])
def test_other_currency_spellings_are_decided_by_babel(name: str) -> None:
    assert is_currency(name) == babel_is_currency(name)


def test_every_locale_babel_ships_is_accepted_with_its_country() -> None:
    names = [*locale_identifiers(), "root"]
    assert len(names) > 1000  # babel's locale files were really found
    refused = [name for name in names if not is_locale(name) or not babel_accepts(name)]
    assert refused == []
    differ = {name: (territory_of(name), babel_territory(name)) for name in names}
    assert {name: pair for name, pair in differ.items() if pair[0] != pair[1]} == {}


#: Written otherwise than babel's files: babel decides (case, likely subtags, separators, nonsense).
OTHER_NAMES = [
    "en_us", "EN_US", "en-US", "zh_TW", "und_AT", "de_DE.UTF-8", "de_AT@euro", "C", "POSIX", "en_US_POSIX",
    "xx_YY", "xx_YY_ZZ", "en_XX", "e", "english", "en__US", "en_US_", "_US", "../en_US", "en_US/../de",
    "en_US.dat", " en_US", "en_US ", "sr_Latn_XK", "en_150", "en_999", "root", "und", "",
]  # fmt: skip


@pytest.mark.parametrize("name", OTHER_NAMES)
def test_names_written_otherwise_pass_and_fail_as_with_babel(name: str) -> None:
    assert is_locale(name) == babel_accepts(name)
    assert territory_of(name) == babel_territory(name)


@pytest.mark.parametrize(
    ("locale", "paper"),
    [("en_US", "Letter"), ("es_MX", "Letter"), ("fr_CA", "Letter"), ("en_GB", "A4"), ("de", "A4")],
)
def test_the_paper_follows_the_country(locale: str, paper: str) -> None:
    assert paper_for_locale(locale) == paper


def test_reading_the_shipped_settings_does_not_import_babel() -> None:
    # babel with pickle and its global data cost a start ~10 ms: the sign-in page shows no money.
    code = (
        "import sys\nfrom posapp.settings import load_settings\n"
        "load_settings()\nprint('babel' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
