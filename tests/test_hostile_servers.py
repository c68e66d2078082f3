"""Hostile servers: raw sockets on 127.0.0.1 that control every byte, against every way of calling.

Each test runs a :class:`~support.hostile_server.HostileServer` in a thread and calls it the eight ways a user
can: Hyperstack and NCP, sync and async, through the wrappers and through the generated functions
called with ``client.generated_client``. What must hold is in each test's name; times are bounded
with ``time.monotonic()`` and memory with ``tracemalloc`` (the server's thread is traced too, so the
bounds include what it holds).
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import math
import re
import time
import tracemalloc
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from support.aio import run_awaitable
from support.hostile_server import CLOSE, HostileServer, RawRequest, gzipped, response, trickle
from support.narrowing import of_type, present

from cloudcontracts import (
    APIConnectionError,
    APITimeoutError,
    AsyncHyperstackContracts,
    AsyncNcloudBilling,
    AuthenticationError,
    CloudContractsError,
    ConfigurationError,
    HyperstackContracts,
    NcloudBilling,
    ResponseDecodeError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
)
from cloudcontracts.core.options import DEFAULT_DEADLINE
from cloudcontracts.errors import ClientClosedError
from hyperstack_client.api.contracts import list_contracts
from hyperstack_client.models import GetCustomerContractsListResponseModel as ContractsPage
from ncloud_billing_client.api.cost import get_contract_usage_list
from ncloud_billing_client.models import GetContractUsageListResponseEnvelope as UsageEnvelope

HS_KEY = "hs-fake-key-HOSTILE-0001"
NCP_ACCESS = "ncp-fake-access-HOSTILE-0002"
NCP_SECRET = "ncp-fake-secret-HOSTILE-0003"
SECRETS = (HS_KEY, NCP_ACCESS, NCP_SECRET)
FAST_RETRIES = RetryPolicy(max_retries=2, initial_backoff=0.01, max_backoff=0.02)
MIB = 1024 * 1024


# -- the eight ways of calling -------------------------------------------------------------------------


def hs_body(ids: list[int] | None = None, count: int | None = None, **extra: Any) -> dict[str, Any]:
    ids = [1, 2] if ids is None else ids
    body: dict[str, Any] = {
        "status": True,
        "message": "ok",
        "contracts": [{"id": i, "status": "active"} for i in ids],
    }
    if count is not None:
        body["count"] = count
    return body | extra


def ncp_body(numbers: list[str] | None = None, total: int | None = None) -> dict[str, Any]:
    numbers = ["100", "200"] if numbers is None else numbers
    return {
        "getContractUsageListResponse": {
            "requestId": "req-1",
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": len(numbers) if total is None else total,
            "contractList": [{"contractNo": n, "contractProductList": []} for n in numbers],
        }
    }


@dataclass(frozen=True)
class Way:
    """One way of calling one operation: ``run(server_url, **client_options)`` returns what it got."""

    name: str
    provider: str  # "hyperstack" or "ncloud"
    run: Callable[..., Any]

    def __str__(self) -> str:
        return self.name


def _hs(url: str) -> str:
    return url + "/v1"


def _ncp(url: str) -> str:
    return url + "/billing/v1"


def hs_sync_wrapper(url: str, **options: Any) -> Any:
    with HyperstackContracts(HS_KEY, base_url=_hs(url), **options) as hs:
        return [c.id for c in present(hs.list_contracts(page=1, per_page=2).contracts)]


def hs_async_wrapper(url: str, **options: Any) -> Any:
    async def main() -> Any:
        async with AsyncHyperstackContracts(HS_KEY, base_url=_hs(url), **options) as hs:
            return [c.id for c in present((await hs.list_contracts(page=1, per_page=2)).contracts)]

    return asyncio.run(main())


def hs_sync_generated(url: str, **options: Any) -> Any:
    with HyperstackContracts(HS_KEY, base_url=_hs(url), **options) as hs:
        answer = list_contracts.sync_detailed(client=hs.generated_client, page=1, per_page=2)
        return [c.id for c in present(of_type(ContractsPage, answer.parsed).contracts)]


def hs_async_generated(url: str, **options: Any) -> Any:
    async def main() -> Any:
        async with AsyncHyperstackContracts(HS_KEY, base_url=_hs(url), **options) as hs:
            answer = await list_contracts.asyncio_detailed(client=hs.generated_client, page=1, per_page=2)
            return [c.id for c in present(of_type(ContractsPage, answer.parsed).contracts)]

    return asyncio.run(main())


def ncp_sync_wrapper(url: str, **options: Any) -> Any:
    with NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), **options) as billing:
        return [
            c.contract_no for c in present(billing.contract_usage_page("2024-02", "2024-02").contract_list)
        ]


def ncp_async_wrapper(url: str, **options: Any) -> Any:
    async def main() -> Any:
        async with AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), **options) as billing:
            page = await billing.contract_usage_page("2024-02", "2024-02")
            return [c.contract_no for c in present(page.contract_list)]

    return asyncio.run(main())


def ncp_sync_generated(url: str, **options: Any) -> Any:
    with NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), **options) as billing:
        envelope = get_contract_usage_list.sync(
            client=billing.generated_client, start_month="202402", end_month="202402"
        )
        usage = present(of_type(UsageEnvelope, envelope).get_contract_usage_list_response)
        return [c.contract_no for c in present(usage.contract_list)]


def ncp_async_generated(url: str, **options: Any) -> Any:
    async def main() -> Any:
        async with AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), **options) as billing:
            envelope = await get_contract_usage_list.asyncio(
                client=billing.generated_client, start_month="202402", end_month="202402"
            )
            usage = present(of_type(UsageEnvelope, envelope).get_contract_usage_list_response)
            return [c.contract_no for c in present(usage.contract_list)]

    return asyncio.run(main())


WAYS = [
    Way("hyperstack-sync-wrapper", "hyperstack", hs_sync_wrapper),
    Way("hyperstack-async-wrapper", "hyperstack", hs_async_wrapper),
    Way("hyperstack-sync-generated", "hyperstack", hs_sync_generated),
    Way("hyperstack-async-generated", "hyperstack", hs_async_generated),
    Way("ncloud-sync-wrapper", "ncloud", ncp_sync_wrapper),
    Way("ncloud-async-wrapper", "ncloud", ncp_async_wrapper),
    Way("ncloud-sync-generated", "ncloud", ncp_sync_generated),
    Way("ncloud-async-generated", "ncloud", ncp_async_generated),
]
EXPECTED = {"hyperstack": [1, 2], "ncloud": ["100", "200"]}
every_way = pytest.mark.parametrize("way", WAYS, ids=str)


def success(way: Way) -> bytes:
    body = hs_body() if way.provider == "hyperstack" else ncp_body()
    return response(200, body, headers=[("Content-Type", "application/json")])


def serve(*answers: Any) -> Callable[[RawRequest], Any]:
    """A handler giving ``answers`` in turn, the last one for every later request."""
    queue = list(answers)

    def handler(request: RawRequest) -> Any:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return [answer] if isinstance(answer, bytes) else answer

    return handler


def failure(call: Callable[[], Any]) -> tuple[BaseException, float, int]:
    """Run ``call`` expecting an exception: (the exception, seconds, peak traced bytes)."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        call()
    except Exception as exc:
        error: BaseException = exc
    else:
        tracemalloc.stop()
        pytest.fail("the hostile answer was accepted")
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return error, elapsed, peak


def chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception in its ``__cause__``/``__context__`` chain."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]


def assert_no_secret(error: BaseException, log: str = "") -> None:
    """No credential in any exception of the chain (text, repr, attributes, a request's headers)."""
    for item in chain(error):
        texts = [str(item), repr(item), *(repr(v) for v in vars(item).values())]
        request = getattr(item, "request", None) if not isinstance(item, httpx2.HTTPError) else None
        if isinstance(item, httpx2.HTTPError):
            with pytest.raises(RuntimeError):  # an httpx error in the chain must not hold a request
                _ = item.request
        if isinstance(request, httpx2.Request):
            texts += [value for _, value in request.headers.items()]
        for secret in SECRETS:
            for text in texts:
                assert secret not in text, f"{type(item).__name__} carries a credential"
    for secret in SECRETS:
        assert secret not in log


# -- 4. the deadline: trickled headers or body -----------------------------------------------------------

TRICKLE_EVERY = 0.5
DEADLINE = 0.8


@pytest.mark.slow  # each cell waits out its deadline against a trickling server
@every_way
@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_server_trickling_one_byte_every_half_second_cannot_hold_a_call_past_its_deadline(
    way: Way, part: str
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n"
    # Eight bytes, then the connection drops: 4 s of trickling, five times the deadline, so that a
    # client without the deadline fails this test (too slow, and the wrong error) rather than hang it.
    if part == "headers":
        answer = [*trickle(head[:8], TRICKLE_EVERY), CLOSE]
    else:
        answer = [head + b"\r\n", *trickle(b"{" + b" " * 7, TRICKLE_EVERY), CLOSE]
    # Each read gets a byte well within the read timeout, and retries are allowed: neither may
    # stretch the call past its deadline, nor may a retry start a deadline of its own.
    with HostileServer(serve(answer)) as server:
        error, elapsed, peak = failure(
            lambda: way.run(server.url, deadline=DEADLINE, timeout=5.0, retry_policy=FAST_RETRIES)
        )
        requests = len(server.requests)
    assert type(error) is APITimeoutError
    assert "deadline" in str(error)
    assert DEADLINE - 0.05 <= elapsed < DEADLINE + 0.6
    assert requests == 1
    assert peak < 4 * MIB


def test_every_client_s_default_deadline_is_the_documented_one() -> None:
    for client in (HyperstackContracts, AsyncHyperstackContracts, NcloudBilling, AsyncNcloudBilling):
        assert inspect.signature(client).parameters["deadline"].default == DEFAULT_DEADLINE


@pytest.mark.parametrize("way", [WAYS[0], WAYS[5]], ids=str)
def test_a_server_that_never_answers_is_bounded_by_the_deadline_not_the_read_timeout(way: Way) -> None:
    with HostileServer(serve([60.0])) as server:
        error, elapsed, _ = failure(lambda: way.run(server.url, deadline=0.5, timeout=30.0, max_retries=3))
    assert type(error) is APITimeoutError
    assert elapsed < 1.1


# -- 3. and 8. Content-Encoding -------------------------------------------------------------------------

_BOMB_CACHE: dict[str, bytes] = {}
BOMB_EXPANDS_TO = 128 * MIB


def gzip_bomb() -> bytes:
    """One gzip layer over 128 MiB of zeros (about 128 KiB), made without holding the 128 MiB."""
    if "single" not in _BOMB_CACHE:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(MIB)
        parts = [compressor.compress(zeros) for _ in range(BOMB_EXPANDS_TO // MIB)]
        _BOMB_CACHE["single"] = b"".join(parts) + compressor.flush()
    return _BOMB_CACHE["single"]


def double_gzip_bomb() -> bytes:
    """Two gzip layers over 128 MiB of zeros: a few hundred bytes."""
    if "double" not in _BOMB_CACHE:
        _BOMB_CACHE["double"] = gzipped(gzip_bomb())
    return _BOMB_CACHE["double"]


@every_way
@pytest.mark.parametrize("headers", [["gzip, gzip"], ["gzip", "gzip"]], ids=["one-header", "two-headers"])
def test_stacked_gzip_is_refused_so_a_tiny_bomb_never_expands(way: Way, headers: list[str]) -> None:
    bomb = double_gzip_bomb()
    assert len(bomb) < 4096  # a few hundred bytes on the wire, 128 MiB after two layers
    answer = response(200, bomb, headers=[("Content-Encoding", value) for value in headers])
    with HostileServer(serve(answer)) as server:
        error, elapsed, peak = failure(
            lambda: way.run(server.url, max_response_bytes=MIB, retry_policy=FAST_RETRIES)
        )
        requests = len(server.requests)
    assert type(error) is ResponseDecodeError
    assert "unsupported Content-Encoding 'gzip, gzip'" in str(error)
    assert requests == 1  # a body is not retried
    assert elapsed < 2.0
    assert peak < 2 * MIB


@every_way
def test_one_gzip_layer_is_decoded_only_up_to_the_cap(way: Way) -> None:
    answer = response(200, gzip_bomb(), headers=[("Content-Encoding", "gzip")])
    with HostileServer(serve(answer)) as server:
        error, elapsed, peak = failure(lambda: way.run(server.url, max_response_bytes=MIB, max_retries=0))
    assert type(error) is ResponseTooLargeError
    assert "exceeds max_response_bytes=1048576" in str(error)
    assert elapsed < 2.0
    assert peak < 4 * MIB  # the body on the wire (128 KiB) + at most the cap decoded


@every_way
@pytest.mark.parametrize("label", ["gzip", "deflate"])
def test_a_body_labelled_compressed_that_is_not_is_a_decode_error(way: Way, label: str) -> None:
    plain = success(way).split(b"\r\n\r\n", 1)[1]
    answer = response(200, plain, headers=[("Content-Encoding", label)])
    with HostileServer(serve(answer)) as server:
        error, _, _ = failure(lambda: way.run(server.url, retry_policy=FAST_RETRIES))
        requests = len(server.requests)
    assert type(error) is ResponseDecodeError
    assert f"not valid {label} data although Content-Encoding says so" in str(error)
    assert requests == 1
    assert_no_secret(error)


# -- 9. generated functions and wrappers: typed errors only, retries, no secrets in any chain ---------


def _deep_json() -> bytes:
    return b'{"a":' * 10_000 + b"1" + b"}" * 10_000


def _shape(way: Way) -> bytes:
    if way.provider == "hyperstack":
        return response(200, {"status": True, "contracts": 5})
    return response(200, {"getContractUsageListResponse": {"returnCode": "0", "contractList": 5}})


FAULTS: list[tuple[str, Callable[[Way], Any], type[CloudContractsError]]] = [
    ("dropped", lambda way: [CLOSE], APIConnectionError),
    ("truncated", lambda way: [success(way)[:-10], CLOSE], APIConnectionError),
    ("garbage-status-line", lambda way: [b"HTTP/9 ???\r\n\r\n", CLOSE], APIConnectionError),
    ("malformed-json", lambda way: [response(200, b'{"contracts": [')], ResponseDecodeError),
    ("deep-json", lambda way: [response(200, _deep_json())], ResponseDecodeError),
    ("wrong-shape", lambda way: [_shape(way)], ResponseDecodeError),
    ("html-502", lambda way: [response(502, b"<html>bad gateway</html>")], ServerError),
]


@every_way
@pytest.mark.parametrize(("fault", "make", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
def test_every_fault_is_one_typed_error_with_no_credential_in_its_chain(
    way: Way,
    fault: str,
    make: Callable[[Way], Any],
    expected: type[Exception],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="cloudcontracts")
    with HostileServer(serve(make(way))) as server:
        error, elapsed, _ = failure(lambda: way.run(server.url, retry_policy=FAST_RETRIES, timeout=2.0))
        requests = len(server.requests)
    assert isinstance(error, expected), repr(error)
    retried = issubclass(expected, (APIConnectionError, ServerError))
    assert requests == (3 if retried else 1)
    assert elapsed < 3.0
    assert_no_secret(error, caplog.text)


@every_way
@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_are_retried_until_the_answer_comes(way: Way, status: int) -> None:
    refusal = response(status, {"message": "slow down"}, headers=[("Retry-After", "0")])
    with HostileServer(serve(refusal, refusal, success(way))) as server:
        assert way.run(server.url, retry_policy=FAST_RETRIES) == EXPECTED[way.provider]
        assert len(server.requests) == 3


# -- 11. credentials echoed back by the server ----------------------------------------------------------


def _echo(request: RawRequest, way: Way) -> str:
    """What a careless gateway says: every header it saw; NCP's also the secret key (which the real
    gateway knows; a Hyperstack server cannot know it, nor its client tell it from other text)."""
    credentials = ("api_key", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2")
    # Credentials first, so that even a 200-character snippet of the body quotes them.
    headers = sorted(request.headers.items(), key=lambda item: item[0] not in credentials)
    sent = " ".join(f"{name}={value}" for name, value in headers)
    return ("rejected " if way.provider == "hyperstack" else f"rejected secret={NCP_SECRET} ") + sent


@every_way
@pytest.mark.parametrize("status", [401, 503, 200])
def test_credentials_echoed_by_the_server_never_reach_errors_or_logs(
    way: Way, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="cloudcontracts")

    def handler(request: RawRequest) -> Any:
        text = _echo(request, way)
        if status == 200:  # a success body of the wrong shape, quoted in the error's snippet
            body: Any = {"status": True, "contracts": text, "getContractUsageListResponse": text}
            if way.provider == "ncloud":
                body = {"getContractUsageListResponse": {"returnCode": "0", "contractList": text}}
            return [response(200, body)]
        if way.provider == "hyperstack":
            return [response(status, {"status": False, "message": text, "error_reason": text})]
        return [response(status, {"error": {"errorCode": "200", "message": text, "details": text}})]

    with HostileServer(handler) as server:
        error, _, _ = failure(lambda: way.run(server.url, retry_policy=FAST_RETRIES))
        sent = server.requests[0].headers
    # The server did see (and echo) the credentials: the test would fail without the redaction.
    assert HS_KEY in sent.values() if way.provider == "hyperstack" else NCP_ACCESS in sent.values()
    assert type(error) is {401: AuthenticationError, 503: ServerError, 200: ResponseDecodeError}[status]
    assert "***" in str(error)
    assert_no_secret(error, caplog.text)


# -- 10. a password in the base URL ---------------------------------------------------------------------

PASSWORD = "pw-HOSTILE-0004"


@pytest.mark.parametrize(
    "make",
    [
        lambda: HyperstackContracts(HS_KEY, base_url=f"https://user:{PASSWORD}@h.example/v1"),
        lambda: AsyncHyperstackContracts(HS_KEY, base_url=f"https://user:{PASSWORD}@h.example/v1"),
        lambda: NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=f"https://u:{PASSWORD}@n.example/billing/v1"),
        lambda: AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=f"https://u:{PASSWORD}@n.example/b/v1"),
    ],
    ids=["hyperstack", "hyperstack-async", "ncloud", "ncloud-async"],
)
def test_a_password_in_the_base_url_is_refused_and_never_shown(
    make: Callable[[], Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ConfigurationError, match="must not contain a user name or password") as caught:
        make()
    for item in chain(caught.value):
        assert PASSWORD not in str(item) and PASSWORD not in repr(item)
    assert PASSWORD not in caplog.text


# -- 12. and 13. byte-order marks, UTF-16, NaN ------------------------------------------------------------


@every_way
def test_a_utf8_byte_order_mark_before_json_is_read(way: Way) -> None:
    body = success(way).split(b"\r\n\r\n", 1)[1]
    with HostileServer(serve(response(200, b"\xef\xbb\xbf" + body))) as server:
        assert way.run(server.url) == EXPECTED["hyperstack" if way.provider == "hyperstack" else "ncloud"]


NCP_XML = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<getContractUsageListResponse>'
    "<requestId>r</requestId><returnCode>0</returnCode><totalRows>\n  2\n</totalRows>"
    "<contractList><contract><contractNo>100</contractNo></contract>"
    "<contract><contractNo>200</contractNo></contract></contractList>"
    "</getContractUsageListResponse>"
)


@pytest.mark.parametrize("way", [w for w in WAYS if w.provider == "ncloud"], ids=str)
@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("UTF-8", b"\xef\xbb\xbf"), ("UTF-16", b"\xff\xfe"), ("UTF-16", b"\xfe\xff")],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_ncp_xml_with_a_byte_order_mark_is_read(way: Way, encoding: str, prefix: bytes) -> None:
    text = NCP_XML.format(encoding=encoding)
    codec = {b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}[prefix]
    body = prefix + text.encode(codec)
    with HostileServer(serve(response(200, body, headers=[("Content-Type", "application/xml")]))) as server:
        assert way.run(server.url, response_format="xml") == ["100", "200"]


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_xml_numbers_with_whitespace_around_them_are_numbers(sync: bool) -> None:
    # totalRows "\n  2\n" must read as 2, or a complete page is refused for having no totalRows.
    answer = response(200, NCP_XML.format(encoding="UTF-8").encode())
    with HostileServer(serve(answer)) as server:
        if sync:
            with NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(server.url), response_format="xml") as c:
                rows = [
                    present(r.contract_no) for r in c.iter_contract_usage("2024-02", "2024-02", page_size=2)
                ]
        else:

            async def main() -> list[str]:
                async with AsyncNcloudBilling(
                    NCP_ACCESS, NCP_SECRET, base_url=_ncp(server.url), response_format="xml"
                ) as c:
                    return [
                        present(r.contract_no)
                        async for r in c.iter_contract_usage("2024-02", "2024-02", page_size=2)
                    ]

            rows = asyncio.run(main())
    assert rows == ["100", "200"]


@every_way
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_in_json_are_refused(way: Way, constant: str) -> None:
    if way.provider == "hyperstack":
        body = f'{{"status": true, "contracts": [{{"id": 1, "discounts": [{{"discount_amount": {constant}}}]}}]}}'
    else:
        body = (
            '{"getContractUsageListResponse": {"returnCode": "0", "totalRows": 1, "contractList": '
            f'[{{"contractNo": "1", "contractProductList": [{{"usageList": [{{"usageQuantity": {constant}}}]}}]}}]}}}}'
        )
    with HostileServer(serve(response(200, body))) as server:
        error, _, _ = failure(lambda: way.run(server.url, max_retries=0))
    assert type(error) is ResponseDecodeError
    assert "malformed JSON" in str(error) and "ValueError" in str(error)


# -- 15. local mistakes: typed, before any request -------------------------------------------------------


@pytest.mark.parametrize("timeout", [-1, math.nan, "5", 0, math.inf, True])
@pytest.mark.parametrize("client", [HyperstackContracts, NcloudBilling, AsyncNcloudBilling])
def test_a_bad_timeout_is_a_configuration_error(client: Any, timeout: Any) -> None:
    credentials = (HS_KEY,) if client is HyperstackContracts else (NCP_ACCESS, NCP_SECRET)
    with pytest.raises(ConfigurationError, match="timeout must be a positive, finite number"):
        client(*credentials, timeout=timeout)


BAD_URLS = [
    "",
    "not a url",
    "https://",
    "http://[::1",
    "ftp://h.example/v1",
    "https://exa mple.com/v1",
    "https://h.example:99999/v1",
    "https://h.example:0/v1",
    "https://h.example/v1?x=1",
    "https://h.example/v1#top",
    "//h.example/v1",
    "https://\x00h.example",
    123,
    b"https://h.example",
]


@pytest.mark.parametrize("url", BAD_URLS, ids=repr)
@pytest.mark.parametrize(
    "client", [HyperstackContracts, AsyncHyperstackContracts, NcloudBilling, AsyncNcloudBilling]
)
def test_a_bad_base_url_is_a_configuration_error(client: Any, url: Any) -> None:
    credentials = (HS_KEY,) if client.__name__.endswith("Contracts") else (NCP_ACCESS, NCP_SECRET)
    with pytest.raises(ConfigurationError) as caught:
        client(*credentials, base_url=url)
    assert caught.value.__cause__ is None


BIG = "must be a whole number from 1 to 9223372036854775807, not int 1180591620717411303424"


def _hs_mistakes(hs: Any) -> list[tuple[Callable[[], Any], str]]:
    """(mistake, the start of its ValueError's text) for a Hyperstack client, sync or async."""
    return [
        (lambda: hs.get_contract(2**70), f"contract_id {BIG}"),
        (lambda: hs.gpu_allocation_graph(2**70), f"contract_id {BIG}"),
        (lambda: hs.call("get_contract", contract_id=2**70), f"get_contract: contract_id {BIG}"),
        (lambda: hs.list_contracts(per_page=2**70), f"list_contracts: per_page {BIG}"),
        (lambda: hs.list_contracts(page=2**70), f"list_contracts: page {BIG}"),
        (
            lambda: hs.get_contract("5"),
            "contract_id must be a whole number from 1 to 9223372036854775807, not str",
        ),
        (lambda: hs.list_contracts(page="1"), "page must be a whole number >= 1, not str '1'"),
        (
            lambda: hs.gpu_allocation_graph(1, start=5),
            "start must be a datetime, date or ISO 8601 str, not int",
        ),
        (lambda: hs.gpu_allocation_graph(1, end=object()), "end must be a datetime, date or ISO 8601 str"),
        (
            lambda: hs.call("get_contract", contract_id="1"),
            "get_contract: contract_id must be a whole number, not str",
        ),
    ]


def _ncp_mistakes(billing: Any) -> list[tuple[Callable[[], Any], str]]:
    """(mistake, the start of its ValueError's text) for an NCP client, sync or async."""
    page_no = "getContractUsageList: page_no must be a whole number from 1 to 2147483647, not int"
    member = "getContractUsageList: member_no_list must be a string, not NoneType None"
    return [
        (lambda: billing.contract_usage_page("2024-02", "2024-02", page_no=2**70), page_no),
        (
            lambda: billing.call(
                "getContractUsageList", start_month="202402", end_month="202402", page_no=2**70
            ),
            page_no,
        ),
        (lambda: billing.contract_usage_page("2024-02", "2024-02", member_nos=[None]), member),
        (
            lambda: billing.contract_usage_page("2024-02", "2024-02", member_nos=5),
            "getContractUsageList: member_no_list must be a list, not int 5",
        ),
        (
            lambda: billing.contract_usage_page("2024-02", "2024-02", contract_no=5),
            "getContractUsageList: contract_no must be a string, not int 5",
        ),
        (
            lambda: billing.contract_usage_page("2024-02", "2024-02", page_size="5"),
            "page_size must be a whole number from 1 to 1000, not str '5'",
        ),
        (
            lambda: billing.call(
                "getContractUsageList", start_month="202402", end_month="202402", member_no_list=[None]
            ),
            member,
        ),
    ]


def test_sync_local_mistakes_are_value_errors_before_any_request() -> None:
    with HostileServer(serve(response(500))) as server:
        with HyperstackContracts(HS_KEY, base_url=_hs(server.url)) as hs:
            for mistake, message in _hs_mistakes(hs):
                with pytest.raises(ValueError, match=re.escape(message)):
                    mistake()
        with NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(server.url)) as billing:
            for mistake, message in _ncp_mistakes(billing):
                with pytest.raises(ValueError, match=re.escape(message)):
                    mistake()
            with pytest.raises(ValueError, match="member_no_list must be a string, not NoneType None"):
                list(billing.iter_contract_usage("2024-01", "2024-06", member_nos=["1", None]))  # type: ignore[list-item]  # the mistake under test
        assert server.requests == []


def test_async_local_mistakes_are_value_errors_before_any_request() -> None:
    async def main(url: str) -> int:
        refused = 0
        async with AsyncHyperstackContracts(HS_KEY, base_url=_hs(url)) as hs:
            for mistake, message in _hs_mistakes(hs):
                with pytest.raises(ValueError, match=re.escape(message)):
                    await mistake()
                refused += 1
        async with AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url)) as billing:
            for mistake, message in _ncp_mistakes(billing):
                with pytest.raises(ValueError, match=re.escape(message)):
                    await mistake()
                refused += 1
            with pytest.raises(ValueError, match="member_no_list must be a string"):
                _ = [
                    row
                    async for row in billing.iter_contract_usage("2024-01", "2024-06", member_nos=[None])  # type: ignore[list-item]  # the mistake under test
                ]
        return refused

    with HostileServer(serve(response(500))) as server:
        assert asyncio.run(main(server.url)) == 17
        assert server.requests == []


# -- 16. a closed client, an async client in a second event loop ----------------------------------------


@every_way
def test_a_closed_client_raises_client_closed_error(way: Way) -> None:
    with HostileServer(serve(success(way))) as server:
        hs = HyperstackContracts(HS_KEY, base_url=_hs(server.url))
        billing = NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(server.url))
        ahs = AsyncHyperstackContracts(HS_KEY, base_url=_hs(server.url))
        abilling = AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(server.url))
        hs.close()
        billing.close()

        async def close_async() -> None:
            await ahs.aclose()
            await abilling.aclose()

        asyncio.run(close_async())
        calls: dict[str, Callable[[], Any]] = {
            "hyperstack-sync-wrapper": hs.list_contracts,
            "hyperstack-async-wrapper": lambda: asyncio.run(ahs.list_contracts()),
            "hyperstack-sync-generated": lambda: list_contracts.sync(client=hs.generated_client),
            "hyperstack-async-generated": lambda: asyncio.run(
                list_contracts.asyncio(client=ahs.generated_client)
            ),
            "ncloud-sync-wrapper": lambda: billing.contract_usage_page("2024-02", "2024-02"),
            "ncloud-async-wrapper": lambda: run_awaitable(abilling.contract_usage_page("2024-02", "2024-02")),
            "ncloud-sync-generated": lambda: get_contract_usage_list.sync(
                client=billing.generated_client, start_month="202402", end_month="202402"
            ),
            "ncloud-async-generated": lambda: asyncio.run(
                get_contract_usage_list.asyncio(
                    client=abilling.generated_client, start_month="202402", end_month="202402"
                )
            ),
        }
        with pytest.raises(ClientClosedError, match="has been closed"):
            calls[way.name]()
        assert server.requests == []


def _reuse_in_a_second_loop(way: Way, url: str) -> None:
    """Call once in one event loop, then again in another (raising whatever the second call raises)."""
    if way.provider == "hyperstack":
        client: Any = AsyncHyperstackContracts(HS_KEY, base_url=_hs(url), max_retries=0)

        async def call() -> Any:
            if "generated" in way.name:
                return await list_contracts.asyncio(client=client.generated_client, page=1, per_page=2)
            return await client.list_contracts(page=1, per_page=2)
    else:
        client = AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), max_retries=0)

        async def call() -> Any:
            if "generated" in way.name:
                return await get_contract_usage_list.asyncio(
                    client=client.generated_client, start_month="202402", end_month="202402"
                )
            return await client.contract_usage_page("2024-02", "2024-02")

    assert asyncio.run(call()) is not None  # the first loop leaves a pooled connection behind
    asyncio.run(call())


@pytest.mark.parametrize("way", [w for w in WAYS if "async" in w.name], ids=str)
def test_an_async_client_reused_in_a_second_event_loop_raises_a_typed_error(way: Way) -> None:
    with (
        HostileServer(serve(success(way))) as server,
        pytest.raises(ClientClosedError, match="event loop that has since closed"),
    ):
        _reuse_in_a_second_loop(way, server.url)
    # The first loop's connection cannot be closed any more, only dropped: here, so that its
    # ResourceWarning is not blamed on whichever test the garbage collector happens to run in.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


# -- 1., 2., 5., 6. pagination against servers that lie ---------------------------------------------------


def hs_walk(url: str, sync: bool, **options: Any) -> tuple[list[Any], BaseException | None]:
    """Walk ``iter_contracts`` (per_page=2): the ids yielded before it ended, and how it ended."""
    got: list[Any] = []

    async def main() -> None:
        async with AsyncHyperstackContracts(HS_KEY, base_url=_hs(url), max_retries=0, **options) as hs:
            async for contract in hs.iter_contracts(per_page=2):
                got.append(contract.id)

    try:
        if sync:
            with HyperstackContracts(HS_KEY, base_url=_hs(url), max_retries=0, **options) as hs:
                got.extend(contract.id for contract in hs.iter_contracts(per_page=2))
        else:
            asyncio.run(main())
    except Exception as exc:
        return got, exc
    return got, None


def ncp_walk(url: str, sync: bool, **options: Any) -> tuple[list[Any], BaseException | None]:
    """Walk ``iter_contract_usage`` (page_size=2; async: concurrency 8): contract numbers, and the end."""
    got: list[Any] = []

    async def main() -> None:
        async with AsyncNcloudBilling(
            NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), max_retries=0, concurrency=8, **options
        ) as billing:
            async for row in billing.iter_contract_usage("2024-02", "2024-02", page_size=2):
                got.append(row.contract_no)

    try:
        if sync:
            with NcloudBilling(
                NCP_ACCESS, NCP_SECRET, base_url=_ncp(url), max_retries=0, **options
            ) as billing:
                got.extend(
                    row.contract_no for row in billing.iter_contract_usage("2024-02", "2024-02", page_size=2)
                )
        else:
            asyncio.run(main())
    except Exception as exc:
        return got, exc
    return got, None


def measured_walk(
    walk: Callable[[], tuple[list[Any], BaseException | None]],
) -> tuple[list[Any], Any, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    got, error = walk()
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return got, error, elapsed, peak


sync_and_async = pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])


@sync_and_async
@pytest.mark.parametrize("ids", [[None, None], ["x-1", "x-2"]], ids=["no-id", "string-id"])
def test_a_server_that_ignores_page_and_sends_no_integer_ids_ends_the_walk_in_error(
    sync: bool, ids: list[str | None]
) -> None:
    contracts = [{"status": "active"} if i is None else {"id": i, "status": "active"} for i in ids]
    contracts[1]["status"] = "expired"
    body = {"status": True, "message": "ok", "contracts": contracts}
    with HostileServer(serve(response(200, body))) as server:
        got, error, elapsed, peak = measured_walk(lambda: hs_walk(server.url, sync))
        pages = [int(r.query["page"]) for r in server.requests]
    assert type(error) is ResponseDecodeError
    assert "page 2 repeats an earlier page" in str(error)
    assert pages == [1, 2]
    assert len(got) == 2  # page 1, once
    assert elapsed < 2.0
    assert peak < 4 * MIB


@sync_and_async
def test_a_server_that_sends_new_id_less_contracts_for_ever_stops_at_max_pages(sync: bool) -> None:
    def handler(request: RawRequest) -> Any:
        page = request.query["page"]
        contracts = [{"status": "active", "description": f"page {page} item {i}"} for i in (1, 2)]
        return [response(200, {"status": True, "contracts": contracts})]

    with HostileServer(handler) as server:
        got, error, elapsed, peak = measured_walk(lambda: hs_walk(server.url, sync, max_pages=40))
        requests = len(server.requests)
    assert type(error) is ResponseDecodeError
    assert "goes on past max_pages=40 pages" in str(error)
    assert requests == 40
    assert len(got) == 2 * 39  # every page before the last allowed one
    assert elapsed < 5.0
    assert peak < 4 * MIB


@sync_and_async
@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ({1: ([1, 2], 6), 2: ([3, 4], 6), 3: ([5], 6)}, "the list ended after 5 of the 6 items"),
        ({1: ([1, 2], 6), 2: ([3, 4], 6), 3: ([], 6)}, "the list ended after 4 of the 6 items"),
        ({1: ([1, 2], 6), 2: ([3, 4], 7)}, "count changed from 6 to 7 on page 2"),
        ({1: ([1, 2], 6), 2: ([2, 3], 6)}, "page 2 repeats 1 item(s) already returned"),
    ],
    ids=["ends-short", "ends-empty", "count-changes", "offset-shift"],
)
def test_hyperstack_a_walk_that_contradicts_its_proven_total_is_an_error(
    sync: bool, pages: dict[int, tuple[list[int], int]], message: str
) -> None:
    def handler(request: RawRequest) -> Any:
        # The async shell may ask for pages ahead of the one that fails: empty ones, never consumed.
        ids, count = pages.get(int(request.query["page"]), ([], 6))
        return [response(200, hs_body(ids, count))]

    with HostileServer(handler) as server:
        got, error = hs_walk(server.url, sync)
    assert type(error) is ResponseDecodeError
    assert message in str(error)
    assert len(got) == len(set(got))  # never a duplicate yielded


@sync_and_async
def test_ncp_a_total_of_a_trillion_rows_is_refused_after_one_request(sync: bool) -> None:
    with HostileServer(serve(response(200, ncp_body(["1", "2"], total=10**12)))) as server:
        got, error, elapsed, peak = measured_walk(lambda: ncp_walk(server.url, sync))
        requests = len(server.requests)
    assert type(error) is ResponseDecodeError
    assert "the walk would need 500000000000 pages, more than max_pages=10000" in str(error)
    assert requests == 1
    assert got == []
    assert elapsed < 2.0
    assert peak < 4 * MIB  # no task, no list entry per announced page


@sync_and_async
@pytest.mark.parametrize(
    ("second", "message"),
    [
        (["100", "200"], "page 2 repeats an earlier page exactly"),  # pageNo ignored
        (["200", "300"], "page 2 repeats rows already returned"),  # overlapping pages
    ],
    ids=["repeated", "overlapping"],
)
def test_ncp_a_repeated_or_overlapping_page_is_an_error(sync: bool, second: list[str], message: str) -> None:
    def handler(request: RawRequest) -> Any:
        numbers = ["100", "200"] if request.query.get("pageNo", "1") == "1" else second
        return [response(200, ncp_body(numbers, total=4))]

    with HostileServer(handler) as server:
        got, error = ncp_walk(server.url, sync)
    assert type(error) is ResponseDecodeError
    assert message in str(error)
    assert got == ["100", "200"][: len(got)]  # at most page 1, never a row twice
