"""The data set's rows of one Hyperstack billing month: flat billing rows, and FOCUS rows with cost.

The month's VM billing history (``get_vm_billing_history``, asked from the month's first instant to the
next month's) is the resource's own walk; beside it, the inputs the FOCUS rows need, as
``cloudcontracts hyperstack billing -o focus-*`` fetches them
(:func:`~cloudcontracts.exports.focus_hyperstack_export.hyperstack_billing_focus_rows`): the contracts,
the machines of each contract with discount plans that billed machines that month (a machine's flavour
is only there), and the pricebook (the list prices of ``ListCost``).

Both tables carry the month as their period, ``[first instant, first instant of the next month)``, as
FOCUS periods end (exclusive): ``period_start``/``period_end`` of the flat rows, ``BillingPeriodStart``/
``BillingPeriodEnd`` of the FOCUS ones. ``x_BillingPeriodStatus`` stays null: Hyperstack's billing
carries no mark of a closed bill.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cloudcontracts.dataset.ncp_focus import BILLING_PERIOD_STATUS
from cloudcontracts.dataset.resources import MAIN, UnitContext
from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.focus import focus_rows_from_hyperstack_billing
from cloudcontracts.exports.hyperstack_money_rows import billing_rows

__all__ = ["billed_contracts_with_plans", "hyperstack_billing_focus_rows", "hyperstack_billing_rows"]


def _contract_id(entry: Any) -> Any:
    return getattr(getattr(entry, "attributes", None), "contract_id", None)


def billed_contracts_with_plans(items: Mapping[str, Sequence[Any] | None]) -> Iterator[dict[str, object]]:
    """``{"contract_id": id}`` of every contract (``items["contracts"]``) with discount plans under which
    the month (``items["main"]``) billed machines: the contracts whose machines the FOCUS rows need."""
    billed = {_contract_id(entry) for entry in items.get(MAIN) or ()}
    for contract in items.get("contracts") or ():
        if contract.id in billed and contract.discounts:
            yield {"contract_id": contract.id}


def _org_id(bodies: Sequence[Any]) -> int | None:
    for body in bodies:
        found = getattr(getattr(body, "billing_history_vm", None), "org_id", None)
        if isinstance(found, int) and not isinstance(found, bool):
            return found
    return None


def hyperstack_billing_rows(entries: Sequence[Any], *, unit: UnitContext) -> Iterator[Row]:
    """The flat billing rows of the month (one per machine billed), its period the month."""
    return billing_rows(entries, start=unit.start, end=unit.end)


def hyperstack_billing_focus_rows(
    entries: Sequence[Any],
    contracts: Sequence[Any] | None,
    machines: Sequence[Any] | None,
    pricebook: Sequence[Any] | None,
    *,
    unit: UnitContext,
) -> Iterator[Row]:
    """FOCUS rows of the month: a Usage row per machine billed, a Purchase row per discount plan of a
    contract whose term meets the month (as the CLI's FOCUS billing export), with
    ``x_BillingPeriodStatus`` null."""
    rows = focus_rows_from_hyperstack_billing(
        entries,
        start=unit.start,
        end=unit.end,
        org_id=_org_id(unit.bodies.get(MAIN, ())),
        contracts=contracts or (),
        # Only the flavour of each machine is read from them, whichever contract they came from.
        machines={0: list(machines or ())},
        pricebook=pricebook or (),
    )
    for row in rows:
        yield {**row, BILLING_PERIOD_STATUS.name: None}
