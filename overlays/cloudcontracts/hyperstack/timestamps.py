"""Hyperstack date-times: parsing what the API sends, formatting what its queries expect.

Hyperstack documents its date-times as ISO 8601 with a ``T`` and no zone (``2026-05-01T00:00:00``), and
its Go client parses them with that fixed zone-less layout. A zone-less timestamp from the API is
therefore taken to be **UTC**; every helper here returns aware UTC datetimes so that callers never hold a
naive value whose zone is a guess. Because the documents only promise ISO 8601, the parser also accepts a
``Z`` or ``z`` suffix, offsets written ``+02:00``, ``+0200`` or ``+02``, a space instead of the ``T``,
a bare date (midnight UTC), and fractional seconds of any length (truncated to microseconds), none of
which Python 3.10's ``datetime.fromisoformat`` handles.

The GPU allocation graph's ``start_date``/``end_date`` query parameters must be exactly
``YYYY-MM-DDTHH:MM:SS``: :func:`format_query_datetime` converts to UTC, drops the zone and truncates
(never rounds) sub-second digits, so a value never moves into the next second.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TypeAlias

from hyperstack_client._datetimes import parse_hyperstack_datetime as _generated_parse

__all__ = [
    "DateLike",
    "check_time_range",
    "format_query_datetime",
    "parse_hyperstack_datetime",
    "to_utc_datetime",
]

DateLike: TypeAlias = datetime | date | str
"""What the wrappers accept for a point in time: a ``datetime``, a ``date`` or an ISO 8601 string."""


def parse_hyperstack_datetime(text: str) -> datetime:
    """Parse a date-time as Hyperstack sends it and return it as an aware UTC ``datetime``.

    A value without a zone is UTC (Hyperstack's documented, zone-less format). Raises ``ValueError``
    naming the value when it is not an ISO 8601 date or date-time, or names an impossible moment.
    The generated models read their dates with this same parser (one reading of Hyperstack's dates).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str date-time, got {type(text).__name__}")
    return _generated_parse(text)


def to_utc_datetime(value: DateLike) -> datetime:
    """An aware UTC ``datetime`` for a ``datetime``, ``date`` or ISO 8601 string.

    Aware datetimes are converted to UTC; naive ones are taken to be UTC already (the API's own
    convention); a ``date`` means its midnight, UTC; strings go through :func:`parse_hyperstack_datetime`.
    """
    if isinstance(value, datetime):  # before date: datetime is a subclass of date
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"date-time out of range once converted to UTC: {value!r}") from None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        return parse_hyperstack_datetime(value)
    raise TypeError(f"expected a datetime, date or ISO 8601 str, got {type(value).__name__}")


def format_query_datetime(value: DateLike) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` in UTC, as the graph's ``start_date``/``end_date`` require.

    No zone suffix and no fraction: microseconds are truncated, not rounded.
    """
    moment = to_utc_datetime(value)
    # Formatted by hand: strftime("%Y") does not zero-pad years below 1000 on every platform.
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


def check_time_range(start: DateLike | None, end: DateLike | None) -> tuple[str | None, str | None]:
    """Format an optional ``start``/``end`` pair for the query and refuse ``start`` after ``end``.

    The comparison uses the values as they will be sent (UTC, whole seconds), so two inputs that differ
    only below a second are equal, not reversed.
    """
    for name, value in (("start", start), ("end", end)):
        # A call's arguments: a wrong type is a bad value (ValueError), as everywhere else in a call.
        if value is not None and not isinstance(value, (str, date)):
            raise ValueError(f"{name} must be a datetime, date or ISO 8601 str, not {type(value).__name__}")
    start_text = None if start is None else format_query_datetime(start)
    end_text = None if end is None else format_query_datetime(end)
    # The fixed-width, zero-padded UTC format sorts the same way as the moments it names.
    if start_text is not None and end_text is not None and start_text > end_text:
        raise ValueError(f"start ({start_text}) is after end ({end_text}); both are UTC")
    return start_text, end_text
