"""NCP's months and dates: what the billing API takes (``yyyyMM``) and what it returns (``+0900``).

- Months are accepted as ``"202402"``, ``"2024-02"``, :class:`datetime.date` or :class:`datetime.datetime`
  and sent as ``yyyyMM``. NCP answers at most three months per query, so a longer range is split into
  consecutive windows of at most three months (:func:`month_windows`).
- Dates come back as ``2022-02-07T18:11:01+0900``: the offset has no colon, so this is not RFC 3339 and
  :meth:`datetime.fromisoformat` before Python 3.11 rejects it. :func:`parse_ncp_datetime` reads it into
  an aware datetime; an absent date arrives as ``""`` and reads as ``None``.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

__all__ = [
    "MAX_MONTHS_PER_QUERY",
    "YearMonth",
    "month_windows",
    "parse_month",
    "parse_ncp_datetime",
]

MAX_MONTHS_PER_QUERY = 3


# The patterns are compiled on first use, not at import (about 0.4 ms of `import cloudcontracts`).
@functools.cache
def _month_pattern() -> re.Pattern[str]:
    return re.compile(r"(\d{4})-?(\d{2})")


@functools.cache
def _ncp_datetime_pattern() -> re.Pattern[str]:
    return re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):?(\d{2})")


class YearMonth(NamedTuple):
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}{self.month:02d}"

    @property
    def ordinal(self) -> int:
        """Months since year 0: consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_ordinal(cls, index: int) -> YearMonth:
        return cls(index // 12, index % 12 + 1)


def parse_month(value: str | date, *, name: str = "month") -> YearMonth:
    """Read a month given as ``"202402"``, ``"2024-02"``, a ``date`` or a ``datetime``."""
    if isinstance(value, date):  # datetime is a date too
        return YearMonth(value.year, value.month)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a 'yyyyMM' or 'yyyy-MM' string, a date or a datetime, not {value!r}")
    match = _month_pattern().fullmatch(value.strip())
    if not match:
        raise ValueError(f"{name} {value!r} is not a month: use 'yyyyMM' (202402) or 'yyyy-MM' (2024-02)")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"{name} {value!r} is not a month: month must be 01 to 12")
    return YearMonth(year, month)


def month_windows(
    start: str | date, end: str | date, *, max_months: int = MAX_MONTHS_PER_QUERY
) -> list[tuple[YearMonth, YearMonth]]:
    """Split ``start``..``end`` (inclusive) into consecutive windows of at most ``max_months`` months.

    >>> [(str(a), str(b)) for a, b in month_windows("2024-01", "202407")]
    [('202401', '202403'), ('202404', '202406'), ('202407', '202407')]
    """
    if type(start) is str and type(end) is str and type(max_months) is int:
        return list(_remembered_windows(start, end, max_months))
    # Anything else is worked out afresh: equal dates and datetimes can name different months (two
    # aware datetimes at the same instant in different zones compare equal), and a bad type must meet
    # parse_month's own message, not the cache's "unhashable type".
    return list(_windows(start, end, max_months))


@functools.lru_cache(maxsize=256)
def _remembered_windows(start: str, end: str, max_months: int) -> tuple[tuple[YearMonth, YearMonth], ...]:
    """:func:`_windows` of month *strings*, remembered: a client asks for the same months page after
    page (an error is raised again each time, never remembered)."""
    return _windows(start, end, max_months)


def _windows(start: str | date, end: str | date, max_months: int) -> tuple[tuple[YearMonth, YearMonth], ...]:
    first, last = parse_month(start, name="start_month"), parse_month(end, name="end_month")
    if first.ordinal > last.ordinal:
        raise ValueError(f"start_month {first} is after end_month {last}")
    windows = []
    for window_start in range(first.ordinal, last.ordinal + 1, max_months):
        window_end = min(window_start + max_months - 1, last.ordinal)
        windows.append((YearMonth.from_ordinal(window_start), YearMonth.from_ordinal(window_end)))
    return tuple(windows)


def parse_ncp_datetime(value: str) -> datetime | None:
    """``"2022-02-07T18:11:01+0900"`` → an aware datetime (+09:00); ``""`` (NCP's absent date) → None.

    ``+09:00`` (with a colon) is accepted too.
    """
    if value == "":
        return None
    match = _ncp_datetime_pattern().fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not an NCP date-time like 2022-02-07T18:11:01+0900")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    offset = timedelta(hours=int(match.group(8)), minutes=int(match.group(9)))
    if match.group(7) == "-":
        offset = -offset
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid NCP date-time: {exc}") from None
