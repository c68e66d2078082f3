"""NCP's months and dates: what the billing API takes (``yyyyMM``) and what it returns (``+0900``).

- Months are read by :mod:`cloudcontracts.core.months` (``yyyyMM`` or ``yyyy-MM``, split into windows of
  at most three months), re-exported here.
- Dates come back as ``2022-02-07T18:11:01+0900``: the offset has no colon, so this is not RFC 3339 and
  :meth:`datetime.fromisoformat` before Python 3.11 rejects it. :func:`parse_ncp_datetime` reads it into
  an aware datetime; an absent date arrives as ``""`` and reads as ``None``.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta, timezone

from cloudcontracts.core.months import MAX_MONTHS_PER_QUERY, YearMonth, month_windows, parse_month

__all__ = [
    "MAX_MONTHS_PER_QUERY",
    "YearMonth",
    "month_windows",
    "parse_month",
    "parse_ncp_datetime",
]


@functools.cache
def _ncp_datetime_pattern() -> re.Pattern[str]:
    return re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):?(\d{2})")


def parse_ncp_datetime(value: str) -> datetime | None:
    """``"2022-02-07T18:11:01+0900"`` → an aware datetime (+09:00); ``""`` (NCP's absent date) → None.

    ``+09:00`` (with a colon) is accepted too.
    """
    if value == "":
        return None
    match = _ncp_datetime_pattern().fullmatch(value.strip())
    if not match or int(match.group(9)) >= 60:
        raise ValueError(f"{value!r} is not an NCP date-time like 2022-02-07T18:11:01+0900")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    offset = timedelta(hours=int(match.group(8)), minutes=int(match.group(9)))
    if match.group(7) == "-":
        offset = -offset
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid NCP date-time: {exc}") from None
