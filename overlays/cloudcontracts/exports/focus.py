"""Both providers as one FOCUS 1.2 data set: :func:`focus_rows` and :func:`write_focus`.

::

    from cloudcontracts import HyperstackContracts, NcloudBilling
    from cloudcontracts.exports import write_focus

    with NcloudBilling() as billing, HyperstackContracts() as hyperstack:
        write_focus(
            "focus.parquet",
            ncp=billing.iter_contract_usage("2024-01", "2024-06"),
            hyperstack=hyperstack.iter_contracts(),
        )

NCP usage records become ``Usage`` charges (:mod:`.focus_ncp`), or, joined with NCP's contract costs and
invoices, billed ``Usage`` charges with every cost column (:func:`focus_rows_from_ncp_costs`,
:mod:`.focus_ncp_cost`); Hyperstack contracts become ``Purchase`` rows of a commitment
(:mod:`.focus_hyperstack`), and Hyperstack's VM billing history, with its contracts and pricebook,
billed ``Usage`` rows and ``Purchase`` rows with every cost column
(:func:`focus_rows_from_hyperstack_billing`, :mod:`.focus_hyperstack_cost`). Every row has every column
of :data:`FOCUS_COLUMNS` (the 57 of FOCUS 1.2 and 1.3's ``ContractApplied``, then the ``x_`` ones), null
where :data:`FOCUS_MAPPING` says the endpoint has no value: a cost or price an endpoint does not carry is
null, never invented. Date-times are UTC, written ``YYYY-MM-DDTHH:MM:SSZ``.
Everything streams: rows are made and written as the providers' iterators yield.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from os import PathLike
from typing import IO, Any, Literal, TextIO

from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS
from cloudcontracts.exports.focus_hyperstack import focus_row_from_hyperstack
from cloudcontracts.exports.focus_hyperstack_cost import focus_rows_from_hyperstack_billing as _billing
from cloudcontracts.exports.focus_ncp import focus_row_from_ncp
from cloudcontracts.exports.focus_ncp_cost import NcpView
from cloudcontracts.exports.focus_ncp_cost import focus_rows_from_ncp_costs as _joined
from cloudcontracts.exports.hyperstack_rows import hyperstack_contract_rows
from cloudcontracts.exports.ncp_rows import ncp_usage_rows
from cloudcontracts.exports.writers import DEFAULT_BATCH_ROWS, write_rows
from hyperstack_client.models import CustomerContractFields
from ncloud_billing_client.models import Contract as NcpContract

__all__ = [
    "focus_rows",
    "focus_rows_from_hyperstack",
    "focus_rows_from_hyperstack_billing",
    "focus_rows_from_ncp",
    "focus_rows_from_ncp_costs",
    "write_focus",
]

_EMPTY: Row = {column.name: None for column in FOCUS_COLUMNS}
_DECIMALS = frozenset(column.name for column in FOCUS_COLUMNS if column.kind == "decimal")


def _complete(values: Row) -> Row:
    # Column order from FOCUS_COLUMNS; a name not in it would be a bug in a mapping module.
    unknown = set(values) - set(_EMPTY)
    if unknown:
        raise AssertionError(f"FOCUS mapping produced unknown columns: {sorted(unknown)}")
    row = {**_EMPTY, **values}
    for name in _DECIMALS:
        value = row[name]
        if isinstance(value, int) and not isinstance(value, bool):
            # FOCUS's decimal columns hold decimals: 120 is written 120.0, so a reader that infers
            # types from CSV text (as the FOCUS validator does) sees a decimal, not an integer.
            row[name] = float(value)
    return row


def focus_rows_from_ncp(contracts: Iterable[NcpContract]) -> Iterator[Row]:
    """FOCUS rows of NCP contracts (``NcloudBilling.iter_contract_usage``): one per usage record."""
    for row in ncp_usage_rows(contracts):
        yield _complete(focus_row_from_ncp(row))


def focus_rows_from_ncp_costs(
    costs: Iterable[Any],
    invoices: Iterable[Any],
    usage: Iterable[NcpContract] = (),
    *,
    view: NcpView = "account",
) -> Iterator[Row]:
    """FOCUS rows of NCP usage joined with cost: one per billed contract product and month, then any
    usage record no cost row covers (:mod:`.focus_ncp_cost`)."""
    for row in _joined(costs, invoices, usage, view=view):
        yield _complete(row)


def focus_rows_from_hyperstack(contracts: Iterable[CustomerContractFields]) -> Iterator[Row]:
    """FOCUS rows of Hyperstack contracts (``HyperstackContracts.iter_contracts``): one per discount plan."""
    for row in hyperstack_contract_rows(contracts):
        yield _complete(focus_row_from_hyperstack(row))


def focus_rows_from_hyperstack_billing(
    billing: Iterable[Any],
    *,
    start: datetime,
    end: datetime,
    org_id: int | None,
    contracts: Iterable[Any],
    machines: Mapping[int, Sequence[Any]],
    pricebook: Iterable[Any],
) -> Iterator[Row]:
    """FOCUS rows of one period of Hyperstack billing: a Usage row per machine billed, a Purchase row per
    discount plan of a contract in the period (:mod:`.focus_hyperstack_cost`)."""
    rows = _billing(
        billing,
        start=start,
        end=end,
        org_id=org_id,
        contracts=contracts,
        machines=machines,
        pricebook=pricebook,
    )
    for row in rows:
        yield _complete(row)


def focus_rows(
    *,
    ncp: Iterable[NcpContract] | None = None,
    hyperstack: Iterable[CustomerContractFields] | None = None,
) -> Iterator[Row]:
    """FOCUS rows of NCP usage, then of Hyperstack contracts; either source may be omitted."""
    if ncp is not None:
        yield from focus_rows_from_ncp(ncp)
    if hyperstack is not None:
        yield from focus_rows_from_hyperstack(hyperstack)


def write_focus(
    target: TextIO | IO[bytes] | str | PathLike[str],
    *,
    ncp: Iterable[NcpContract] | None = None,
    hyperstack: Iterable[CustomerContractFields] | None = None,
    format: Literal["csv", "parquet"] | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> int:
    """Write :func:`focus_rows` to ``target`` as CSV or Parquet and return the number of rows.

    ``format`` defaults to Parquet for a path ending in ``.parquet`` and CSV otherwise. A file opened by
    path is deleted if a provider fails part-way (see :func:`~cloudcontracts.exports.writers.write_rows`).
    """
    if format is None:
        is_parquet = isinstance(target, (str, PathLike)) and str(target).endswith(".parquet")
        format = "parquet" if is_parquet else "csv"
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be 'csv' or 'parquet', not {format!r}")
    rows = focus_rows(ncp=ncp, hyperstack=hyperstack)
    return write_rows(rows, FOCUS_COLUMNS, format, target, batch_rows=batch_rows)
