"""The sandbox's NCP Billing ``getContractUsageList``: gateway signature checks, billing validation,
pagination, the memberNoList filter, XML == JSON, the seeded quirks, and the real client against it.

Requests are signed with the client's signer (``cloudcontracts.ncloud.signing.signature_v2``) while the
sandbox verifies with its own HMAC, so each side checks the other; NCP's documented worked example (fake keys) pins both.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from cloudcontracts.errors import AuthenticationError, BadRequestError
from cloudcontracts.ncloud import NcloudBilling
from cloudcontracts.ncloud.signing import signature_v2
from cloudcontracts.ncloud.xml_decoding import decode_ncp_xml
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.sandbox import Sandbox, SandboxCredentials
from cloudcontracts.sandbox.ncloud_auth import expected_signature
from ncloud_billing_client.api.cost import get_contract_usage_list

NOW = 1_714_000_000.0  # 2024-04-24T23:06:40Z, the sandbox's frozen clock
NOW_MS = str(int(NOW * 1000))
PATH = "/billing/v1/cost/getContractUsageList"
Q = "startMonth=202402&endMonth=202404"
NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[Sandbox]:
    """The sandbox ``sb`` resets here: on a frozen clock (NOW), so timestamps are exact."""
    with Sandbox(clock=lambda: NOW) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client() as client:
        yield client


def signed_headers(
    sb: Sandbox,
    uri: str,
    *,
    timestamp: str = NOW_MS,
    access_key: str | None = None,
    secret_key: str | None = None,
    method: str = "GET",
) -> dict[str, str]:
    access_key = access_key or sb.ncp_access_key
    signature = signature_v2(
        method=method,
        uri=uri,
        timestamp=timestamp,
        access_key=access_key,
        secret_key=secret_key or sb.ncp_secret_key,
    )
    return {
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": access_key,
        "x-ncp-apigw-signature-v2": signature,
    }


def get(http: httpx2.Client, sb: Sandbox, query: str, **signing: Any) -> httpx2.Response:
    """GET the operation with ``query`` sent (and signed) exactly as given."""
    uri = PATH + ("?" + query if query else "")
    return http.get(sb.url + uri, headers=signed_headers(sb, uri, **signing))


def page_of(response: httpx2.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json() if response.headers["content-type"].startswith("application/json") else None
    if body is None:
        body = decode_ncp_xml(response.content)
    page: dict[str, Any] = body["getContractUsageListResponse"]
    return page


# --- signature v2 -------------------------------------------------------------------------------------


def test_the_sandbox_hmac_reproduces_the_worked_example_of_apis_md() -> None:
    assert (
        expected_signature(
            method="GET",
            uri="/billing/v1/cost/getContractUsageList?startMonth=202402&endMonth=202404&responseFormatType=json",
            timestamp="1700000000000",
            access_key="AKEXAMPLE123456789AB",
            secret_key="SKEXAMPLE1234567890abcdefghijklmnopqrstu",
        )
        == "5or6YakKswZldtpW9fxg4oyLBKJWpWhw60bIuUxVKJQ="
    )


def test_a_properly_signed_request_gets_its_page(sb: Sandbox, http: httpx2.Client) -> None:
    response = get(http, sb, Q + "&responseFormatType=json")
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    page = page_of(response)
    assert page["returnCode"] == "0"
    assert page["returnMessage"] == "success"
    assert page["contractList"] == sb.state.ncp_contracts("202402", "202404")
    assert page["totalRows"] == len(page["contractList"]) > 0


def _uri(query: str) -> str:
    return f"{PATH}?{query}"


MINUTES_5 = 5 * 60 * 1000
# (case, query sent, headers: callable(sb) -> dict, expected details)
AUTH_FAILURES: list[tuple[str, str, Any, str]] = [
    (
        "no signature headers at all",
        Q,
        lambda sb: {},
        "Missing required header(s): x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2.",
    ),
    (
        "no timestamp",
        Q,
        lambda sb: {k: v for k, v in signed_headers(sb, _uri(Q)).items() if k != "x-ncp-apigw-timestamp"},
        "Missing required header(s): x-ncp-apigw-timestamp.",
    ),
    (
        "no signature",
        Q,
        lambda sb: {k: v for k, v in signed_headers(sb, _uri(Q)).items() if k != "x-ncp-apigw-signature-v2"},
        "Missing required header(s): x-ncp-apigw-signature-v2.",
    ),
    (
        "timestamp in seconds with a fraction",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), timestamp="1714000000.0"),
        "Invalid timestamp: expected milliseconds since the Unix epoch.",
    ),
    (
        "timestamp 5 minutes and 1 ms in the past",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), timestamp=str(int(NOW_MS) - MINUTES_5 - 1)),
        "Timestamp is more than 5 minutes away from the server time.",
    ),
    (
        "timestamp 5 minutes and 1 ms in the future",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), timestamp=str(int(NOW_MS) + MINUTES_5 + 1)),
        "Timestamp is more than 5 minutes away from the server time.",
    ),
    (
        "timestamp in local time (UTC+9)",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), timestamp=str(int(NOW_MS) + 9 * 3600 * 1000)),
        "Timestamp is more than 5 minutes away from the server time.",
    ),
    (
        "unknown access key, correctly signed",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), access_key="AKUNKNOWNUNKNOWN0001"),
        "Unknown access key.",
    ),
    (
        "wrong secret key",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), secret_key="not-the-secret"),
        "Signature mismatch.",
    ),
    (
        "signed without the base path",
        Q,
        lambda sb: signed_headers(sb, "/cost/getContractUsageList?" + Q),
        "Signature mismatch.",
    ),
    (
        "signed with the host",
        Q,
        lambda sb: signed_headers(sb, "http://127.0.0.1" + _uri(Q)),
        "Signature mismatch.",
    ),
    (
        "signed a timestamp other than the one sent",
        Q,
        lambda sb: {
            **signed_headers(sb, _uri(Q), timestamp=str(int(NOW_MS) - 1)),
            "x-ncp-apigw-timestamp": NOW_MS,
        },
        "Signature mismatch.",
    ),
    (
        "signed %20, sent + (the query re-encoded after signing)",
        Q + "&regionCode=a+b",
        lambda sb: signed_headers(sb, _uri(Q + "&regionCode=a%20b")),
        "Signature mismatch.",
    ),
    (
        "responseFormatType sent but not signed",
        Q + "&responseFormatType=json",
        lambda sb: signed_headers(sb, _uri(Q)),
        "Signature mismatch.",
    ),
    (
        "query parameters signed in another order",
        Q,
        lambda sb: signed_headers(sb, _uri("endMonth=202404&startMonth=202402")),
        "Signature mismatch.",
    ),
    (
        "POST signature for a GET",
        Q,
        lambda sb: signed_headers(sb, _uri(Q), method="POST"),
        "Signature mismatch.",
    ),
]


@pytest.mark.parametrize(
    ("query", "make_headers", "details"),
    [case[1:] for case in AUTH_FAILURES],
    ids=[case[0] for case in AUTH_FAILURES],
)
def test_gateway_refuses_each_auth_failure_with_its_json_error(
    sb: Sandbox, http: httpx2.Client, query: str, make_headers: Any, details: str
) -> None:
    # No responseFormatType (XML asked by default): gateway errors are JSON whatever was asked.
    response = http.get(sb.url + _uri(query), headers=make_headers(sb))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert response.json() == {
        "error": {"errorCode": "200", "message": "Authentication Failed", "details": details}
    }


@pytest.mark.parametrize("offset_ms", [-MINUTES_5, -299_999, 0, 299_999, MINUTES_5])
def test_timestamps_within_five_minutes_either_way_are_accepted(
    sb: Sandbox, http: httpx2.Client, offset_ms: int
) -> None:
    response = get(http, sb, Q, timestamp=str(int(NOW_MS) + offset_ms))
    assert response.status_code == 200


def test_the_raw_query_is_verified_as_sent_percent_twenty_and_plus_alike(
    sb: Sandbox, http: httpx2.Client
) -> None:
    # Each form works when it is what was signed: the sandbox signs the bytes received.
    for query in (Q + "&regionCode=K%52", Q + "&contractNo=a%20b", Q + "&contractNo=a+b"):
        assert get(http, sb, query).status_code == 200, query


def test_a_sandbox_accepts_only_its_own_key_pair(http: httpx2.Client) -> None:
    mine = SandboxCredentials(ncp_access_key="MYSANDBOXACCESSKEY01", ncp_secret_key="my-fake-secret")
    with Sandbox(clock=lambda: NOW, credentials=mine) as sb:
        assert sb.ncp_access_key == "MYSANDBOXACCESSKEY01"
        assert get(http, sb, Q).status_code == 200
        default = {"access_key": "SANDBOXACCESSKEY0001", "secret_key": "sandbox-secret-key-not-a-real-secret"}
        assert get(http, sb, Q, **default).json()["error"]["details"] == "Unknown access key."


# --- billing validation -----------------------------------------------------------------------------

VALIDATION: list[tuple[str, str]] = [
    ("endMonth=202404", "startMonth is required."),
    ("startMonth=202402", "endMonth is required."),
    ("startMonth=&endMonth=202404", "startMonth is required."),
    ("startMonth=2024-02&endMonth=202404", "startMonth must be a month in yyyyMM format: '2024-02'."),
    ("startMonth=202413&endMonth=202404", "startMonth must be a month in yyyyMM format: '202413'."),
    ("startMonth=202402&endMonth=24", "endMonth must be a month in yyyyMM format: '24'."),
    ("startMonth=202405&endMonth=202404", "startMonth (202405) must not be later than endMonth (202404)."),
    ("startMonth=202401&endMonth=202404", "The query period cannot exceed 3 months: 202401 to 202404."),
    ("startMonth=202311&endMonth=202402", "The query period cannot exceed 3 months: 202311 to 202402."),
    (Q + "&isOrganization=true&isPartner=true", "isOrganization and isPartner cannot both be true."),
    (Q + "&isOrganization=yes", "isOrganization must be true or false: 'yes'."),
    (Q + "&pageSize=0", "pageSize must be an integer from 1 to 1000: '0'."),
    (Q + "&pageSize=1001", "pageSize must be an integer from 1 to 1000: '1001'."),
    (Q + "&pageSize=ten", "pageSize must be an integer from 1 to 1000: 'ten'."),
    (Q + "&pageNo=0", "pageNo must be an integer from 1 to 2147483647: '0'."),
    (Q + "&pageNo=-1", "pageNo must be an integer from 1 to 2147483647: '-1'."),
    (Q + "&pageNo=2147483648", "pageNo must be an integer from 1 to 2147483647: '2147483648'."),
    (
        Q + "&memberNoList=1234567",
        "memberNoList must be sent in indexed form: memberNoList.1=...&memberNoList.2=...",
    ),
    (
        Q + "&memberNoList.0=1234567",
        "memberNoList.0 is not a valid list parameter: indexes are whole numbers from 1.",
    ),
    (Q + "&memberNoList.1=", "memberNoList.1 is empty."),
]


@pytest.mark.parametrize("response_format", ["xml", "json"])
@pytest.mark.parametrize(("query", "message"), VALIDATION, ids=[case[0] for case in VALIDATION])
def test_invalid_parameters_are_billing_errors_in_the_asked_format(
    sb: Sandbox, http: httpx2.Client, query: str, message: str, response_format: str
) -> None:
    suffix = "&responseFormatType=json" if response_format == "json" else ""
    response = get(http, sb, query + suffix)
    assert response.status_code == 400
    expected = {"responseError": {"returnCode": "1007009", "returnMessage": message}}
    if response_format == "json":
        assert response.headers["content-type"] == "application/json;charset=UTF-8"
        assert response.json() == expected
    else:
        assert response.headers["content-type"] == "application/xml;charset=UTF-8"
        assert decode_ncp_xml(response.content) == expected


def test_a_billing_error_in_xml_is_exactly_the_responseerror_document(
    sb: Sandbox, http: httpx2.Client
) -> None:
    response = get(http, sb, "startMonth=202405&endMonth=202404")
    assert response.content == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<responseError>\n"
        b"    <returnCode>1007009</returnCode>\n"
        b"    <returnMessage>startMonth (202405) must not be later than endMonth (202404).</returnMessage>\n"
        b"</responseError>\n"
    )


def test_an_unknown_responseformattype_is_a_400_in_xml(sb: Sandbox, http: httpx2.Client) -> None:
    response = get(http, sb, Q + "&responseFormatType=yaml")
    assert response.status_code == 400
    assert decode_ncp_xml(response.content) == {
        "responseError": {"returnCode": "1007009", "returnMessage": "responseFormatType must be xml or json."}
    }


def test_unknown_paths_and_methods_get_the_gateways_not_found(sb: Sandbox, http: httpx2.Client) -> None:
    response = http.get(sb.ncloud_url + "/cost/getProductDemandCostList")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "errorCode": "300",
            "message": "Not Found",
            "details": "No API matches GET /billing/v1/cost/getProductDemandCostList.",
        }
    }
    posted = http.post(sb.url + _uri(Q), headers=signed_headers(sb, _uri(Q), method="POST"))
    assert posted.status_code == 404
    assert posted.json()["error"]["errorCode"] == "300"


# --- pages, filters, formats ------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [1, 7, 13, 1000])
def test_pages_cover_every_contract_once_and_totalrows_is_the_total(
    sb: Sandbox, http: httpx2.Client, page_size: int
) -> None:
    expected = sb.state.ncp_contracts("202402", "202404")
    pages = math.ceil(len(expected) / page_size)
    seen: list[dict[str, Any]] = []
    for page_no in range(1, pages + 2):  # one past the last page: empty, same total
        page = page_of(get(http, sb, f"{Q}&pageNo={page_no}&pageSize={page_size}&responseFormatType=json"))
        assert page["totalRows"] == len(expected)
        rows = page["contractList"]
        assert len(rows) == (max(0, min(page_size, len(expected) - (page_no - 1) * page_size)))
        seen.extend(rows)
    assert seen == expected


def test_the_default_page_size_is_1000(http: httpx2.Client) -> None:
    with Sandbox(clock=lambda: NOW, ncp_contracts=1300, ncp_products=1, ncp_usage_rows=1) as sb:
        expected = sb.state.ncp_contracts("202404", "202404")
        assert len(expected) > 1000
        page = page_of(get(http, sb, "startMonth=202404&endMonth=202404&responseFormatType=json"))
        assert page["totalRows"] == len(expected)
        assert page["contractList"] == expected[:1000]


def test_membernolist_in_indexed_form_filters_by_member(sb: Sandbox, http: httpx2.Client) -> None:
    members = sb.state.ncp_members
    for chosen in ([members[0]], [members[1], members[2]], ["0000000"]):
        query = (
            Q
            + "".join(f"&memberNoList.{i}={m}" for i, m in enumerate(chosen, 1))
            + "&responseFormatType=json"
        )
        page = page_of(get(http, sb, query))
        expected = sb.state.ncp_contracts("202402", "202404", member_nos=chosen)
        assert page["contractList"] == expected
        assert page["totalRows"] == len(expected)
        for contract in expected:
            assert contract.get("memberNo", None) in (
                *chosen,
                None,
            )  # loginId-only contracts are filtered too
    everyone = sb.state.ncp_contracts("202402", "202404", member_nos=members)
    assert everyone == sb.state.ncp_contracts("202402", "202404")


def test_loginid_contracts_belong_to_their_member_for_the_filter(sb: Sandbox, http: httpx2.Client) -> None:
    records = [r for r in sb.state.ncp_records() if "loginId" in r.head]
    assert records, "the default seed has contracts with loginId instead of memberNo"
    record = records[0]
    months = sb.state.ncp_months
    found = False
    for first in range(0, len(months), 3):
        start, end = months[first], months[min(first + 2, len(months) - 1)]
        query = f"startMonth={start}&endMonth={end}&memberNoList.1={record.member_no}&responseFormatType=json"
        numbers = [c["contractNo"] for c in page_of(get(http, sb, query))["contractList"]]
        found = found or record.contract_no in numbers
    assert found


@pytest.mark.parametrize(
    ("parameter", "keyword", "value_of"),
    [
        ("contractNo", "contract_no", lambda c: c["contractNo"]),
        ("contractTypeCode", "contract_type_code", lambda c: c["contractType"]["code"]),
        ("contractStatusCode", "contract_status_code", lambda c: c["contractStatus"]["code"]),
        ("regionCode", "region_code", lambda c: c["regionCode"]),
    ],
)
def test_filters(sb: Sandbox, http: httpx2.Client, parameter: str, keyword: str, value_of: Any) -> None:
    value = value_of(sb.state.ncp_contracts("202402", "202404")[-1])
    page = page_of(get(http, sb, f"{Q}&{parameter}={value}&responseFormatType=json"))
    expected = sb.state.ncp_contracts("202402", "202404", **{keyword: value})
    assert page["contractList"] == expected
    assert expected and all(value_of(c) == value for c in expected)


def test_usage_rows_are_those_of_the_asked_months(sb: Sandbox, http: httpx2.Client) -> None:
    page = page_of(get(http, sb, "startMonth=202403&endMonth=202403&responseFormatType=json"))
    months = {
        usage["useMonth"]
        for contract in page["contractList"]
        for product in contract["contractProductList"]
        for usage in product["usageList"]
    }
    assert months <= {"202403", ""}
    empty = page_of(get(http, sb, "startMonth=201901&endMonth=201903&responseFormatType=json"))
    assert empty["totalRows"] == 0
    assert empty["contractList"] == []


def test_xml_is_the_default_and_equals_the_json_form(sb: Sandbox, http: httpx2.Client) -> None:
    for query in (Q, Q + "&pageSize=5&pageNo=2", f"{Q}&memberNoList.1={sb.state.ncp_members[0]}"):
        xml = get(http, sb, query)
        explicit = get(http, sb, query + "&responseFormatType=xml")
        as_json = get(http, sb, query + "&responseFormatType=json")
        assert xml.headers["content-type"] == "application/xml;charset=UTF-8"
        assert xml.content.startswith(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<getContractUsageListResponse>'
        )
        decoded, from_json = decode_ncp_xml(xml.content), as_json.json()
        ids = {
            decoded["getContractUsageListResponse"].pop("requestId"),
            decode_ncp_xml(explicit.content)["getContractUsageListResponse"].pop("requestId"),
            from_json["getContractUsageListResponse"].pop("requestId"),
        }
        assert len(ids) == 3  # one requestId per request
        assert decoded == from_json
        assert json.loads(json.dumps(decoded)) == from_json


def test_the_seeded_data_has_the_real_quirks(sb: Sandbox, http: httpx2.Client) -> None:
    text = get(http, sb, Q + "&responseFormatType=json").text
    body = json.loads(text)
    contracts = body["getContractUsageListResponse"]["contractList"]
    products = [p for c in contracts for p in c["contractProductList"]]
    usages = [u for p in products for u in p["usageList"]]
    assert isinstance(body["getContractUsageListResponse"]["totalRows"], int)
    assert any("loginId" in c and "memberNo" not in c for c in contracts)
    assert any(c["contractEndDate"] == "2999-12-31T23:59:59+0900" for c in contracts)
    assert all(c["contractStartDate"].endswith("+0900") for c in contracts)
    assert any(c["conjunctionContractNo"] == "" for c in contracts)
    assert any(p["productSize"] == 107374182400 for p in products)
    assert any(p["productSizeType"] == {} for p in products)
    assert any(u["userUnit"] == {} for u in usages)
    assert any(p["productCode"] == "SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002" for p in products)
    assert any(u["unit"]["code"] == "USAGE_SEC" and u["userUnit"]["code"] == "HOUR" for u in usages)
    assert any(isinstance(u["usageQuantity"], float) and not u["usageQuantity"].is_integer() for u in usages)
    assert any(isinstance(u["userUsageQuantity"], float) for u in usages)
    assert any(u["useMonth"] == "" for u in usages)
    assert any("productDescription" in p for p in products) or any("payCurrency" in c for c in contracts)
    assert len({tuple(c) for c in contracts}) > 1  # key order differs between contracts
    assert '"returnCode":"0"' in text


# --- the real client ------------------------------------------------------------------------------------


@pytest.mark.parametrize("response_format", ["json", "xml"])
def test_ncloudbilling_reads_every_contract_the_sandbox_holds(
    cloudcontracts_sandbox: Sandbox, response_format: Any
) -> None:
    months = (
        cloudcontracts_sandbox.state.ncp_months
    )  # six months: the client splits them into two three-month windows
    with NcloudBilling(
        cloudcontracts_sandbox.ncp_access_key,
        cloudcontracts_sandbox.ncp_secret_key,
        base_url=cloudcontracts_sandbox.ncloud_url,
        response_format=response_format,
        retry_policy=NO_RETRY,
    ) as client:
        got = list(client.iter_contract_usage(months[0], months[-1], page_size=9))
        members = list(cloudcontracts_sandbox.state.ncp_members[:2])
        filtered = list(client.iter_contract_usage("202402", "202404", member_nos=members))
    expected = cloudcontracts_sandbox.state.ncp_contracts(
        months[0], months[2]
    ) + cloudcontracts_sandbox.state.ncp_contracts(months[3], months[5])
    assert [c.to_dict() for c in got] == expected
    assert [c.to_dict() for c in filtered] == cloudcontracts_sandbox.state.ncp_contracts(
        "202402", "202404", member_nos=members
    )


def test_ncloudbilling_gets_typed_errors_from_the_sandbox(cloudcontracts_sandbox: Sandbox) -> None:
    with (
        NcloudBilling(
            cloudcontracts_sandbox.ncp_access_key,
            "a-wrong-secret",
            base_url=cloudcontracts_sandbox.ncloud_url,
            retry_policy=NO_RETRY,
        ) as client,
        pytest.raises(AuthenticationError),
    ):
        client.contract_usage_page("202402", "202404")
    with (
        NcloudBilling(
            cloudcontracts_sandbox.ncp_access_key,
            cloudcontracts_sandbox.ncp_secret_key,
            base_url=cloudcontracts_sandbox.ncloud_url,
            retry_policy=NO_RETRY,
        ) as client,
        pytest.raises(BadRequestError),
    ):
        # The client refuses page_no=2**31 itself (an int32 in the document), so the generated
        # function sends it, to see the sandbox's own refusal.
        get_contract_usage_list.sync_detailed(
            client=client.generated_client,
            start_month="202402",
            end_month="202404",
            contract_no="1",
            page_no=2**31,
        )
