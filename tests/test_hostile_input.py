"""Hostile responses end in a typed error, quickly and with bounded memory (issue 6's "hostile input").

Each body is served to a real overlay client through ``httpx2.MockTransport`` (no network) and must end
in :class:`~cloudcontracts.errors.ResponseDecodeError` (or its subclass ``ResponseTooLargeError``), in
under two seconds, with the client's peak traced allocation under a stated bound. These are bounds on
pathological behaviour (a billion-laughs expansion would take minutes and gigabytes), not speed
measurements; speed lives in ``benchmarks/``.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import FAKE_KEY

from cloudcontracts import (
    AsyncHyperstackContracts,
    AsyncNcloudBilling,
    HyperstackContracts,
    NcloudBilling,
    ResponseDecodeError,
    ResponseTooLargeError,
)
from cloudcontracts.core.options import DEFAULT_MAX_RESPONSE_BYTES

ACCESS = "ncp-fake-access-hostile"
SECRET = "ncp-fake-secret-hostile"
MIB = 1024 * 1024
TIME_LIMIT = 2.0

ROOT = "getContractUsageListResponse"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + f"]>\n<{ROOT}><returnCode>&lol9;</returnCode></{ROOT}>"
).encode()
EXTERNAL_ENTITY = (
    f'<?xml version="1.0"?>\n<!DOCTYPE {ROOT} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f"<{ROOT}><returnMessage>&xxe;</returnMessage></{ROOT}>"
).encode()
EXTERNAL_DTD = (
    f'<?xml version="1.0"?>\n<!DOCTYPE {ROOT} SYSTEM "http://127.0.0.1:9/evil.dtd">\n<{ROOT}/>'
).encode()
DEEP_XML = (f"<{ROOT}>" + "<x>" * 10_000 + "</x>" * 10_000 + f"</{ROOT}>").encode()
DEEP_JSON_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
DEEP_NCP_JSON = b'{"getContractUsageListResponse":' + DEEP_JSON_OBJECT + b"}"
DEEP_JSON_ARRAY = b"[" * 10_000 + b"]" * 10_000


class Endless(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """``total`` bytes of a body made on the fly in 64 KiB chunks: the test never holds it whole."""

    def __init__(self, total: int, head: bytes = b"") -> None:
        self.total = total
        self.head = head
        self.sent = 0

    def _chunks(self) -> Iterator[bytes]:
        chunk = b"x" * 65536
        yield self.head
        self.sent = len(self.head)
        while self.sent < self.total:
            self.sent += len(chunk)
            yield chunk

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks()

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for chunk in self._chunks():
            yield chunk


def measured(call: Callable[[], Any]) -> tuple[BaseException, float, int]:
    """Run ``call`` expecting an exception: (the exception, seconds, peak traced bytes)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
    except Exception as exc:
        error: BaseException = exc
    else:
        tracemalloc.stop()
        pytest.fail("the hostile body was accepted")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return error, elapsed, peak


def answer(
    body: bytes | None = None, stream: Endless | None = None, headers: dict[str, str] | None = None
) -> httpx2.MockTransport:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if stream is not None:
            return httpx2.Response(200, headers=headers, stream=stream)
        return httpx2.Response(200, headers=headers, content=body)

    return httpx2.MockTransport(handler)


def ncp_page(transport: httpx2.MockTransport, *, sync: bool) -> Callable[[], Any]:
    if sync:

        def call() -> Any:
            with NcloudBilling(
                ACCESS, SECRET, transport=transport, response_format="xml", max_retries=0
            ) as c:
                return c.contract_usage_page("2024-02", "2024-02")

        return call

    async def acall() -> Any:
        async with AsyncNcloudBilling(
            ACCESS, SECRET, transport=transport, response_format="xml", max_retries=0
        ) as c:
            return await c.contract_usage_page("2024-02", "2024-02")

    return lambda: asyncio.run(acall())


def hyperstack_contract(transport: httpx2.MockTransport, *, sync: bool) -> Callable[[], Any]:
    if sync:

        def call() -> Any:
            with HyperstackContracts(FAKE_KEY, transport=transport, max_retries=0) as hs:
                return hs.get_contract(1)

        return call

    async def acall() -> Any:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport, max_retries=0) as hs:
            return await hs.get_contract(1)

    return lambda: asyncio.run(acall())


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BILLION_LAUGHS, "document type declaration (DTD) is refused"),
        (EXTERNAL_ENTITY, "document type declaration (DTD) is refused"),
        (EXTERNAL_DTD, "document type declaration (DTD) is refused"),
        (DEEP_XML, "XML nested deeper than 64 elements"),
        (DEEP_NCP_JSON, "malformed JSON in NCP response (RecursionError)"),
        (DEEP_JSON_ARRAY, "malformed JSON in NCP response (RecursionError)"),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "xml-10000-deep",
        "json-10000-deep",
        "array-10000-deep",
    ],
)
def test_hostile_ncp_bodies_are_refused_fast_and_small(body: bytes, message: str, sync: bool) -> None:
    error, elapsed, peak = measured(ncp_page(answer(body), sync=sync))
    assert type(error) is ResponseDecodeError
    assert message in str(error)
    assert elapsed < TIME_LIMIT
    assert peak < 8 * MIB


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_json_nested_10000_deep_from_hyperstack_is_a_decode_error(sync: bool) -> None:
    error, elapsed, peak = measured(hyperstack_contract(answer(DEEP_JSON_OBJECT), sync=sync))
    assert type(error) is ResponseDecodeError
    assert "RecursionError" in str(error)
    assert elapsed < TIME_LIMIT
    assert peak < 8 * MIB


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("provider", ["ncloud", "hyperstack"])
def test_a_50_mb_body_stops_at_the_default_cap(provider: str, declared: bool, sync: bool) -> None:
    total = 50 * 1000 * 1000
    stream = Endless(total, head=b"<" + ROOT.encode() + b">" if provider == "ncloud" else b'{"contracts": "')
    headers = {"Content-Length": str(total)} if declared else {}
    transport = answer(stream=stream, headers=headers)
    call = (
        ncp_page(transport, sync=sync) if provider == "ncloud" else hyperstack_contract(transport, sync=sync)
    )
    error, elapsed, peak = measured(call)
    assert type(error) is ResponseTooLargeError
    assert f"exceeds max_response_bytes={DEFAULT_MAX_RESPONSE_BYTES}" in str(error)
    assert elapsed < TIME_LIMIT
    if declared:
        assert stream.sent == 0  # refused on the header, nothing read
        assert peak < 4 * MIB
    else:
        assert stream.sent <= DEFAULT_MAX_RESPONSE_BYTES + 65536  # reading stopped at the cap
        assert peak < DEFAULT_MAX_RESPONSE_BYTES + 8 * MIB


def test_the_cap_is_configurable_per_client() -> None:
    stream = Endless(5 * MIB, head=b"<" + ROOT.encode() + b">")

    def call() -> Any:
        with NcloudBilling(
            ACCESS, SECRET, transport=answer(stream=stream), max_response_bytes=MIB, max_retries=0
        ) as c:
            return c.contract_usage_page("2024-02", "2024-02")

    error, _, peak = measured(call)
    assert type(error) is ResponseTooLargeError
    assert "exceeds max_response_bytes=1048576" in str(error)
    assert stream.sent <= MIB + 65536
    assert peak < 4 * MIB
