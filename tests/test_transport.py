"""The guarded transport both providers use: body-size cap, rate limit, DEBUG lines, URL masking."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import FAKE_KEY, page_body, respond

from cloudcontracts import (
    APIConnectionError,
    AsyncHyperstackContracts,
    HyperstackContracts,
    NcloudBilling,
    NotFoundError,
    RateLimiter,
    ResponseTooLargeError,
    RetryPolicy,
)
from cloudcontracts.core.transport import (
    AsyncGuardedTransport,
    GuardedTransport,
    loggable_url,
    logged_query_params,
)
from cloudcontracts.specs import DOCUMENT_NAMES, openapi_document, resolve

NCP_ACCESS = "ncp-fake-access-AAAA"
NCP_SECRET = "ncp-fake-secret-BBBB"


class ChunkStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A body produced chunk by chunk, never held whole: counts what the client pulled."""

    def __init__(self, chunk: bytes, count: int) -> None:
        self.chunk = chunk
        self.count = count
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.count):
            self.pulled += 1
            yield self.chunk

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for _ in range(self.count):
            self.pulled += 1
            yield self.chunk


def test_declared_length_over_the_cap_is_refused_before_reading() -> None:
    stream = ChunkStream(b"x" * 1024, 1024)  # 1 MiB
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(200, headers={"Content-Length": str(1024 * 1024)}, stream=stream)
    )
    with (
        HyperstackContracts(FAKE_KEY, transport=transport, max_response_bytes=1000, max_retries=0) as hs,
        pytest.raises(ResponseTooLargeError) as caught,
    ):
        hs.get_contract(1)
    assert stream.pulled == 0
    assert "of 1048576 bytes (Content-Length) exceeds max_response_bytes=1000" in str(caught.value)
    assert caught.value.url == "https://infrahub-api.nexgencloud.com/v1/pricebook/contracts/1"


def test_streamed_body_stops_at_the_cap() -> None:
    stream = ChunkStream(b"y" * 1000, 50)
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, stream=stream))
    with (
        HyperstackContracts(FAKE_KEY, transport=transport, max_response_bytes=4500, max_retries=0) as hs,
        pytest.raises(ResponseTooLargeError, match="of more than 4500 bytes"),
    ):
        hs.get_contract(1)
    assert stream.pulled == 5  # 5000 bytes > 4500: the sixth chunk is never asked for


def test_the_cap_counts_decoded_bytes_so_a_gzip_bomb_stops_too() -> None:
    bomb = gzip.compress(b"{" + b" " * 5_000_000 + b"}")
    assert len(bomb) < 10_000
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)
    )
    with (
        NcloudBilling(NCP_ACCESS, NCP_SECRET, transport=transport, max_response_bytes=100_000) as ncp,
        pytest.raises(ResponseTooLargeError),
    ):
        ncp.contract_usage_page("2024-02", "2024-02")


def test_a_body_at_the_cap_is_accepted_whole() -> None:
    body = b'{"status": true, "message": "ok", "contracts": {"id": 5}}'
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=body))
    with HyperstackContracts(FAKE_KEY, transport=transport, max_response_bytes=len(body)) as hs:
        assert hs.get_contract(5).id == 5


def test_async_cap_is_the_same_rule() -> None:
    stream = ChunkStream(b"z" * 1000, 50)
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, stream=stream))

    async def run() -> None:
        async with AsyncHyperstackContracts(
            FAKE_KEY, transport=transport, max_response_bytes=2500, max_retries=0
        ) as hs:
            await hs.get_contract(1)

    with pytest.raises(ResponseTooLargeError, match="of more than 2500 bytes"):
        asyncio.run(run())
    assert stream.pulled == 3


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
def test_max_response_bytes_is_validated_before_any_request(bad: object) -> None:
    with pytest.raises(ValueError, match="max_response_bytes must be a whole number >= 1"):
        HyperstackContracts(FAKE_KEY, max_response_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_response_bytes must be a whole number >= 1"):
        NcloudBilling(NCP_ACCESS, NCP_SECRET, max_response_bytes=bad)  # type: ignore[arg-type]


def test_loggable_url_masks_values_outside_the_allow_list() -> None:
    url = httpx2.URL(
        "https://billingapi.apigw.ntruss.com/billing/v1/cost/getContractUsageList"
        "?startMonth=202402&endMonth=202404&memberNoList.1=1234567&contractNo=99&pageNo=2"
    )
    assert loggable_url(url) == (
        "https://billingapi.apigw.ntruss.com/billing/v1/cost/getContractUsageList"
        "?startMonth=202402&endMonth=202404&memberNoList.1=***&contractNo=***&pageNo=2"
    )
    assert loggable_url(httpx2.URL("https://h/v1/x")) == "https://h/v1/x"


def _declared_query_parameters() -> dict[str, list[Mapping[str, Any]]]:
    """Every declaration of a query parameter in the shipped documents, by wire name (resolved)."""
    declared: dict[str, list[Mapping[str, Any]]] = {}
    for name in DOCUMENT_NAMES:
        document = openapi_document(name)
        for item in document["paths"].values():
            for operation in [item, *(op for op in item.values() if isinstance(op, Mapping))]:
                for node in operation.get("parameters") or ():
                    parameter = resolve(document, node)
                    if parameter["in"] == "query":
                        schema = resolve(document, parameter["schema"])
                        items = resolve(document, schema.get("items") or {})
                        declared.setdefault(parameter["name"], []).append(
                            {**parameter, "schema": schema, "items": items}
                        )
    return declared


def test_the_logged_query_parameters_are_derived_from_the_documents() -> None:
    """Logged: every declared query parameter but account identifiers and strings naming one record."""
    declared = _declared_query_parameters()
    accounts = {
        name for name, ps in declared.items() if any(p.get("x-cloudcontracts-account-id") for p in ps)
    }
    strings = {
        name
        for name, ps in declared.items()
        for p in ps
        if "string"
        in (p["schema"].get("type"), p["items"].get("type") if p["schema"].get("type") == "array" else None)
    }
    records = {name for name in strings if name.removesuffix("List").endswith(("No", "Id"))}
    assert logged_query_params() == set(declared) - accounts - records
    # What that rule masks today: the member numbers (an account id) and the contract number.
    assert set(declared) - logged_query_params() == {"memberNoList", "contractNo"}
    # ... and keeps readable: months, dates, paging, flags, the format and category codes.
    assert {"startMonth", "start_date", "pageNo", "per_page", "isPartner", "responseFormatType"} <= (
        logged_query_params()
    )
    assert {p for p in logged_query_params() if p.endswith("Code")} == {
        name for name in declared if name.endswith("Code")
    }


def test_one_debug_line_per_exchange_and_the_retry_decisions(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter(
        [httpx2.Response(503, text="<html>busy</html>"), httpx2.Response(200, json=page_body([1], 1))]
    )
    transport = httpx2.MockTransport(lambda request: next(answers))
    policy = RetryPolicy(max_retries=1, sleep=lambda s: None, random=lambda: 0.0)
    with (
        caplog.at_level(logging.DEBUG, logger="cloudcontracts"),
        HyperstackContracts(FAKE_KEY, transport=transport, retry_policy=policy) as hs,
    ):
        hs.list_contracts(page=1, per_page=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "cloudcontracts"]
    assert len(lines) == 3
    assert lines[0].startswith(
        "GET https://infrahub-api.nexgencloud.com/v1/pricebook/contracts?page=1&per_page=10 -> 503 in "
    )
    assert lines[0].endswith(" ms (17 bytes)")
    assert lines[1].startswith("retrying in 0.50 s (attempt 1 of 2 failed: HTTP 503")
    assert lines[2].startswith(
        "GET https://infrahub-api.nexgencloud.com/v1/pricebook/contracts?page=1&per_page=10 -> 200 in "
    )


def test_failures_are_logged_with_the_reason_nothing_more_is_tried(caplog: pytest.LogCaptureFixture) -> None:
    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("refused", request=request)

    policy = RetryPolicy(max_retries=2, sleep=lambda s: None)
    with (
        caplog.at_level(logging.DEBUG, logger="cloudcontracts"),
        HyperstackContracts(FAKE_KEY, transport=httpx2.MockTransport(refuse), retry_policy=policy) as hs,
        pytest.raises(APIConnectionError, match="connection failed: ConnectError"),
    ):
        hs.get_contract(3)
    lines = [r.getMessage() for r in caplog.records if r.name == "cloudcontracts"]
    exchanges = [line for line in lines if line.startswith("GET ")]
    assert len(exchanges) == 3
    assert all(" -> ConnectError after " in line for line in exchanges)
    assert lines[-1].startswith("giving up after 3 attempts (max_retries=2); APIConnectionError: ")


def test_not_retryable_and_max_retries_zero_are_said(caplog: pytest.LogCaptureFixture) -> None:
    transport = httpx2.MockTransport(respond(404, {"status": False, "message": "no such contract"}))
    with caplog.at_level(logging.DEBUG, logger="cloudcontracts"):
        with (
            HyperstackContracts(FAKE_KEY, transport=transport) as hs,
            pytest.raises(NotFoundError, match="404"),
        ):
            hs.get_contract(3)
        with (
            HyperstackContracts(FAKE_KEY, transport=transport, max_retries=0) as hs,
            pytest.raises(NotFoundError),
        ):
            hs.get_contract(3)
    finals = [r.getMessage() for r in caplog.records if not r.getMessage().startswith("GET ")]
    assert finals == [
        "not retried: not a retryable failure; NotFoundError: HTTP 404: no such contract",
        "not retried (max_retries=0); NotFoundError: HTTP 404: no such contract",
    ]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def test_rate_limiter_spaces_requests_evenly() -> None:
    clock = FakeClock()
    limiter = RateLimiter(500, 60, clock=clock, sleep=clock.sleep)
    delays = [limiter.reserve() for _ in range(4)]
    assert [round(d, 6) for d in delays] == [0.0, 0.12, 0.24, 0.36]
    clock.now += 10  # a quiet spell does not bank more than the burst
    assert [round(limiter.reserve(), 6) for _ in range(2)] == [0.0, 0.12]


def test_rate_limiter_burst_lets_that_many_go_at_once() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, 60, burst=3, clock=clock)
    assert [round(limiter.reserve(), 6) for _ in range(5)] == [0.0, 0.0, 0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"requests": 0}, "requests must be a number > 0"),
        ({"requests": 10, "per": 0}, "per must be a number of seconds > 0"),
        ({"requests": 10, "burst": 0}, "burst must be a whole number >= 1"),
    ],
)
def test_rate_limiter_arguments_are_checked(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimiter(**kwargs)  # type: ignore[arg-type]


def test_every_attempt_of_both_clients_waits_for_its_slot() -> None:
    clock = FakeClock()
    limiter = RateLimiter(120, 60, clock=clock, sleep=clock.sleep, async_sleep=clock.async_sleep)
    answers = iter([httpx2.Response(503), *[httpx2.Response(200, json=page_body([1], 1)) for _ in range(3)]])
    transport = httpx2.MockTransport(lambda request: next(answers))
    policy = RetryPolicy(max_retries=1, sleep=lambda s: None)
    with HyperstackContracts(FAKE_KEY, transport=transport, retry_policy=policy, rate_limit=limiter) as hs:
        hs.list_contracts()  # 503 then 200: two requests
        hs.list_contracts()

    async def run() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport, rate_limit=limiter) as ahs:
            await ahs.list_contracts()

    asyncio.run(run())
    assert clock.slept == [0.5, 0.5, 0.5]  # four requests, 0.5 s apart; the first went at once


def test_guarded_transports_close_their_inner_transport() -> None:
    closed: list[str] = []

    class Inner(httpx2.MockTransport):
        def close(self) -> None:
            closed.append("sync")

        async def aclose(self) -> None:
            closed.append("async")

    GuardedTransport(Inner(respond(200))).close()
    asyncio.run(AsyncGuardedTransport(Inner(respond(200))).aclose())
    assert closed == ["sync", "async"]


class Pieces(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """``data`` streamed in pieces of ``size`` bytes (a body not read yet, as from the network)."""

    def __init__(self, data: bytes, size: int = 7) -> None:
        self.pieces = [data[i : i + size] for i in range(0, len(data), size)]

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for piece in self.pieces:
            yield piece


@pytest.mark.parametrize("read_already", [False, True])
@pytest.mark.parametrize("encoding", [None, "gzip", "deflate"])
def test_compressed_and_plain_bodies_decode_alike(encoding: str | None, read_already: bool) -> None:
    """A plain streamed body is read raw, a compressed or already-read one through httpx's decoding
    reader: the same page either way, sync and async."""
    plain = json.dumps({"status": True, "message": "ok", "contracts": {"id": 7, "org_id": 3}}).encode()
    wire = {None: plain, "gzip": gzip.compress(plain), "deflate": zlib.compress(plain)}[encoding]
    headers = {"Content-Encoding": encoding} if encoding else {}

    def respond(request: httpx2.Request) -> httpx2.Response:
        if read_already:
            return httpx2.Response(200, headers=headers, content=wire)
        return httpx2.Response(200, headers=headers, stream=Pieces(wire))

    transport = httpx2.MockTransport(respond)
    with HyperstackContracts(FAKE_KEY, transport=transport) as hs:
        contract = hs.get_contract(7)
        assert (contract.id, contract.org_id) == (7, 3)
        response = hs.generated_client.get_httpx_client().get("/pricebook/contracts/7")
        assert response.content == plain
        assert "content-encoding" not in response.headers  # it describes the body no longer

    async def run() -> bytes:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport) as ahs:
            assert (await ahs.get_contract(7)).id == 7
            return (await ahs.generated_client.get_async_httpx_client().get("/pricebook/contracts/7")).content

    assert asyncio.run(run()) == plain
