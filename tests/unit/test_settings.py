"""A settings file with a mistake stops start-up with one sentence naming the file, line and key."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from posapp.domain.errors import UserError
from posapp.offers.model import Policy
from posapp.settings import default_settings_path, load_settings

DEFAULTS = default_settings_path().read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_defaults_load() -> None:
    settings = load_settings()
    assert settings.tax.rate_percent == Decimal("8.25") and not settings.tax.prices_include_tax
    assert settings.offer_rules.cooldown_days == 30 and settings.offer_rules.policy is Policy.FIXED
    assert str(settings.time_zone) == "America/New_York" and settings.receipt.width_mm == 80


def line_of(key: str) -> int:
    return next(n for n, line in enumerate(DEFAULTS.splitlines(), 1) if line.startswith(f"{key} "))


@pytest.mark.parametrize(
    ("key", "bad_line", "words"),
    [
        ("tax_rate", 'tax_rate = "eight"', "money.tax_rate must be a percentage"),
        ("tax_rate", 'tax_rate = "120"', "between 0 and 100"),
        ("currency", 'currency = "DOLLARS"', "money.currency must be an ISO currency code"),
        ("currency", 'currency = "QQQ"', "money.currency must be an ISO currency code"),
        ("locale", 'locale = "xx_YY_ZZ"', "money.locale must be a locale"),
        ("time_zone", 'time_zone = "Mars/Olympus"', "site.time_zone must be a time zone"),
        ("width_mm", "width_mm = 70", "receipt.width_mm must be 58 or 80"),
        ("printer", 'printer = "fax"', "receipt.printer must be one of"),
        ("cooldown_days", "cooldown_days = -3", "offers.cooldown_days must be a whole number"),
        (
            "decline_pause_days",
            "decline_pause_days = 4000",
            "offers.decline_pause_days must be a whole number",
        ),
        ("policy", 'policy = "pushy"', "offers.policy must be one of fixed, best_value"),
        ("prices_include_tax", 'prices_include_tax = "no"', "must be true or false"),
    ],
)
def test_a_bad_value_is_named_with_its_line(tmp_path: Path, key: str, bad_line: str, words: str) -> None:
    lines = DEFAULTS.splitlines()
    number = line_of(key)
    lines[number - 1] = bad_line
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(UserError) as caught:
        load_settings(path)
    assert caught.value.message.startswith(f"{path}, line {number}: ")
    assert words in caught.value.message


def test_broken_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULTS.replace('currency = "USD"', "currency = USD"))
    with pytest.raises(UserError, match=r"settings\.toml: the settings are not valid TOML .*line 12"):
        load_settings(path)


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULTS.replace('terminal = "counter-1"\n', ""))
    with pytest.raises(UserError, match=r"site\.terminal is missing"):
        load_settings(path)


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("a = " + "{b = " * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        ("a = " + "9" * 5000, "number too long"),
    ],
)
def test_an_unreadable_settings_file_is_one_sentence_with_its_name(
    tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_settings(path)
    assert caught.value.message.startswith(f"{path}: ") and words in caught.value.message


def test_a_settings_file_from_before_the_decline_pause_still_loads(tmp_path: Path) -> None:
    older = "\n".join(line for line in DEFAULTS.splitlines() if not line.startswith("decline_pause_days"))
    settings = load_settings(write(tmp_path, older))
    assert settings.offer_rules.decline_pause_days == 7


@pytest.mark.parametrize(
    ("locale", "paper"), [("en_US", "Letter"), ("en_CA", "Letter"), ("de_DE", "A4"), ("en_GB", "A4")]
)
def test_the_report_paper_follows_the_locale_unless_written(tmp_path: Path, locale: str, paper: str) -> None:
    assert load_settings().report_paper == "Letter"  # the shipped defaults are a US site
    lines = DEFAULTS.splitlines()
    lines[line_of("locale") - 1] = f'locale = "{locale}"'
    assert load_settings(write(tmp_path, "\n".join(lines))).report_paper == paper
    lines[line_of("paper") - 1] = 'paper = "A4"'
    assert load_settings(write(tmp_path, "\n".join(lines))).report_paper == "A4"  # as written


def test_reading_the_settings_loads_no_locale_data() -> None:
    # A locale's data (names, formats) costs a start ~12 ms: the checks use CLDR's global lists only.
    code = (
        "import babel.localedata as data\n"
        "from posapp.settings import load_settings\n"
        "load_settings()\n"
        "print(sorted(data._cache))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
