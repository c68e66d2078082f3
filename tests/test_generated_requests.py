"""Each of the four operations, called through its *generated* function, sends exactly the request the
OpenAPI document describes. The transport is an httpx2.MockTransport that captures what reached it."""

from __future__ import annotations

import httpx2
from support.capture import CapturingTransport
from support.narrowing import present

from hyperstack_client import AuthenticatedClient
from hyperstack_client.api.contracts import get_contract, get_contract_gpu_allocation_graph, list_contracts
from hyperstack_client.models import (
    ContractGPUAllocationGraphResponse,
    CustomerContractDetailResponseModel,
    ErrorResponseModel,
    GetCustomerContractsListResponseModel,
)
from ncloud_billing_client import Client as NcpClient
from ncloud_billing_client.api.cost import get_contract_usage_list
from ncloud_billing_client.models import GetContractUsageListResponseEnvelope

FAKE_KEY = "fake-hyperstack-key-0000"


def hyperstack_client(transport: httpx2.MockTransport) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://infrahub-api.nexgencloud.com/v1",
        token=FAKE_KEY,
        auth_header_name="api_key",
        prefix="",
        httpx_args={"transport": transport},
    )


def test_list_contracts_request_and_parse() -> None:
    body = {
        "status": True,
        "message": "ok",
        "count": 1,
        "contracts": [{"id": 7, "org_id": 3, "discounts": []}],
    }
    transport = CapturingTransport(lambda request: httpx2.Response(200, json=body))
    with hyperstack_client(transport) as client:
        parsed = list_contracts.sync(client=client, page=2, per_page=50)
    (request,) = transport.requests
    assert request.method == "GET"
    assert request.url.raw_path == b"/v1/pricebook/contracts?page=2&per_page=50"
    assert request.url.host == "infrahub-api.nexgencloud.com"
    assert request.headers["api_key"] == FAKE_KEY
    assert "authorization" not in request.headers
    assert isinstance(parsed, GetCustomerContractsListResponseModel)
    assert parsed.count == 1
    assert present(parsed.contracts)[0].id == 7
    assert present(parsed.contracts)[0].org_id == 3


def test_list_contracts_without_paging_sends_no_query() -> None:
    transport = CapturingTransport(lambda request: httpx2.Response(200, json={"contracts": []}))
    with hyperstack_client(transport) as client:
        list_contracts.sync(client=client)
    assert transport.requests[0].url.raw_path == b"/v1/pricebook/contracts"


def test_get_contract_request_and_single_object_contracts() -> None:
    body = {"status": True, "message": "ok", "contracts": {"id": 42, "description": "H100 reserved"}}
    transport = CapturingTransport(lambda request: httpx2.Response(200, json=body))
    with hyperstack_client(transport) as client:
        parsed = get_contract.sync(42, client=client)
    (request,) = transport.requests
    assert (request.method, request.url.raw_path) == ("GET", b"/v1/pricebook/contracts/42")
    assert isinstance(parsed, CustomerContractDetailResponseModel)
    assert present(parsed.contracts).id == 42
    assert present(parsed.contracts).description == "H100 reserved"


def test_get_contract_404_parses_error_model() -> None:
    body = {"status": False, "message": "Contract not found", "error_reason": "not_found"}
    transport = CapturingTransport(lambda request: httpx2.Response(404, json=body))
    with hyperstack_client(transport) as client:
        parsed = get_contract.sync(9, client=client)
    assert isinstance(parsed, ErrorResponseModel)
    assert (parsed.status, parsed.message, parsed.error_reason) == (False, "Contract not found", "not_found")


def test_gpu_allocation_graph_request() -> None:
    body = {
        "status": True,
        "contract": {
            "id": "42",
            "granularity": 3600,
            "total_gpu_allocation": 8,
            "allocated_gpu_count_graph": [{"datetime": "2026-05-01T00:00:00", "value": 4}],
        },
    }
    transport = CapturingTransport(lambda request: httpx2.Response(200, json=body))
    with hyperstack_client(transport) as client:
        parsed = get_contract_gpu_allocation_graph.sync(
            42, client=client, start_date="2026-05-01T00:00:00", end_date="2026-05-02T00:00:00"
        )
    (request,) = transport.requests
    assert request.method == "GET"
    assert request.url.raw_path == (
        b"/v1/pricebook/contracts/42/gpu_allocation_graph"
        b"?start_date=2026-05-01T00%3A00%3A00&end_date=2026-05-02T00%3A00%3A00"
    )
    assert request.url.params["start_date"] == "2026-05-01T00:00:00"
    assert isinstance(parsed, ContractGPUAllocationGraphResponse)
    assert present(parsed.contract).id == "42"
    assert present(present(parsed.contract).allocated_gpu_count_graph)[0].value == 4


def test_get_contract_usage_list_request() -> None:
    body = {"getContractUsageListResponse": {"returnCode": "0", "totalRows": 0, "contractList": []}}
    transport = CapturingTransport(lambda request: httpx2.Response(200, json=body))
    client = NcpClient(
        base_url="https://billingapi.apigw.ntruss.com/billing/v1", httpx_args={"transport": transport}
    )
    with client:
        parsed = get_contract_usage_list.sync(
            client=client,
            start_month="202402",
            end_month="202404",
            page_no=2,
            page_size=500,
            is_organization=True,
            member_no_list=["111", "222"],
            contract_status_code="NOML",
            response_format_type="json",
        )
    (request,) = transport.requests
    assert request.method == "GET"
    assert request.url.host == "billingapi.apigw.ntruss.com"
    # The generated function sends the list in the repeated form; the overlay rewrites it to memberNoList.N.
    assert request.url.raw_path == (
        b"/billing/v1/cost/getContractUsageList?pageNo=2&pageSize=500&isOrganization=true"
        b"&memberNoList=111&memberNoList=222&startMonth=202402&endMonth=202404"
        b"&contractStatusCode=NOML&responseFormatType=json"
    )
    assert isinstance(parsed, GetContractUsageListResponseEnvelope)
    assert parsed.get_contract_usage_list_response.return_code == "0"
    assert parsed.get_contract_usage_list_response.total_rows == 0


def test_get_contract_usage_list_sends_only_what_was_asked() -> None:
    body = {"getContractUsageListResponse": {"returnCode": "0"}}
    transport = CapturingTransport(lambda request: httpx2.Response(200, json=body))
    with NcpClient(
        base_url="https://billingapi.apigw.ntruss.com/billing/v1", httpx_args={"transport": transport}
    ) as c:
        get_contract_usage_list.sync(client=c, start_month="202402", end_month="202402")
    assert transport.requests[0].url.raw_path == (
        b"/billing/v1/cost/getContractUsageList?startMonth=202402&endMonth=202402"
    )
