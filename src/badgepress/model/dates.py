"""XSD dateTimeStamp values as used by VC 2.0 (``validFrom``, ``validUntil``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from badgepress.errors import DocumentError

_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def parse_datetime(value: object, pointer: str) -> datetime:
    """Parse a date-time with a time zone (``2024-01-01T00:00:00Z``).

    Raises:
        DocumentError: not a date-time string with a time zone.
    """
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        raise DocumentError(
            f"{value!r} is not a date-time with a time zone",
            pointer=pointer,
            hint="write it like 2025-06-30T00:00:00Z",
        )
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DocumentError(f"{value!r} is not a real date", pointer=pointer) from None


def format_datetime(moment: datetime) -> str:
    """Format a moment as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ISO_DAY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def human_date(value: str) -> str:
    """``2026-03-01…`` → ``1 March 2026``: the date part of an ISO date-time as written
    (the same rule as the browser's ``humanDate``); anything else is returned unchanged."""
    match = _ISO_DAY.match(value)
    if not match:
        return value
    year, month, day = match.groups()
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
