"""The schema a database has against the one its applied migrations build: an added trigger shows.

A backup with one extra trigger (one that zeroes every total, say) or with the audit log's
triggers dropped is as readable as a good one; only comparing its schema with what the
migrations make finds it. The expected schema is built by running the very migrations in
posapp/storage/migrations.py on an in-memory database, so a migration added later is covered
without a list to keep up to date. A database on an older level is compared with the schema
of the migrations it has applied, so it may still be migrated.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from posapp.storage.db import Database
from posapp.storage.migrations import migrations

#: Tables SQLite itself makes outside any migration: ANALYZE and `PRAGMA optimize` write statistics.
SQLITE_STATISTICS = re.compile(r"sqlite_stat[0-9]+")

#: (type, name) of each table, index, trigger and view, and its SQL text as SQLite keeps it.
Objects = Mapping[tuple[str, str], str]

_TOKEN = re.compile(
    r"""
      (?P<literal>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`)
    | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<space>\s+)
    | (?P<word>\w+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def normalise_sql(sql: str) -> str:
    """The SQL text with layout, comments and letter case of keywords and names taken out.

    String literals are kept exactly ('wash' and 'WASH' are different checks); a space is kept
    only between two words, where it is needed, so `x(a  INT)` and `X ( a int )` read the same.
    """
    parts: list[str] = []
    previous_is_word = False
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind in ("comment", "space"):
            continue
        is_word = kind in ("word", "quoted")
        if is_word and previous_is_word:
            parts.append(" ")
        parts.append(text if kind == "literal" else text.lower())
        previous_is_word = is_word or kind == "literal"
    return "".join(parts)


@dataclass(frozen=True)
class Schema:
    """What a database holds: its schema objects and the migrations it says are applied."""

    objects: Objects
    applied: tuple[str, ...]


def read_schema(db: Database) -> Schema:
    """The database's schema and applied migrations, read in one snapshot (a till may be migrating)."""
    own_transaction = not db.conn.in_transaction
    if own_transaction:
        db.conn.execute("BEGIN")
    try:
        rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        names = {name for _, name, _ in rows}
        applied: tuple[str, ...] = ()
        if migrations.migrations_table in names:
            applied = tuple(
                str(row[0])
                for row in db.execute(
                    f"SELECT name FROM [{migrations.migrations_table}]"
                    " WHERE migration_set = ? ORDER BY rowid",
                    (migrations.name,),
                ).fetchall()
            )
    finally:
        if own_transaction:
            db.conn.execute("COMMIT")
    objects = {
        (str(kind), str(name)): str(sql)
        for kind, name, sql in rows
        if not SQLITE_STATISTICS.fullmatch(str(name))
    }
    return Schema(objects=objects, applied=applied)


@lru_cache(maxsize=8)
def expected_objects(applied: frozenset[str]) -> Objects:
    """What the migrations named in `applied` build, in the code's order, on a blank database.

    Built once per process for each level: a few milliseconds, then free.
    """
    conn = sqlite3.connect(":memory:")
    try:
        blank = Database(conn)
        blank.execute("PRAGMA foreign_keys = ON")  # as the counter's own connections have it
        if applied:
            migrations.ensure_migrations_table(blank)
            for migration in migrations.steps:
                if migration.name in applied:
                    migration.fn(blank)
        return read_schema(blank).objects
    finally:
        conn.close()


def schema_difference(db: Database) -> str | None:
    """None when the schema is exactly what its applied migrations build; else the first difference.

    Said in a few words, e.g. "extra trigger zero_totals" or "missing index tickets_day".
    """
    try:
        actual = read_schema(db)
    except sqlite3.DatabaseError as error:  # a migrations table without its columns, say
        return f"the schema cannot be read ({error})"
    known = {migration.name for migration in migrations.steps}
    unknown = [name for name in actual.applied if name not in known]
    if unknown:
        return f"migration {unknown[0]} is not one this version of the counter knows"
    differences = compare_objects(expected_objects(frozenset(actual.applied)), actual.objects)
    if not differences:
        return None
    more = len(differences) - 1
    return differences[0] + (f" (and {more} more difference{'s' if more > 1 else ''})" if more else "")


def compare_objects(expected: Objects, actual: Objects) -> list[str]:
    """Every difference, extra objects first (the likeliest tampering), then missing, then changed."""
    extra = [f"extra {kind} {name}" for kind, name in sorted(actual.keys() - expected.keys())]
    missing = [f"missing {kind} {name}" for kind, name in sorted(expected.keys() - actual.keys())]
    changed = [
        f"changed {kind} {name}"
        for kind, name in sorted(expected.keys() & actual.keys())
        if not same_sql(expected[kind, name], actual[kind, name])
    ]
    return extra + missing + changed


def same_sql(expected: str, actual: str) -> bool:
    """The same statement once layout, comments and the case of keywords and names are taken out.

    The text is nearly always identical (the same migrations made both), and then it is not
    normalised at all: normalising every object of both schemas cost each start ~10 ms.
    """
    return expected == actual or normalise_sql(expected) == normalise_sql(actual)
