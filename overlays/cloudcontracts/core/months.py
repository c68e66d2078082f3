"""Months as list operations take them (``yyyyMM``), and the windows a period is split into.

Months are accepted as ``"202402"``, ``"2024-02"``, :class:`datetime.date` or :class:`datetime.datetime`
and sent as ``yyyyMM``. NCP's billing operations answer at most three months per query, so the pager
splits a longer period into consecutive windows of at most three months (:func:`month_windows`) for every
operation that declares ``startMonth`` and ``endMonth``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

__all__ = ["MAX_MONTHS_PER_QUERY", "YearMonth", "month_windows", "parse_month"]

MAX_MONTHS_PER_QUERY = 3
_MONTH = re.compile(r"(\d{4})-?(\d{2})")


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
        raise ValueError(
            f"{name} must be a 'yyyyMM' or 'yyyy-MM' string, a date or a datetime, not {value!r}"
        )
    match = _MONTH.fullmatch(value.strip())
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
    first, last = parse_month(start, name="start_month"), parse_month(end, name="end_month")
    if first.ordinal > last.ordinal:
        raise ValueError(f"start_month {first} is after end_month {last}")
    windows = []
    for window_start in range(first.ordinal, last.ordinal + 1, max_months):
        window_end = min(window_start + max_months - 1, last.ordinal)
        windows.append((YearMonth.from_ordinal(window_start), YearMonth.from_ordinal(window_end)))
    return windows
