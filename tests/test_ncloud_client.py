"""NcloudBilling / AsyncNcloudBilling against an in-memory NCP fake (httpx2.MockTransport).

The fake checks every request's signature with its own few-line HMAC (never the signer under test),
paginates a fixed list of contracts by pageNo/pageSize/totalRows, and answers XML or JSON as asked.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx2
import pytest
from support.narrowing import of_type, present
from support.ncp_fixtures import contract_usage_page, to_xml

from cloudcontracts.errors import (
    APIConnectionError,
    APIResponseError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    CredentialsError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from cloudcontracts.ncloud import AsyncNcloudBilling, NcloudBilling
from cloudcontracts.retry import RetryPolicy
from ncloud_billing_client.api.cost import get_contract_usage_list
from ncloud_billing_client.models import Contract, GetContractUsageListResponseEnvelope

ACCESS = "AKFAKEFAKEFAKEFAKE01"
SECRET = "SKfakefakefakefakefakefakefakefakefake01"
BASE = "https://billingapi.apigw.ntruss.com/billing/v1"


def expected_signature(request: httpx2.Request) -> str:
    message = (
        f"{request.method} {request.url.raw_path.decode()}\n"
        f"{request.headers['x-ncp-apigw-timestamp']}\n{request.headers['x-ncp-iam-access-key']}"
    )
    return base64.b64encode(hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).digest()).decode()


class FakeNcp:
    """Serves ``total`` generated contracts, ``pageSize`` at a time, checking signatures."""

    def __init__(self, total: int, *, fail: Callable[[int], httpx2.Response | None] | None = None) -> None:
        page = contract_usage_page(total, 1, 1, seed=7)
        self.contracts: list[dict[str, Any]] = page["getContractUsageListResponse"]["contractList"]
        self.requests: list[httpx2.Request] = []
        self.fail = fail
        self.in_flight = 0
        self.max_in_flight = 0

    def params(self, index: int = -1) -> dict[str, str]:
        return dict(parse_qsl(self.requests[index].url.query.decode()))

    def respond(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        assert request.headers["x-ncp-apigw-signature-v2"] == expected_signature(request)
        if self.fail is not None:
            failure = self.fail(len(self.requests))
            if failure is not None:
                return failure
        q = dict(parse_qsl(request.url.query.decode()))
        size, number = int(q.get("pageSize", "1000")), int(q.get("pageNo", "1"))
        rows = self.contracts[(number - 1) * size : number * size]
        body = {
            "getContractUsageListResponse": {
                "requestId": f"req-{len(self.requests)}",
                "returnCode": "0",
                "returnMessage": "success",
                "totalRows": len(self.contracts),
                "contractList": rows,
            }
        }
        if q.get("responseFormatType") == "json":
            return httpx2.Response(200, json=body)
        return httpx2.Response(200, content=to_xml(body), headers={"content-type": "application/xml"})

    async def arespond(self, request: httpx2.Request) -> httpx2.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)
            return self.respond(request)
        finally:
            self.in_flight -= 1


def no_sleep_policy(max_retries: int = 2, **kwargs: Any) -> RetryPolicy:
    slept: list[float] = kwargs.pop("slept", [])

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    return RetryPolicy(max_retries=max_retries, sleep=slept.append, async_sleep=asleep, **kwargs)


def sync_client(fake: FakeNcp, **kwargs: Any) -> NcloudBilling:
    kwargs.setdefault("retry_policy", no_sleep_policy())
    return NcloudBilling(ACCESS, SECRET, transport=httpx2.MockTransport(fake.respond), **kwargs)


def async_client(fake: FakeNcp, **kwargs: Any) -> AsyncNcloudBilling:
    kwargs.setdefault("retry_policy", no_sleep_policy())
    return AsyncNcloudBilling(ACCESS, SECRET, transport=httpx2.MockTransport(fake.arespond), **kwargs)


@pytest.mark.parametrize("response_format", ["json", "xml"])
def test_sync_iteration_reads_every_page_exactly_once(response_format: Any) -> None:
    fake = FakeNcp(25)
    with sync_client(fake, response_format=response_format) as billing:
        got = list(billing.iter_contract_usage("202402", "2024-04", page_size=10))
    assert [c.contract_no for c in got] == [c["contractNo"] for c in fake.contracts]
    assert [fake.params(i)["pageNo"] for i in range(3)] == ["1", "2", "3"]
    assert fake.params(0) == {
        "pageNo": "1",
        "pageSize": "10",
        "startMonth": "202402",
        "endMonth": "202404",
        "responseFormatType": response_format,
    }


def test_async_iteration_is_concurrent_bounded_and_in_order() -> None:
    fake = FakeNcp(95)

    async def run() -> list[Contract]:
        async with async_client(fake, concurrency=3, response_format="xml") as billing:
            return [c async for c in billing.iter_contract_usage("2024-02", "2024-02", page_size=10)]

    got = asyncio.run(run())
    assert [c.contract_no for c in got] == [c["contractNo"] for c in fake.contracts]
    assert sorted(int(fake.params(i)["pageNo"]) for i in range(10)) == list(range(1, 11))
    assert fake.max_in_flight == 3


def test_long_range_is_split_into_three_month_windows() -> None:
    fake = FakeNcp(0)
    with sync_client(fake) as billing:
        assert list(billing.iter_contract_usage("2023-11", "2024-07")) == []
    windows = [(fake.params(i)["startMonth"], fake.params(i)["endMonth"]) for i in range(len(fake.requests))]
    assert windows == [("202311", "202401"), ("202402", "202404"), ("202405", "202407")]


def test_list_parameters_and_flags_on_the_wire() -> None:
    fake = FakeNcp(1)
    with sync_client(fake) as billing:
        billing.contract_usage_page(
            "2024-02",
            "2024-02",
            member_nos=["M 1/2", "M&3+4"],
            contract_no="9294191",
            contract_status_code="NOML",
            region_code="KR",
            is_partner=True,
            page_no=1,
        )
    assert fake.requests[0].url.raw_path == (
        b"/billing/v1/cost/getContractUsageList?pageNo=1&pageSize=1000&isPartner=true"
        b"&memberNoList.1=M%201%2F2&memberNoList.2=M%263%2B4&contractNo=9294191&startMonth=202402"
        b"&endMonth=202402&contractStatusCode=NOML&regionCode=KR&responseFormatType=json"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_month": "2024-13", "end_month": "202402"}, "not a month"),
        ({"start_month": "24-02", "end_month": "202402"}, "not a month"),
        ({"start_month": "202404", "end_month": "202402"}, "after end_month"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 1001}, "page_size"),
        ({"page_size": True}, "page_size"),
        ({"is_organization": True, "is_partner": True}, "cannot both be true"),
        ({"member_nos": "123"}, "single string"),
        ({"member_nos": []}, "empty"),
        ({"contract_no": " "}, "contract_no"),
    ],
)
def test_bad_input_fails_before_any_request(kwargs: dict[str, Any], message: str) -> None:
    fake = FakeNcp(1)
    args = {"start_month": "202402", "end_month": "202402", **kwargs}
    with sync_client(fake) as billing, pytest.raises((ValueError, TypeError), match=message):
        list(billing.iter_contract_usage(**args))
    assert fake.requests == []


def test_a_single_page_cannot_span_more_than_three_months() -> None:
    fake = FakeNcp(1)
    with sync_client(fake) as billing, pytest.raises(ValueError, match="more than 3 months"):
        billing.contract_usage_page("202401", "202404")
    assert fake.requests == []


def test_generated_function_returns_models_for_xml_and_json() -> None:
    fake = FakeNcp(1000)
    with sync_client(fake) as billing:
        results = [
            get_contract_usage_list.sync(
                client=billing.generated_client,
                start_month="202402",
                end_month="202402",
                response_format_type=f,
            )
            for f in ("xml", "json")
        ]

        async def run() -> Any:
            async with async_client(fake) as abilling:
                return await get_contract_usage_list.asyncio(
                    client=abilling.generated_client, start_month="202402", end_month="202402"
                )

        async_xml = asyncio.run(run())
    from_xml, from_json = results
    assert isinstance(from_xml, GetContractUsageListResponseEnvelope)
    assert isinstance(async_xml, GetContractUsageListResponseEnvelope)
    # requestId differs per request; everything else must be identical.
    for envelope in (from_xml, from_json, async_xml):
        present(
            of_type(GetContractUsageListResponseEnvelope, envelope).get_contract_usage_list_response
        ).request_id = "-"
    assert from_xml == from_json == async_xml
    assert len(present(present(from_xml.get_contract_usage_list_response).contract_list)) == 1000


def gateway(status: int, code: Any, message: str) -> httpx2.Response:
    return httpx2.Response(
        status, json={"error": {"errorCode": code, "message": message, "details": "see docs"}}
    )


@pytest.mark.parametrize(
    ("response", "error_class", "code", "message"),
    [
        (gateway(401, "200", "Authentication Failed"), AuthenticationError, "200", "Authentication Failed"),
        (gateway(401, 200, "Authentication Failed"), AuthenticationError, "200", "Authentication Failed"),
        (gateway(429, "420", "Rate Limited"), RateLimitError, "420", "Rate Limited"),
        (
            httpx2.Response(
                400,
                content=b"<responseError><returnCode>1007009</returnCode>"
                b"<returnMessage>Invalid month</returnMessage></responseError>",
            ),
            BadRequestError,
            "1007009",
            "Invalid month",
        ),
        (
            httpx2.Response(
                400, json={"responseError": {"returnCode": "1007010", "returnMessage": "Too long"}}
            ),
            BadRequestError,
            "1007010",
            "Too long",
        ),
        (
            httpx2.Response(
                200,
                json={
                    "getContractUsageListResponse": {
                        "returnCode": "1000",
                        "returnMessage": "fail",
                        "requestId": "r",
                    }
                },
            ),
            APIResponseError,
            "1000",
            "fail",
        ),
        (httpx2.Response(502, content=b"<html><body>Bad Gateway</body></html>"), ServerError, None, ""),
        (httpx2.Response(503, content=b""), ServerError, None, "empty body"),
    ],
)
def test_errors_map_to_typed_classes(
    response: httpx2.Response, error_class: type[Exception], code: str | None, message: str
) -> None:
    fake = FakeNcp(1, fail=lambda n: response)
    billing = sync_client(fake, response_format="xml", retry_policy=no_sleep_policy(0))
    with billing, pytest.raises(error_class) as caught:
        billing.contract_usage_page("202402", "202402")
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == response.status_code  # type: ignore[attr-defined]
    assert error.code == code  # type: ignore[attr-defined]
    assert error.message == message  # type: ignore[attr-defined]
    # The query as the log shows it: months, page and format; nothing that identifies an account.
    assert (
        error.url  # type: ignore[attr-defined]
        == (
            BASE + "/cost/getContractUsageList?pageNo=1&pageSize=1000&startMonth=202402&endMonth=202402"
            "&responseFormatType=xml"
        )
    )
    assert SECRET not in str(error) and SECRET not in repr(error)
    if response.status_code == 502:
        assert "Bad Gateway" in error.snippet  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [b"", b'{"getContractUsageListResponse": {"returnCode": "0", "contra', b"<html>oops</html>", b"[1]"],
)
def test_unreadable_success_bodies_are_decode_errors(body: bytes) -> None:
    fake = FakeNcp(1, fail=lambda n: httpx2.Response(200, content=body))
    with sync_client(fake, retry_policy=no_sleep_policy(0)) as billing, pytest.raises(ResponseDecodeError):
        billing.contract_usage_page("202402", "202402")


def test_page_contradicting_total_rows_is_an_error_not_a_short_result() -> None:
    def short_second_page(n: int) -> httpx2.Response | None:
        if n == 2:
            rows = FakeNcp(25).contracts[10:15]
            body = {
                "getContractUsageListResponse": {"returnCode": "0", "totalRows": 25, "contractList": rows}
            }
            return httpx2.Response(200, json=body)
        return None

    fake = FakeNcp(25, fail=short_second_page)
    with sync_client(fake) as billing:
        iterator = billing.iter_contract_usage("202402", "202402", page_size=10)
        with pytest.raises(ResponseDecodeError, match="holds 5 rows but totalRows=25"):
            list(iterator)


def test_retry_resigns_each_attempt_and_honours_retry_after() -> None:
    slept: list[float] = []
    clock = iter([1_700_000_000.0, 1_700_000_001.5, 1_700_000_003.0])

    def flaky(n: int) -> httpx2.Response | None:
        if n == 1:
            return httpx2.Response(503, json={"error": {"errorCode": "500", "message": "Endpoint Error"}})
        if n == 2:
            return httpx2.Response(429, headers={"Retry-After": "7"}, json={"error": {"errorCode": "410"}})
        return None

    fake = FakeNcp(3, fail=flaky)
    policy = no_sleep_policy(3, slept=slept, random=lambda: 0.0)
    with sync_client(fake, retry_policy=policy) as billing:
        billing.generated_client.get_httpx_client().auth._clock = lambda: next(clock)  # type: ignore[union-attr]
        page = billing.contract_usage_page("202402", "202402")
    assert page.total_rows == 3
    assert len(fake.requests) == 3
    assert [r.headers["x-ncp-apigw-timestamp"] for r in fake.requests] == [
        "1700000000000",
        "1700000001500",
        "1700000003000",
    ]
    assert slept == [0.5, 7.0]  # backoff for the 503, Retry-After for the 429


def test_retry_after_beyond_the_cap_raises_instead_of_sleeping() -> None:
    slept: list[float] = []
    fake = FakeNcp(1, fail=lambda n: httpx2.Response(429, headers={"Retry-After": "3600"}, json={}))
    billing = sync_client(fake, retry_policy=no_sleep_policy(3, slept=slept))
    with billing, pytest.raises(RateLimitError):
        billing.contract_usage_page("202402", "202402")
    assert (len(fake.requests), slept) == (1, [])


def test_max_retries_zero_and_exhaustion() -> None:
    fake = FakeNcp(1, fail=lambda n: httpx2.Response(500, json={}))
    with sync_client(fake, retry_policy=no_sleep_policy(2)) as billing, pytest.raises(ServerError):
        billing.contract_usage_page("202402", "202402")
    assert len(fake.requests) == 3


@pytest.mark.parametrize(
    ("exc", "error_class"),
    [(httpx2.ConnectError("refused"), APIConnectionError), (httpx2.ReadTimeout("slow"), APITimeoutError)],
)
def test_transport_failures_become_typed_errors(exc: Exception, error_class: type[Exception]) -> None:
    def boom(request: httpx2.Request) -> httpx2.Response:
        raise exc

    billing = NcloudBilling(
        ACCESS, SECRET, transport=httpx2.MockTransport(boom), retry_policy=no_sleep_policy(1)
    )
    with billing, pytest.raises(error_class) as caught:
        billing.contract_usage_page("202402", "202402")
    assert type(caught.value) is error_class
    assert "GET https://billingapi.apigw.ntruss.com/billing/v1/cost/getContractUsageList" in str(caught.value)


def test_credentials_are_refused_over_plain_http_except_loopback() -> None:
    with pytest.raises(ConfigurationError, match="plain http"):
        NcloudBilling(ACCESS, SECRET, base_url="http://billing.example.com/billing/v1")
    NcloudBilling(ACCESS, SECRET, base_url="http://127.0.0.1:9/billing/v1").close()
    NcloudBilling(ACCESS, SECRET, base_url="http://localhost:9/billing/v1").close()


def test_repr_shows_no_secret() -> None:
    with NcloudBilling(ACCESS, SECRET) as billing:
        text = repr(billing) + str(billing) + repr(billing.generated_client.get_httpx_client().auth)
    assert SECRET not in text
    assert ACCESS not in text


def test_missing_credentials_name_every_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in (
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_ACCESS_KEY",
        "NCLOUD_SECRET_ACCESS_KEY",
        "NCLOUD_SECRET_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(CredentialsError) as caught:
        NcloudBilling()
    text = str(caught.value)
    for place in (
        "arguments",
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_SECRET_KEY",
        str(tmp_path / ".ncloud" / "configure"),
    ):
        assert place in text


def test_error_json_is_never_a_bare_decode_error() -> None:
    fake = FakeNcp(1, fail=lambda n: httpx2.Response(503, content=b"{not json"))
    with sync_client(fake, retry_policy=no_sleep_policy(0)) as billing, pytest.raises(ServerError) as caught:
        billing.contract_usage_page("202402", "202402")
    assert not isinstance(caught.value, json.JSONDecodeError)
    assert caught.value.snippet == "{not json"


def test_async_iteration_requests_the_next_pages_before_handing_out_the_first() -> None:
    """A consumer that works on each contract overlaps with the fetching: by the time it has the first
    contract, the next ``concurrency`` pages are already in flight."""
    fake = FakeNcp(45)
    in_flight_at_first: list[int] = []

    async def run() -> list[str]:
        got: list[str] = []
        async with async_client(fake, concurrency=3) as billing:
            async for contract in billing.iter_contract_usage("2024-02", "2024-02", page_size=10):
                if not got:
                    for _ in range(5):
                        await asyncio.sleep(0)  # let started tasks reach the transport
                    in_flight_at_first.append(fake.in_flight)
                got.append(str(contract.contract_no))
        return got

    got = asyncio.run(run())
    assert in_flight_at_first == [3]
    assert got == [c["contractNo"] for c in fake.contracts]


def test_async_iteration_stopped_on_the_first_page_cancels_the_pages_it_started() -> None:
    fake = FakeNcp(45)

    async def run() -> tuple[int, int]:
        async with async_client(fake, concurrency=3) as billing:
            contracts = billing.iter_contract_usage("2024-02", "2024-02", page_size=10)
            async for _contract in contracts:
                await asyncio.sleep(0)
                break
            await contracts.aclose()  # type: ignore[attr-defined]
            return fake.in_flight, len(fake.requests)

    in_flight, answered = asyncio.run(run())
    assert (in_flight, answered) == (0, 1)  # only page 1 was answered; pages 2-4 were cancelled
