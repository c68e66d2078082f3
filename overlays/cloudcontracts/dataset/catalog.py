"""The resources of today's data set: NCP usage and money, Hyperstack contracts and billing, flat and
FOCUS.

=========================  ==========  ================================  ==========================
resource                   provider    tables                            months
=========================  ==========  ================================  ==========================
``ncp_billing``            ncloud      ``ncp_usage``,                    one query of each of the
                                       ``ncp_contract_costs``,           three operations per month;
                                       ``ncp_invoices``, ``focus``       final once the month's bill
                                                                         is written (``writeDate``)
``hyperstack_contracts``   hyperstack  ``hyperstack_contracts``,         a snapshot per month
                                       ``focus``
``hyperstack_billing``     hyperstack  ``hyperstack_billing``,           one query per month (from
                                       ``focus``                         its first instant to the
                                                                         next month's); final after
                                                                         ``final_after`` complete
                                                                         months
=========================  ==========  ================================  ==========================

``ncp_billing`` walks ``getContractUsageList``, then ``getContractDemandCostList`` and
``getDemandCostList`` for the same month; its ``focus`` rows are usage joined with cost, as ``ncloud
costs -o focus-*`` writes them, with ``x_BillingPeriodStatus`` (:mod:`.ncp_focus`). A key that may read
usage but not cost gets usage (``ncp_usage``, and usage-only ``focus`` rows) and one warning; its months
are then final after ``final_after`` complete months, as usage alone says nothing of the bill.
``ncp_usage`` is the usage-only resource (no cost call at all).

``hyperstack_billing`` walks ``get_vm_billing_history`` for each month (``months="date_range"``), then,
for its ``focus`` rows, the contracts, the machines of the contracts that billed and the pricebook
(:mod:`.hyperstack_billing`): the rows of ``cloudcontracts hyperstack billing`` (``-o csv`` and ``-o
focus-*``). Hyperstack writes no mark of a closed bill, so its months are final after ``final_after``
complete months, like NCP usage without cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cloudcontracts.dataset.hyperstack_billing import (
    billed_contracts_with_plans,
    hyperstack_billing_focus_rows,
    hyperstack_billing_rows,
)
from cloudcontracts.dataset.ncp_focus import DATASET_FOCUS_COLUMNS, ncp_focus_dataset_rows
from cloudcontracts.dataset.resources import (
    MAIN,
    AfterCompleteMonths,
    Input,
    Resource,
    Table,
    WhenBillWritten,
)
from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.focus import focus_rows_from_hyperstack, focus_rows_from_ncp
from cloudcontracts.exports.hyperstack_money_rows import BILLING_COLUMNS
from cloudcontracts.exports.hyperstack_rows import HYPERSTACK_CONTRACT_COLUMNS, hyperstack_contract_rows
from cloudcontracts.exports.ncp_money_rows import (
    NCP_CONTRACT_COST_COLUMNS,
    NCP_INVOICE_COLUMNS,
    ncp_contract_cost_rows,
    ncp_invoice_rows,
)
from cloudcontracts.exports.ncp_rows import NCP_USAGE_COLUMNS, ncp_usage_rows

__all__ = [
    "DATASET_FOCUS_COLUMNS",
    "DEFAULT_FINAL_AFTER",
    "default_resources",
    "hyperstack_billing",
    "hyperstack_contracts",
    "ncp_billing",
    "ncp_usage",
]

DEFAULT_FINAL_AFTER = 2
"""NCP usage months older than this many complete months are final (no bill date in usage data)."""


def ncp_usage(*, final_after: int = DEFAULT_FINAL_AFTER, page_size: int = 1000) -> Resource:
    """``getContractUsageList``, month by month, as flat usage rows and FOCUS usage charges."""
    return Resource(
        name="ncp_usage",
        provider="ncloud",
        operation_id="getContractUsageList",
        params={"page_size": page_size},
        tables=(
            Table("ncp_usage", NCP_USAGE_COLUMNS, ncp_usage_rows),
            Table("focus", DATASET_FOCUS_COLUMNS, focus_rows_from_ncp),
        ),
        months="window",
        finality=AfterCompleteMonths(final_after),
    )


def _cost_rows(costs: Iterable[Any] | None) -> Iterator[Row]:
    return ncp_contract_cost_rows(costs or ())


def _invoice_rows(invoices: Iterable[Any] | None) -> Iterator[Row]:
    return ncp_invoice_rows(invoices or ())


def ncp_billing(*, final_after: int = DEFAULT_FINAL_AFTER, page_size: int = 1000) -> Resource:
    """NCP usage, contract costs and invoices, month by month: flat tables of each, and FOCUS rows of
    usage joined with cost; a month is final once its bill is written (see the module docstring)."""
    return Resource(
        name="ncp_billing",
        provider="ncloud",
        operation_id="getContractUsageList",
        params={"page_size": page_size},
        inputs=(
            Input("costs", "getContractDemandCostList", {"page_size": page_size}, optional=True),
            Input("invoices", "getDemandCostList", {"page_size": page_size}, optional=True),
        ),
        tables=(
            Table("ncp_usage", NCP_USAGE_COLUMNS, ncp_usage_rows),
            Table("ncp_contract_costs", NCP_CONTRACT_COST_COLUMNS, _cost_rows, inputs=("costs",)),
            Table("ncp_invoices", NCP_INVOICE_COLUMNS, _invoice_rows, inputs=("invoices",)),
            Table(
                "focus",
                DATASET_FOCUS_COLUMNS,
                ncp_focus_dataset_rows,
                inputs=(MAIN, "costs", "invoices"),
            ),
        ),
        months="window",
        # The bill is the invoice: a month is closed when every invoice of it has its writeDate. A month
        # without invoices (no cost, or cost not readable) follows usage's rule.
        finality=WhenBillWritten("write_date", fallback=AfterCompleteMonths(final_after)),
        finality_table="ncp_invoices",
    )


def hyperstack_contracts(*, per_page: int = 100) -> Resource:
    """``list_contracts`` as this month's snapshot: flat contract rows and FOCUS purchase rows."""
    return Resource(
        name="hyperstack_contracts",
        provider="hyperstack",
        operation_id="list_contracts",
        params={"per_page": per_page},
        tables=(
            Table("hyperstack_contracts", HYPERSTACK_CONTRACT_COLUMNS, hyperstack_contract_rows),
            Table("focus", DATASET_FOCUS_COLUMNS, focus_rows_from_hyperstack),
        ),
        months="snapshot",
        finality=AfterCompleteMonths(0),
    )


def hyperstack_billing(*, final_after: int = DEFAULT_FINAL_AFTER, per_page: int = 100) -> Resource:
    """``get_vm_billing_history`` month by month: flat billing rows and FOCUS rows with cost (see the
    module docstring); final after ``final_after`` complete months."""
    return Resource(
        name="hyperstack_billing",
        provider="hyperstack",
        operation_id="get_vm_billing_history",
        params={"per_page": per_page},
        inputs=(
            Input("contracts", "list_contracts", {"per_page": per_page}, monthly=False),
            Input(
                "machines",
                "list_contract_virtual_machines",
                monthly=False,
                paged=False,
                items_field="instances",
                each=billed_contracts_with_plans,
            ),
            Input("pricebook", "list_pricebook", monthly=False, paged=False),
        ),
        tables=(
            Table("hyperstack_billing", BILLING_COLUMNS, hyperstack_billing_rows, context=True),
            Table(
                "focus",
                DATASET_FOCUS_COLUMNS,
                hyperstack_billing_focus_rows,
                inputs=(MAIN, "contracts", "machines", "pricebook"),
                context=True,
            ),
        ),
        months="date_range",
        # Hyperstack's billing has no bill-written mark: recent months stay open, as NCP usage does.
        finality=AfterCompleteMonths(final_after),
    )


def default_resources(*, final_after: int = DEFAULT_FINAL_AFTER) -> tuple[Resource, ...]:
    """Every resource of the data set ``cloudcontracts sync`` keeps."""
    return (
        ncp_billing(final_after=final_after),
        hyperstack_contracts(),
        hyperstack_billing(final_after=final_after),
    )
