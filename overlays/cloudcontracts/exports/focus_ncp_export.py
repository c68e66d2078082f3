"""The NCP FOCUS export as a user runs it: usage, then cost and invoices, joined; usage alone if denied.

A key may be allowed to read usage but not cost (an IAM sub account with only the usage permission):
NCP's gateway then answers the cost operations 401 Permission Denied (``errorCode`` ``"210"``) or 403.
:func:`ncp_focus_rows` then still gives the usage-only export (cost columns null, see :mod:`.focus_ncp`)
and reports why, once, through ``warn``; it never fills a cost it was not given. Any other error is
raised as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from cloudcontracts.errors import APIStatusError, AuthenticationError, PermissionDeniedError
from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.focus_ncp_cost import NcpView

__all__ = ["is_permission_denied", "ncp_focus_rows"]

_PERMISSION_DENIED = "210"  # NCP gateway errorCode: the key is valid but may not call this operation


def is_permission_denied(error: APIStatusError) -> bool:
    """Whether ``error`` says the key may not call the operation (403, or NCP's 401 with code 210)."""
    return isinstance(error, PermissionDeniedError) or (
        isinstance(error, AuthenticationError) and error.code == _PERMISSION_DENIED
    )


def ncp_focus_rows(
    billing: Any,
    start_month: str | date,
    end_month: str | date,
    *,
    warn: Callable[[str], None],
    member_nos: list[str] | None = None,
    is_organization: bool = False,
    is_partner: bool = False,
    **usage_filters: Any,
) -> Iterator[Row]:
    """FOCUS rows of one NCP period from an :class:`~cloudcontracts.NcloudBilling`: usage joined with
    cost and invoices, or usage alone (with one ``warn`` saying why) when the key may not read cost."""
    from cloudcontracts.exports.focus import focus_rows_from_ncp, focus_rows_from_ncp_costs  # noqa: PLC0415

    scope: dict[str, Any] = {}
    if member_nos:
        scope["member_no_list"] = list(member_nos)
    if is_organization:
        scope["is_organization"] = True
    if is_partner:
        scope["is_partner"] = True
    view: NcpView = "organization" if is_organization else "partner" if is_partner else "account"
    usage = list(
        billing.iter_contract_usage(
            start_month,
            end_month,
            member_nos=member_nos,
            is_organization=is_organization,
            is_partner=is_partner,
            **usage_filters,
        )
    )
    try:
        invoices = list(billing.iter_demand_costs(start_month, end_month, **scope))
        costs = list(billing.iter_contract_demand_costs(start_month, end_month, **scope))
    except APIStatusError as error:
        if not is_permission_denied(error):
            raise
        warn(
            f"NCP cost not exported: the cost call answered HTTP {error.status_code} permission denied "
            f"(code {error.code}); writing usage only, with the cost columns empty"
        )
        yield from focus_rows_from_ncp(usage)
        return
    yield from focus_rows_from_ncp_costs(costs, invoices, usage, view=view)
