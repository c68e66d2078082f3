"""Fault injection: each fault as an httpx client observes it, per API; scripts, per-operation scripts,
seeded probabilities, the control route, the real client riding through faults, and state left intact."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.ncloud import NcloudBilling
from cloudcontracts.ncloud.signing import signature_v2
from cloudcontracts.ncloud.xml_decoding import decode_ncp_xml
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.sandbox import Fault, FaultInjector, FaultPlan, Sandbox, create_app
from cloudcontracts.sandbox.fault_responses import ConnectionDropped

NCP_QUERY = "startMonth=202402&endMonth=202404"
NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client(timeout=5) as client:
        yield client


def hyperstack(http: httpx2.Client, sb: Sandbox, **kwargs: Any) -> httpx2.Response:
    return http.get(
        sb.hyperstack_url + "/pricebook/contracts", headers={"api_key": sb.hyperstack_api_key}, **kwargs
    )


def ncp(http: httpx2.Client, sb: Sandbox, query: str = NCP_QUERY, **kwargs: Any) -> httpx2.Response:
    uri = "/billing/v1/cost/getContractUsageList?" + query
    timestamp = str(int(time.time() * 1000))
    headers = {
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": sb.ncp_access_key,
        "x-ncp-apigw-signature-v2": signature_v2(
            method="GET",
            uri=uri,
            timestamp=timestamp,
            access_key=sb.ncp_access_key,
            secret_key=sb.ncp_secret_key,
        ),
    }
    return http.get(sb.url + uri, headers=headers, **kwargs)


# --- status faults, as the client sees them --------------------------------------------------------

HYPERSTACK_RATE_LIMIT = {
    "status": False,
    "message": "Too Many Requests",
    "error_reason": "rate limit exceeded: 500 requests per minute",
}

# (fault, status, content-type, body (bytes, or JSON value), Retry-After)
HYPERSTACK_STATUS_FAULTS: list[tuple[str, int, str | None, Any, str | None]] = [
    ("429", 429, "application/json", HYPERSTACK_RATE_LIMIT, None),
    ("429:7", 429, "application/json", HYPERSTACK_RATE_LIMIT, "7"),
    ("throttle:0", 429, "application/json", HYPERSTACK_RATE_LIMIT, "0"),
    ("500", 500, None, b"", None),
    ("502", 502, "text/html; charset=utf-8", NGINX_502, None),
    ("503", 503, "text/html; charset=utf-8", None, None),
    ("504", 504, "text/html; charset=utf-8", None, None),
    ("html", 502, "text/html; charset=utf-8", NGINX_502, None),
    ("html:500", 500, "text/html; charset=utf-8", None, None),
]


def _check(
    response: httpx2.Response, status: int, content_type: str | None, body: Any, retry_after: str | None
) -> None:
    assert response.status_code == status
    assert response.headers.get("content-type") == content_type
    assert response.headers.get("retry-after") == retry_after
    if isinstance(body, bytes):
        assert response.content == body
    elif body is not None:
        assert response.json() == body
    if content_type and content_type.startswith("text/html"):
        assert response.content.startswith(b"<html>")
        assert f"<title>{status} ".encode() in response.content


@pytest.mark.parametrize("case", HYPERSTACK_STATUS_FAULTS, ids=[case[0] for case in HYPERSTACK_STATUS_FAULTS])
def test_hyperstack_status_faults(sb: Sandbox, http: httpx2.Client, case: tuple[Any, ...]) -> None:
    fault, status, content_type, body, retry_after = case
    sb.faults.script(fault)
    _check(hyperstack(http, sb), status, content_type, body, retry_after)
    assert hyperstack(http, sb).status_code == 200  # one fault, then normal service
    assert sb.faults.history == [("list_contracts", fault), ("list_contracts", None)]


def _gateway(code: str, message: str, details: str) -> dict[str, Any]:
    return {"error": {"errorCode": code, "message": message, "details": details}}


NCP_JSON = "application/json;charset=UTF-8"
NCP_STATUS_FAULTS: list[tuple[str, str, int, str | None, Any, str | None]] = [
    ("429", "", 429, NCP_JSON, _gateway("420", "Rate Limited", "The request rate limit was exceeded."), None),
    (
        "429:2",
        "",
        429,
        NCP_JSON,
        _gateway("420", "Rate Limited", "The request rate limit was exceeded."),
        "2",
    ),
    (
        "throttle",
        "",
        429,
        NCP_JSON,
        _gateway("410", "Throttle Limited", "Too many requests in a short time."),
        None,
    ),
    ("503", "", 503, NCP_JSON, _gateway("500", "Endpoint Error", "The endpoint returned an error."), None),
    (
        "504",
        "",
        504,
        NCP_JSON,
        _gateway("510", "Endpoint Timeout", "The endpoint did not answer in time."),
        None,
    ),
    (
        "500",
        "&responseFormatType=json",
        500,
        NCP_JSON,
        {"responseError": {"returnCode": "9999", "returnMessage": "Internal server error."}},
        None,
    ),
    ("502", "", 502, "text/html; charset=utf-8", NGINX_502, None),
    ("html:403", "", 403, "text/html; charset=utf-8", None, None),
]


@pytest.mark.parametrize("case", NCP_STATUS_FAULTS, ids=[case[0] for case in NCP_STATUS_FAULTS])
def test_ncp_status_faults_are_gateway_json_whatever_format_was_asked(
    sb: Sandbox, http: httpx2.Client, case: tuple[Any, ...]
) -> None:
    fault, suffix, status, content_type, body, retry_after = case
    sb.faults.script(fault)
    _check(ncp(http, sb, NCP_QUERY + suffix), status, content_type, body, retry_after)
    assert ncp(http, sb).status_code == 200


def test_an_ncp_500_is_a_billing_error_in_xml_by_default(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("500")
    response = ncp(http, sb)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/xml;charset=UTF-8"
    assert decode_ncp_xml(response.content) == {
        "responseError": {"returnCode": "9999", "returnMessage": "Internal server error."}
    }


# --- connection and body faults ----------------------------------------------------------------------


@pytest.mark.parametrize("api", ["hyperstack", "ncp"])
def test_drop_closes_the_connection_without_a_response(sb: Sandbox, http: httpx2.Client, api: str) -> None:
    call = hyperstack if api == "hyperstack" else ncp
    assert call(http, sb).status_code == 200  # a kept-alive connection, then dropped under it
    sb.faults.script("drop")
    with pytest.raises(httpx2.RemoteProtocolError, match="Server disconnected without sending a response"):
        call(http, sb)
    with httpx2.Client() as fresh:  # and on a brand-new connection too
        sb.faults.script("drop")
        with pytest.raises(
            httpx2.RemoteProtocolError, match="Server disconnected without sending a response"
        ):
            call(fresh, sb)
    assert call(http, sb).status_code == 200


@pytest.mark.parametrize("api", ["hyperstack", "ncp"])
def test_truncate_announces_the_whole_body_and_sends_half(sb: Sandbox, http: httpx2.Client, api: str) -> None:
    call = hyperstack if api == "hyperstack" else ncp
    whole = len(call(http, sb).content)
    sb.faults.script("truncate")
    with pytest.raises(httpx2.RemoteProtocolError) as caught:
        call(http, sb)
    assert str(caught.value) == (
        "peer closed connection without sending complete message body "
        f"(received {whole // 2} bytes, expected {whole})"
    )
    assert call(http, sb).status_code == 200


def test_truncate_is_seen_mid_stream(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("truncate")
    request = http.build_request(
        "GET", sb.hyperstack_url + "/pricebook/contracts", headers={"api_key": sb.hyperstack_api_key}
    )
    response = http.send(request, stream=True)
    assert response.status_code == 200  # the headers arrived in full
    with pytest.raises(httpx2.RemoteProtocolError):
        response.read()
    response.close()


def test_malformed_bodies_are_complete_http_messages_that_do_not_parse(
    sb: Sandbox, http: httpx2.Client
) -> None:
    sb.faults.script("malformed", "malformed", "malformed")
    hs = hyperstack(http, sb)
    assert hs.status_code == 200
    assert int(hs.headers["content-length"]) == len(hs.content)
    with pytest.raises(json.JSONDecodeError):
        hs.json()
    as_json = ncp(http, sb, NCP_QUERY + "&responseFormatType=json")
    with pytest.raises(json.JSONDecodeError):
        as_json.json()
    as_xml = ncp(http, sb)
    assert as_xml.content.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<getContractUsageListResponse>'
    )
    with pytest.raises(ResponseDecodeError, match="malformed XML"):
        decode_ncp_xml(as_xml.content)


def test_latency_delays_the_normal_answer(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("latency:0.3")
    started = time.monotonic()
    response = hyperstack(http, sb)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    assert response.json()["contracts"] == sb.state.hyperstack_contracts()[:20]


def test_latency_beyond_the_client_timeout_is_a_read_timeout(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("latency:1")
    with pytest.raises(httpx2.ReadTimeout):
        hyperstack(http, sb, timeout=0.2)
    assert hyperstack(http, sb).status_code == 200


def test_under_an_in_process_asgi_transport_drop_raises_in_the_app() -> None:
    app = create_app(faults=["drop"])

    async def call() -> None:
        async with httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://sandbox"
        ) as client:
            await client.get(
                "/v1/pricebook/contracts", headers={"api_key": app.credentials.hyperstack_api_key}
            )

    with pytest.raises(ConnectionDropped):
        asyncio.run(call())


# --- plans ----------------------------------------------------------------------------------------------


def test_per_operation_scripts_come_first_and_touch_only_their_operation(
    sb: Sandbox, http: httpx2.Client
) -> None:
    sb.faults.script("503", "ok", "429")
    sb.faults.script("500", operation="getContractUsageList")
    assert ncp(http, sb).status_code == 500  # its own script first
    assert hyperstack(http, sb).status_code == 503  # then the shared one, in order, for anyone
    assert ncp(http, sb).status_code == 200  # "ok" consumes a turn
    assert hyperstack(http, sb).status_code == 429
    assert hyperstack(http, sb).status_code == 200
    assert sb.faults.history == [
        ("getContractUsageList", "500"),
        ("list_contracts", "503"),
        ("getContractUsageList", None),
        ("list_contracts", "429"),
        ("list_contracts", None),
    ]
    assert sb.faults.injected == [
        ("getContractUsageList", "500"),
        ("list_contracts", "503"),
        ("list_contracts", "429"),
    ]
    assert sb.faults.pending() == {"*": []}


def test_control_routes_and_unknown_paths_never_meet_faults(sb: Sandbox, http: httpx2.Client) -> None:
    sb.faults.script("503")
    assert http.get(sb.url + "/_sandbox/state").status_code == 200
    assert http.get(sb.hyperstack_url + "/nothing-here").status_code == 404
    assert sb.faults.pending() == {"*": ["503"]}


def test_a_seeded_probability_is_reproducible() -> None:
    plan = FaultPlan.of(probability=0.3, kinds=["503", "drop", "latency:0"], seed=11)
    first, second = FaultInjector(plan), FaultInjector(plan)
    draws = [first.next_fault("list_contracts") for _ in range(200)]
    assert draws == [second.next_fault("list_contracts") for _ in range(200)]
    faulted = [d for d in draws if d is not None]
    assert 40 <= len(faulted) <= 80
    assert {str(d) for d in faulted} == {"503", "drop", "latency:0"}
    other = FaultInjector(FaultPlan.of(probability=0.3, kinds=["503", "drop", "latency:0"], seed=12))
    assert [other.next_fault("list_contracts") for _ in range(200)] != draws


def test_faults_from_the_constructor_and_json_plans(http: httpx2.Client) -> None:
    with Sandbox(faults={"per_operation": {"list_contracts": ["429:1"]}, "script": ["502"]}) as sb:
        assert hyperstack(http, sb).status_code == 429
        assert hyperstack(http, sb).status_code == 502
        assert hyperstack(http, sb).status_code == 200
        sb.reset()  # the constructor's plan comes back with the reset
        assert hyperstack(http, sb).status_code == 429


def test_the_faults_control_route(sb: Sandbox, http: httpx2.Client) -> None:
    plan = {
        "script": ["503", "drop"],
        "per_operation": {"get_contract": ["500"]},
        "probability": 0,
        "seed": 3,
    }
    posted = http.post(sb.url + "/_sandbox/faults", json=plan)
    assert posted.status_code == 200
    assert posted.json()["pending"] == {"*": ["503", "drop"], "get_contract": ["500"]}
    assert hyperstack(http, sb).status_code == 503
    snapshot = http.get(sb.url + "/_sandbox/faults").json()
    assert snapshot["history"] == [["list_contracts", "503"]]
    assert snapshot["plan"] == {**plan, "kinds": ["503"], "probability": 0}
    assert http.delete(sb.url + "/_sandbox/faults").json()["pending"] == {"*": []}
    assert hyperstack(http, sb).status_code == 200


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"script": ["418"]}, "unknown fault '418'"),
        ({"script": ["latency"]}, "latency takes seconds"),
        ({"script": ["drop:1"]}, "fault 'drop' takes no argument"),
        ({"script": ["429:soon"]}, "Retry-After of '429' must be whole seconds"),
        ({"per_operation": {"listContracts": ["503"]}}, "unknown operation(s) listContracts"),
        ({"probability": 2}, "probability must be between 0 and 1"),
        ({"chaos": True}, "unknown fault plan field(s): chaos"),
    ],
)
def test_bad_fault_plans_are_refused(
    sb: Sandbox, http: httpx2.Client, plan: dict[str, Any], message: str
) -> None:
    response = http.post(sb.url + "/_sandbox/faults", json=plan)
    assert response.status_code == 400
    assert message in response.json()["error"]
    with pytest.raises(ValueError, match=re.escape(message)):
        FaultInjector(plan)  # operation names are checked against the documents when a plan meets one


def test_fault_specs_parse_and_print() -> None:
    assert Fault.parse("429:5") == Fault("429", "5")
    assert Fault.parse("429:5").retry_after == "5"
    assert Fault.parse("latency:0.25").seconds == 0.25
    assert Fault.parse("html:504").html_status == 504
    assert Fault.parse("html").html_status == 502
    assert [str(Fault.parse(s)) for s in ("drop", "throttle:3", "latency:1.5")] == [
        "drop",
        "throttle:3",
        "latency:1.5",
    ]


# --- the real client, and the state, through faults --------------------------------------------------


def test_ncloudbilling_retries_through_faults(sb: Sandbox) -> None:
    sb.faults.script("503", "drop", "429:0", "truncate", "ok", operation="getContractUsageList")
    slept: list[float] = []
    policy = RetryPolicy(max_retries=4, sleep=slept.append)
    with NcloudBilling(
        sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url, retry_policy=policy
    ) as client:
        page = client.contract_usage_page("202402", "202404")
    assert page.total_rows == len(sb.state.ncp_contracts("202402", "202404"))
    assert [fault for _, fault in sb.faults.history] == ["503", "drop", "429:0", "truncate", None]
    assert len(slept) == 4
    assert slept[2] == 0.0  # Retry-After: 0 honoured


def test_faults_never_change_the_state(http: httpx2.Client) -> None:
    plan = FaultPlan.of(
        probability=0.7, kinds=["truncate", "malformed", "drop", "500", "503", "429", "latency:0"], seed=5
    )
    with Sandbox(seed=9, faults=plan) as faulty, Sandbox(seed=9) as clean:
        before = (
            faulty.state.summary(),
            faulty.state.hyperstack_contracts(),
            faulty.state.ncp_contracts("202402", "202404"),
        )
        for _ in range(40):
            for call in (hyperstack, ncp):
                with contextlib.suppress(httpx2.TransportError):  # drop and truncate, on purpose
                    call(http, faulty)
        assert faulty.faults.injected
        after = (
            faulty.state.summary(),
            faulty.state.hyperstack_contracts(),
            faulty.state.ncp_contracts("202402", "202404"),
        )
        assert after == before
        faulty.faults.clear()
        assert hyperstack(http, faulty).content == hyperstack(http, clean).content
