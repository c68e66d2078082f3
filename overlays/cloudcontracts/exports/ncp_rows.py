"""NCP contract usage as flat rows: one row per contract x product x usage.

The nested ``getContractUsageList`` answer (contract → ``contractProductList`` → ``usageList``) is
flattened so that each row carries its contract's and product's fields beside one usage record. Code
objects give two columns side by side, ``*_code`` and ``*_name`` (``code`` and ``codeName``). Dates keep
NCP's ``+09:00`` offset (ISO 8601 with a colon, unlike the API's ``+0900``); quantities stay numbers.
A contract without products, or a product without usage records, still gives one row, with the missing
part empty, so that no contract disappears from an export.

After the documented columns come the properties of ``Contract``, ``ContractProduct`` and ``Usage`` in
the OpenAPI document that no documented column reads, in the document's order
(:mod:`.document_fields`): a property added to the document becomes a column with no code change.
Today there are none. :func:`ncp_usage_columns` gives the columns for a document (the shipped one by
default; :data:`NCP_USAGE_COLUMNS` is that), and :func:`ncp_usage_rows` takes the same document.

:func:`ncp_usage_rows` is a generator over a contract iterator: with
``billing.iter_contract_usage(...)`` it yields rows as pages arrive, holding one contract at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.document_fields import (
    DocumentField,
    DocumentLevel,
    document_fields,
    read_document_fields,
)
from cloudcontracts.exports.values import code_parts, integer, ncp_datetime, number, text
from cloudcontracts.specs import openapi_document
from ncloud_billing_client.models import Contract, ContractProduct, Usage

__all__ = ["NCP_USAGE_COLUMNS", "NCP_USAGE_TABLE_COLUMNS", "ncp_usage_columns", "ncp_usage_rows"]

_CONTRACT_COLUMNS: tuple[Column, ...] = (
    Column("member_no", "string", "memberNo (absent on older accounts, which send loginId)"),
    Column("login_id", "string", "loginId (older accounts only; undocumented)"),
    Column("contract_no", "string", "contractNo"),
    Column("conjunction_contract_no", "string", "conjunctionContractNo"),
    Column("contract_type_code", "string", "contractType.code"),
    Column("contract_type_name", "string", "contractType.codeName"),
    Column("contract_status_code", "string", "contractStatus.code"),
    Column("contract_status_name", "string", "contractStatus.codeName"),
    Column("contract_start_date", "datetime", "contractStartDate"),
    Column("contract_end_date", "datetime", "contractEndDate (2999-12-31T23:59:59+09:00: open-ended)"),
    Column("instance_name", "string", "instanceName"),
    Column("region_code", "string", "regionCode"),
    Column("platform_type_code", "string", "platformType.code"),
    Column("platform_type_name", "string", "platformType.codeName"),
)
_PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column("contract_product_sequence", "string", "contractProductSequence"),
    Column("before_contract_product_sequence", "string", "beforeContractProductSequence"),
    Column("product_code", "string", "productCode"),
    Column("price_no", "string", "priceNo"),
    Column("promise_no", "string", "promiseNo"),
    Column("instance_no", "string", "instanceNo"),
    Column("product_item_kind_code", "string", "productItemKind.code"),
    Column("product_item_kind_name", "string", "productItemKind.codeName"),
    Column("product_rating_type_code", "string", "productRatingType.code"),
    Column("product_rating_type_name", "string", "productRatingType.codeName"),
    Column("service_status_code", "string", "serviceStatus.code"),
    Column("service_status_name", "string", "serviceStatus.codeName"),
    Column("service_start_date", "datetime", "serviceStartDate"),
    Column("service_end_date", "datetime", "serviceEndDate"),
    Column("product_size", "integer", "productSize (bytes for storage; can exceed 32 bits)"),
    Column("product_size_type_code", "string", "productSizeType.code (undocumented)"),
    Column("product_size_type_name", "string", "productSizeType.codeName (undocumented)"),
    Column("product_count", "integer", "productCount"),
)
_USAGE_COLUMNS: tuple[Column, ...] = (
    Column("metering_type_code", "string", "meteringType.code"),
    Column("metering_type_name", "string", "meteringType.codeName"),
    Column("use_month", "string", "useMonth, yyyyMM (NCP sends an empty string now and then)"),
    Column("usage_quantity", "decimal", "usageQuantity, in unit"),
    Column("unit_code", "string", "unit.code"),
    Column("unit_name", "string", "unit.codeName"),
    Column("user_usage_quantity", "decimal", "userUsageQuantity, in user_unit (undocumented)"),
    Column("user_unit_code", "string", "userUnit.code (undocumented)"),
    Column("user_unit_name", "string", "userUnit.codeName (undocumented)"),
)
_DOCUMENTED_COLUMNS = _CONTRACT_COLUMNS + _PRODUCT_COLUMNS + _USAGE_COLUMNS

# The schemas flattened, outermost first, and the properties the documented columns above read.
LEVELS: tuple[DocumentLevel, ...] = (
    DocumentLevel(
        "Contract",
        "contract_",
        frozenset(
            {
                "memberNo",
                "loginId",
                "contractNo",
                "conjunctionContractNo",
                "contractType",
                "contractStatus",
                "contractStartDate",
                "contractEndDate",
                "instanceName",
                "regionCode",
                "platformType",
            }
        ),
    ),
    DocumentLevel(
        "ContractProduct",
        "product_",
        frozenset(
            {
                "contractProductSequence",
                "beforeContractProductSequence",
                "productCode",
                "priceNo",
                "promiseNo",
                "instanceNo",
                "productItemKind",
                "productRatingType",
                "serviceStatus",
                "serviceStartDate",
                "serviceEndDate",
                "productSize",
                "productSizeType",
                "productCount",
            }
        ),
    ),
    DocumentLevel(
        "Usage",
        "usage_",
        frozenset({"meteringType", "useMonth", "usageQuantity", "unit", "userUsageQuantity", "userUnit"}),
    ),
)
# NCP's date-time (``+0900``) is a named string schema rather than ``format: date-time``.
DATETIME_SCHEMAS = frozenset({"NcpDateTime"})


@dataclass(frozen=True)
class _Layout:
    """The columns of one document's flat usage row, and the fields read beyond the documented ones."""

    contract: tuple[DocumentField, ...]
    product: tuple[DocumentField, ...]
    usage: tuple[DocumentField, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        extra = self.contract + self.product + self.usage
        return _DOCUMENTED_COLUMNS + tuple(column for field in extra for column in field.columns)


def _build_layout(document: Mapping[str, Any]) -> _Layout:
    taken = [column.name for column in _DOCUMENTED_COLUMNS]
    per_level: list[tuple[DocumentField, ...]] = []
    for level in LEVELS:
        fields = document_fields(document, level, taken, DATETIME_SCHEMAS)
        taken.extend(column.name for field in fields for column in field.columns)
        per_level.append(fields)
    contract, product, usage = per_level
    return _Layout(contract, product, usage)


@functools.cache
def _shipped_layout() -> _Layout:
    return _build_layout(openapi_document("ncloud-billing"))


def _layout(document: Mapping[str, Any] | None) -> _Layout:
    return _shipped_layout() if document is None else _build_layout(document)


def ncp_usage_columns(document: Mapping[str, Any] | None = None) -> tuple[Column, ...]:
    """The flat usage row's columns: the documented ones, then the document's other scalar properties.

    ``document`` is a parsed ``ncloud-billing`` OpenAPI document; by default the one shipped with the
    package (the one the generated models come from).
    """
    return _layout(document).columns


NCP_USAGE_COLUMNS: tuple[Column, ...] = ncp_usage_columns()
"""The flat NCP usage row, in order (``docs/cli.md`` lists the documented columns)."""

NCP_USAGE_TABLE_COLUMNS: tuple[str, ...] = (
    "contract_no",
    "member_no",
    "contract_type_code",
    "region_code",
    "product_code",
    "instance_no",
    "use_month",
    "metering_type_code",
    "usage_quantity",
    "unit_code",
)
"""What ``--output table`` shows of each row (every other format has every column)."""


def _contract_fields(contract: Contract) -> Row:
    where = f"NCP contract {contract.contract_no if isinstance(contract.contract_no, str) else '?'}"
    type_code, type_name = code_parts(contract.contract_type, where, "contractType")
    status_code, status_name = code_parts(contract.contract_status, where, "contractStatus")
    platform_code, platform_name = code_parts(contract.platform_type, where, "platformType")
    return {
        "member_no": text(contract.member_no, where, "memberNo"),
        "login_id": text(contract.login_id, where, "loginId"),
        "contract_no": text(contract.contract_no, where, "contractNo"),
        "conjunction_contract_no": text(contract.conjunction_contract_no, where, "conjunctionContractNo"),
        "contract_type_code": type_code,
        "contract_type_name": type_name,
        "contract_status_code": status_code,
        "contract_status_name": status_name,
        "contract_start_date": ncp_datetime(contract.contract_start_date, where, "contractStartDate"),
        "contract_end_date": ncp_datetime(contract.contract_end_date, where, "contractEndDate"),
        "instance_name": text(contract.instance_name, where, "instanceName"),
        "region_code": text(contract.region_code, where, "regionCode"),
        "platform_type_code": platform_code,
        "platform_type_name": platform_name,
    }


def _product_fields(product: ContractProduct, where: str) -> Row:
    where = f"{where}, product {product.contract_product_sequence or '?'}"
    kind_code, kind_name = code_parts(product.product_item_kind, where, "productItemKind")
    rating_code, rating_name = code_parts(product.product_rating_type, where, "productRatingType")
    status_code, status_name = code_parts(product.service_status, where, "serviceStatus")
    size_code, size_name = code_parts(product.product_size_type, where, "productSizeType")
    return {
        "contract_product_sequence": text(
            product.contract_product_sequence, where, "contractProductSequence"
        ),
        "before_contract_product_sequence": text(
            product.before_contract_product_sequence, where, "beforeContractProductSequence"
        ),
        "product_code": text(product.product_code, where, "productCode"),
        "price_no": text(product.price_no, where, "priceNo"),
        "promise_no": text(product.promise_no, where, "promiseNo"),
        "instance_no": text(product.instance_no, where, "instanceNo"),
        "product_item_kind_code": kind_code,
        "product_item_kind_name": kind_name,
        "product_rating_type_code": rating_code,
        "product_rating_type_name": rating_name,
        "service_status_code": status_code,
        "service_status_name": status_name,
        "service_start_date": ncp_datetime(product.service_start_date, where, "serviceStartDate"),
        "service_end_date": ncp_datetime(product.service_end_date, where, "serviceEndDate"),
        "product_size": integer(product.product_size, where, "productSize"),
        "product_size_type_code": size_code,
        "product_size_type_name": size_name,
        "product_count": integer(product.product_count, where, "productCount"),
    }


def _usage_fields(usage: Usage, where: str) -> Row:
    metering_code, metering_name = code_parts(usage.metering_type, where, "meteringType")
    unit_code, unit_name = code_parts(usage.unit, where, "unit")
    user_unit_code, user_unit_name = code_parts(usage.user_unit, where, "userUnit")
    return {
        "metering_type_code": metering_code,
        "metering_type_name": metering_name,
        "use_month": text(usage.use_month, where, "useMonth"),
        "usage_quantity": number(usage.usage_quantity, where, "usageQuantity"),
        "unit_code": unit_code,
        "unit_name": unit_name,
        "user_usage_quantity": number(usage.user_usage_quantity, where, "userUsageQuantity"),
        "user_unit_code": user_unit_code,
        "user_unit_name": user_unit_name,
    }


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _empty(columns: Iterable[Column]) -> Row:
    return {column.name: None for column in columns}


def _field_columns(fields: Iterable[DocumentField]) -> list[Column]:
    return [column for field in fields for column in field.columns]


def ncp_usage_rows(contracts: Iterable[Contract], document: Mapping[str, Any] | None = None) -> Iterator[Row]:
    """One row per contract x product x usage record, in the API's order (see the module docstring).

    Each row has the columns of :func:`ncp_usage_columns` for the same ``document``, in that order.
    """
    layout = _layout(document)
    no_product = _empty(_PRODUCT_COLUMNS + _USAGE_COLUMNS)
    no_usage = _empty(_USAGE_COLUMNS)
    no_product_extra = _empty(_field_columns(layout.product + layout.usage))
    no_usage_extra = _empty(_field_columns(layout.usage))
    for contract in contracts:
        head = _contract_fields(contract)
        where = f"NCP contract {head['contract_no'] or '?'}"
        head_extra = read_document_fields(contract, layout.contract, where, ncp_datetime)
        products = _items(contract.contract_product_list)
        if not products:
            yield {**head, **no_product, **head_extra, **no_product_extra}
            continue
        for product in products:
            middle = _product_fields(product, where)
            product_where = f"{where}, product {product.contract_product_sequence or '?'}"
            middle_extra = read_document_fields(product, layout.product, product_where, ncp_datetime)
            usages = _items(product.usage_list)
            if not usages:
                yield {**head, **middle, **no_usage, **head_extra, **middle_extra, **no_usage_extra}
                continue
            for usage in usages:
                usage_extra = read_document_fields(usage, layout.usage, product_where, ncp_datetime)
                yield {
                    **head,
                    **middle,
                    **_usage_fields(usage, where),
                    **head_extra,
                    **middle_extra,
                    **usage_extra,
                }
