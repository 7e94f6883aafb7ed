"""Which locales and currencies the site's money may be shown in: CLDR's, as babel ships them.

The settings are checked before the window opens (nothing runs on half a configuration), and
importing babel with its global data costs a start ~10 ms. A name written the way babel writes
its own locale files, with that file shipped, and a currency on CLDR's list are answered here
without babel; anything else is asked of babel itself, so exactly the same names pass as with
babel alone (tests/unit/test_locales.py goes through every locale and currency babel knows).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

#: Every currency CLDR knows (babel's `get_global("all_currencies")`, babel 2.19): the test says
#: when an upgraded babel knows others, and a code missing here is still asked of babel.
_CLDR_CURRENCIES = """
    ADP AED AFA AFN ALK ALL AMD ANG AOA AOK AON AOR ARA ARL ARM ARP ARS ATS AUD AWG AZM AZN BAD BAM
    BAN BBD BDT BEC BEF BEL BGL BGM BGN BGO BHD BIF BMD BND BOB BOL BOP BOV BRB BRC BRE BRL BRN BRR
    BRZ BSD BTN BUK BWP BYB BYN BYR BZD CAD CDF CHE CHF CHW CLE CLF CLP CNH CNY COP COU CRC CSD CSK
    CUC CUP CVE CYP CZK DDM DEM DJF DKK DOP DZD ECS ECV EEK EGP ERN ESA ESB ESP ETB EUR FIM FJD FKP
    FRF GBP GEK GEL GHC GHS GIP GMD GNF GNS GQE GRD GTQ GWE GWP GYD HKD HNL HRD HRK HTG HUF IDR IEP
    ILP ILR ILS INR IQD IRR ISJ ISK ITL JMD JOD JPY KES KGS KHR KMF KPW KRH KRO KRW KWD KYD KZT LAK
    LBP LKR LRD LSL LTL LTT LUC LUF LUL LVL LVR LYD MAD MAF MCF MDC MDL MGA MGF MKD MKN MLF MMK MNT
    MOP MRO MRU MTL MTP MUR MVP MVR MWK MXN MXP MXV MYR MZE MZM MZN NAD NGN NIC NIO NLG NOK NPR NZD
    OMR PAB PEI PEN PES PGK PHP PKR PLN PLZ PTE PYG QAR RHD ROL RON RSD RUB RUR RWF SAR SBD SCR SDD
    SDG SDP SEK SGD SHP SIT SKK SLE SLL SOS SRD SRG SSP STD STN SUR SVC SYP SZL THB TJR TJS TMM TMT
    TND TOP TPE TRL TRY TTD TWD TZS UAH UAK UGS UGX USD USN USS UYI UYP UYU UYW UZS VEB VED VEF VES
    VND VNN VUV WST XAD XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XEU XFO XFU XOF XPD XPF XPT XRE XSU
    XTS XUA XXX YDD YER YUD YUM YUN YUR ZAL ZAR ZMK ZMW ZRN ZRZ ZWD ZWG ZWL ZWR
"""
CURRENCIES = frozenset(_CLDR_CURRENCIES.split())

#: A locale named as babel names its files: language, then Script, TERRITORY and VARIANT if any.
LOCALE_FILE_NAME = re.compile(
    r"(?P<language>[a-z]{2,8})(?:_[A-Z][a-z]{3})?(?:_(?P<territory>[A-Z]{2}|[0-9]{3}))?(?:_[A-Z0-9]{4,8})?"
)


def is_currency(code: str) -> bool:
    """True for a currency CLDR knows, as babel.numbers.is_currency says."""
    if code in CURRENCIES:
        return True
    from babel.numbers import is_currency as babel_knows  # an unusual code: babel decides

    return babel_knows(code)


def is_locale(name: str) -> bool:
    """True when babel can show money in the locale `name` (babel.Locale.parse accepts it)."""
    if _shipped(name):
        return True
    from babel import Locale, UnknownLocaleError  # written otherwise: babel decides

    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def territory_of(name: str) -> str:
    """The locale's country ("US" for en_US), or "" for none or a name babel does not know."""
    if _shipped(name):
        found = LOCALE_FILE_NAME.fullmatch(name)
        assert found is not None
        return found["territory"] or ""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name).territory or ""
    except (ValueError, UnknownLocaleError):
        return ""


def _shipped(name: str) -> bool:
    """The name is written exactly as one of babel's locale files, and that file is there."""
    folder = _babel_locale_data()
    return (
        folder is not None
        and LOCALE_FILE_NAME.fullmatch(name) is not None
        and (folder / f"{name}.dat").is_file()
    )


@cache
def _babel_locale_data() -> Path | None:
    """babel's locale-data folder, found without importing babel (its import loads pickle, ~6 ms)."""
    spec = find_spec("babel")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0], "locale-data")
