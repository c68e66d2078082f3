"""The data set's FOCUS rows of one NCP month: usage joined with cost, and whether the bill is written.

The rows are those of ``cloudcontracts ncloud costs -o focus-*``
(:func:`~cloudcontracts.exports.focus.focus_rows_from_ncp_costs`: one row per billed contract product,
then usage no cost row covers), plus ``x_BillingPeriodStatus``, FOCUS 1.4's ``BillingPeriodStatus``
carried as an extension column of this FOCUS 1.2 table:

- ``Closed``: the member's invoice of the month (``getDemandCostList``) has its ``writeDate``: NCP has
  written the bill, and the month's figures no longer change;
- ``Open``: the month's bill is not written yet (its figures are provisional and may be restated), or
  the member has no invoice for it;
- null: cost could not be read (a key without the cost permission): the rows are usage only, and
  nothing is known of the bill.

A row's member is its ``BillingAccountId`` (cost rows), else its ``SubAccountId`` (usage rows).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.focus import focus_rows_from_ncp, focus_rows_from_ncp_costs
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS

__all__ = ["BILLING_PERIOD_STATUS", "DATASET_FOCUS_COLUMNS", "ncp_focus_dataset_rows"]

BILLING_PERIOD_STATUS = Column(
    "x_BillingPeriodStatus",
    "string",
    "FOCUS 1.4 BillingPeriodStatus: Closed once the month's bill is written (NCP writeDate), else Open",
)
DATASET_FOCUS_COLUMNS: tuple[Column, ...] = (*FOCUS_COLUMNS, BILLING_PERIOD_STATUS)
"""The data set's ``focus`` table: the FOCUS export's columns, then ``x_BillingPeriodStatus``."""


def _body(item: Any) -> dict[str, Any]:
    return item.to_dict() if hasattr(item, "to_dict") else dict(item)


def _closed_members(invoices: Sequence[Any]) -> dict[str, bool]:
    closed: dict[str, bool] = {}
    for invoice in invoices:
        body = _body(invoice)
        member = body.get("memberNo") or body.get("loginId")
        if member:
            closed[str(member)] = closed.get(str(member), True) and bool(body.get("writeDate"))
    return closed


def ncp_focus_dataset_rows(
    usage: Sequence[Any], costs: Sequence[Any] | None, invoices: Sequence[Any] | None
) -> Iterator[Row]:
    """FOCUS rows of one month's usage, contract costs and invoices (``None``: not readable)."""
    if costs is None or invoices is None:
        for row in focus_rows_from_ncp(usage):
            yield {**row, BILLING_PERIOD_STATUS.name: None}
        return
    closed = _closed_members(invoices)
    for row in focus_rows_from_ncp_costs(costs, invoices, usage):
        member = row.get("BillingAccountId") or row.get("SubAccountId")
        status = "Closed" if isinstance(member, str) and closed.get(member, False) else "Open"
        yield {**row, BILLING_PERIOD_STATUS.name: status}
