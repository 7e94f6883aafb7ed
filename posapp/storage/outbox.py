"""The mail outbox, consent records and opt-outs in the database: every state change one UPDATE.

A message moves planned → sending → sent | cancelled | failed. Each change is written by the
caller inside its own write transaction (storage/db.write_transaction); the guards in the
WHERE clauses make a change that lost a race (another sender claimed the row) change nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from posapp.storage.clock import from_db, to_db
from posapp.storage.db import Database

PLANNED = "planned"
SENDING = "sending"
SENT = "sent"
CANCELLED = "cancelled"
FAILED = "failed"

FOLLOW_UP = "follow_up"
NEWSLETTER = "newsletter"


@dataclass(frozen=True)
class OutboxRow:
    """One message as the outbox keeps it."""

    id: int
    kind: str
    customer_id: int
    ticket_id: int | None
    newsletter_id: int | None
    service: str
    address: str
    code: str
    message_id: str
    due_at: datetime
    state: str
    reason: str
    attempts: int
    possible_duplicate: bool
    sent_at: datetime | None
    last_error: str


_COLUMNS = (
    "id, kind, customer_id, ticket_id, newsletter_id, service, address, code, message_id, due_at,"
    " state, reason, attempts, possible_duplicate, sent_at, last_error"
)


def _row(values: tuple[object, ...]) -> OutboxRow:
    (id_, kind, customer, ticket, newsletter, service, address, code, message_id, due, state, reason,
     attempts, duplicate, sent_at, error) = values  # fmt: skip
    return OutboxRow(
        id=int(str(id_)),
        kind=str(kind),
        customer_id=int(str(customer)),
        ticket_id=int(str(ticket)) if ticket is not None else None,
        newsletter_id=int(str(newsletter)) if newsletter is not None else None,
        service=str(service),
        address=str(address),
        code=str(code),
        message_id=str(message_id),
        due_at=from_db(str(due)),
        state=str(state),
        reason=str(reason),
        attempts=int(str(attempts)),
        possible_duplicate=bool(duplicate),
        sent_at=from_db(str(sent_at)) if sent_at else None,
        last_error=str(error),
    )


def insert_message(
    db: Database,
    *,
    kind: str,
    customer_id: int,
    address: str,
    code: str,
    message_id: str,
    due_at: datetime,
    planned_day: str,
    ticket_id: int | None = None,
    newsletter_id: int | None = None,
    service: str = "",
) -> int | None:
    """Plan one message inside the caller's transaction; None when this sale or newsletter already has it."""
    row = db.execute(
        "INSERT INTO outbox (kind, customer_id, ticket_id, newsletter_id, service, address, code,"
        " message_id, due_at, state, planned_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)"
        " ON CONFLICT DO NOTHING RETURNING id",
        (kind, customer_id, ticket_id, newsletter_id, service, address, code, message_id, to_db(due_at),
         planned_day),
    ).fetchone()  # fmt: skip
    return int(row[0]) if row else None


def code_taken(db: Database, code: str) -> bool:
    return db.execute("SELECT 1 FROM outbox WHERE code = ?", (code,)).fetchone() is not None


def follow_up_waiting(db: Database, customer_id: int) -> bool:
    """A follow-up for this customer is planned and not yet sent: one per pause window is enough."""
    found = db.execute(
        "SELECT 1 FROM outbox WHERE customer_id = ? AND state IN ('planned', 'sending')"
        " AND kind = 'follow_up'",
        (customer_id,),
    )
    return found.fetchone() is not None


def get_message(db: Database, message: int) -> OutboxRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (message,)).fetchone()
    return _row(row) if row else None


def messages(db: Database, *, state: str | None = None) -> list[OutboxRow]:
    """Every message (or those in `state`), oldest first: for the manager's list and the tests."""
    where, values = ("WHERE state = ?", (state,)) if state else ("", ())
    return [_row(row) for row in db.execute(f"SELECT {_COLUMNS} FROM outbox {where} ORDER BY id", values)]


def due_messages(db: Database, now: datetime, limit: int) -> list[OutboxRow]:
    """Planned messages whose day has come and whose back-off has passed, the oldest due first."""
    at = to_db(now)
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state = 'planned' AND due_at <= ?"
        " AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY due_at, id LIMIT ?",
        (at, at, limit),
    )
    return [_row(row) for row in rows]


def release_stale_sending(db: Database, claimed_before: datetime) -> list[int]:
    """Messages left `sending` by a sender that died: planned again, marked as a possible duplicate.

    The server may have accepted such a message before the crash; sending it once more is the one
    duplicate the design allows, and the mark makes it show in the report, never silently.
    """
    rows = db.execute(
        "UPDATE outbox SET state = 'planned', possible_duplicate = 1, claimed_at = NULL"
        " WHERE state = 'sending' AND claimed_at < ? RETURNING id",
        (to_db(claimed_before),),
    ).fetchall()
    return sorted(int(row[0]) for row in rows)


def claim(db: Database, message: int, now: datetime, address: str) -> bool:
    """Take a planned message for sending; False when another sender took it first."""
    cursor = db.execute(
        "UPDATE outbox SET state = 'sending', claimed_at = ?, attempts = attempts + 1, address = ?"
        " WHERE id = ? AND state = 'planned'",
        (to_db(now), address, message),
    )
    return cursor.rowcount == 1


def mark_sent(db: Database, message: int, *, at: datetime, day: str, reply: str, service: str) -> None:
    db.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, settled_day = ?, server_reply = ?, service = ?,"
        " last_error = '', next_try_at = NULL WHERE id = ? AND state = 'sending'",
        (to_db(at), day, reply[:500], service, message),
    )


def mark_cancelled(db: Database, message: int, *, reason: str, day: str) -> bool:
    cursor = db.execute(
        "UPDATE outbox SET state = 'cancelled', reason = ?, settled_day = ?, next_try_at = NULL"
        " WHERE id = ? AND state IN ('planned', 'sending', 'failed')",
        (reason, day, message),
    )
    return cursor.rowcount == 1


def mark_retry(
    db: Database, message: int, *, error: str, next_try_at: datetime, maybe_delivered: bool = False
) -> None:
    """A temporary failure: planned again, not before `next_try_at`.

    `maybe_delivered`: the connection failed after the message's data went out, so the server may
    have it; the retry is then marked as a possible duplicate, like a crash's.
    """
    db.execute(
        "UPDATE outbox SET state = 'planned', claimed_at = NULL, last_error = ?, next_try_at = ?,"
        " possible_duplicate = max(possible_duplicate, ?) WHERE id = ? AND state = 'sending'",
        (error[:500], to_db(next_try_at), int(maybe_delivered), message),
    )


def mark_failed(db: Database, message: int, *, reason: str, error: str, day: str) -> None:
    """Given up: the message waits for a manager (`posapp followups retry`)."""
    db.execute(
        "UPDATE outbox SET state = 'failed', reason = ?, last_error = ?, settled_day = ?, claimed_at = NULL,"
        " next_try_at = NULL WHERE id = ? AND state = 'sending'",
        (reason, error[:500], day, message),
    )


def retry_failed(db: Database) -> int:
    """Every failed message (not an undeliverable address) planned again with fresh tries."""
    cursor = db.execute(
        "UPDATE outbox SET state = 'planned', reason = '', attempts = 0, settled_day = NULL,"
        " next_try_at = NULL WHERE state = 'failed' AND reason != 'undeliverable'"
    )
    return int(cursor.rowcount)


def sent_on(db: Database, day: str) -> int:
    """Messages sent on the site's day `day`: the daily cap counts them."""
    return int(
        db.execute("SELECT count(*) FROM outbox WHERE state = 'sent' AND settled_day = ?", (day,)).fetchone()[
            0
        ]
    )


def mark_undeliverable(db: Database, address: str, *, at: datetime, reply: str) -> None:
    db.execute(
        "INSERT INTO undeliverable (address, at, reply) VALUES (?, ?, ?) ON CONFLICT(address) DO NOTHING",
        (address, to_db(at), reply[:500]),
    )


def is_undeliverable(db: Database, address: str) -> bool:
    return db.execute("SELECT 1 FROM undeliverable WHERE address = ?", (address,)).fetchone() is not None


def cancel_customer_messages(db: Database, customer_id: int, *, reason: str, day: str) -> int:
    """Cancel every message still to go to this customer (consent withdrawn); returns how many."""
    cursor = db.execute(
        "UPDATE outbox SET state = 'cancelled', reason = ?, settled_day = ?, next_try_at = NULL"
        " WHERE customer_id = ? AND state IN ('planned', 'failed')",
        (reason, day, customer_id),
    )
    return int(cursor.rowcount)


def scrub_outbox(db: Database, customer_id: int, *, address: str, day: str) -> None:
    """An erased customer: nothing more goes to them and no address of theirs stays in the outbox.

    A message `sending` right now is cancelled too: its sender's commit then changes nothing.
    """
    db.execute(
        "UPDATE outbox SET state = 'cancelled', reason = 'erased', settled_day = ?, next_try_at = NULL"
        " WHERE customer_id = ? AND state IN ('planned', 'sending', 'failed')",
        (day, customer_id),
    )
    db.execute("UPDATE outbox SET address = '', last_error = '' WHERE customer_id = ?", (customer_id,))
    if address:
        db.execute("DELETE FROM undeliverable WHERE address = ?", (address,))


# --- consent ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRecord:
    """One giving or withdrawal of consent, with its proof."""

    given: bool
    at: datetime
    cashier: str
    channel: str
    wording: str


def insert_consent(
    db: Database,
    customer_id: int,
    *,
    given: bool,
    at: datetime,
    cashier_id: int | None,
    channel: str,
    wording: str,
) -> None:
    """Record the answer and make it the customer's current one; inside the caller's transaction."""
    db.execute(
        "INSERT INTO consents (customer_id, given, at, cashier_id, channel, wording)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (customer_id, int(given), to_db(at), cashier_id, channel, wording),
    )
    db.execute("UPDATE customers SET marketing_consent = ? WHERE id = ?", (int(given), customer_id))


def consent_history(db: Database, customer_id: int) -> list[ConsentRecord]:
    """The customer's answers, newest first, with the cashier's name (or the channel)."""
    rows = db.execute(
        "SELECT k.given, k.at, coalesce(c.name, ''), k.channel, k.wording FROM consents k"
        " LEFT JOIN cashiers c ON c.id = k.cashier_id WHERE k.customer_id = ? ORDER BY k.at DESC, k.id DESC",
        (customer_id,),
    )
    return [
        ConsentRecord(bool(given), from_db(str(at)), str(name), str(channel), str(wording))
        for given, at, name, channel, wording in rows
    ]


def customers_with_address(db: Database, address: str) -> list[int]:
    rows = db.execute(
        "SELECT id FROM customers WHERE email = ? AND erased_at IS NULL ORDER BY id", (address.lower(),)
    )
    return [int(row[0]) for row in rows]


def customer_address(db: Database, customer_id: int) -> tuple[str, bool] | None:
    """(email, erased) of a customer, None when there is no such customer."""
    row = db.execute(
        "SELECT email, erased_at IS NOT NULL FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    return (str(row[0]), bool(row[1])) if row else None


def consenting_customers(db: Database) -> list[int]:
    """Every customer who agreed to hear from the shop and left an address."""
    rows = db.execute(
        "SELECT id FROM customers WHERE marketing_consent = 1 AND email != '' AND erased_at IS NULL"
        " ORDER BY id"
    )
    return [int(row[0]) for row in rows]


def ticket_codes(db: Database, ticket_id: int) -> tuple[str, ...]:
    rows = db.execute("SELECT code FROM ticket_lines WHERE ticket_id = ? ORDER BY position", (ticket_id,))
    return tuple(str(row[0]) for row in rows)


# --- the newsletter --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsletterRow:
    id: int
    subject: str
    body: str
    services: tuple[str, ...]
    queued_at: datetime | None
    skipped: dict[str, int]


def insert_newsletter(
    db: Database, *, subject: str, body: str, services: tuple[str, ...], at: datetime, by: int | None
) -> int:
    cursor = db.execute(
        "INSERT INTO newsletters (subject, body, services, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        (subject, body, json.dumps(list(services)), to_db(at), by),
    )
    return int(cursor.lastrowid or 0)


def get_newsletter(db: Database, newsletter_id: int) -> NewsletterRow | None:
    row = db.execute(
        "SELECT id, subject, body, services, queued_at, skipped FROM newsletters WHERE id = ?",
        (newsletter_id,),
    ).fetchone()
    if row is None:
        return None
    id_, subject, body, services, queued, skipped = row
    return NewsletterRow(
        int(id_), str(subject), str(body), tuple(json.loads(str(services))),
        from_db(str(queued)) if queued else None, dict(json.loads(str(skipped))),
    )  # fmt: skip


def mark_newsletter_queued(
    db: Database, newsletter_id: int, *, at: datetime, skipped: dict[str, int]
) -> None:
    db.execute(
        "UPDATE newsletters SET queued_at = coalesce(queued_at, ?), skipped = ? WHERE id = ?",
        (to_db(at), json.dumps(skipped, sort_keys=True), newsletter_id),
    )


# --- redemption ------------------------------------------------------------------------------


def sent_message_by_code(db: Database, code: str) -> OutboxRow | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE code = ? AND state = 'sent'", (code,)).fetchone()
    return _row(row) if row else None


def unredeemed_sent(db: Database, customer_id: int, since: datetime) -> list[OutboxRow]:
    """The customer's sent messages since `since` not yet redeemed: a purchase may redeem them."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE customer_id = ? AND state = 'sent' AND sent_at >= ?"
        " AND redeemed_ticket_id IS NULL ORDER BY sent_at",
        (customer_id, to_db(since)),
    )
    return [_row(row) for row in rows]


def mark_redeemed(db: Database, message: int, *, ticket_id: int, how: str, day: str, cents: int) -> bool:
    cursor = db.execute(
        "UPDATE outbox SET redeemed_ticket_id = ?, redeemed_how = ?, redeemed_day = ?, redeemed_cents = ?"
        " WHERE id = ? AND redeemed_ticket_id IS NULL",
        (ticket_id, how, day, cents, message),
    )
    return cursor.rowcount == 1


def ticket_lines_of(db: Database, ticket_id: int) -> list[tuple[str, int]]:
    """(code, amount in cents) of each line of a completed ticket."""
    rows = db.execute(
        "SELECT l.code, l.unit_price_cents * l.quantity"
        " FROM ticket_lines l JOIN tickets t ON t.id = l.ticket_id"
        " WHERE l.ticket_id = ? AND t.status = 'completed' ORDER BY l.position",
        (ticket_id,),
    )
    return [(str(code), int(cents)) for code, cents in rows]


def ticket_by_number(db: Database, number: int) -> tuple[int, int | None, str] | None:
    """(id, customer id, local day) of a ticket by its number."""
    row = db.execute("SELECT id, customer_id, local_day FROM tickets WHERE number = ?", (number,)).fetchone()
    return (int(row[0]), int(row[1]) if row[1] is not None else None, str(row[2])) if row else None


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailCounts:
    """The outbox over a period of site days: planned, sent, cancelled by reason, failed, redeemed."""

    planned: int = 0
    sent: int = 0
    cancelled: tuple[tuple[str, int], ...] = ()
    failed: int = 0
    redeemed: int = 0
    revenue_cents: int = 0
    possible_duplicates: int = 0


_MAIL_COUNTS = """
SELECT
    (SELECT count(*) FROM outbox WHERE kind = :kind AND planned_day BETWEEN :first AND :last),
    (SELECT count(*) FROM outbox
      WHERE kind = :kind AND state = 'sent' AND settled_day BETWEEN :first AND :last),
    (SELECT count(*) FROM outbox
      WHERE kind = :kind AND state = 'failed' AND settled_day BETWEEN :first AND :last),
    (SELECT count(*) FROM outbox WHERE kind = :kind AND redeemed_day BETWEEN :first AND :last),
    (SELECT coalesce(sum(redeemed_cents), 0) FROM outbox
      WHERE kind = :kind AND redeemed_day BETWEEN :first AND :last
        AND redeemed_ticket_id IN (SELECT id FROM tickets WHERE status = 'completed')),
    (SELECT count(*) FROM outbox WHERE kind = :kind AND state = 'sent' AND possible_duplicate = 1
        AND settled_day BETWEEN :first AND :last)
"""

_CANCELLED = """
SELECT reason, count(*) FROM outbox
 WHERE kind = :kind AND state = 'cancelled' AND settled_day BETWEEN :first AND :last
 GROUP BY reason ORDER BY reason
"""


def mail_counts(db: Database, kind: str, first: str, last: str) -> MailCounts:
    """The outbox's figures of one kind of message for the site days `first`..`last` (ISO dates)."""
    span = {"kind": kind, "first": first, "last": last}
    planned, sent, failed, redeemed, revenue, duplicates = db.execute(_MAIL_COUNTS, span).fetchone()
    cancelled = tuple((str(reason), int(count)) for reason, count in db.execute(_CANCELLED, span))
    return MailCounts(
        int(planned), int(sent), cancelled, int(failed), int(redeemed), int(revenue), int(duplicates)
    )


def last_ticket_number(db: Database) -> int:
    """The newest ticket's number (0 before the first sale): the one a code is most often shown for."""
    return int(db.execute("SELECT coalesce(max(number), 0) FROM tickets").fetchone()[0])
