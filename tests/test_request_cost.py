"""Work a request does once, or not at all, and the shortcuts that save it (benchmarks/bench_request_overhead.py).

Each shortcut must give exactly what the long way gives: the NCP request URL built in one parse
(:func:`~cloudcontracts.ncloud_signing.wire_url`) against httpx's own build followed by the signer's
rewrite; the signer's "already in wire form" check against a full decode and re-encode; a rebuilt
response against ``httpx.Response(content=...)``; the retry policy's first attempt outside tenacity
against tenacity's own loop (same attempts, same waits, same log lines).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import tenacity
from httpcore._synchronization import AsyncLock, current_async_library
from hypothesis import given
from hypothesis import strategies as st

from cloudcontracts import NcloudBilling, url_assembly
from cloudcontracts.errors import ConfigurationError, RateLimitError, ServerError
from cloudcontracts.ncloud import _AsyncNcpHttpxClient, _NcpHttpxClient
from cloudcontracts.ncloud_signing import (
    BILLING_INDEXED_LIST_PARAMS,
    NcpSignatureV2Auth,
    _in_wire_form,
    encode_query,
    wire_url,
)
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.transport import keep_body

ACCESS = "AKEXAMPLE123456789AB"
SECRET = "SKEXAMPLE1234567890abcdefghijklmnopqrstu"
BASE = "https://billingapi.apigw.ntruss.com/billing/v1"
PATH = "/cost/getContractUsageList"

PARAMS: list[Mapping[str, Any]] = [
    {"pageNo": 1, "pageSize": 1, "startMonth": "202404", "endMonth": "202404", "responseFormatType": "json"},
    {
        "memberNoList": ["m1", "m 2", "m+3"],
        "startMonth": "202401",
        "isPartner": True,
        "isOrganization": False,
    },
    {"contractNo": "a/b&c=d?e#f%20g", "regionCode": "KR é 한", "pageSize": 2.5, "empty": "", "none": None},
    {"memberNoList": ("x",), "tilde~dash-dot.under_": "~-._"},
    {"memberNoList": [], "pageNo": 3},
]


def auth() -> NcpSignatureV2Auth:
    return NcpSignatureV2Auth(ACCESS, SECRET, indexed_list_params=BILLING_INDEXED_LIST_PARAMS)


def signed_the_long_way(params: Mapping[str, Any], base: str = BASE) -> httpx.URL:
    """What plain httpx builds, after the signer rewrote the query."""
    with httpx.Client(base_url=base) as client:
        return auth().sign(client.build_request("GET", PATH, params=params)).url


# Base URLs with a path (NCP's own), without one (the sandbox's), and with a trailing slash.
BASES = [BASE, BASE + "/", "http://127.0.0.1:8000", "http://127.0.0.1:8000/", "https://example.com"]


def assert_same_url(assembled: httpx.URL, parsed: httpx.URL) -> None:
    """Every part httpx and the transport read, not only the text."""
    assert assembled == parsed
    for part in ("scheme", "host", "port", "raw_host", "path", "raw_path", "query", "netloc", "fragment"):
        assert getattr(assembled, part) == getattr(parsed, part), part
    assert assembled.is_absolute_url and not assembled.is_relative_url
    assert httpx.URL(assembled) == parsed  # what httpx's build_request does with a URL it is given
    assert repr(assembled) == repr(parsed)


@pytest.mark.parametrize("assemble", [True, False])
@pytest.mark.parametrize("base", BASES)
def test_url_from_parts_equals_the_parsed_url(
    base: str, assemble: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways of building it -- from httpx's parsed parts, or the public ``copy_with`` that an httpx
    with other internals gets -- give the URL httpx parses from the text."""
    monkeypatch.setattr(url_assembly, "ASSEMBLE_FROM_PARTS", assemble)
    base_url = httpx.Client(base_url=base).base_url
    url = url_assembly.url_with_path_and_query(base_url, "/billing/v1/cost/x", "a=1&b.1=~-_")
    authority = base.split("/")[2]
    assert_same_url(
        url, httpx.URL(f"{base.split(':', maxsplit=1)[0]}://{authority}/billing/v1/cost/x?a=1&b.1=~-_")
    )


def test_this_httpx_takes_the_shortcut() -> None:
    """The pinned httpx has the internals the shortcut needs; if an upgrade changes them, this says so
    (the fallback still gives the same URLs, one parse slower)."""
    assert url_assembly.ASSEMBLE_FROM_PARTS


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("params", PARAMS)
def test_one_parse_url_is_the_url_httpx_and_the_signer_make(params: Mapping[str, Any], base: str) -> None:
    expected = signed_the_long_way(params, base)
    with _NcpHttpxClient(base_url=base, auth=auth()) as client:
        one_parse = wire_url(client.base_url, PATH, params, indexed_list_params={"memberNoList"})
        built = client.build_request("GET", PATH, params=params)
    # The shortcut is taken for every base, and gives the URL httpx parses from the same text.
    assert one_parse is not None
    assert str(one_parse) == str(built.url)
    assert_same_url(one_parse, httpx.URL(str(built.url)))
    url_before = built.url
    signed = auth().sign(built)
    assert signed.url is url_before  # already in wire form: the signer rebuilt nothing
    assert signed.url.raw_path == expected.raw_path
    assert str(signed.url) == str(expected)


def test_async_client_builds_the_same_url() -> None:
    params = PARAMS[1]

    async def build() -> httpx.Request:
        async with _AsyncNcpHttpxClient(base_url=BASE, auth=auth()) as client:
            return client.build_request("GET", PATH, params=params)

    assert asyncio.run(build()).url.raw_path == signed_the_long_way(params).raw_path


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("//evil.example/x", {"a": "1"}),  # names a host
        ("/a/../b", {"a": "1"}),  # a dot segment httpx would remove
        ("/a b", {"a": "1"}),  # httpx would percent-encode the path
        ("/a?x=1", {"a": "1"}),  # a query in the path
        ("relative", {"a": "1"}),
        (httpx.URL("https://other.example/x"), {"a": "1"}),
        (PATH, {}),
        (PATH, None),
        (PATH, [("a", "1")]),
        (PATH, {"a": object()}),
        (PATH, {"a": b"bytes"}),
        (PATH, {1: "a"}),
    ],
)
def test_anything_unusual_is_left_to_httpx(url: object, params: object) -> None:
    assert wire_url(httpx.URL(BASE + "/"), url, params, indexed_list_params=()) is None


def test_base_path_httpx_would_escape_is_left_to_httpx() -> None:
    assert wire_url(httpx.URL("https://example.com/a%20b/"), PATH, {"a": "1"}, indexed_list_params=()) is None


def test_base_url_with_a_query_is_left_to_httpx() -> None:
    assert wire_url(httpx.URL(BASE + "/?a=1"), PATH, {"b": "2"}, indexed_list_params=()) is None


def test_client_params_or_another_auth_take_the_long_way() -> None:
    with _NcpHttpxClient(base_url=BASE, auth=auth(), params={"extra": "1"}) as client:
        request = client.build_request("GET", PATH, params={"a": "x y"})
    assert request.url.query == b"extra=1&a=x+y"  # httpx's form encoding: the signer rewrites it later
    with _NcpHttpxClient(base_url=BASE, auth=httpx.BasicAuth("u", "p")) as client:
        request = client.build_request("GET", PATH, params={"a": "x y"})
    assert request.url.query == b"a=x+y"


def test_mixed_list_forms_are_still_refused() -> None:
    with (
        _NcpHttpxClient(base_url=BASE, auth=auth()) as client,
        pytest.raises(ConfigurationError, match="both as a list and in indexed form"),
    ):
        client.build_request("GET", PATH, params={"memberNoList": ["a"], "memberNoList.1": "b"})


def round_trip(query: bytes, indexed: frozenset[str]) -> bytes:
    pairs = parse_qsl(query.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    return encode_query(pairs, indexed_list_params=indexed).encode("ascii")


@given(st.text(alphabet="ab1~-._=&%+ 2F", max_size=24))
def test_wire_form_check_never_skips_a_needed_rewrite(text: str) -> None:
    query = text.encode("ascii")
    for indexed in (frozenset(), frozenset({"a"})):
        if _in_wire_form(query, indexed):
            assert round_trip(query, indexed) == query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (b"pageNo=1&pageSize=1&startMonth=202404", True),
        (b"a=&=b&c.1=d~-._", True),
        (b"a=1&&b=2", False),  # an empty part: parse_qsl drops it
        (b"a", False),  # no "=": re-encoded as "a="
        (b"a=b=c", False),  # "=" inside a value: re-encoded as %3D
        (b"a=x+y", False),  # "+" is a space in form encoding
        (b"a=%41", False),  # an escape of an unreserved character
        (b"memberNoList=1", False),  # a list parameter: gets numbered
    ],
)
def test_wire_form_check(query: bytes, expected: bool) -> None:
    assert _in_wire_form(query, frozenset({"memberNoList"})) is expected


def test_rebuilt_response_is_what_content_would_give() -> None:
    request = httpx.Request("GET", "https://example.test/x")
    wire = httpx.Response(
        200,
        headers=[("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("X-Id", "7")],
        stream=httpx.ByteStream(b"(read by the transport)"),
    )
    body = b'{"a": 1}'
    rebuilt = keep_body(wire, request, body)
    expected = httpx.Response(
        200, headers=[("Content-Type", "application/json"), ("X-Id", "7")], content=body, request=request
    )
    assert rebuilt.headers.raw == expected.headers.raw
    assert rebuilt.content == body
    assert rebuilt.read() == body
    assert b"".join(rebuilt.iter_bytes()) == body
    assert rebuilt.json() == {"a": 1}
    assert keep_body(wire, request, b"").headers.raw == [
        (b"Content-Type", b"application/json"),
        (b"X-Id", b"7"),
    ]


# --- the retry policy: options built once, the first attempt outside tenacity -------------------------


class CountingRetrying:
    """Counts the tenacity loops a policy starts (wraps tenacity.Retrying / AsyncRetrying)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        for name in ("Retrying", "AsyncRetrying"):
            original = getattr(tenacity, name)

            def counting(*args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
                self.started += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(tenacity, name, counting)


def flaky(failures: list[Exception]) -> Callable[[], str]:
    calls = iter(failures)

    def operation() -> str:
        error = next(calls, None)
        if error is not None:
            raise error
        return "ok"

    return operation


def test_tenacity_options_are_built_once_per_policy() -> None:
    policy = RetryPolicy()
    assert policy._tenacity_kwargs is policy._tenacity_kwargs


def test_a_successful_call_starts_no_tenacity_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = CountingRetrying(monkeypatch)
    policy = RetryPolicy(sleep=lambda _: None)
    assert [policy.call(flaky([])) for _ in range(3)] == ["ok", "ok", "ok"]
    assert counter.started == 0


def test_after_a_first_failure_tenacity_decides_as_before(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    counter = CountingRetrying(monkeypatch)
    slept: list[float] = []
    policy = RetryPolicy(max_retries=2, sleep=slept.append, random=lambda: 0.0)
    caplog.set_level(logging.DEBUG, logger="cloudcontracts")
    assert policy.call(flaky([ServerError("boom", status_code=503)])) == "ok"
    assert counter.started == 1
    assert slept == [0.5]
    assert [r.getMessage() for r in caplog.records] == [
        "retrying in 0.50 s (attempt 1 of 3 failed: HTTP 503: boom)"
    ]
    caplog.clear()
    with pytest.raises(RateLimitError) as raised:
        policy.call(flaky([RateLimitError("slow down", status_code=429)] * 3))
    assert raised.value.__context__ is None
    assert slept == [0.5, 0.5, 1.0]
    assert [r.getMessage() for r in caplog.records] == [
        "retrying in 0.50 s (attempt 1 of 3 failed: HTTP 429: slow down)",
        "retrying in 1.00 s (attempt 2 of 3 failed: HTTP 429: slow down)",
        "giving up after 3 attempts (max_retries=2); RateLimitError: HTTP 429: slow down",
    ]


def test_async_after_a_first_failure_tenacity_decides_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = CountingRetrying(monkeypatch)
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        slept.append(delay)

    policy = RetryPolicy(max_retries=2, async_sleep=sleep, random=lambda: 0.0)
    failures = iter([ServerError("boom", status_code=500)])

    async def operation() -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        return "ok"

    assert asyncio.run(policy.acall(operation)) == "ok"
    assert (counter.started, slept) == (1, [0.5])
    assert asyncio.run(policy.acall(operation)) == "ok"
    assert counter.started == 1  # the second call succeeded at once


def test_a_non_retryable_first_failure_is_raised_after_one_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    policy = RetryPolicy(sleep=lambda _: pytest.fail("must not sleep"))

    def operation() -> str:
        calls.append(1)
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        policy.call(operation)
    assert calls == [1]


def test_a_wrapper_call_parses_no_url_after_building_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The request's URL object is built once and sent as is: the signer finds it in wire form."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = {"returnCode": "0", "totalRows": 0, "contractList": []}
        return httpx.Response(200, json={"getContractUsageListResponse": page})

    built: list[httpx.URL] = []
    original = _NcpHttpxClient.build_request

    def recording(self: _NcpHttpxClient, *args: Any, **kwargs: Any) -> httpx.Request:
        request = original(self, *args, **kwargs)
        built.append(request.url)
        return request

    monkeypatch.setattr(_NcpHttpxClient, "build_request", recording)
    with NcloudBilling(ACCESS, SECRET, base_url=BASE, transport=httpx.MockTransport(handler)) as billing:
        billing.contract_usage_page("202404", "202404", page_size=1)
        billing.contract_usage_page("202404", "202404", page_size=1, member_nos=["1", "2"])
    assert len(sent) == len(built) == 2
    assert sent[0].url is built[0]
    assert sent[0].url.query == (
        b"pageNo=1&pageSize=1&startMonth=202404&endMonth=202404&responseFormatType=json"
    )
    assert sent[1].url.query == (
        b"pageNo=1&pageSize=1&memberNoList.1=1&memberNoList.2=2&startMonth=202404&endMonth=202404"
        b"&responseFormatType=json"
    )


class _ImportRecorder:
    """A ``sys.meta_path`` finder that only records which modules the import system went looking for."""

    def __init__(self) -> None:
        self.looked_up: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.looked_up.append(name)


def test_async_requests_do_not_search_for_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpcore asks which async library runs on every lock it sets up (several per request) with
    ``import sniffio``; without sniffio installed that import fails afresh each time, scanning sys.path
    (encode/httpcore#1103). sniffio is a dependency for that reason: no request may reach the finders."""
    recorder = _ImportRecorder()
    monkeypatch.setattr(sys, "meta_path", [recorder, *sys.meta_path])

    async def set_up_locks() -> str:
        for _ in range(5):
            lock = AsyncLock()
            async with lock:
                pass
        return current_async_library()

    assert asyncio.run(set_up_locks()) == "asyncio"
    assert recorder.looked_up == []


def test_sniffio_is_a_declared_dependency() -> None:
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert '"sniffio>=1.1",' in dependencies
