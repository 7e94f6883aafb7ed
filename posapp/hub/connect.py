"""Connects to the hub: psycopg imported only now, failures said in one sentence, no password shown.

The URL names the server, the database and the role; its password comes from the environment
(PGPASSWORD) or a 0600 password file (PGPASSFILE, ~/.pgpass), the way libpq reads them, never
from settings.toml. `sslmode=require` (or verify-full with sslrootcert) in the URL turns TLS on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from posapp.domain.errors import UserError

if TYPE_CHECKING:
    import psycopg

#: Seconds to wait for the hub before a sync gives up: a sync never holds anything else up.
CONNECT_TIMEOUT_S = 5

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@]*@")


class HubUnreachableError(UserError):
    """The hub could not be reached or answered with an error: the sync is retried later."""


def shown_url(url: str) -> str:
    """The URL as it may appear in a message or a log: any password in it is blanked."""
    return _PASSWORD_IN_URL.sub(r"\1***@", url)


def connect(url: str, **options: Any) -> psycopg.Connection[Any]:
    """An open connection to the hub, or HubUnreachableError with one sentence saying why."""
    import psycopg

    if not url.startswith(("postgresql://", "postgres://")):
        raise UserError(f"The hub must be a postgresql:// URL, not {shown_url(url)!r}.")
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, **options)
    except psycopg.Error as error:
        raise HubUnreachableError(
            f"The hub at {shown_url(url)} cannot be reached: {_first_line(error)}."
        ) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__).rstrip(".")
