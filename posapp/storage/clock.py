"""How times are written to and read from the database: ISO-8601 in UTC, always aware."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times stored by the counter must carry a time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def local_day_and_hour(moment: datetime, zone: ZoneInfo) -> tuple[str, int]:
    """The site's calendar day and hour of a moment: what the manager's report groups by."""
    local = moment.astimezone(zone)
    return local.date().isoformat(), local.hour
