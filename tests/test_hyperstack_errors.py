"""Every failure a Hyperstack call can meet becomes a typed error of the package's one hierarchy.

Each case runs through both shells (sync and async) with retries off, so one request = one response.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import BASE, FAKE_KEY, Recorder, contract, respond

from cloudcontracts.errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudContractsError,
    MethodNotAllowedError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnexpectedStatusError,
)
from cloudcontracts.hyperstack import AsyncHyperstackContracts, HyperstackContracts
from cloudcontracts.retry import RetryPolicy

URL = f"{BASE}/pricebook/contracts/42"
HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


def error_body(message: str, reason: str) -> dict[str, Any]:
    return {"status": False, "message": message, "error_reason": reason}


def fail_with(
    exc_type: type[httpx2.TransportError], text: str
) -> Callable[[httpx2.Request], httpx2.Response]:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise exc_type(text, request=request)

    return handler


def call_sync(handler: Callable[[httpx2.Request], httpx2.Response], **kwargs: Any) -> Any:
    with HyperstackContracts(FAKE_KEY, max_retries=0, transport=Recorder(handler), **kwargs) as client:
        return client.get_contract(42)


def call_async(handler: Callable[[httpx2.Request], httpx2.Response], **kwargs: Any) -> Any:
    async def main() -> Any:
        transport = Recorder(handler)
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport, **kwargs) as client:
            return await client.get_contract(42)

    return asyncio.run(main())


SHELLS = [pytest.param(call_sync, id="sync"), pytest.param(call_async, id="async")]


def raised(
    shell: Callable[..., Any], handler: Callable[[httpx2.Request], httpx2.Response]
) -> CloudContractsError:
    with pytest.raises(CloudContractsError) as caught:
        shell(handler)
    return caught.value


# (case, status, body, error class, (code, message))
STATUS_CASES: list[tuple[str, int, Any, type[APIStatusError], tuple[str | None, str]]] = [
    ("400", 400, error_body("Invalid contract id", "invalid_request"), BadRequestError,
     ("invalid_request", "Invalid contract id")),
    ("401", 401, error_body("Invalid API key", "unauthorized"), AuthenticationError,
     ("unauthorized", "Invalid API key")),
    ("404", 404, error_body("Contract not found", "not_found"), NotFoundError, ("not_found", "Contract not found")),
    ("405", 405, error_body("Method not allowed", "method_not_allowed"), MethodNotAllowedError,
     ("method_not_allowed", "Method not allowed")),
    ("429", 429, error_body("Too many requests", "rate_limited"), RateLimitError,
     ("rate_limited", "Too many requests")),
    ("500", 500, error_body("Internal error", "internal"), ServerError, ("internal", "Internal error")),
    ("503 no schema", 503, {"detail": "maintenance"}, ServerError, (None, "")),
    ("418 undocumented", 418, error_body("teapot", "teapot"), UnexpectedStatusError, ("teapot", "teapot")),
]  # fmt: skip


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("case", "status", "body", "cls", "expected"), STATUS_CASES, ids=[c[0] for c in STATUS_CASES]
)
def test_error_bodies_map_to_typed_errors(  # noqa: PLR0917 -- one parameter per table column
    shell: Callable[..., Any],
    case: str,
    status: int,
    body: Any,
    cls: type[APIStatusError],
    expected: tuple[str | None, str],
) -> None:
    error = raised(shell, respond(status, body))
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert (error.code, error.message) == expected
    assert error.method == "GET"
    assert error.url == URL
    assert FAKE_KEY not in str(error)
    assert FAKE_KEY not in repr(vars(error))


@pytest.mark.parametrize("shell", SHELLS)
def test_html_502_carries_a_snippet_not_a_json_error(shell: Callable[..., Any]) -> None:
    handler = respond(502, text=HTML_502, headers={"content-type": "text/html; charset=utf-8"})
    error = raised(shell, handler)
    assert type(error) is ServerError
    assert isinstance(error, APIStatusError)
    assert error.status_code == 502
    assert error.snippet.startswith("<html><head><title>502 Bad Gateway")
    assert error.details == "non-JSON text/html body"
    assert "body starts: '<html>" in str(error)
    assert error.__cause__ is None


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("status", [401, 500, 504])
def test_empty_error_body(shell: Callable[..., Any], status: int) -> None:
    error = raised(shell, respond(status))
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert error.details == "empty body"
    assert error.message == ""
    assert str(error) == f"HTTP {status} (empty body)"


@pytest.mark.parametrize("shell", SHELLS)
def test_request_id_header_is_kept(shell: Callable[..., Any]) -> None:
    handler = respond(404, error_body("Contract not found", "not_found"), headers={"x-request-id": "req-123"})
    error = raised(shell, handler)
    assert isinstance(error, NotFoundError)
    assert error.request_id == "req-123"
    assert "[request id req-123]" in str(error)


@pytest.mark.parametrize("shell", SHELLS)
def test_retry_after_header_is_kept_for_the_retry_policy(shell: Callable[..., Any]) -> None:
    error = raised(shell, respond(429, error_body("slow down", "rate_limited"), headers={"retry-after": "7"}))
    assert isinstance(error, RateLimitError)
    assert error.retry_after == "7"


# 2xx bodies the documented shape cannot come from.
DECODE_CASES: list[tuple[str, Callable[[httpx2.Request], httpx2.Response], str]] = [
    ("empty 200", respond(200), "empty body"),
    ("HTML 200", respond(200, text="<html>captive portal</html>", headers={"content-type": "text/html"}),
     "non-JSON text/html body"),
    ("JSON array", respond(200, [1, 2]), "expected a JSON object"),
    ("JSON null", respond(200, content=b"null"), "expected a JSON object"),
    ("truncated object", respond(200, content=b'{"status": true, "contracts": {"id": 4'), "JSONDecodeError"),
    ("wrong nested type", respond(200, {"status": True, "contracts": "not an object"}), "documented shape"),
    ("missing contracts", respond(200, {"status": True, "message": "ok"}), "has no 'contracts' field"),
    ("204 no content", respond(204), "empty body"),
    ("201 with JSON", respond(201, {"status": True, "contracts": contract(42)}), "not a documented success"),
]  # fmt: skip


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("case", "handler", "text"), DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_undecodable_2xx_is_a_response_decode_error(
    shell: Callable[..., Any], case: str, handler: Any, text: str
) -> None:
    error = raised(shell, handler)
    assert type(error) is ResponseDecodeError
    assert text in str(error)
    assert error.status_code in (200, 201, 204)
    assert error.url == URL
    assert error.method == "GET"
    assert not isinstance(error.__context__, httpx2.HTTPError)


@pytest.mark.parametrize("shell", SHELLS)
def test_truncated_body_keeps_a_snippet(shell: Callable[..., Any]) -> None:
    error = raised(shell, respond(200, content=b'{"status": true, "contracts": {"id": 4'))
    assert isinstance(error, ResponseDecodeError)
    assert error.snippet == '{"status": true, "contracts": {"id": 4'


@pytest.mark.parametrize("shell", SHELLS)
def test_success_status_false_is_an_api_response_error(shell: Callable[..., Any]) -> None:
    error = raised(
        shell, respond(200, {"status": False, "message": "contract suspended", "contracts": contract(42)})
    )
    assert type(error) is APIResponseError
    assert error.status_code == 200
    assert error.message == "contract suspended"
    assert error.url == URL


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("exc_type", "cls"),
    [
        (httpx2.ConnectTimeout, APITimeoutError),
        (httpx2.ReadTimeout, APITimeoutError),
        (httpx2.PoolTimeout, APITimeoutError),
        (httpx2.ConnectError, APIConnectionError),
        (httpx2.RemoteProtocolError, APIConnectionError),
        (httpx2.ReadError, APIConnectionError),
    ],
)
def test_transport_failures(
    shell: Callable[..., Any], exc_type: type[httpx2.TransportError], cls: type[Any]
) -> None:
    error = raised(shell, fail_with(exc_type, "boom"))
    assert type(error) is cls
    assert isinstance(error, APIConnectionError)
    assert error.method == "GET"
    assert error.url == URL
    assert f"GET {URL}" in str(error)
    assert exc_type.__name__ in str(error)
    # The httpx exception holds the request and its api_key header: it must not ride along.
    assert error.__cause__ is None
    assert error.__context__ is None
    assert FAKE_KEY not in str(error)


def test_timeout_is_still_a_connection_error_for_callers() -> None:
    error = raised(call_sync, fail_with(httpx2.ReadTimeout, "read timed out"))
    assert isinstance(error, APIConnectionError)


def test_default_retry_policy_retries_through_the_single_call_path() -> None:
    replies = iter(
        [
            httpx2.Response(503, text="busy"),
            httpx2.Response(502, text="<html>bad gateway</html>"),
            httpx2.Response(200, json={"status": True, "contracts": contract(42)}),
        ]
    )
    transport = Recorder(lambda request: next(replies))
    sleeps: list[float] = []
    policy = RetryPolicy(max_retries=2, sleep=sleeps.append, random=lambda: 0.0)
    with HyperstackContracts(FAKE_KEY, retry_policy=policy, transport=transport) as client:
        assert client.get_contract(42).id == 42
    assert transport.lines == [f"GET {URL}"] * 3
    assert sleeps == [0.5, 1.0]


def test_async_retries_and_gives_up_after_max_retries() -> None:
    transport = Recorder(respond(429, error_body("slow down", "rate_limited")))
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    policy = RetryPolicy(max_retries=1, async_sleep=fake_sleep, random=lambda: 0.0)

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, retry_policy=policy, transport=transport) as client:
            await client.get_contract(42)

    with pytest.raises(RateLimitError):
        asyncio.run(main())
    assert len(transport.requests) == 2
    assert sleeps == [0.5]


def test_client_errors_are_not_retried() -> None:
    transport = Recorder(respond(404, error_body("Contract not found", "not_found")))
    policy = RetryPolicy(max_retries=3, sleep=lambda seconds: None)
    with (
        HyperstackContracts(FAKE_KEY, retry_policy=policy, transport=transport) as client,
        pytest.raises(NotFoundError),
    ):
        client.get_contract(42)
    assert len(transport.requests) == 1


@pytest.mark.parametrize("shell", SHELLS)
def test_every_method_maps_errors(shell: Callable[..., Any]) -> None:
    """Not only get_contract: the list and graph calls go through the same path."""
    transport = Recorder(respond(401, error_body("Invalid API key", "unauthorized")))

    def run_sync() -> None:
        with HyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            for call in (
                client.list_contracts,
                lambda: client.gpu_allocation_graph(1),
                lambda: list(client.iter_contracts()),
            ):
                with pytest.raises(AuthenticationError):
                    call()

    async def run_async() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            with pytest.raises(AuthenticationError):
                await client.list_contracts()
            with pytest.raises(AuthenticationError):
                await client.gpu_allocation_graph(1)
            with pytest.raises(AuthenticationError):
                _ = [c async for c in client.iter_contracts()]

    if shell is call_sync:
        run_sync()
    else:
        asyncio.run(run_async())
    assert len(transport.requests) == 3
