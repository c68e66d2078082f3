"""Months as a data set keys them: ``YYYY-MM`` (a partition value no reader mistakes for a number)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import NamedTuple

from cloudcontracts.core.months import parse_month

__all__ = ["Month", "month_range"]


class Month(NamedTuple):
    year: int
    month: int

    @classmethod
    def parse(cls, value: str | date, *, name: str = "month") -> Month:
        """``"2024-02"``, ``"202402"``, a ``date`` or a ``datetime``."""
        parsed = parse_month(value, name=name)
        return cls(parsed.year, parsed.month)

    @classmethod
    def from_ordinal(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    @property
    def ordinal(self) -> int:
        """Months since year 0: consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    @property
    def key(self) -> str:
        """``2024-02``: the month column and the ``month=`` partition."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def compact(self) -> str:
        """``202402``: as the APIs take it."""
        return f"{self.year:04d}{self.month:02d}"

    @property
    def first_instant(self) -> datetime:
        """The month's first instant, aware UTC (``2024-02-01T00:00:00Z``)."""
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def next_instant(self) -> datetime:
        """The first instant of the next month: where the month ends, exclusive (FOCUS's period end)."""
        return self.shifted(1).first_instant

    def shifted(self, months: int) -> Month:
        return Month.from_ordinal(self.ordinal + months)

    def __str__(self) -> str:
        return self.key


def month_range(first: Month, last: Month) -> list[Month]:
    """``first`` to ``last``, both included, oldest first (empty when ``first`` is after ``last``)."""
    return [Month.from_ordinal(index) for index in range(first.ordinal, last.ordinal + 1)]
