"""NCP's months and dates: what the billing API takes (``yyyyMM``) and what it returns (``+0900``).

- Months are read by :mod:`cloudcontracts.core.months` (``yyyyMM`` or ``yyyy-MM``, split into windows of
  at most three months), re-exported here.
- Dates come back as ``2022-02-07T18:11:01+0900``: the offset has no colon, so this is not RFC 3339 and
  :meth:`datetime.fromisoformat` before Python 3.11 rejects it. :func:`parse_ncp_datetime` reads it into
  an aware datetime; an absent date arrives as ``""`` and reads as ``None``.
"""

from __future__ import annotations

from datetime import datetime

from cloudcontracts.core.months import MAX_MONTHS_PER_QUERY, YearMonth, month_windows, parse_month
from ncloud_billing_client._datetimes import parse_ncp_datetime as _generated_parse

__all__ = [
    "MAX_MONTHS_PER_QUERY",
    "YearMonth",
    "month_windows",
    "parse_month",
    "parse_ncp_datetime",
]


def parse_ncp_datetime(value: str) -> datetime | None:
    """``"2022-02-07T18:11:01+0900"`` → an aware datetime (+09:00); ``""`` (NCP's absent date) → None.

    ``+09:00`` (with a colon) is accepted too. The generated models read their dates with this same
    parser (one reading of NCP's dates); it raises ``ValueError`` naming a value that is not one.
    """
    if value == "":
        return None
    return _generated_parse(value)
