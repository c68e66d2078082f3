"""The sandbox's conventions on operations the shipped documents do not have.

The sandbox is built from modified copies of the documents (``tests/support/sandbox_support.py``): a Hyperstack
list operation with ``page``/``per_page``, a Hyperstack detail operation with an integer path parameter,
an NCP list operation with months and paging, and a new query parameter on an existing operation of
each. Nothing in the sandbox names them: these tests show they are routed, authenticated, validated,
paged, deterministic per seed, the same in XML and JSON, and reachable by faults, all from what the
documents declare.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

import httpx2
import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from support.sandbox_support import NEW_OPERATIONS, extended_documents

from cloudcontracts.ncloud.signing import signature_v2
from cloudcontracts.ncloud.xml_decoding import XmlDecoder
from cloudcontracts.sandbox import Sandbox, SandboxConfig, create_app
from cloudcontracts.sandbox.app import DEFAULT_OVERRIDES
from cloudcontracts.sandbox.operations import SandboxDocuments
from cloudcontracts.sandbox.seeding import SEEDED_AS_OF, seed_hyperstack

NOW = 1_714_000_000.0
NOW_MS = str(int(NOW * 1000))
ITEMS = 12  # SandboxConfig().generic_items
WIDGETS = "/pricebook/widgets"
DEMAND = "/cost/getProductDemandCostList"
MONTHS = "startMonth=202402&endMonth=202404"


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[Sandbox]:
    """The sandbox ``sb`` resets here: a frozen clock and the documents with the extra operations."""
    with Sandbox(clock=lambda: NOW, documents=extended_documents()) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client() as client:
        yield client


def hs_get(
    http: httpx2.Client, sb: Sandbox, path: str, key: str | None = "valid", **params: Any
) -> httpx2.Response:
    headers = {} if key is None else {"api_key": sb.hyperstack_api_key if key == "valid" else key}
    return http.get(sb.hyperstack_url + path, params=params, headers=headers)


def ncp_get(
    http: httpx2.Client, sb: Sandbox, path: str, query: str, *, secret: str | None = None, signed: bool = True
) -> httpx2.Response:
    uri = "/billing/v1" + path + ("?" + query if query else "")
    headers: dict[str, str] = {}
    if signed:
        headers = {
            "x-ncp-apigw-timestamp": NOW_MS,
            "x-ncp-iam-access-key": sb.ncp_access_key,
            "x-ncp-apigw-signature-v2": signature_v2(
                method="GET",
                uri=uri,
                timestamp=NOW_MS,
                access_key=sb.ncp_access_key,
                secret_key=secret or sb.ncp_secret_key,
            ),
        }
    return http.get(sb.url + uri, headers=headers)


def validate(document: Mapping[str, Any], schema: Mapping[str, Any], instance: Any) -> None:
    OAS30Validator(
        {**schema, "components": document["components"]}, format_checker=oas30_format_checker
    ).validate(instance)


def demand_page(response: httpx2.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()["getProductDemandCostListResponse"]
    return page


# --- routed, answered from the schema ---------------------------------------------------------------------


def test_the_new_operations_are_routed_and_answer_their_schemas(sb: Sandbox, http: httpx2.Client) -> None:
    documents = extended_documents()
    assert {op.operation_id for op in sb.app.operations} >= set(NEW_OPERATIONS)
    hyperstack, ncloud = documents.document("hyperstack"), documents.document("ncloud")
    listed = hs_get(http, sb, WIDGETS)
    one = hs_get(http, sb, WIDGETS + "/7")
    demand = ncp_get(http, sb, DEMAND, MONTHS + "&responseFormatType=json")
    for response in (listed, one, demand):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
    validate(hyperstack, {"$ref": "#/components/schemas/WidgetListResponse"}, listed.json())
    validate(hyperstack, {"$ref": "#/components/schemas/WidgetResponse"}, one.json())
    validate(ncloud, {"$ref": "#/components/schemas/GetProductDemandCostListResponseEnvelope"}, demand.json())
    body = listed.json()
    assert (body["status"], body["message"]) == (True, "success")
    widget = body["widgets"][0]
    assert set(widget) == {"id", "name", "kind", "price", "created_at", "updated_at", "tags", "owner"}
    assert widget["kind"] in ("gpu", "cpu")
    assert 0 <= widget["price"] <= 100
    assert widget["updated_at"] == "2026-05-01T00:00:00"  # the document's example comes first
    assert widget["created_at"].endswith("Z")  # format: date-time, RFC 3339
    assert 1 <= len(widget["tags"]) <= 3
    inner = demand_page(demand)
    assert (inner["returnCode"], inner["returnMessage"]) == ("0", "success")
    assert (
        inner["productDemandCostList"][0]["writeDate"] == "2022-05-17T14:57:54+0900"
    )  # NcpDateTime's example


def test_an_app_builds_from_documents_with_operations_it_has_no_handler_for() -> None:
    app = create_app(documents=extended_documents())
    assert set(NEW_OPERATIONS) <= app.documents.operation_ids()
    assert not set(NEW_OPERATIONS) & set(DEFAULT_OVERRIDES)


# --- authentication ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "reason"), [(None, "missing api_key header"), ("wrong", "invalid api_key")])
@pytest.mark.parametrize("path", [WIDGETS, WIDGETS + "/7"])
def test_hyperstack_new_operations_need_the_api_key(
    sb: Sandbox, http: httpx2.Client, path: str, key: str | None, reason: str
) -> None:
    response = hs_get(http, sb, path, key=key)
    assert response.status_code == 401
    assert response.json() == {"status": False, "message": "Unauthorized", "error_reason": reason}


def test_ncp_new_operation_needs_a_valid_signature(sb: Sandbox, http: httpx2.Client) -> None:
    unsigned = ncp_get(http, sb, DEMAND, MONTHS, signed=False)
    badly = ncp_get(http, sb, DEMAND, MONTHS, secret="not-the-secret")
    assert (unsigned.status_code, badly.status_code) == (401, 401)
    assert unsigned.json()["error"]["errorCode"] == "200"
    assert badly.json() == {
        "error": {"errorCode": "200", "message": "Authentication Failed", "details": "Signature mismatch."}
    }


# --- paging -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("per_page", [1, 5, 12, 50])
def test_hyperstack_page_paging_covers_the_list_once(sb: Sandbox, http: httpx2.Client, per_page: int) -> None:
    pages = math.ceil(ITEMS / per_page)
    seen: list[dict[str, Any]] = []
    for page in range(1, pages + 2):  # one past the end: empty
        body = hs_get(http, sb, WIDGETS, page=page, per_page=per_page).json()
        expected = max(0, min(per_page, ITEMS - (page - 1) * per_page))
        assert len(body["widgets"]) == expected
        assert (body["count"], body["total_count"]) == (ITEMS, ITEMS)
        assert body["pagination"] == {"page": page, "per_page": per_page, "pages": pages}
        seen.extend(body["widgets"])
    assert len(seen) == ITEMS
    assert len({json.dumps(w, sort_keys=True) for w in seen}) == ITEMS  # each item once
    assert seen == hs_get(http, sb, WIDGETS, per_page=ITEMS).json()["widgets"]


def test_hyperstack_paging_follows_the_config(http: httpx2.Client) -> None:
    config: dict[str, Any] = {
        "generic_items": 7,
        "hyperstack_default_per_page": 3,
        "hyperstack_count": "page",
    }
    with Sandbox(documents=extended_documents(), **config) as sb:
        first = hs_get(http, sb, WIDGETS).json()
        last = hs_get(http, sb, WIDGETS, page=3).json()
    assert (len(first["widgets"]), first["count"], first["total_count"]) == (3, 3, 7)
    assert (len(last["widgets"]), last["count"], last["total_count"]) == (1, 1, 7)


@pytest.mark.parametrize("page_size", [1, 5, 1000])
def test_ncp_paging_has_totalrows_and_covers_the_list_once(
    sb: Sandbox, http: httpx2.Client, page_size: int
) -> None:
    pages = math.ceil(ITEMS / page_size)
    seen: list[dict[str, Any]] = []
    for page_no in range(1, pages + 2):
        query = f"{MONTHS}&pageNo={page_no}&pageSize={page_size}&responseFormatType=json"
        page = demand_page(ncp_get(http, sb, DEMAND, query))
        assert page["totalRows"] == ITEMS
        assert len(page["productDemandCostList"]) == max(0, min(page_size, ITEMS - (page_no - 1) * page_size))
        seen.extend(page["productDemandCostList"])
    assert len({json.dumps(item, sort_keys=True) for item in seen}) == len(seen) == ITEMS


# --- determinism and formats ------------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(http: httpx2.Client) -> None:
    def answers(seed: int) -> list[bytes]:
        with Sandbox(clock=lambda: NOW, documents=extended_documents(), seed=seed) as sb:
            return [
                hs_get(http, sb, WIDGETS, page=2, per_page=4).content,
                hs_get(http, sb, WIDGETS + "/42").content,
                ncp_get(http, sb, DEMAND, MONTHS + "&pageSize=4&pageNo=2").content,
                ncp_get(http, sb, DEMAND, MONTHS + "&responseFormatType=json").content,
            ]

    first, again, other = answers(3), answers(3), answers(4)
    assert first == again
    assert all(a != b for a, b in zip(first, other, strict=True))


def test_another_path_parameter_another_object_the_same_one_the_same(
    sb: Sandbox, http: httpx2.Client
) -> None:
    seven, eight = hs_get(http, sb, WIDGETS + "/7").json(), hs_get(http, sb, WIDGETS + "/8").json()
    assert seven != eight
    assert hs_get(http, sb, WIDGETS + "/7").json() == seven


def test_ncp_xml_is_the_default_and_equals_the_json_form(sb: Sandbox, http: httpx2.Client) -> None:
    decoder = XmlDecoder(extended_documents().document("ncloud"))
    for query in (MONTHS, MONTHS + "&pageSize=5&pageNo=3"):
        as_xml = ncp_get(http, sb, DEMAND, query)
        as_json = ncp_get(http, sb, DEMAND, query + "&responseFormatType=json")
        assert as_xml.headers["content-type"] == "application/xml;charset=UTF-8"
        assert as_xml.content.startswith(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<getProductDemandCostListResponse>'
        )
        assert b"<productDemandCostList>\n        <productDemandCost>" in as_xml.content
        decoded, from_json = decoder.decode(as_xml.content), as_json.json()
        request_ids = {
            decoded["getProductDemandCostListResponse"].pop("requestId"),
            from_json["getProductDemandCostListResponse"].pop("requestId"),
        }
        assert len(request_ids) == 2  # one per request
        assert decoded == from_json
        assert from_json["getProductDemandCostListResponse"]["productDemandCostList"]


# --- request rules ----------------------------------------------------------------------------------------


def test_undeclared_parameters_are_refused_and_named(sb: Sandbox, http: httpx2.Client) -> None:
    hyperstack = hs_get(http, sb, WIDGETS, per_page=2, perpage=5)
    assert hyperstack.status_code == 400
    assert hyperstack.json() == {
        "status": False,
        "message": "Unknown query parameter: perpage",
        "error_reason": "unknown_parameter",
    }
    ncp = ncp_get(http, sb, DEMAND, MONTHS + "&pagesize=5&contractNo=1")
    assert ncp.status_code == 400
    assert ncp.json() == {
        "error": {
            "errorCode": "100",
            "message": "Bad Request",
            "details": "Unknown query parameters: pagesize, contractNo.",
        }
    }


def test_a_parameter_added_to_an_existing_operation_is_accepted_there_only(
    sb: Sandbox, http: httpx2.Client
) -> None:
    assert hs_get(http, sb, "/pricebook/contracts", region="eu").status_code == 200
    assert ncp_get(http, sb, "/cost/getContractUsageList", MONTHS + "&demandTypeCode=USE").status_code == 200
    with Sandbox(clock=lambda: NOW) as shipped:
        refused = hs_get(http, shipped, "/pricebook/contracts", region="eu")
        refused_ncp = ncp_get(http, shipped, "/cost/getContractUsageList", MONTHS + "&demandTypeCode=USE")
    assert refused.json()["message"] == "Unknown query parameter: region"
    assert refused_ncp.json()["error"]["details"] == "Unknown query parameter: demandTypeCode."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("endMonth=202404", "startMonth is required."),
        ("startMonth=202401&endMonth=202404", "The query period cannot exceed 3 months: 202401 to 202404."),
        (
            "startMonth=202405&endMonth=202404",
            "startMonth (202405) must not be later than endMonth (202404).",
        ),
        ("startMonth=2024-02&endMonth=202404", "startMonth must be a month in yyyyMM format: '2024-02'."),
        (MONTHS + "&pageSize=1001", "pageSize must be an integer from 1 to 1000: '1001'."),
        (MONTHS + "&pageNo=0", "pageNo must be an integer from 1 to 2147483647: '0'."),
        (MONTHS + "&isOrganization=true&isPartner=true", "isOrganization and isPartner cannot both be true."),
        (MONTHS + "&isPartner=maybe", "isPartner must be true or false: 'maybe'."),
        (
            MONTHS + "&memberNoList=1",
            "memberNoList must be sent in indexed form: memberNoList.1=...&memberNoList.2=...",
        ),
        (
            MONTHS + "&memberNoList.x=1",
            "memberNoList.x is not a valid list parameter: indexes are whole numbers from 1.",
        ),
    ],
)
@pytest.mark.parametrize("response_format", ["xml", "json"])
def test_ncp_rules_apply_to_the_new_operation(
    sb: Sandbox, http: httpx2.Client, query: str, message: str, response_format: str
) -> None:
    response = ncp_get(http, sb, DEMAND, f"{query}&responseFormatType={response_format}")
    assert response.status_code == 400
    expected = {"responseError": {"returnCode": "1007009", "returnMessage": message}}
    if response_format == "json":
        assert response.json() == expected
    else:
        assert XmlDecoder(extended_documents().document("ncloud")).decode(response.content) == expected


def test_ncp_format_and_indexed_lists_on_the_new_operation(sb: Sandbox, http: httpx2.Client) -> None:
    bad_format = ncp_get(http, sb, DEMAND, MONTHS + "&responseFormatType=yaml")
    assert bad_format.status_code == 400
    assert b"<returnMessage>responseFormatType must be xml or json.</returnMessage>" in bad_format.content
    listed = ncp_get(http, sb, DEMAND, MONTHS + "&memberNoList.1=1&memberNoList.2=2&responseFormatType=json")
    assert listed.status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        (WIDGETS + "/abc", {}, "widget_id must be a positive integer, got 'abc'"),
        (WIDGETS + "/0", {}, "widget_id must be a positive integer, got '0'"),
        (WIDGETS + "/1.5", {}, "widget_id must be a positive integer, got '1.5'"),
        (WIDGETS, {"page": "0"}, "page must be a positive integer, got '0'"),
        (WIDGETS, {"per_page": "ten"}, "per_page must be a positive integer, got 'ten'"),
        (WIDGETS, {"kind": "tpu"}, "kind must be one of gpu, cpu, got 'tpu'"),
    ],
)
def test_hyperstack_parameters_are_typed_as_declared(
    sb: Sandbox, http: httpx2.Client, path: str, params: dict[str, str], message: str
) -> None:
    response = hs_get(http, sb, path, **params)
    assert response.status_code == 400
    assert response.json() == {"status": False, "message": message, "error_reason": "invalid_parameter"}


def test_a_method_the_path_does_not_declare(sb: Sandbox, http: httpx2.Client) -> None:
    posted = http.post(sb.hyperstack_url + WIDGETS, headers={"api_key": sb.hyperstack_api_key})
    assert posted.status_code == 405
    assert posted.headers["allow"] == "GET"
    assert ncp_get(http, sb, "/cost/getNothing", MONTHS).json()["error"]["errorCode"] == "300"


# --- faults -----------------------------------------------------------------------------------------------


def test_faults_reach_the_new_operations(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("503", operation="list_widgets")
    sb.faults.script("429:2", operation="getProductDemandCostList")
    sb.faults.script("500", operation="get_widget")
    widgets = hs_get(http, sb, WIDGETS)
    demand = ncp_get(http, sb, DEMAND, MONTHS)
    widget = hs_get(http, sb, WIDGETS + "/3")
    assert (widgets.status_code, demand.status_code, widget.status_code) == (503, 429, 500)
    assert demand.headers["retry-after"] == "2"
    assert demand.json()["error"]["errorCode"] == "420"
    assert hs_get(http, sb, WIDGETS).status_code == 200  # the script is spent
    assert sb.faults.history == [
        ("list_widgets", "503"),
        ("getProductDemandCostList", "429:2"),
        ("get_widget", "500"),
        ("list_widgets", None),
    ]


def test_a_fault_plan_may_name_the_new_operations_of_its_sandbox(http: httpx2.Client) -> None:
    with Sandbox(documents=extended_documents(), faults={"per_operation": {"list_widgets": ["502"]}}) as sb:
        assert hs_get(http, sb, WIDGETS).status_code == 502
    with pytest.raises(ValueError, match="unknown operation"):
        create_app(faults={"per_operation": {"list_widgets": ["502"]}})  # not in the shipped documents


# --- hand-written behaviour is optional -------------------------------------------------------------------


def test_without_overrides_the_shipped_operations_answer_from_their_schemas(http: httpx2.Client) -> None:
    with Sandbox(clock=lambda: NOW, overrides={}) as generic, Sandbox(clock=lambda: NOW) as modelled:
        page = hs_get(http, generic, "/pricebook/contracts", per_page=5, page=3).json()
        assert len(page["contracts"]) == ITEMS - 10
        assert page["count"] == ITEMS
        detail = hs_get(http, generic, "/pricebook/contracts/999999")
        assert detail.status_code == 200  # no seeded contracts to miss: any id has a generated one
        assert hs_get(http, modelled, "/pricebook/contracts/999999").status_code == 404
        usage = ncp_get(
            http,
            generic,
            "/cost/getContractUsageList",
            MONTHS + "&pageSize=10&pageNo=2&responseFormatType=json",
        )
        body = usage.json()["getContractUsageListResponse"]
        assert (body["totalRows"], len(body["contractList"])) == (ITEMS, 2)


def test_the_documents_a_sandbox_serves_are_its_own() -> None:
    shipped = SandboxDocuments()
    assert {op.operation_id for op in shipped.operations} == {
        "list_contracts",
        "get_contract",
        "get_contract_gpu_allocation_graph",
        "get_vm_billing_history",
        "list_contract_virtual_machines",
        "list_pricebook",
        "getContractUsageList",
        "getContractDemandCostList",
        "getDemandCostList",
    }
    extended = extended_documents()
    assert extended.operation_ids() - shipped.operation_ids() == set(NEW_OPERATIONS)
    assert "/pricebook/widgets" not in shipped.document("hyperstack")["paths"]  # copies, not changed in place


# --- seeded statuses --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 190])
def test_no_seeded_contract_is_active_outside_its_term(seed: int) -> None:
    records = seed_hyperstack(SandboxConfig(seed=seed, hyperstack_contracts=200))
    active = [r for r in records if r.fields["status"] == "active"]
    assert active
    assert all(r.start <= SEEDED_AS_OF < r.end for r in active)
    ended = [r for r in records if r.end <= SEEDED_AS_OF]
    assert ended and all(r.fields["status"] != "active" for r in ended)


def test_an_operation_whose_security_is_empty_needs_no_credentials(http: httpx2.Client) -> None:
    extended = extended_documents()
    hyperstack = copy.deepcopy(dict(extended.document("hyperstack")))
    hyperstack["paths"]["/pricebook/widgets"]["get"]["security"] = []
    with Sandbox(documents=SandboxDocuments(hyperstack=hyperstack, ncloud=extended.document("ncloud"))) as sb:
        assert hs_get(http, sb, WIDGETS, key=None).status_code == 200
        assert hs_get(http, sb, WIDGETS + "/1", key=None).status_code == 401  # the document's security
