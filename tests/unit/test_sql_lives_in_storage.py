"""SQL is written only in posapp/storage and posapp/services: an AST walk over every other module.

A module elsewhere fails the walk when it calls `.execute`, `.executescript`, `.executemany`,
`.query` or `.table(` on anything, subscripts a database (`db["tickets"]`, or any name
annotated `Database`), or reaches into the raw sqlite3 connection (`db.conn.<anything>`
except `close`, which only ends the connection). Qt's `exec()` is a different name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import posapp

PACKAGE = Path(posapp.__file__).parent
#: Where SQL may be written: what each table holds (storage), a business action's writes (services),
#: and the hub's own PostgreSQL (posapp/hub), which no other part may reach into.
SQL_HOMES = {"storage", "services", "hub"}
SQL_METHODS = {"execute", "executescript", "executemany", "query", "table"}
#: Names that hold a database by this code's naming: db, _db, database, report_db, ...
DB_NAME = re.compile(r"^_?(db|database)$|_db$")
#: What may be done with a connection outside the SQL homes: closing it.
CONNECTION_LIFECYCLE = {"close"}


def _name_of(node: ast.expr) -> str | None:
    """The last identifier of `x` or `a.b.x`; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_database_annotation(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return "Database" in annotation.value
    return any(_name_of(part) == "Database" for part in ast.walk(annotation) if isinstance(part, ast.expr))


def _database_names(tree: ast.AST) -> set[str]:
    """Parameters, variables and attributes annotated as a Database anywhere in the module."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and _is_database_annotation(node.annotation):
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and _is_database_annotation(node.annotation):
            name = _name_of(node.target)
            if name:
                names.add(name)
    return names


def _holds_a_database(node: ast.expr, annotated: set[str]) -> bool:
    if isinstance(node, ast.Call) and _name_of(node.func) == "Database":
        return True
    name = _name_of(node)
    return name is not None and (bool(DB_NAME.search(name)) or name in annotated)


def sql_uses(path: Path) -> list[str]:
    """Each place the module writes or runs SQL, as 'line N: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    annotated = _database_names(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_METHODS
        ):
            found.append((node.lineno, f".{node.func.attr}("))
        elif isinstance(node, ast.Subscript) and _holds_a_database(node.value, annotated):
            found.append((node.lineno, f"{ast.unparse(node.value)}[...]"))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "conn"
            and node.attr not in CONNECTION_LIFECYCLE
        ):
            found.append((node.lineno, f".conn.{node.attr}"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def modules_outside_the_sql_homes() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in SQL_HOMES
    )


def test_sql_is_written_only_in_storage_and_services() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in modules_outside_the_sql_homes()
        if (uses := sql_uses(path))
    }
    assert offenders == {}


def test_the_walk_looked_at_every_package_outside_the_sql_homes() -> None:
    walked = modules_outside_the_sql_homes()
    assert len(walked) > 60  # the walk really looked at the GUI, the reports, the receipts, the CLI ...
    packages = {path.relative_to(PACKAGE).parts[0] for path in walked}
    assert {"gui", "reports", "receipts", "offers", "cli", "domain", "app.py", "selftest.py"} <= packages


def test_the_walk_would_catch_sql_planted_outside_storage(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from posapp.storage.db import Database\n"
        "def f(db, counter, store: Database, dialog, conn):\n"
        "    db.execute('SELECT 1')\n"
        "    counter.db.executemany('INSERT INTO t VALUES (?)', [(1,)])\n"
        "    conn.executescript('DELETE FROM t')\n"
        "    db.query('SELECT 1')\n"
        "    db.table('tickets')\n"
        "    db['tickets'].insert({})\n"
        "    counter.db['tickets']\n"
        "    store['voids']\n"
        "    Database(conn)['t']\n"
        "    counter.db.conn.commit()\n"
        "    dialog.exec()\n"  # Qt's modal loop: not SQL
        "    counter.db.conn.close()\n"  # ending a connection: not SQL
        "    counter.settings['db']\n"  # a mapping that merely holds a key named db
        "    return dialog.table.rows\n"  # an attribute named table, not a call
    )
    assert sql_uses(sample) == [
        "line 3: .execute(",
        "line 4: .executemany(",
        "line 5: .executescript(",
        "line 6: .query(",
        "line 7: .table(",
        "line 8: db[...]",
        "line 9: counter.db[...]",
        "line 10: store[...]",
        "line 11: Database(conn)[...]",
        "line 12: .conn.commit",
    ]


def test_the_sql_homes_do_hold_the_sql() -> None:
    assert sql_uses(PACKAGE / "storage" / "print_jobs.py")
    assert sql_uses(PACKAGE / "storage" / "report_queries.py")
    assert any(sql_uses(path) for path in (PACKAGE / "services").glob("*.py"))
