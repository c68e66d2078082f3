"""The flat exports follow the OpenAPI documents: a property added to a document becomes a column after the
documented ones, in the document's order, with the value of a record that carries it, and no code change.

The documents are changed in memory (a deep copy of the shipped one), never on disk; the records are
built by the generated models' ``from_dict`` from dicts carrying the new fields, as a page from an API
that is ahead of the generated code would be.
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from openapi_python_client.utils import snake_case as generator_snake_case

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports import (
    HYPERSTACK_CONTRACT_COLUMNS,
    NCP_USAGE_COLUMNS,
    Column,
    hyperstack_contract_columns,
    hyperstack_contract_rows,
    hyperstack_rows,
    ncp_rows,
    ncp_usage_columns,
    ncp_usage_rows,
    write_rows,
)
from cloudcontracts.exports.document_fields import DocumentLevel, document_fields, snake_case
from cloudcontracts.specs import DOCUMENT_NAMES, openapi_document
from hyperstack_client.models import CustomerContractFields
from ncloud_billing_client.models import Contract as NcpContract

KST = timezone(timedelta(hours=9))
EXPORTS = [
    pytest.param(ncp_rows, "ncloud-billing", id="ncp"),
    pytest.param(hyperstack_rows, "hyperstack", id="hyperstack"),
]


def document_copy(name: str) -> dict[str, Any]:
    return copy.deepcopy(dict(openapi_document(name)))


def insert_property(document: dict[str, Any], schema: str, name: str, spec: dict[str, Any], at: int) -> None:
    """Add ``name`` to ``schema``'s properties at position ``at`` (document order is the dict's order)."""
    properties = list(document["components"]["schemas"][schema]["properties"].items())
    properties.insert(at, (name, spec))
    document["components"]["schemas"][schema]["properties"] = dict(properties)


def names(columns: tuple[Column, ...]) -> list[str]:
    return [column.name for column in columns]


# --- what the shipped documents give ---------------------------------------------------------------------


@pytest.mark.parametrize(("module", "document"), EXPORTS)
def test_every_property_a_documented_column_reads_is_in_the_document(module: Any, document: str) -> None:
    schemas = openapi_document(document)["components"]["schemas"]
    for level in module.LEVELS:
        assert level.read_by_columns <= set(schemas[level.schema]["properties"]), level.schema


@pytest.mark.parametrize(("module", "document"), EXPORTS)
def test_shipped_columns_are_the_documented_ones_then_the_documents_other_scalars(
    module: Any, document: str
) -> None:
    parsed = openapi_document(document)
    taken = names(module._DOCUMENTED_COLUMNS)
    extra: list[Column] = []
    for level in module.LEVELS:
        fields = document_fields(parsed, level, taken, module.DATETIME_SCHEMAS)
        extra.extend(column for field in fields for column in field.columns)
        taken.extend(column.name for field in fields for column in field.columns)
    expected = module._DOCUMENTED_COLUMNS + tuple(extra)
    exported = NCP_USAGE_COLUMNS if document == "ncloud-billing" else HYPERSTACK_CONTRACT_COLUMNS
    assert exported == expected
    assert len(set(names(exported))) == len(exported)


@pytest.mark.parametrize("document", DOCUMENT_NAMES)
def test_column_names_split_words_as_the_generator_names_attributes(document: str) -> None:
    schemas = openapi_document(document)["components"]["schemas"]
    properties = {name for schema in schemas.values() for name in (schema.get("properties") or {})}
    assert len(properties) > 10
    for name in [*sorted(properties), "HTTPStatus", "gpu2Count", "x-ncp-tag", "a.b", "ID", "userUUIDList"]:
        assert snake_case(name) == generator_snake_case(name), name


# --- NCP: fields added to the document -------------------------------------------------------------------


def ncp_document_with_new_fields() -> dict[str, Any]:
    document = document_copy("ncloud-billing")
    insert_property(
        document,
        "Contract",
        "billingGroup",
        {"type": "string", "description": "Added in a newer API version."},
        at=0,
    )
    insert_property(document, "Contract", "isShared", {"type": "boolean"}, at=3)
    insert_property(
        document, "ContractProduct", "chargeType", {"$ref": "#/components/schemas/CommonCode"}, at=2
    )
    insert_property(document, "ContractProduct", "reservedCount", {"type": "integer"}, at=5)
    insert_property(document, "Usage", "meteredAt", {"$ref": "#/components/schemas/NcpDateTime"}, at=1)
    insert_property(document, "Usage", "discountRate", {"type": "number"}, at=4)
    insert_property(document, "Usage", "tags", {"type": "array", "items": {"type": "string"}}, at=0)
    return document


def test_ncp_document_fields_become_columns_after_the_documented_ones_in_document_order() -> None:
    document = ncp_document_with_new_fields()
    columns = ncp_usage_columns(document)
    assert columns[: len(NCP_USAGE_COLUMNS)] == NCP_USAGE_COLUMNS
    got = columns[len(NCP_USAGE_COLUMNS) :]
    assert [(c.name, c.kind) for c in got] == [
        ("billing_group", "string"),
        ("is_shared", "string"),
        ("charge_type_code", "string"),
        ("charge_type_name", "string"),
        ("reserved_count", "integer"),
        ("metered_at", "datetime"),
        ("discount_rate", "decimal"),
    ]
    assert got[0].description == "billingGroup (Added in a newer API version.)"
    assert [c.description for c in got[2:4]] == ["chargeType.code", "chargeType.codeName"]


def test_a_new_ncp_field_whose_name_is_taken_gets_its_levels_prefix() -> None:
    document = document_copy("ncloud-billing")
    # Usage gains "productCode" (a ContractProduct column's name) and Contract a second "regionCode".
    insert_property(document, "Usage", "productCode", {"type": "string"}, at=0)
    insert_property(document, "Contract", "region_code", {"type": "string"}, at=0)
    extra = names(ncp_usage_columns(document))[len(NCP_USAGE_COLUMNS) :]
    assert extra == ["contract_region_code", "usage_product_code"]


def test_a_name_taken_even_with_the_prefix_is_refused() -> None:
    document = document_copy("hyperstack")
    # discount "status" is taken by the contract's column, and "discount_status" by a documented one.
    insert_property(document, "ContractDiscountPlanFields", "status", {"type": "string"}, at=0)
    with pytest.raises(
        ValueError, match=r"ContractDiscountPlanFields\.status: column name 'discount_status'"
    ):
        hyperstack_contract_columns(document)


def ncp_record(**extra: dict[str, Any]) -> NcpContract:
    usage = {
        "meteringType": {"code": "USAGE_SEC", "codeName": "Usage"},
        "useMonth": "202402",
        **extra["usage"],
    }
    product = {"contractProductSequence": "1", "productCode": "SVR", "usageList": [usage], **extra["product"]}
    contract = {"contractNo": "9200664", "contractProductList": [product], **extra["contract"]}
    return NcpContract.from_dict(contract)


def test_ncp_rows_carry_the_new_fields_values() -> None:
    document = ncp_document_with_new_fields()
    record = ncp_record(
        contract={"billingGroup": "finance", "isShared": True},
        product={"chargeType": {"code": "MTRD", "codeName": "Metered"}, "reservedCount": 7},
        usage={"meteredAt": "2024-02-29T23:59:59+0900", "discountRate": 0.125, "tags": ["a"]},
    )
    # The generated model does not know these fields: they ride in additional_properties.
    assert record.additional_properties == {"billingGroup": "finance", "isShared": True}
    (row,) = ncp_usage_rows([record], document)
    assert list(row) == names(ncp_usage_columns(document))
    assert {name: row[name] for name in names(ncp_usage_columns(document))[len(NCP_USAGE_COLUMNS) :]} == {
        "billing_group": "finance",
        "is_shared": "true",
        "charge_type_code": "MTRD",
        "charge_type_name": "Metered",
        "reserved_count": 7,
        "metered_at": datetime(2024, 2, 29, 23, 59, 59, tzinfo=KST),
        "discount_rate": 0.125,
    }
    # The documented columns are read as before.
    (plain,) = ncp_usage_rows([record])
    assert {name: row[name] for name in names(NCP_USAGE_COLUMNS)} == plain
    assert (plain["contract_no"], plain["product_code"], plain["use_month"]) == ("9200664", "SVR", "202402")


def test_ncp_records_without_the_new_fields_or_without_products_leave_them_empty() -> None:
    document = ncp_document_with_new_fields()
    new = names(ncp_usage_columns(document))[len(NCP_USAGE_COLUMNS) :]
    bare = ncp_record(contract={}, product={"chargeType": {}}, usage={"meteredAt": ""})
    no_products = NcpContract.from_dict({"contractNo": "1", "billingGroup": "ops"})
    rows = list(ncp_usage_rows([bare, no_products], document))
    assert [[row[name] for name in new] for row in rows] == [
        [None] * len(new),
        ["ops"] + [None] * (len(new) - 1),
    ]
    assert all(list(row) == names(ncp_usage_columns(document)) for row in rows)


def test_a_new_field_of_the_wrong_type_is_a_decode_error_naming_it() -> None:
    document = ncp_document_with_new_fields()
    record = ncp_record(contract={}, product={"reservedCount": "seven"}, usage={})
    with pytest.raises(
        ResponseDecodeError, match=r"NCP contract 9200664, product 1: reservedCount is not a whole"
    ):
        list(ncp_usage_rows([record], document))
    shared = ncp_record(contract={"isShared": "yes"}, product={}, usage={})
    with pytest.raises(ResponseDecodeError, match=r"NCP contract 9200664: isShared is not a boolean: 'yes'"):
        list(ncp_usage_rows([shared], document))


def test_the_new_columns_reach_a_csv_file() -> None:
    document = ncp_document_with_new_fields()
    record = ncp_record(contract={"billingGroup": "finance"}, product={}, usage={"discountRate": 1e-05})
    text = io.StringIO()
    columns = ncp_usage_columns(document)
    write_rows(ncp_usage_rows([record], document), columns, "csv", text)
    header, line = csv.reader(io.StringIO(text.getvalue()))
    assert header == names(columns)
    by_name = dict(zip(header, line, strict=True))
    assert (by_name["billing_group"], by_name["discount_rate"], by_name["is_shared"]) == (
        "finance",
        "0.00001",
        "",
    )


# --- Hyperstack: fields added to the document ------------------------------------------------------------


def hyperstack_document_with_new_fields() -> dict[str, Any]:
    document = document_copy("hyperstack")
    insert_property(document, "CustomerContractFields", "region", {"type": "string"}, at=9)
    insert_property(
        document, "CustomerContractFields", "renewed_at", {"type": "string", "format": "date-time"}, at=1
    )
    insert_property(document, "ContractDiscountPlanFields", "description", {"type": "string"}, at=0)
    insert_property(document, "ContractDiscountPlanFields", "unit_price", {"type": "number"}, at=3)
    insert_property(
        document,
        "ContractDiscountPlanFields",
        "period",
        {"$ref": "#/components/schemas/HyperstackDateTime"},
        at=4,
    )
    return document


def test_hyperstack_document_fields_become_columns_with_values() -> None:
    document = hyperstack_document_with_new_fields()
    columns = hyperstack_contract_columns(document)
    assert columns[: len(HYPERSTACK_CONTRACT_COLUMNS)] == HYPERSTACK_CONTRACT_COLUMNS
    assert [(c.name, c.kind) for c in columns[len(HYPERSTACK_CONTRACT_COLUMNS) :]] == [
        ("renewed_at", "datetime"),
        ("region", "string"),
        ("discount_description", "string"),  # "description" is the contract's documented column
        ("unit_price", "decimal"),
        ("period", "datetime"),
    ]
    record = CustomerContractFields.from_dict(
        {
            "id": 105,
            "region": "CANADA-1",
            "renewed_at": "2026-01-13T03:39:21",
            "discounts": [
                {"id": 1, "description": "first plan", "unit_price": 2, "period": "2026-02-01T00:00:00Z"},
                {"id": 2},
            ],
        }
    )
    rows = list(hyperstack_contract_rows([record], document))
    assert [list(row) for row in rows] == [names(columns)] * 2
    new = names(columns)[len(HYPERSTACK_CONTRACT_COLUMNS) :]
    renewed = datetime(2026, 1, 13, 3, 39, 21, tzinfo=UTC)
    assert [[row[name] for name in new] for row in rows] == [
        [renewed, "CANADA-1", "first plan", 2, datetime(2026, 2, 1, tzinfo=UTC)],
        [renewed, "CANADA-1", None, None, None],
    ]
    (no_plans,) = hyperstack_contract_rows(
        [CustomerContractFields.from_dict({"id": 7, "region": "x"})], document
    )
    assert [no_plans[name] for name in new] == [None, "x", None, None, None]


def test_without_a_document_the_shipped_one_is_used() -> None:
    record = CustomerContractFields.from_dict({"id": 105, "region": "ignored: not in the shipped document"})
    (row,) = hyperstack_contract_rows([record])
    assert list(row) == names(HYPERSTACK_CONTRACT_COLUMNS)
    assert "region" not in row


def test_levels_read_only_their_own_schema() -> None:
    level = DocumentLevel("Usage", "usage_", frozenset())
    document: Mapping[str, Any] = openapi_document("ncloud-billing")
    fields = document_fields(document, level, [], ncp_rows.DATETIME_SCHEMAS)
    usage = document["components"]["schemas"]["Usage"]["properties"]
    # With no documented column, every scalar property of Usage is a field (code objects as pairs).
    assert [field.property for field in fields] == [
        name for name, spec in usage.items() if "items" not in spec
    ]
