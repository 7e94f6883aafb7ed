"""How one customer is recognised across lanes and sites: normalised plate, phone and card keys.

The rule (README, "Running several lanes or sites"):
- plate: upper-cased, letters and digits only ("ab-12 cd" and "AB12CD" are one plate);
- phone: digits only, a leading "+" or international "00" dropped, so "+1 (555) 010-2030" and
  "0015550102030" are one number; a number written without its country code is another key
  (no guessing of countries);
- card: a membership or loyalty card number, digits and letters only, upper-cased.
Two customer records are one customer when any key is equal, and the relation is transitive
(a plate shared with one record and a phone shared with another joins all three). The hub keeps
only a hash of each key, never the plate or the number itself; a merge is a reading of the keys,
never a rewrite of any till's sales.
"""

from __future__ import annotations

import hashlib
import re

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NOT_DIGIT = re.compile(r"\D")
#: Shorter than this a phone "key" is a typo or an extension: it would join strangers.
MIN_PHONE_DIGITS = 7
MIN_PLATE_CHARS = 2


def plate_key(plate: str) -> str:
    key = _NOT_ALNUM.sub("", plate).upper()
    return key if len(key) >= MIN_PLATE_CHARS else ""


def phone_key(phone: str) -> str:
    text = phone.strip()
    digits = _NOT_DIGIT.sub("", text)
    if not text.startswith("+") and digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def card_key(card: str) -> str:
    return _NOT_ALNUM.sub("", card).upper()


def hashed(kind: str, key: str) -> str:
    """What the hub stores for a key: a hash, so the chain's database holds no plate or phone."""
    return hashlib.sha256(f"posapp-match-v1:{kind}:{key}".encode()).hexdigest()[:32]


def match_keys(*, plate: str = "", phone: str = "", card: str = "") -> tuple[str, ...]:
    """The hashed keys of one customer record, in a fixed order; empty keys are left out."""
    keys = [("plate", plate_key(plate)), ("phone", phone_key(phone)), ("card", card_key(card))]
    return tuple(hashed(kind, key) for kind, key in keys if key)


def same_customers(records: dict[str, tuple[str, ...]]) -> list[set[str]]:
    """Group record ids into customers: records sharing any key, transitively, are one."""
    parent = {record: record for record in records}

    def root(record: str) -> str:
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    owner: dict[str, str] = {}
    for record, keys in records.items():
        for key in keys:
            if key in owner:
                parent[root(record)] = root(owner[key])
            else:
                owner[key] = record
    groups: dict[str, set[str]] = {}
    for record in records:
        groups.setdefault(root(record), set()).add(record)
    return sorted(groups.values(), key=lambda group: sorted(group))
