"""HyperstackContracts / AsyncHyperstackContracts: set-up, exact requests, input checks, lifecycle.

Every request goes to an httpx2.MockTransport that records it; nothing touches the network.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import BASE, FAKE_KEY, Recorder, contract, page_body, respond
from support.narrowing import present

from cloudcontracts.errors import AuthenticationError, ConfigurationError, CredentialsError
from cloudcontracts.hyperstack import AsyncHyperstackContracts, HyperstackContracts
from hyperstack_client.api.contracts import list_contracts as generated_list_contracts
from hyperstack_client.models import Contract, CustomerContractFields, GetCustomerContractsListResponseModel

GRAPH = {
    "status": True,
    "message": "ok",
    "contract": {
        "id": "42",
        "granularity": 3600,
        "total_gpu_allocation": 8,
        "allocated_gpu_count_graph": [{"datetime": "2026-05-01T00:00:00", "value": 3}],
    },
}
DETAIL = {"status": True, "message": "ok", "contracts": contract(42)}
LIST = page_body([1, 2], count=2)
# What httpx itself adds; anything else on the wire must be ours and deliberate.
HTTPX_HEADERS = {"host", "accept-encoding", "connection", "user-agent"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HYPERSTACK_API_KEY", raising=False)
    monkeypatch.delenv("HYPERSTACK_API_ADDRESS", raising=False)


def router(request: httpx2.Request) -> httpx2.Response:
    path = request.url.path
    if path.endswith("/gpu_allocation_graph"):
        return httpx2.Response(200, json=GRAPH)
    if path.rstrip("/").endswith("/pricebook/contracts"):
        return httpx2.Response(200, json=LIST)
    return httpx2.Response(200, json=DETAIL)


AWARE = datetime(2026, 5, 1, 0, 30, 15, 999999, tzinfo=timezone(timedelta(hours=2)))

# (call on a client, exact request line). Each call is written once and run through both shells.
REQUESTS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("list default", lambda c: c.list_contracts(), f"GET {BASE}/pricebook/contracts?page=1&per_page=100"),
    (
        "list page 3 of 25",
        lambda c: c.list_contracts(page=3, per_page=25),
        f"GET {BASE}/pricebook/contracts?page=3&per_page=25",
    ),
    ("contract", lambda c: c.get_contract(42), f"GET {BASE}/pricebook/contracts/42"),
    (
        "graph, no range",
        lambda c: c.gpu_allocation_graph(42),
        f"GET {BASE}/pricebook/contracts/42/gpu_allocation_graph",
    ),
    (
        "graph, aware +02:00 start and Z string end",
        lambda c: c.gpu_allocation_graph(42, start=AWARE, end="2026-05-31T23:59:59.999Z"),
        f"GET {BASE}/pricebook/contracts/42/gpu_allocation_graph"
        "?start_date=2026-04-30T22%3A30%3A15&end_date=2026-05-31T23%3A59%3A59",
    ),
    (
        "graph, date start only",
        lambda c: c.gpu_allocation_graph(7, start=date(2026, 5, 1)),
        f"GET {BASE}/pricebook/contracts/7/gpu_allocation_graph?start_date=2026-05-01T00%3A00%3A00",
    ),
]


def run_sync(call: Callable[[Any], Any], transport: Recorder, **kwargs: Any) -> Any:
    with HyperstackContracts(FAKE_KEY, transport=transport, **kwargs) as client:
        return call(client)


def run_async(call: Callable[[Any], Any], transport: Recorder, **kwargs: Any) -> Any:
    async def main() -> Any:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport, **kwargs) as client:
            return await call(client)

    return asyncio.run(main())


SHELLS = [pytest.param(run_sync, id="sync"), pytest.param(run_async, id="async")]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("name", "call", "line"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_exact_request_line_and_headers(shell: Callable[..., Any], name: str, call: Any, line: str) -> None:
    transport = Recorder(router)
    shell(call, transport)
    assert transport.lines == [line]
    (request,) = transport.requests
    assert request.headers["api_key"] == FAKE_KEY  # raw: no "Bearer ", no other prefix
    assert request.headers["accept"] == "application/json"
    assert set(request.headers.keys()) == HTTPX_HEADERS | {"api_key", "accept"}
    assert request.content == b""


@pytest.mark.parametrize("shell", SHELLS)
def test_results_are_the_generated_models(shell: Callable[..., Any]) -> None:
    page = shell(lambda c: c.list_contracts(), Recorder(router))
    assert isinstance(page, GetCustomerContractsListResponseModel)
    assert [c.id for c in present(page.contracts)] == [1, 2]
    detail = shell(lambda c: c.get_contract(42), Recorder(router))
    assert isinstance(detail, CustomerContractFields)  # the single object in "contracts"
    assert detail.id == 42
    graph = shell(lambda c: c.gpu_allocation_graph(42), Recorder(router))
    assert isinstance(graph, Contract)
    assert graph.id == "42"
    assert graph.total_gpu_allocation == 8


# --- credentials and base URL ----------------------------------------------------------------------------


def test_key_and_address_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPERSTACK_API_KEY", "env-fake-key-1111")
    monkeypatch.setenv("HYPERSTACK_API_ADDRESS", "https://staging.example.test/v1/")
    transport = Recorder(router)
    with HyperstackContracts(transport=transport) as client:
        client.get_contract(5)
    assert transport.lines == ["GET https://staging.example.test/v1/pricebook/contracts/5"]
    assert transport.requests[0].headers["api_key"] == "env-fake-key-1111"
    assert client.base_url == "https://staging.example.test/v1"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPERSTACK_API_KEY", "env-fake-key-1111")
    monkeypatch.setenv("HYPERSTACK_API_ADDRESS", "https://staging.example.test/v1")
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, base_url="https://other.example.test/api", transport=transport) as c:
        c.get_contract(5)
    assert transport.lines == ["GET https://other.example.test/api/pricebook/contracts/5"]
    assert transport.requests[0].headers["api_key"] == FAKE_KEY


def test_default_base_url_when_environment_is_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPERSTACK_API_ADDRESS", "  ")
    assert HyperstackContracts(FAKE_KEY).base_url == BASE


@pytest.mark.parametrize("env_value", [None, "", "   "])
@pytest.mark.parametrize("cls", [HyperstackContracts, AsyncHyperstackContracts])
def test_missing_key_names_both_ways_to_give_it(
    monkeypatch: pytest.MonkeyPatch, cls: type[Any], env_value: str | None
) -> None:
    if env_value is not None:
        monkeypatch.setenv("HYPERSTACK_API_KEY", env_value)
    transport = Recorder(router)
    with pytest.raises(CredentialsError) as caught:
        cls(transport=transport)
    message = str(caught.value)
    assert "api_key=" in message
    assert "HYPERSTACK_API_KEY" in message
    assert isinstance(caught.value, ConfigurationError)
    assert transport.requests == []


def test_explicit_empty_key_is_a_credentials_error() -> None:
    with pytest.raises(CredentialsError, match="empty"):
        HyperstackContracts("")


def test_malformed_key_is_refused_without_quoting_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        HyperstackContracts("fake-key-with-newline\nX-Injected: 1")
    assert "fake-key" not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["http://infrahub-api.nexgencloud.com/v1", "http://10.0.0.5/v1", "http://example.test:80/v1"]
)
@pytest.mark.parametrize("cls", [HyperstackContracts, AsyncHyperstackContracts])
def test_plain_http_to_a_remote_host_is_refused(cls: type[Any], url: str) -> None:
    transport = Recorder(router)
    with pytest.raises(ConfigurationError, match="plain http"):
        cls(FAKE_KEY, base_url=url, transport=transport)
    assert transport.requests == []


def test_plain_http_from_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPERSTACK_API_ADDRESS", "http://infrahub-api.nexgencloud.com/v1")
    with pytest.raises(ConfigurationError, match="plain http"):
        HyperstackContracts(FAKE_KEY)


def test_refused_url_is_reported_even_without_a_key() -> None:
    with pytest.raises(ConfigurationError, match="plain http"):
        HyperstackContracts(base_url="http://example.test/v1")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/v1", "GET http://127.0.0.1:8080/v1/pricebook/contracts/1"),
        ("http://127.9.9.9/v1", "GET http://127.9.9.9/v1/pricebook/contracts/1"),
        ("http://localhost:9000", "GET http://localhost:9000/pricebook/contracts/1"),
        ("http://[::1]:9000/v1", "GET http://[::1]:9000/v1/pricebook/contracts/1"),
    ],
)
def test_plain_http_to_loopback_is_allowed(url: str, expected: str) -> None:
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, base_url=url, transport=transport) as client:
        client.get_contract(1)
    assert transport.lines == [expected]


@pytest.mark.parametrize("url", ["ftp://example.test/v1", "not a url"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError):
        HyperstackContracts(FAKE_KEY, base_url=url)


@pytest.mark.parametrize("cls", [HyperstackContracts, AsyncHyperstackContracts])
def test_repr_never_contains_the_key(cls: type[Any]) -> None:
    client = cls(FAKE_KEY)
    text = repr(client)
    assert FAKE_KEY not in text
    assert "fake" not in text
    assert text.startswith(f"{cls.__name__}(base_url='{BASE}'")
    assert "max_retries=2" in text


# --- timeout and retries ---------------------------------------------------------------------------------


def test_default_timeout_is_short_connect_long_read() -> None:
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        assert client.timeout == httpx2.Timeout(60.0, connect=5.0)
        client.get_contract(1)
    assert transport.requests[0].extensions["timeout"] == {
        "connect": 5.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }


def test_timeout_as_number_or_httpx_timeout() -> None:
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, timeout=12.5, transport=transport) as client:
        client.get_contract(1)
    assert transport.requests[0].extensions["timeout"] == {
        "connect": 12.5,
        "read": 12.5,
        "write": 12.5,
        "pool": 12.5,
    }
    custom = httpx2.Timeout(3.0, connect=1.0, read=120.0)
    assert AsyncHyperstackContracts(FAKE_KEY, timeout=custom).timeout is custom


@pytest.mark.parametrize("timeout", [0, -1.0, True, "5"])
def test_bad_timeout_is_a_configuration_error(timeout: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        HyperstackContracts(FAKE_KEY, timeout=timeout)


def test_max_retries_is_stored() -> None:
    assert HyperstackContracts(FAKE_KEY).max_retries == 2
    assert AsyncHyperstackContracts(FAKE_KEY, max_retries=5).max_retries == 5
    assert HyperstackContracts(FAKE_KEY, max_retries=0).max_retries == 0


@pytest.mark.parametrize("max_retries", [-1, True, 1.5])
def test_bad_max_retries_is_a_configuration_error(max_retries: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        HyperstackContracts(FAKE_KEY, max_retries=max_retries)


# --- input checks, before any request --------------------------------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("page 0", lambda c: c.list_contracts(page=0), "page must be a whole number >= 1"),
    ("page True", lambda c: c.list_contracts(page=True), "page must be a whole number"),
    ("per_page 0", lambda c: c.list_contracts(per_page=0), "per_page must be a whole number >= 1"),
    ("per_page str", lambda c: c.list_contracts(per_page="10"), "per_page must be a whole number"),
    ("per_page False", lambda c: c.list_contracts(per_page=False), "per_page must be a whole number"),
    ("contract 0", lambda c: c.get_contract(0), "contract_id must be a whole number from 1"),
    ("contract -3", lambda c: c.get_contract(-3), "contract_id must be a whole number from 1"),
    ("contract True", lambda c: c.get_contract(True), "contract_id must be a whole number"),
    ("contract '42'", lambda c: c.get_contract("42"), "contract_id must be a whole number"),
    ("contract 4.0", lambda c: c.get_contract(4.0), "contract_id must be a whole number"),
    ("graph id None", lambda c: c.gpu_allocation_graph(None), "contract_id must be a whole number"),
    (
        "start after end",
        lambda c: c.gpu_allocation_graph(1, start="2026-05-02T00:00:00", end=date(2026, 5, 1)),
        "start .* is after end",
    ),
    (
        "start after end once in UTC",
        lambda c: c.gpu_allocation_graph(1, start="2026-05-01T10:00:00-03:00", end="2026-05-01T12:00:00Z"),
        "start .* is after end",
    ),
    ("bad date string", lambda c: c.gpu_allocation_graph(1, start="05/01/2026"), "'05/01/2026'"),
]


@pytest.mark.parametrize(("name", "call", "message"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_a_value_error_before_any_request(name: str, call: Any, message: str) -> None:
    transport = Recorder(router)
    with (
        HyperstackContracts(FAKE_KEY, transport=transport) as client,
        pytest.raises(ValueError, match=message),
    ):
        call(client)
    assert transport.requests == []


@pytest.mark.parametrize(("name", "call", "message"), BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_bad_input_is_a_value_error_before_any_request_async(name: str, call: Any, message: str) -> None:
    transport = Recorder(router)

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport) as client:
            with pytest.raises(ValueError, match=message):
                await call(client)

    asyncio.run(main())
    assert transport.requests == []


def test_equal_start_and_end_are_allowed() -> None:
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        # Different below a second, equal once truncated to what is sent.
        client.gpu_allocation_graph(1, start="2026-05-01T00:00:00.900", end="2026-05-01T00:00:00.100")
    assert transport.requests[0].url.params["start_date"] == "2026-05-01T00:00:00"
    assert transport.requests[0].url.params["end_date"] == "2026-05-01T00:00:00"


def test_iter_contracts_checks_per_page_when_called_not_when_iterated() -> None:
    client = HyperstackContracts(FAKE_KEY, transport=Recorder(router))
    with pytest.raises(ValueError, match="per_page"):
        client.iter_contracts(per_page=0)
    async_client = AsyncHyperstackContracts(FAKE_KEY, transport=Recorder(router))
    with pytest.raises(ValueError, match="per_page"):
        async_client.iter_contracts(per_page=True)
    with pytest.raises(ValueError, match="concurrency"):
        async_client.iter_contracts(concurrency=0)


# --- lifecycle and the generated client -----------------------------------------------------------------


def test_sync_context_manager_and_close() -> None:
    with HyperstackContracts(FAKE_KEY, transport=Recorder(router)) as client:
        client.get_contract(1)
        httpx_client = client.generated_client.get_httpx_client()
        assert not httpx_client.is_closed
    assert httpx_client.is_closed
    other = HyperstackContracts(FAKE_KEY, transport=Recorder(router))
    other.close()
    assert other.generated_client.get_httpx_client().is_closed


def test_async_context_manager_and_aclose() -> None:
    async def main() -> tuple[bool, bool]:
        async with AsyncHyperstackContracts(FAKE_KEY, transport=Recorder(router)) as client:
            await client.get_contract(1)
            httpx_client = client.generated_client.get_async_httpx_client()
        other = AsyncHyperstackContracts(FAKE_KEY, transport=Recorder(router))
        await other.aclose()
        return httpx_client.is_closed, other.generated_client.get_async_httpx_client().is_closed

    assert asyncio.run(main()) == (True, True)


def test_generated_functions_can_be_called_through_the_wrapper_client() -> None:
    transport = Recorder(router)
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        parsed = generated_list_contracts.sync(client=client.generated_client, page=4, per_page=10)
    assert isinstance(parsed, GetCustomerContractsListResponseModel)
    assert transport.lines == [f"GET {BASE}/pricebook/contracts?page=4&per_page=10"]
    assert transport.requests[0].headers["api_key"] == FAKE_KEY


def test_generated_functions_through_the_wrapper_client_raise_typed_errors() -> None:
    transport = Recorder(
        respond(401, {"status": False, "message": "bad key", "error_reason": "unauthorized"})
    )
    with HyperstackContracts(FAKE_KEY, transport=transport) as client, pytest.raises(AuthenticationError):
        generated_list_contracts.sync(client=client.generated_client)
