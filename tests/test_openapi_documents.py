"""The hand-maintained OpenAPI documents: valid, and saying everything the reference says.

What the reference says is checked as "at least": each documented operation, status, parameter and field
is there with its exact type, so a document that gains one (the providers add fields) still passes, and
the tests of the clients and exports read what is new from the document itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from cloudcontracts.specs import resolve, resolve_chain

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ["hyperstack.yaml", "ncloud-billing.yaml"]


def load(name: str) -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "openapi" / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def assert_includes(got: Mapping[Any, object], expected: Mapping[Any, object], where: str) -> None:
    """Every expected key is in ``got`` with the expected value; ``got`` may have more."""
    assert {key: got.get(key, "<missing>") for key in expected} == expected, where


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_is_valid_openapi(name: str) -> None:
    validate(load(name))


def test_hyperstack_operations_security_and_server() -> None:
    doc = load("hyperstack.yaml")
    assert doc["servers"] == [
        {
            "url": "https://infrahub-api.nexgencloud.com/v1",
            "description": "Hyperstack Infrahub API (the only server)",
        }
    ]
    assert doc["components"]["securitySchemes"]["apiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "api_key",
        "description": "The raw API key, sent as is (no `Bearer` or other prefix).",
    }
    ops = {
        (path, method): op["operationId"]
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    documented = {
        ("/pricebook/contracts", "get"): "list_contracts",
        ("/pricebook/contracts/{contract_id}", "get"): "get_contract",
        (
            "/pricebook/contracts/{contract_id}/gpu_allocation_graph",
            "get",
        ): "get_contract_gpu_allocation_graph",
    }
    assert_includes(ops, documented, "operations")
    assert len(set(ops.values())) == len(ops)  # operationIds name the generated functions: unique


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        ("/pricebook/contracts", {"400", "401", "405"}),
        ("/pricebook/contracts/{contract_id}", {"400", "401", "404", "405"}),
        ("/pricebook/contracts/{contract_id}/gpu_allocation_graph", {"400", "401", "404", "405"}),
    ],
)
def test_hyperstack_documented_errors_use_error_response_model(path: str, statuses: set[str]) -> None:
    doc = load("hyperstack.yaml")
    responses = doc["paths"][path]["get"]["responses"]
    assert set(responses) >= statuses | {"200", "500"}
    for status in statuses:
        response = resolve(doc, responses[status])
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorResponseModel"
        }
    assert "content" not in resolve(doc, responses["500"])  # documented without a schema


def test_hyperstack_schemas_have_every_documented_field_and_nothing_required() -> None:
    schemas = load("hyperstack.yaml")["components"]["schemas"]
    expected = {
        "ErrorResponseModel": {"status": "boolean", "message": "string", "error_reason": "string"},
        "GetCustomerContractsListResponseModel": {
            "status": "boolean",
            "message": "string",
            "contracts": "array",
            "count": "integer",
        },
        "CustomerContractDetailResponseModel": {
            "status": "boolean",
            "message": "string",
            "contracts": "$ref",
        },
        "ContractGPUAllocationGraphResponse": {"status": "boolean", "message": "string", "contract": "$ref"},
        "CustomerContractFields": {
            "id": "integer",
            "org_id": "integer",
            "description": "string",
            "status": "string",
            "start_date": "$ref",
            "end_date": "$ref",
            "created_at": "$ref",
            "expiration_policy": "integer",
            "discounts": "array",
        },
        "ContractDiscountPlanFields": {
            "id": "integer",
            "resource_id": "integer",
            "resource_name": "string",
            "discount_code": "string",
            "discount_type": "string",
            "discount_percent": "number",
            "discount_amount": "number",
            "discount_status": "string",
            "resource_count": "integer",
            "remaining_count": "integer",
        },
        "Contract": {
            "id": "string",
            "org_id": "integer",
            "status": "string",
            "granularity": "integer",
            "total_gpu_allocation": "integer",
            "allocated_gpu_count_graph": "array",
        },
        "AllocatedGPUCountGraph": {"datetime": "$ref", "value": "integer"},
    }
    for name, fields in expected.items():
        schema = schemas[name]
        assert "required" not in schema, name
        got = {
            prop: ("$ref" if "$ref" in spec else spec["type"]) for prop, spec in schema["properties"].items()
        }
        assert_includes(got, fields, name)
    assert schemas["CustomerContractDetailResponseModel"]["properties"]["contracts"] == {
        "$ref": "#/components/schemas/CustomerContractFields"
    }
    date_pattern = re.compile(schemas["HyperstackDateTime"]["pattern"])
    for value in ["2026-05-01T00:00:00", "2026-05-01T00:00:00Z", "2026-05-01T00:00:00.123+02:00"]:
        assert date_pattern.match(value)
    assert not date_pattern.match("2026-05-01 00:00:00")


def test_hyperstack_graph_dates_are_exact_pattern_strings() -> None:
    doc = load("hyperstack.yaml")
    params = doc["paths"]["/pricebook/contracts/{contract_id}/gpu_allocation_graph"]["get"]["parameters"]
    dates = {p["name"]: p["schema"] for p in params if "name" in p}
    for name in ("start_date", "end_date"):
        pattern = re.compile(dates[name]["pattern"])
        assert dates[name]["type"] == "string"
        assert pattern.match("2026-05-01T00:00:00")
        assert not pattern.match("2026-05-01T00:00:00Z")
        assert not pattern.match("2026-05-01T00:00:00.5")


NCP_PARAMETERS = {
    "pageNo": "integer",
    "pageSize": "integer",
    "isOrganization": "boolean",
    "isPartner": "boolean",
    "memberNoList": "array",
    "contractNo": "string",
    "startMonth": "string",
    "endMonth": "string",
    "contractTypeCode": "string",
    "contractStatusCode": "string",
    "regionCode": "string",
    "responseFormatType": "string",
}


def test_ncp_operation_has_every_documented_parameter() -> None:
    doc = load("ncloud-billing.yaml")
    op = doc["paths"]["/cost/getContractUsageList"]["get"]
    assert op["operationId"] == "getContractUsageList"
    params = {p["name"]: p for p in op["parameters"]}
    assert len(params) == len(op["parameters"])  # no name twice
    assert_includes(
        {name: resolve(doc, p["schema"])["type"] for name, p in params.items()}, NCP_PARAMETERS, ""
    )
    # The months are the only required parameters: one the API adds would have to be optional, or every
    # existing caller (and the overlay's own methods) would send invalid requests.
    assert {name for name, p in params.items() if p.get("required")} == {"startMonth", "endMonth"}
    month = re.compile(resolve(doc, params["startMonth"]["schema"])["pattern"])
    assert month.match("202402") and month.match("202412")
    assert not month.match("202413") and not month.match("2024-02") and not month.match("202400")
    assert params["pageSize"]["schema"]["maximum"] == 1000
    assert params["responseFormatType"]["schema"]["enum"] == ["xml", "json"]
    assert "enum" not in params["contractStatusCode"]["schema"]
    assert params["memberNoList"]["x-ncp-list-style"] == "indexed"


def test_ncp_servers_and_signing_headers() -> None:
    doc = load("ncloud-billing.yaml")
    assert [s["url"] for s in doc["servers"]] == [
        "https://billingapi.apigw.ntruss.com/billing/v1",
        "https://billingapi.apigw-pub.fin-ntruss.com/billing/v1",
        "https://billingapi.apigw.gov-ntruss.com/billing/v1",
    ]
    schemes = doc["components"]["securitySchemes"]
    assert {s["name"] for s in schemes.values() if s["in"] == "header"} == {
        "x-ncp-apigw-timestamp",
        "x-ncp-iam-access-key",
        "x-ncp-apigw-signature-v2",
    }
    assert doc["security"] == [{"ncpTimestamp": [], "ncpAccessKey": [], "ncpSignatureV2": []}]


def test_ncp_200_is_declared_in_json_and_xml() -> None:
    doc = load("ncloud-billing.yaml")
    content = doc["paths"]["/cost/getContractUsageList"]["get"]["responses"]["200"]["content"]
    envelope = resolve(doc, content["application/json"]["schema"])
    assert envelope["properties"] == {
        "getContractUsageListResponse": {"$ref": "#/components/schemas/GetContractUsageListResponse"}
    }
    xml_root = resolve(doc, content["application/xml"]["schema"])
    assert xml_root["xml"] == {"name": "getContractUsageListResponse"}


def test_ncp_wrapped_lists_name_wrapper_and_item_elements() -> None:
    doc = load("ncloud-billing.yaml")
    schemas = doc["components"]["schemas"]
    wrapped = {}
    for name, schema in schemas.items():
        for prop, spec in schema.get("properties", {}).items():
            if spec.get("type") == "array":
                assert spec["xml"]["wrapped"] is True, (name, prop)
                item = resolve(doc, spec["items"])
                wrapped[(name, prop)] = (spec["xml"]["name"], item["xml"]["name"])
    expected = {
        ("GetContractUsageListResponse", "contractList"): ("contractList", "contract"),
        ("Contract", "contractProductList"): ("contractProductList", "contractProduct"),
        ("ContractProduct", "usageList"): ("usageList", "usage"),
    }
    assert_includes(wrapped, expected, "wrapped lists")


def test_ncp_models_carry_every_field_with_its_type() -> None:
    doc = load("ncloud-billing.yaml")
    schemas = doc["components"]["schemas"]

    def kinds(name: str) -> dict[str, str]:
        out = {}
        for prop, spec in schemas[name]["properties"].items():
            if "$ref" in spec:
                out[prop] = spec["$ref"].rsplit("/", 1)[1]
            else:
                out[prop] = spec["type"] + (f":{spec['format']}" if "format" in spec else "")
        return out

    assert_includes(
        kinds("Contract"),
        {
            "memberNo": "string",
            "loginId": "string",
            "contractNo": "string",
            "conjunctionContractNo": "string",
            "contractType": "CommonCode",
            "contractStatus": "CommonCode",
            "contractStartDate": "NcpDateTime",
            "contractEndDate": "NcpDateTime",
            "instanceName": "string",
            "regionCode": "string",
            "platformType": "CommonCode",
            "contractProductList": "array",
        },
        "Contract",
    )
    assert_includes(
        kinds("ContractProduct"),
        {
            "contractProductSequence": "string",
            "beforeContractProductSequence": "string",
            "productCode": "string",
            "priceNo": "string",
            "promiseNo": "string",
            "instanceNo": "string",
            "productItemKind": "CommonCode",
            "productRatingType": "CommonCode",
            "serviceStatus": "CommonCode",
            "serviceStartDate": "NcpDateTime",
            "serviceEndDate": "NcpDateTime",
            "productSize": "integer:int64",
            "productSizeType": "CommonCode",
            "productCount": "integer:int64",
            "usageList": "array",
        },
        "ContractProduct",
    )
    assert_includes(
        kinds("Usage"),
        {
            "meteringType": "CommonCode",
            "useMonth": "string",
            "usageQuantity": "number:double",
            "unit": "CommonCode",
            "userUsageQuantity": "number:double",
            "userUnit": "CommonCode",
        },
        "Usage",
    )
    assert_includes(
        kinds("CommonCode"),
        {"code": "string", "codeName": "string"},
        "CommonCode",
    )
    assert_includes(
        kinds("GetContractUsageListResponse"),
        {
            "requestId": "string",
            "returnCode": "string",
            "returnMessage": "string",
            "totalRows": "integer:int64",
            "contractList": "array",
        },
        "GetContractUsageListResponse",
    )
    assert all("required" not in schemas[n] for n in ("Contract", "ContractProduct", "Usage", "CommonCode"))
    ncp_date = re.compile(schemas["NcpDateTime"]["pattern"])
    assert ncp_date.match("2022-02-07T18:11:01+0900") and ncp_date.match("")
    assert not ncp_date.match("2022-02-07T18:11:01+09:00")


def test_ncp_errors_declare_both_body_shapes() -> None:
    doc = load("ncloud-billing.yaml")
    responses = doc["paths"]["/cost/getContractUsageList"]["get"]["responses"]
    assert set(responses) >= {"200", "400", "401", "403", "404", "429", "500", "503", "504"}
    for status, ref in responses.items():
        if status == "200":
            continue
        content = resolve(doc, ref)["content"]
        assert content["application/json"]["schema"]["oneOf"] == [
            {"$ref": "#/components/schemas/NcpGatewayErrorEnvelope"},
            {"$ref": "#/components/schemas/NcpBillingErrorEnvelope"},
        ]
        assert resolve(doc, content["application/xml"]["schema"])["xml"] == {"name": "responseError"}
    gateway = doc["components"]["schemas"]["NcpGatewayError"]["properties"]
    assert gateway["errorCode"]["oneOf"] == [{"type": "string"}, {"type": "integer"}]


# --- the checks above say "at least": what a provider adds passes, what it removes fails -----------------

CHECKS_WITHOUT_ARGUMENTS = [
    test_hyperstack_operations_security_and_server,
    test_hyperstack_schemas_have_every_documented_field_and_nothing_required,
    test_ncp_operation_has_every_documented_parameter,
    test_ncp_wrapped_lists_name_wrapper_and_item_elements,
    test_ncp_models_carry_every_field_with_its_type,
    test_ncp_errors_declare_both_body_shapes,
]


def grown(name: str) -> dict[str, Any]:
    """The document as a provider might extend it: a field on every object schema, an optional
    parameter, an error status and an operation (each already in the document's own vocabulary)."""
    doc = copy.deepcopy(ORIGINAL_LOAD(name))
    for schema in doc["components"]["schemas"].values():
        if "properties" in schema:
            schema["properties"]["addedLater"] = {"type": "string"}
    for item in doc["paths"].values():
        for op in item.values():
            op.setdefault("parameters", []).append(
                {"name": "addedLater", "in": "query", "required": False, "schema": {"type": "string"}}
            )
            op["responses"]["409"] = copy.deepcopy(op["responses"]["400"])  # shaped as its other errors
    doc["paths"]["/added/later"] = {
        "get": {"operationId": "added_later", "responses": {"200": {"description": "OK"}}}
    }
    return doc


ORIGINAL_LOAD = load


@pytest.mark.parametrize("check", CHECKS_WITHOUT_ARGUMENTS, ids=lambda check: check.__name__)
def test_a_document_that_gains_fields_parameters_and_operations_still_passes(
    check: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(globals(), "load", grown)
    validate(grown("ncloud-billing.yaml"))
    validate(grown("hyperstack.yaml"))
    check()


@pytest.mark.parametrize(
    ("check", "document", "schema", "field"),
    [
        (
            test_hyperstack_schemas_have_every_documented_field_and_nothing_required,
            "hyperstack.yaml",
            "ContractDiscountPlanFields",
            "discount_amount",
        ),
        (test_ncp_models_carry_every_field_with_its_type, "ncloud-billing.yaml", "Usage", "userUnit"),
    ],
)
def test_a_document_that_loses_a_documented_field_fails(
    check: Any, document: str, schema: str, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def shrunk(name: str) -> dict[str, Any]:
        doc = copy.deepcopy(ORIGINAL_LOAD(name))
        if name == document:
            del doc["components"]["schemas"][schema]["properties"][field]
        return doc

    monkeypatch.setitem(globals(), "load", shrunk)
    with pytest.raises(AssertionError, match=field):
        check()


# --- $ref: resolved in one place (cloudcontracts.specs) ---------------------------------------------------

REF_DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Money": {"$ref": "#/components/schemas/Amount"},
            "Amount": {"type": "number"},
            "Loop": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop"},
            "a/b": {"type": "string"},
            "Text": "not an object",
        },
        "parameters": {"Page": {"$ref": "#/components/parameters/PageNo"}, "PageNo": {"name": "pageNo"}},
        "responses": {"Ok": {"description": "ok"}},
    }
}


def test_resolve_follows_local_chains_of_schemas_parameters_and_responses() -> None:
    assert resolve_chain(REF_DOCUMENT, {"$ref": "#/components/schemas/Money"}) == (
        {"type": "number"},
        ("#/components/schemas/Money", "#/components/schemas/Amount"),
    )
    assert resolve(REF_DOCUMENT, {"$ref": "#/components/parameters/Page"}) == {"name": "pageNo"}
    assert resolve(REF_DOCUMENT, {"$ref": "#/components/responses/Ok"}) == {"description": "ok"}
    assert resolve(REF_DOCUMENT, {"$ref": "#/components/schemas/a~1b"}) == {"type": "string"}  # JSON pointer
    inline = {"type": "integer"}
    assert resolve_chain(REF_DOCUMENT, inline) == (inline, ())


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "#/components/schemas/Missing",
            "dangling $ref '#/components/schemas/Missing': the document has nothing at 'Missing'",
        ),
        ("#/components/schemas/Amount/type/x", "dangling $ref '#/components/schemas/Amount/type/x'"),
        ("other.yaml#/components/schemas/Amount", "non-local $ref 'other.yaml#/components/schemas/Amount'"),
        ("https://example.com/s.yaml", "non-local $ref 'https://example.com/s.yaml'"),
        ("#/components/schemas/Loop", "$ref cycle through '#/components/schemas/Loop'"),
        ("#/components/schemas/Text", "$ref '#/components/schemas/Text' points at a str, not an object"),
    ],
)
def test_resolve_refuses_what_it_cannot_follow(ref: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        resolve(REF_DOCUMENT, {"$ref": ref})


def test_no_other_module_follows_refs_itself() -> None:
    """Every module that resolves ``$ref`` calls cloudcontracts.specs (no loop of its own over refs)."""
    overlay = ROOT / "overlays" / "cloudcontracts"
    following = re.compile(r"while [^\n]*[\"']\$ref[\"'] in")
    loops = {
        str(path.relative_to(overlay)): len(following.findall(path.read_text(encoding="utf-8")))
        for path in overlay.rglob("*.py")
    }
    assert {path: count for path, count in loops.items() if count} == {"specs.py": 1}
