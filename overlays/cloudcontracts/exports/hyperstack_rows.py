"""Hyperstack data as flat rows: contracts x discount plans, and GPU allocation graph buckets.

Contracts: one row per contract x discount plan, the contract's fields repeated beside each plan's; a
contract with no discount plans still gives one row, its discount columns empty. Date-times are UTC
(Hyperstack's zone-less timestamps mean UTC, :mod:`cloudcontracts.hyperstack.timestamps`) and written with
their offset, ``+00:00``. Percentages and amounts stay numbers as sent (``20`` or ``12.5``).

After the documented contract columns come the properties of ``CustomerContractFields`` and
``ContractDiscountPlanFields`` in the OpenAPI document that no documented column reads, in the
document's order (:mod:`.document_fields`; none today): :func:`hyperstack_contract_columns` and
:func:`hyperstack_contract_rows` take the document (the shipped one by default).

GPU graph: one row per bucket, with the bucket's end (start + ``granularity``) beside its start, read
through :func:`cloudcontracts.hyperstack.graph.graph_points` (sorted, buckets without a time or a value
skipped). Its columns are the hand-written ones only: a bucket row is a point of a time series, not a
record of the document.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import Any

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.document_fields import (
    DocumentField,
    DocumentLevel,
    document_fields,
    read_document_fields,
)
from cloudcontracts.exports.values import integer, number, text, utc_datetime
from cloudcontracts.hyperstack.graph import graph_points
from cloudcontracts.specs import openapi_document
from hyperstack_client.models import Contract, ContractDiscountPlanFields, CustomerContractFields

__all__ = [
    "GPU_GRAPH_COLUMNS",
    "HYPERSTACK_CONTRACT_COLUMNS",
    "HYPERSTACK_CONTRACT_TABLE_COLUMNS",
    "gpu_graph_rows",
    "hyperstack_contract_columns",
    "hyperstack_contract_rows",
]

_CONTRACT_COLUMNS: tuple[Column, ...] = (
    Column("contract_id", "integer", "id"),
    Column("org_id", "integer", "org_id"),
    Column("description", "string", "description"),
    Column("status", "string", "status"),
    Column("start_date", "datetime", "start_date (UTC)"),
    Column("end_date", "datetime", "end_date (UTC)"),
    Column("created_at", "datetime", "created_at (UTC)"),
    Column("expiration_policy", "integer", "expiration_policy (0: resources deleted at expiry, 1: kept)"),
)
_DISCOUNT_COLUMNS: tuple[Column, ...] = (
    Column("discount_id", "integer", "discounts[].id"),
    Column("resource_id", "integer", "discounts[].resource_id"),
    Column("resource_name", "string", "discounts[].resource_name (a flavor, e.g. n3-H100x8)"),
    Column("discount_code", "string", "discounts[].discount_code"),
    Column("discount_type", "string", "discounts[].discount_type (percent or flat)"),
    Column("discount_percent", "decimal", "discounts[].discount_percent"),
    Column("discount_amount", "decimal", "discounts[].discount_amount"),
    Column("discount_status", "string", "discounts[].discount_status"),
    Column("resource_count", "integer", "discounts[].resource_count"),
    Column("remaining_count", "integer", "discounts[].remaining_count"),
)
_DOCUMENTED_COLUMNS = _CONTRACT_COLUMNS + _DISCOUNT_COLUMNS

# The schemas flattened, outermost first, and the properties the documented columns above read.
LEVELS: tuple[DocumentLevel, ...] = (
    DocumentLevel(
        "CustomerContractFields",
        "contract_",
        frozenset(
            {
                "id",
                "org_id",
                "description",
                "status",
                "start_date",
                "end_date",
                "created_at",
                "expiration_policy",
            }
        ),
    ),
    DocumentLevel(
        "ContractDiscountPlanFields",
        "discount_",
        frozenset(
            {
                "id",
                "resource_id",
                "resource_name",
                "discount_code",
                "discount_type",
                "discount_percent",
                "discount_amount",
                "discount_status",
                "resource_count",
                "remaining_count",
            }
        ),
    ),
)
# Hyperstack's zone-less date-time is a named string schema rather than ``format: date-time``.
DATETIME_SCHEMAS = frozenset({"HyperstackDateTime"})


def _build_fields(document: Mapping[str, Any]) -> tuple[tuple[DocumentField, ...], tuple[DocumentField, ...]]:
    taken = [column.name for column in _DOCUMENTED_COLUMNS]
    contract = document_fields(document, LEVELS[0], taken, DATETIME_SCHEMAS)
    taken.extend(column.name for field in contract for column in field.columns)
    return contract, document_fields(document, LEVELS[1], taken, DATETIME_SCHEMAS)


@functools.cache
def _shipped_fields() -> tuple[tuple[DocumentField, ...], tuple[DocumentField, ...]]:
    return _build_fields(openapi_document("hyperstack"))


def _fields(
    document: Mapping[str, Any] | None,
) -> tuple[tuple[DocumentField, ...], tuple[DocumentField, ...]]:
    return _shipped_fields() if document is None else _build_fields(document)


def _field_columns(fields: Iterable[DocumentField]) -> tuple[Column, ...]:
    return tuple(column for field in fields for column in field.columns)


def hyperstack_contract_columns(document: Mapping[str, Any] | None = None) -> tuple[Column, ...]:
    """The flat contract row's columns: the documented ones, then the document's other scalar properties.

    ``document`` is a parsed ``hyperstack`` OpenAPI document; by default the one shipped with the package
    (the one the generated models come from).
    """
    contract, discount = _fields(document)
    return _DOCUMENTED_COLUMNS + _field_columns(contract + discount)


HYPERSTACK_CONTRACT_COLUMNS: tuple[Column, ...] = hyperstack_contract_columns()
"""The flat Hyperstack contract row, in order (``docs/cli.md`` lists the documented columns)."""

HYPERSTACK_CONTRACT_TABLE_COLUMNS: tuple[str, ...] = (
    "contract_id",
    "status",
    "start_date",
    "end_date",
    "description",
    "resource_name",
    "discount_type",
    "discount_percent",
    "discount_amount",
    "resource_count",
    "remaining_count",
)
"""What ``--output table`` shows of each row."""

GPU_GRAPH_COLUMNS: tuple[Column, ...] = (
    Column("contract_id", "string", "contract.id (a string in this response)"),
    Column("bucket_start", "datetime", "allocated_gpu_count_graph[].datetime (UTC)"),
    Column("bucket_end", "datetime", "bucket_start + granularity"),
    Column("allocated_gpus", "integer", "allocated_gpu_count_graph[].value"),
    Column("total_gpu_allocation", "integer", "contract.total_gpu_allocation"),
    Column("granularity_seconds", "integer", "contract.granularity"),
)
"""One row per GPU allocation graph bucket."""


def _contract_fields(contract: CustomerContractFields) -> Row:
    where = f"Hyperstack contract {contract.id if isinstance(contract.id, int) else '?'}"
    return {
        "contract_id": integer(contract.id, where, "id"),
        "org_id": integer(contract.org_id, where, "org_id"),
        "description": text(contract.description, where, "description"),
        "status": text(contract.status, where, "status"),
        "start_date": utc_datetime(contract.start_date, where, "start_date"),
        "end_date": utc_datetime(contract.end_date, where, "end_date"),
        "created_at": utc_datetime(contract.created_at, where, "created_at"),
        "expiration_policy": integer(contract.expiration_policy, where, "expiration_policy"),
    }


def _discount_fields(discount: ContractDiscountPlanFields, where: str) -> Row:
    where = f"{where}, discount {discount.id if isinstance(discount.id, int) else '?'}"
    return {
        "discount_id": integer(discount.id, where, "id"),
        "resource_id": integer(discount.resource_id, where, "resource_id"),
        "resource_name": text(discount.resource_name, where, "resource_name"),
        "discount_code": text(discount.discount_code, where, "discount_code"),
        "discount_type": text(discount.discount_type, where, "discount_type"),
        "discount_percent": number(discount.discount_percent, where, "discount_percent"),
        "discount_amount": number(discount.discount_amount, where, "discount_amount"),
        "discount_status": text(discount.discount_status, where, "discount_status"),
        "resource_count": integer(discount.resource_count, where, "resource_count"),
        "remaining_count": integer(discount.remaining_count, where, "remaining_count"),
    }


def hyperstack_contract_rows(
    contracts: Iterable[CustomerContractFields], document: Mapping[str, Any] | None = None
) -> Iterator[Row]:
    """One row per contract x discount plan (one row for a contract without plans), in the API's order.

    Each row has the columns of :func:`hyperstack_contract_columns` for the same ``document``, in order.
    """
    contract_fields, discount_fields = _fields(document)
    no_discount = {column.name: None for column in _DISCOUNT_COLUMNS}
    no_discount_extra = {column.name: None for column in _field_columns(discount_fields)}
    for contract in contracts:
        head = _contract_fields(contract)
        where = f"Hyperstack contract {head['contract_id']}"
        head_extra = read_document_fields(contract, contract_fields, where, utc_datetime)
        discounts = contract.discounts if isinstance(contract.discounts, list) else []
        if not discounts:
            yield {**head, **no_discount, **head_extra, **no_discount_extra}
            continue
        for discount in discounts:
            discount_where = f"{where}, discount {discount.id if isinstance(discount.id, int) else '?'}"
            yield {
                **head,
                **_discount_fields(discount, where),
                **head_extra,
                **read_document_fields(discount, discount_fields, discount_where, utc_datetime),
            }


def gpu_graph_rows(contract: Contract) -> Iterator[Row]:
    """One row per bucket of a GPU allocation graph, oldest first."""
    where = f"GPU graph of contract {contract.id if isinstance(contract.id, str) else '?'}"
    granularity = integer(contract.granularity, where, "granularity")
    total = integer(contract.total_gpu_allocation, where, "total_gpu_allocation")
    contract_id = text(contract.id, where, "id")
    try:
        points = graph_points(contract)
    except ValueError as exc:  # a bucket time that does not parse, a count that is not whole
        raise ResponseDecodeError(f"{where}: {exc}") from None
    step = timedelta(seconds=granularity) if granularity and granularity > 0 else None
    for when, value in points:
        yield {
            "contract_id": contract_id,
            "bucket_start": when,
            "bucket_end": when + step if step is not None else None,
            "allocated_gpus": value,
            "total_gpu_allocation": total,
            "granularity_seconds": granularity,
        }
