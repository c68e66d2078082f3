"""Canary credentials never appear in logs, reprs, strs or exception texts (issue 6's "secret hygiene").

Every operation of both providers runs, sync and async, against a sandbox that accepts the canaries,
with every logger at DEBUG (ours, httpx's, httpcore's, uvicorn's), once succeeding and once per kind of
failure: a server error after retries, a dropped connection, a malformed body, a not-found, and
credentials the server refuses (the wrong canary). Then every object a user could print is printed --
clients, their generated clients, settings, credentials, auth objects, retry policies, rate limiters,
every exception with its ``args``, attributes, ``__cause__`` and ``__context__`` chain -- and the logs
are searched. Also: credentials are refused for plain ``http://`` to a non-loopback host, with no
connection attempted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest

from cloudcontracts import (
    AsyncHyperstackContracts,
    AsyncNcloudBilling,
    CloudContractsError,
    ConfigurationError,
    HyperstackContracts,
    NcloudBilling,
    RateLimiter,
    RetryPolicy,
)
from cloudcontracts.ncloud.credentials import resolve_ncp_credentials
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.credentials import SandboxCredentials

HS_KEY = "canary-hs-key-5d1e0f77"
NCP_ACCESS = "CANARYACCESS5D1E0F77"
NCP_SECRET = "canary-ncp-secret-5d1e0f77"
WRONG_HS_KEY = "canary-wrong-hs-key-a0b1"
WRONG_SECRET = "canary-wrong-secret-a0b1"
CANARIES = (HS_KEY, NCP_ACCESS, NCP_SECRET, WRONG_HS_KEY, WRONG_SECRET)

FAILURES = ("500", "drop", "malformed")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=11, credentials=SandboxCredentials(HS_KEY, NCP_ACCESS, NCP_SECRET)) as sb:
        yield sb


def no_sleep() -> RetryPolicy:
    async def asleep(_: float) -> None:
        return None

    return RetryPolicy(max_retries=1, sleep=lambda _: None, async_sleep=asleep)


def hyperstack_calls(hs: Any, contract_id: int) -> list[Callable[[], Any]]:
    return [
        lambda: hs.list_contracts(per_page=5),
        lambda: hs.iter_contracts(per_page=5),
        lambda: hs.get_contract(contract_id),
        lambda: hs.gpu_allocation_graph(contract_id, start="2024-01-01", end="2024-01-02"),
        lambda: hs.get_contract(999_999),  # not found
    ]


def ncloud_calls(ncp: Any) -> list[Callable[[], Any]]:
    return [
        lambda: ncp.contract_usage_page("2024-02", "2024-04", page_size=5),
        lambda: ncp.iter_contract_usage("2024-02", "2024-04", page_size=10),
    ]


async def drain(value: Any) -> Any:
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    return await value


def everything(sb: Sandbox, seen: list[object]) -> None:
    """Run every operation, sync and async, succeeding and failing; keep every printable object."""
    sync_clients: list[Any] = [
        HyperstackContracts(HS_KEY, base_url=sb.hyperstack_url, retry_policy=no_sleep()),
        HyperstackContracts(WRONG_HS_KEY, base_url=sb.hyperstack_url, retry_policy=no_sleep()),
        NcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=sb.ncloud_url, retry_policy=no_sleep()),
        NcloudBilling(
            NCP_ACCESS, WRONG_SECRET, base_url=sb.ncloud_url, response_format="xml", retry_policy=no_sleep()
        ),
    ]
    limiter = RateLimiter(10_000, 1)
    async_clients: list[Any] = [
        AsyncHyperstackContracts(
            HS_KEY, base_url=sb.hyperstack_url, retry_policy=no_sleep(), rate_limit=limiter
        ),
        AsyncHyperstackContracts(WRONG_HS_KEY, base_url=sb.hyperstack_url, retry_policy=no_sleep()),
        AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url=sb.ncloud_url, retry_policy=no_sleep()),
        AsyncNcloudBilling(NCP_ACCESS, WRONG_SECRET, base_url=sb.ncloud_url, retry_policy=no_sleep()),
    ]
    seen.extend([limiter, resolve_ncp_credentials(NCP_ACCESS, NCP_SECRET, base_url=sb.ncloud_url)])

    contract_id = sb.state.hyperstack_contracts()[0]["id"]

    def record(call: Callable[[], Any]) -> None:
        try:
            result = call()
            seen.append(list(result) if hasattr(result, "__next__") else result)
        except CloudContractsError as exc:
            seen.append(exc)

    for client in sync_clients:
        hyperstack = isinstance(client, HyperstackContracts)
        calls = hyperstack_calls(client, contract_id) if hyperstack else ncloud_calls(client)
        for fault in (None, *FAILURES):
            for call in calls:
                if fault is not None:
                    sb.faults.script(fault, fault)  # more than the one retry: the failure is final
                record(call)
                sb.faults.clear()
        http = client.generated_client.get_httpx_client()
        seen.extend([client, client.generated_client, http, http.auth, client._options])
        client.close()

    async def run_async() -> None:
        for client in async_clients:
            hyperstack = isinstance(client, AsyncHyperstackContracts)
            calls = hyperstack_calls(client, contract_id) if hyperstack else ncloud_calls(client)
            for fault in (None, *FAILURES):
                for call in calls:
                    if fault is not None:
                        sb.faults.script(fault, fault)
                    try:
                        seen.append(await drain(call()))
                    except CloudContractsError as exc:
                        seen.append(exc)
                    sb.faults.clear()
            seen.extend([client, client.generated_client, getattr(client, "_settings", None)])
            await client.aclose()

    asyncio.run(run_async())


def texts_of(obj: object, depth: int = 0) -> Iterator[str]:
    """Every text a user could print from ``obj``: str, repr, and for exceptions args, attrs and chain."""
    yield str(obj)
    yield repr(obj)
    if isinstance(obj, BaseException) and depth < 5:
        yield from (repr(arg) for arg in obj.args)
        yield from (repr(value) for value in vars(obj).values())
        for linked in (obj.__cause__, obj.__context__):
            if linked is not None:
                yield from texts_of(linked, depth + 1)


def test_canaries_appear_nowhere(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    seen: list[object] = []
    with caplog.at_level(logging.DEBUG):
        for name in ("cloudcontracts", "httpx2", "httpcore2", "uvicorn", "uvicorn.error", "uvicorn.access"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        try:
            everything(sandbox, seen)
        finally:
            for name in (
                "cloudcontracts",
                "httpx2",
                "httpcore2",
                "uvicorn",
                "uvicorn.error",
                "uvicorn.access",
            ):
                logging.getLogger(name).setLevel(logging.NOTSET)

    errors = [obj for obj in seen if isinstance(obj, CloudContractsError)]
    kinds = {type(error).__name__ for error in errors}
    # The run really failed in every way it was meant to: otherwise the search below proves little.
    assert {"ServerError", "APIConnectionError", "ResponseDecodeError", "NotFoundError"} <= kinds
    assert "AuthenticationError" in kinds
    ours = [r for r in caplog.records if r.name == "cloudcontracts"]
    assert any(" -> 200 in " in r.getMessage() for r in ours)
    assert any(r.getMessage().startswith("retrying in ") for r in ours)
    assert any(r.getMessage().startswith("giving up after 2 attempts") for r in ours)
    assert len(caplog.records) > 100

    log_text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    printed = "\n".join(text for obj in seen for text in texts_of(obj))
    for canary in CANARIES:
        assert canary not in log_text, f"{canary} leaked into a log record"
        assert canary not in printed, f"{canary} leaked into a repr, str or exception text"


@pytest.mark.parametrize(
    "make",
    [
        lambda: HyperstackContracts(HS_KEY, base_url="http://infrahub-api.nexgencloud.com/v1"),
        lambda: AsyncHyperstackContracts(HS_KEY, base_url="http://10.0.0.8:8080/v1"),
        lambda: NcloudBilling(
            NCP_ACCESS, NCP_SECRET, base_url="http://billingapi.apigw.ntruss.com/billing/v1"
        ),
        lambda: AsyncNcloudBilling(NCP_ACCESS, NCP_SECRET, base_url="http://example.test/billing/v1"),
    ],
    ids=["hyperstack", "hyperstack-async", "ncloud", "ncloud-async"],
)
def test_credentials_over_plain_http_to_a_remote_host_are_refused(
    make: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connection(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(httpx2.HTTPTransport, "handle_request", no_connection)
    monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", no_connection)
    with pytest.raises(ConfigurationError, match=r"over plain http to .*: use https") as caught:
        make()
    for canary in CANARIES:
        assert canary not in str(caught.value)


def test_loopback_http_is_allowed(sandbox: Sandbox) -> None:
    contract_id = sandbox.state.hyperstack_contracts()[0]["id"]
    with HyperstackContracts(HS_KEY, base_url=sandbox.hyperstack_url) as hs:
        assert sandbox.hyperstack_url.startswith("http://127.0.0.1:")
        assert hs.get_contract(contract_id).id == contract_id


@pytest.mark.parametrize(
    "content",
    [
        f"ncloud_access_key_id = {NCP_ACCESS}\nncloud_secret_access_key = {NCP_SECRET}\n",
        f"[DEFAULT]\n{NCP_ACCESS}\n{NCP_SECRET}\n",
        f"[DEFAULT]\nncloud_secret_access_key = {NCP_SECRET}\nncloud_secret_access_key = {NCP_SECRET}\n",
    ],
    ids=["no-section", "bare-lines", "duplicate"],
)
def test_a_malformed_configure_file_quotes_no_canary(tmp_path: Any, content: str) -> None:
    path = tmp_path / "configure"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        resolve_ncp_credentials(env={}, configure_path=path)
    assert caught.value.__context__ is None and caught.value.__cause__ is None
    printed = "\n".join(texts_of(caught.value))
    for canary in CANARIES:
        assert canary not in printed


def test_credentials_show_at_most_the_last_four_characters_of_the_access_key() -> None:
    creds = resolve_ncp_credentials(NCP_ACCESS, NCP_SECRET, env={})
    for text in (repr(creds), str(creds)):
        assert NCP_ACCESS not in text and NCP_SECRET not in text
        assert NCP_ACCESS[:-4] not in text and f"…{NCP_ACCESS[-4:]}" in text
