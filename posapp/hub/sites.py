"""A site joins the chain: its own PostgreSQL role, member of the sites' group, and its row in hub.sites.

The role may log in and insert rows carrying its own site name, read the customer facts and its
own acknowledgements; it may not update or delete anything, nor read another site's sales. Its
password is read from a file (mode 0600) and turned into a SCRAM verifier here, so the clear
password never travels to the server nor lands in its statement log; posapp never prints or keeps it.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from psycopg import sql

from posapp.domain.errors import UserError
from posapp.hub.config import checked_site
from posapp.hub.connect import connect
from posapp.hub.schema import database_of, roles_of


def read_password_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise UserError(f"The password file {path} cannot be read: {error.strerror}.") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UserError(f"The password file {path} may be read by others: make it 0600 (chmod 600 {path}).")
    if len(text) < 12:
        raise UserError(f"The password in {path} is shorter than 12 characters.")
    return text


def _verifier(conn: Any, role: str, password: str) -> str:
    """The password as a SCRAM verifier, made here: the clear password never reaches the server or its log."""
    made: bytes = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return made.decode("ascii")


def add_site(url: str, site: str, password_file: Path) -> str:
    """Create (or give a new password to) the site's role; returns the role's name."""
    checked_site(site, "--site")
    password = read_password_file(password_file)
    with connect(url) as conn, conn.transaction():
        database = database_of(conn)
        role = f"{database}_{site}"
        roles = roles_of(database)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(_verifier(conn, role, password))
            )
        )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.site), sql.Identifier(role)))
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(role)
            )
        )
        conn.execute(
            "INSERT INTO hub.sites (site, role_name) VALUES (%s, %s)"
            " ON CONFLICT (site) DO UPDATE SET role_name = excluded.role_name",
            (site, role),
        )
    return role


def add_reader(url: str, name: str, password_file: Path) -> str:
    """A read-only login for the chain report (the owner's role is for `posapp hub init` only)."""
    checked_site(name, "--name")
    password = read_password_file(password_file)
    with connect(url) as conn, conn.transaction():
        database = database_of(conn)
        role = f"{database}_{name}_reader"
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password))
        )
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles_of(database).reader), sql.Identifier(role))
        )
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(database), sql.Identifier(role)
            )
        )
    return role
