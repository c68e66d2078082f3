"""NCP money as flat rows: contract demand costs and monthly invoices, one row per item.

Columns come from the OpenAPI document, in its order (``ContractDemandCost`` and ``DemandCost``), so a
field added to the document becomes a column with no code change: a string or number is one column
(``snake_case``), a code object two (``*_code``, ``*_name``), an NCP date-time one ``datetime`` column
(``+09:00`` kept), a boolean the text ``true``/``false``. The nested ``contract`` of a cost row gives the
contract's and billed product's identity (``contract_no``, ``contract_type_code``, ``instance_name``,
``contract_product_sequence``, ``product_code``, ``price_no``, ``instance_no``): the fields needed to join
a cost row with the usage rows of :mod:`.ncp_rows`.

:func:`ncp_contract_cost_rows` and :func:`ncp_invoice_rows` are generators over the client's iterators
(``billing.iter_contract_demand_costs(...)``, ``billing.iter_demand_costs(...)``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cloudcontracts.core.operations import python_name
from cloudcontracts.exports.columns import Column, ColumnKind, Row
from cloudcontracts.exports.values import ncp_datetime, number, text
from cloudcontracts.specs import openapi_document, schema_ref_name

__all__ = [
    "NCP_CONTRACT_COST_COLUMNS",
    "NCP_CONTRACT_COST_TABLE_COLUMNS",
    "NCP_INVOICE_COLUMNS",
    "NCP_INVOICE_TABLE_COLUMNS",
    "ncp_contract_cost_rows",
    "ncp_invoice_rows",
]

# (column, Contract property, ContractProduct property): what a cost row's nested contract contributes.
_CONTRACT_FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("contract_no", "contractNo", None),
    ("contract_login_id", "loginId", None),
    ("contract_type_code", "contractType", "code"),
    ("contract_type_name", "contractType", "codeName"),
    ("instance_name", "instanceName", None),
)
_PRODUCT_FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("contract_product_sequence", "contractProductSequence", None),
    ("product_code", "productCode", None),
    ("price_no", "priceNo", None),
    ("instance_no", "instanceNo", None),
    ("product_item_kind_name", "productItemKind", "codeName"),
)

_Reader = tuple[str, str, ColumnKind, str | None]  # column, property, kind, code part


def _readers(schema_name: str) -> tuple[_Reader, ...]:
    document = openapi_document("ncloud-billing")
    schemas = document["components"]["schemas"]
    readers: list[_Reader] = []
    for name, node in (schemas[schema_name].get("properties") or {}).items():
        snake = python_name(name)
        ref = schema_ref_name(schemas, node["$ref"]) if "$ref" in node else None
        if ref == "CommonCode":
            readers += [
                (f"{snake}_code", name, "string", "code"),
                (f"{snake}_name", name, "string", "codeName"),
            ]
        elif ref == "NcpDateTime":
            readers.append((snake, name, "datetime", None))
        elif ref is not None:
            continue  # the nested contract: its identity columns are fixed above
        elif node.get("type") in ("number", "integer"):
            readers.append((snake, name, "decimal" if node.get("type") == "number" else "integer", None))
        else:
            readers.append((snake, name, "string", None))
    return tuple(readers)


def _columns(readers: tuple[_Reader, ...], *, contract: bool) -> tuple[Column, ...]:
    columns = [
        Column(column, kind, f"{name}.{part}" if part else name) for column, name, kind, part in readers
    ]
    if contract:
        head = [
            Column(c, "string", f"contract.{p}.{q}" if q else f"contract.{p}") for c, p, q in _CONTRACT_FIELDS
        ]
        product = [
            Column(c, "string", f"contract.contractProductList[0].{p}" + (f".{q}" if q else ""))
            for c, p, q in _PRODUCT_FIELDS
        ]
        at = next(i for i, column in enumerate(columns) if column.name == "demand_type_detail_name") + 1
        columns[at:at] = head + product
    return tuple(columns)


@functools.cache
def _cost_readers() -> tuple[_Reader, ...]:
    return _readers("ContractDemandCost")


@functools.cache
def _invoice_readers() -> tuple[_Reader, ...]:
    return _readers("DemandCost")


NCP_CONTRACT_COST_COLUMNS: tuple[Column, ...] = _columns(_cost_readers(), contract=True)
NCP_INVOICE_COLUMNS: tuple[Column, ...] = _columns(_invoice_readers(), contract=False)
NCP_CONTRACT_COST_TABLE_COLUMNS: tuple[str, ...] = tuple(
    c.name
    for c in NCP_CONTRACT_COST_COLUMNS
    if c.name
    in {"member_no", "demand_month", "contract_no", "product_code", "total_unit_usage_quantity", "use_amount",
        "demand_amount", "pay_currency_code", "write_date"}
)  # fmt: skip
NCP_INVOICE_TABLE_COLUMNS: tuple[str, ...] = tuple(
    c.name
    for c in NCP_INVOICE_COLUMNS
    if c.name
    in {"member_no", "demand_month", "demand_no", "use_amount", "this_month_demand_amount",
        "this_month_vat_amount", "this_month_amount_including_vat", "is_paid_up", "pay_currency_code",
        "write_date"}
)  # fmt: skip


def _value(raw: Any, kind: ColumnKind, part: str | None, where: str, field: str) -> Any:
    if part is not None:
        return text(raw.get(part), where, f"{field}.{part}") if isinstance(raw, Mapping) else None
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) and kind == "string":
        return "true" if raw else "false"
    readers = {"datetime": ncp_datetime, "decimal": number, "integer": number}
    return readers.get(kind, text)(raw, where, field)


def _flat(item: Any, readers: tuple[_Reader, ...], where: str) -> Row:
    body = item.to_dict() if hasattr(item, "to_dict") else dict(item)
    return {column: _value(body.get(name), kind, part, where, name) for column, name, kind, part in readers}


def _contract_part(body: Mapping[str, Any], where: str) -> Row:
    contract = body.get("contract") or {}
    products = contract.get("contractProductList") or [{}]
    product = products[0] if isinstance(products[0], Mapping) else {}
    row: Row = {}
    for fields, source in ((_CONTRACT_FIELDS, contract), (_PRODUCT_FIELDS, product)):
        for column, name, part in fields:
            raw = source.get(name)
            row[column] = _value(raw, "string", part, where, name)
    return row


def ncp_contract_cost_rows(costs: Iterable[Any]) -> Iterator[Row]:
    """One row per ``ContractDemandCost`` (generated model or JSON-form dict), in the columns above."""
    readers = _cost_readers()
    for item in costs:
        body = item.to_dict() if hasattr(item, "to_dict") else dict(item)
        where = f"NCP contract cost {body.get('demandMonth', '?')}"
        row = _flat(body, readers, where)
        row.update(_contract_part(body, where))
        yield {column.name: row.get(column.name) for column in NCP_CONTRACT_COST_COLUMNS}


def ncp_invoice_rows(invoices: Iterable[Any]) -> Iterator[Row]:
    """One row per ``DemandCost`` (the monthly invoice of one member)."""
    readers = _invoice_readers()
    for item in invoices:
        body = item.to_dict() if hasattr(item, "to_dict") else dict(item)
        yield _flat(body, readers, f"NCP invoice {body.get('demandNo', '?')}")
