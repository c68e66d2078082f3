"""Shared by the fault matrix and the soak: clients on a sandbox, a retry policy that never waits, and the
checks every error must pass (typed, no bare httpx/JSON/KeyError, no credential in its text or chain)."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator
from typing import Any, Literal

import httpx2

from cloudcontracts.core.options import DEFAULT_CONCURRENCY
from cloudcontracts.errors import CloudContractsError
from cloudcontracts.hyperstack import AsyncHyperstackContracts, HyperstackContracts
from cloudcontracts.ncloud import AsyncNcloudBilling, NcloudBilling
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.sandbox import Sandbox

Format = Literal["json", "xml"]

# Request headers that carry a credential: Hyperstack's raw key, NCP's access key and its signature.
CREDENTIAL_HEADERS = ("api_key", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2")


# One TLS context for every client (the sandbox is plain http on 127.0.0.1): httpx builds a new one per
# client otherwise, ~40 ms each, which is most of a matrix cell.
_TLS = ssl.create_default_context()


def sync_transport() -> httpx2.HTTPTransport:
    return httpx2.HTTPTransport(verify=_TLS)


def async_transport() -> httpx2.AsyncHTTPTransport:
    return httpx2.AsyncHTTPTransport(verify=_TLS)


class SleepLog:
    """A retry policy whose sleeps (sync and async) are recorded instead of slept; no jitter."""

    def __init__(self, max_retries: int) -> None:
        self.slept: list[float] = []

        async def async_sleep(seconds: float) -> None:
            self.slept.append(seconds)

        self.policy = RetryPolicy(
            max_retries=max_retries,
            sleep=self.slept.append,
            async_sleep=async_sleep,
            random=lambda: 0.0,  # backoff exactly initial_backoff * 2 ** (attempt - 1)
        )


def hyperstack_sync(sb: Sandbox, policy: RetryPolicy) -> HyperstackContracts:
    return HyperstackContracts(
        sb.hyperstack_api_key, base_url=sb.hyperstack_url, retry_policy=policy, transport=sync_transport()
    )


def hyperstack_async(sb: Sandbox, policy: RetryPolicy) -> AsyncHyperstackContracts:
    return AsyncHyperstackContracts(
        sb.hyperstack_api_key, base_url=sb.hyperstack_url, retry_policy=policy, transport=async_transport()
    )


def ncloud_sync(
    sb: Sandbox,
    policy: RetryPolicy,
    response_format: Format = "json",
    transport: httpx2.BaseTransport | None = None,
) -> NcloudBilling:
    return NcloudBilling(
        sb.ncp_access_key,
        sb.ncp_secret_key,
        base_url=sb.ncloud_url,
        response_format=response_format,
        retry_policy=policy,
        transport=transport if transport is not None else sync_transport(),
    )


def ncloud_async(
    sb: Sandbox,
    policy: RetryPolicy,
    response_format: Format = "json",
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> AsyncNcloudBilling:
    return AsyncNcloudBilling(
        sb.ncp_access_key,
        sb.ncp_secret_key,
        base_url=sb.ncloud_url,
        response_format=response_format,
        retry_policy=policy,
        concurrency=concurrency,
        transport=transport if transport is not None else async_transport(),
    )


def exception_chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, then every exception reachable through ``__cause__`` and ``__context__`` (suppressed or
    not: a suppressed context is still an attribute anyone can read), each once."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [current.__context__, current.__cause__]


def credential_texts(sb: Sandbox) -> tuple[str, ...]:
    return (sb.hyperstack_api_key, sb.ncp_access_key, sb.ncp_secret_key)


def assert_typed_error(error: BaseException | None, sb: Sandbox) -> None:
    """A package error, not a bare httpx/KeyError/JSONDecodeError, and no credential in the text, repr or
    attributes of it or of anything chained to it."""
    assert error is not None, "expected a typed error, got a result"
    assert isinstance(error, CloudContractsError), f"untyped error {type(error).__name__}: {error!r}"
    assert not isinstance(error, (httpx2.HTTPError, httpx2.InvalidURL, KeyError, json.JSONDecodeError))
    for link in exception_chain(error):
        texts = [str(link), repr(link), repr(getattr(link, "__dict__", {})), repr(link.args)]
        for secret in credential_texts(sb):
            for text in texts:
                assert secret not in text, f"{type(link).__name__} in the chain shows a credential: {text}"


def credentialed_httpx_exceptions(error: BaseException) -> list[str]:
    """The httpx exceptions chained to ``error`` whose request carries credential headers."""
    found = []
    for link in exception_chain(error):
        if not isinstance(link, httpx2.RequestError):
            continue
        try:
            headers = link.request.headers
        except RuntimeError:  # no request attached
            continue
        carried = [name for name in CREDENTIAL_HEADERS if name in headers]
        if carried:
            found.append(f"{type(link).__name__} carrying {', '.join(carried)}")
    return found


def request_count(sb: Sandbox) -> int:
    return len(sb.faults.history)


def settled_history(sb: Sandbox, quiet: float = 0.05, limit: float = 2.0) -> list[tuple[str, str | None]]:
    """The sandbox's request history once no request has arrived for ``quiet`` seconds.

    A request the client cancelled (an async iterator closing its prefetched pages) may still reach the
    sandbox's thread a moment later; reading before that would miscount, and resetting before it would
    let it consume the next test's script.
    """
    deadline = time.monotonic() + limit
    history = sb.faults.history
    while True:
        time.sleep(quiet)
        again = sb.faults.history
        if again == history or time.monotonic() > deadline:
            return again
        history = again


def payload(value: Any) -> Any:
    """A model (or a list of them, as a JSON-array body gives) as plain data (``to_dict``), for exact
    comparison with the sandbox's state."""
    if isinstance(value, list):
        return [payload(item) for item in value]
    return value.to_dict()
