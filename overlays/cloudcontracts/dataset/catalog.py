"""The resources of today's data set: NCP contract usage and Hyperstack contracts, flat and FOCUS.

=========================  ==========  ================================  ==========================
resource                   provider    tables                            months
=========================  ==========  ================================  ==========================
``ncp_usage``              ncloud      ``ncp_usage``, ``focus``          one query per month; final
                                                                         after ``final_after``
                                                                         complete months
``hyperstack_contracts``   hyperstack  ``hyperstack_contracts``,         a snapshot per month
                                       ``focus``
=========================  ==========  ================================  ==========================

NCP's cost operations join as more entries of the same kind, with :class:`~.resources.WhenBillWritten`
on their ``writeDate`` column as finality.
"""

from __future__ import annotations

from cloudcontracts.dataset.resources import AfterCompleteMonths, Resource, Table
from cloudcontracts.exports.focus import focus_rows_from_hyperstack, focus_rows_from_ncp
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS
from cloudcontracts.exports.hyperstack_rows import HYPERSTACK_CONTRACT_COLUMNS, hyperstack_contract_rows
from cloudcontracts.exports.ncp_rows import NCP_USAGE_COLUMNS, ncp_usage_rows

__all__ = ["DEFAULT_FINAL_AFTER", "default_resources", "hyperstack_contracts", "ncp_usage"]

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
            Table("focus", FOCUS_COLUMNS, focus_rows_from_ncp),
        ),
        months="window",
        finality=AfterCompleteMonths(final_after),
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
            Table("focus", FOCUS_COLUMNS, focus_rows_from_hyperstack),
        ),
        months="snapshot",
        finality=AfterCompleteMonths(0),
    )


def default_resources(*, final_after: int = DEFAULT_FINAL_AFTER) -> tuple[Resource, ...]:
    """Every resource of the data set ``cloudcontracts sync`` keeps."""
    return (ncp_usage(final_after=final_after), hyperstack_contracts())
