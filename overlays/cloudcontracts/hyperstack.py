"""Hyperstack contracts: sync and async wrappers over the generated ``hyperstack_client``.

::

    from cloudcontracts.hyperstack import HyperstackContracts

    with HyperstackContracts() as hs:                  # key from HYPERSTACK_API_KEY
        for contract in hs.iter_contracts():
            print(contract.id, contract.status)
        graph = hs.gpu_allocation_graph(42, start="2026-05-01", end="2026-05-31T23:59:59")

What the wrappers add to the generated functions, all decided in plain functions shared by both shells
(the shells only do I/O):

- set-up from arguments or Hyperstack's environment variables, refusing the key over plain http
  (:mod:`cloudcontracts.hyperstack_settings`); a default timeout (the official SDK has none);
- typed errors from the package's one hierarchy for every non-2xx, undecodable body and transport
  failure (:mod:`cloudcontracts.hyperstack_errors`), where generated code would return ``None``, an
  ``ErrorResponseModel`` or raise ``JSONDecodeError``;
- auto-pagination that is right whatever ``count`` means (:mod:`cloudcontracts.pagination`); the async
  shell overlaps page requests once the number of pages is known;
- input checks before any request, and date-times sent exactly as ``YYYY-MM-DDTHH:MM:SS`` UTC
  (:mod:`cloudcontracts.timestamps`).

Every HTTP request of a wrapper goes through its ``_call`` method, the one place where the package's
shared :class:`~cloudcontracts.retry.RetryPolicy` applies (``max_retries``, default 2). The generated
``AuthenticatedClient`` is available as :attr:`~HyperstackContracts.generated_client` to call generated
functions directly; it shares the wrapper's connection pool, timeout and response hook, so such calls
raise the same typed errors.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

# Of the generated operations only list_contracts is imported here, with the one model it loads anyway;
# get_contract and get_contract_gpu_allocation_graph, and the models only they return, are imported where
# they are called, on first use, so that `import cloudcontracts` does not pay for them
# (benchmarks/bench_import.py; the generated models package imports each model on first use).
from hyperstack_client import AuthenticatedClient
from hyperstack_client.api.contracts import list_contracts as _list_contracts
from hyperstack_client.models import GetCustomerContractsListResponseModel
from hyperstack_client.types import UNSET, Response, Unset

if TYPE_CHECKING:
    import asyncio

    from hyperstack_client.models import Contract, CustomerContractFields

from .concurrency import DEFAULT_CONCURRENCY, check_concurrency
from .errors import CloudContractsError
from .hyperstack_errors import (
    async_response_hook,
    expect_model,
    require_field,
    sync_response_hook,
    translate_exception,
    watching_responses,
)
from .hyperstack_graph import graph_period, graph_points
from .hyperstack_settings import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    HyperstackSettings,
    resolve_settings,
)
from .pagination import PagePlan
from .rate_limit import RateLimiter
from .retry import RetryPolicy
from .security import ApiKeyHeaderAuth
from .stateless import AsyncStatelessClient, StatelessClient
from .timestamps import DateLike, check_time_range
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AsyncGuardedTransport,
    GuardedTransport,
    arelease_stream,
    release_stream,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PER_PAGE",
    "AsyncHyperstackContracts",
    "HyperstackContracts",
    "check_contract_id",
    "check_page",
    "contract_page_plan",
    "graph_period",
    "graph_points",
]

DEFAULT_PER_PAGE = 100
"""Contracts per page for :meth:`~HyperstackContracts.iter_contracts`. The API's default and maximum are
undocumented; 100 is a common ceiling, and a server that returns fewer per page than asked would make
every page look like the last one."""

R = TypeVar("R")


# --- Decisions shared by both shells -------------------------------------------------------------------


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value!r}")
    return value


def check_contract_id(contract_id: object) -> int:
    """A contract id as the API accepts it: a positive ``int`` (``True`` is not an id)."""
    return _positive_int("contract_id", contract_id)


def check_page(page: object, per_page: object) -> tuple[int, int]:
    """``page`` and ``per_page`` as the list operation accepts them: ints >= 1, bools refused."""
    return _positive_int("page", page), _positive_int("per_page", per_page)


def _contract_key(contract: CustomerContractFields) -> int | None:
    cid = contract.id
    return cid if isinstance(cid, int) and not isinstance(cid, bool) else None


def contract_page_plan(per_page: int) -> PagePlan[CustomerContractFields]:
    """The page plan for the contract list, de-duplicating contracts by ``id``."""
    return PagePlan(per_page, key=_contract_key)


def _page_items(page: GetCustomerContractsListResponseModel) -> list[CustomerContractFields]:
    return page.contracts if isinstance(page.contracts, list) else []


def _page_count(page: GetCustomerContractsListResponseModel) -> int | None:
    count = page.count
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _list_page(response: Response[Any]) -> GetCustomerContractsListResponseModel:
    return expect_model(response, GetCustomerContractsListResponseModel)


def _contract_detail(response: Response[Any]) -> CustomerContractFields:
    from hyperstack_client.models import (  # noqa: PLC0415 -- on first use, as get_contract is
        CustomerContractDetailResponseModel,
        CustomerContractFields,
    )

    body = expect_model(response, CustomerContractDetailResponseModel)
    return require_field(body, "contracts", CustomerContractFields)


def _graph_contract(response: Response[Any]) -> Contract:
    from hyperstack_client.models import (  # noqa: PLC0415 -- on first use, as the graph operation is
        Contract,
        ContractGPUAllocationGraphResponse,
    )

    body = expect_model(response, ContractGPUAllocationGraphResponse)
    return require_field(body, "contract", Contract)


def _graph_query(start: DateLike | None, end: DateLike | None) -> dict[str, str | Unset]:
    start_text, end_text = check_time_range(start, end)
    return {
        "start_date": UNSET if start_text is None else start_text,
        "end_date": UNSET if end_text is None else end_text,
    }


# --- Shells --------------------------------------------------------------------------------------------


class _Base:
    """State and presentation shared by the two shells; no request logic lives here."""

    _settings: HyperstackSettings
    _generated: AuthenticatedClient
    _retry: RetryPolicy

    def _setup(
        self,
        api_key: str | None,
        *,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        httpx_args: dict[str, Any],
    ) -> dict[str, Any]:
        """Resolve the settings and build the generated client; return the arguments of the httpx
        client the shell builds for it."""
        self._settings = resolve_settings(
            api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )
        # As the NCP client does: an explicit policy wins whole; otherwise the default one, max_retries.
        self._retry = retry_policy or RetryPolicy(max_retries=self._settings.max_retries)
        # Hyperstack reads the raw key from a header named api_key: no "Bearer " prefix.
        httpx_args = {**httpx_args, "auth": ApiKeyHeaderAuth("api_key", self._settings.api_key)}
        self._generated = AuthenticatedClient(
            base_url=self._settings.base_url,
            # The key travels in the auth above, not in the generated client's token or headers, which
            # its attrs repr would print (see security.ApiKeyHeaderAuth).
            token="",
            auth_header_name="api_key",
            prefix="",
            timeout=self._settings.timeout,
            headers={"Accept": "application/json"},
            httpx_args=httpx_args,
        )
        # What the generated client would build its httpx client with. The shells build that client
        # themselves, as a `stateless` one that keeps no response cookies, and hand it over.
        return {
            "base_url": self._settings.base_url,
            "headers": {"Accept": "application/json"},
            "timeout": self._settings.timeout,
            **httpx_args,
        }

    @property
    def generated_client(self) -> AuthenticatedClient:
        """The generated client this wrapper calls, for using generated functions directly.

        Its ``token`` is empty: the key is added by an ``httpx.Auth`` whose ``repr`` hides it, so logging
        this client leaks nothing.
        """
        return self._generated

    @property
    def base_url(self) -> str:
        """The API root requests go to."""
        return self._settings.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The httpx timeout applied to every request."""
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried (connection errors, timeouts, 429, 5xx)."""
        return self._retry.max_retries

    def __repr__(self) -> str:
        # Never the key: only what is safe to log.
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r})"
        )


class HyperstackContracts(_Base):
    """Synchronous Hyperstack contracts client.

    ``api_key`` defaults to ``$HYPERSTACK_API_KEY`` and ``base_url`` to ``$HYPERSTACK_API_ADDRESS``, then
    to ``https://infrahub-api.nexgencloud.com/v1``. ``timeout`` is seconds for every phase or an
    ``httpx.Timeout`` (default: 5 s to connect, 60 s otherwise). Connection errors, timeouts, 429 and 5xx
    are retried up to ``max_retries`` times; ``retry_policy`` replaces that policy whole (``max_retries`` is
    then ignored), as in the NCP client. A body over ``max_response_bytes`` (32 MiB) is refused with
    ``ResponseTooLargeError``. ``rate_limit`` paces every request, e.g. ``RateLimiter.per_minute(500)``,
    Hyperstack's published limit per IP (off by default). ``transport`` replaces httpx's network
    transport, for tests (``httpx.MockTransport``) and advanced use (proxies, custom TLS).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [sync_response_hook, release_stream]},
            "transport": GuardedTransport(
                transport, max_response_bytes=max_response_bytes, rate_limiter=rate_limit
            ),
        }
        client_args = self._setup(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            httpx_args=httpx_args,
        )
        self._generated.set_httpx_client(StatelessClient(**client_args))

    def _call(
        self, operation: Callable[..., Response[Any]], decode: Callable[[Response[Any]], R], **kwargs: Any
    ) -> R:
        """Send a request through a generated ``sync_detailed`` function: the only path to the network.

        Each attempt is retried as the shared :class:`~cloudcontracts.retry.RetryPolicy` decides.
        """
        return self._retry.call(functools.partial(self._attempt, operation, decode, kwargs))

    def _attempt(
        self,
        operation: Callable[..., Response[Any]],
        decode: Callable[[Response[Any]], R],
        kwargs: dict[str, Any],
    ) -> R:
        # The error is raised outside the ``except`` block on purpose: the httpx exception (whose request
        # holds the api_key header) must not become its ``__context__``.
        with watching_responses():
            try:
                return decode(operation(client=self._generated, **kwargs))
            except Exception as exc:
                error: CloudContractsError | None = translate_exception(exc)
                if error is None:
                    raise
            raise error

    def list_contracts(
        self, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> GetCustomerContractsListResponseModel:
        """One page of contracts, as the API returns it (``contracts`` and ``count``)."""
        page, per_page = check_page(page, per_page)
        return self._call(_list_contracts.sync_detailed, _list_page, page=page, per_page=per_page)

    def iter_contracts(self, *, per_page: int = DEFAULT_PER_PAGE) -> Iterator[CustomerContractFields]:
        """Every contract across all pages, each once (first occurrence kept), in page order.

        Stops on an empty or short page, or once a ``count`` that proved to be a total is reached; see
        :mod:`cloudcontracts.pagination` for the rules.
        """
        check_page(1, per_page)
        return self._iter_contracts(per_page)

    def _iter_contracts(self, per_page: int) -> Iterator[CustomerContractFields]:
        plan = contract_page_plan(per_page)
        while not plan.finished:
            for page in plan.schedule(max_in_flight=1):
                # No local keeps a page: once its items are yielded it can go before the next is fetched.
                yield from self._accepted(plan, page, per_page)

    def _accepted(
        self, plan: PagePlan[CustomerContractFields], page: int, per_page: int
    ) -> list[CustomerContractFields]:
        body = self.list_contracts(page=page, per_page=per_page)
        return plan.accept(page, _page_items(body), _page_count(body))

    def get_contract(self, contract_id: int) -> CustomerContractFields:
        """One contract with its discount plans (the response's ``contracts`` field, a single object)."""
        cid = check_contract_id(contract_id)
        from hyperstack_client.api.contracts import get_contract as _get_contract  # noqa: PLC0415

        return self._call(_get_contract.sync_detailed, _contract_detail, contract_id=cid)

    def gpu_allocation_graph(
        self, contract_id: int, *, start: DateLike | None = None, end: DateLike | None = None
    ) -> Contract:
        """The contract's GPU allocation graph between ``start`` and ``end`` (both optional).

        ``start``/``end`` may be ``datetime`` (aware: converted to UTC; naive: taken as UTC), ``date``
        (midnight UTC) or ISO 8601 strings; they are sent as ``YYYY-MM-DDTHH:MM:SS``, microseconds
        truncated. Use :func:`graph_points` for the buckets as ``(aware UTC datetime, count)``.
        """
        cid = check_contract_id(contract_id)
        query = _graph_query(start, end)
        from hyperstack_client.api.contracts import (  # noqa: PLC0415
            get_contract_gpu_allocation_graph as _graph,
        )

        return self._call(_graph.sync_detailed, _graph_contract, contract_id=cid, **query)

    def close(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        self._generated.get_httpx_client().close()

    def __enter__(self) -> HyperstackContracts:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHyperstackContracts(_Base):
    """Asynchronous Hyperstack contracts client; same set-up and behaviour as :class:`HyperstackContracts`.

    ``transport`` takes an ``httpx.AsyncBaseTransport`` (``httpx.MockTransport`` works for both).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: RateLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [async_response_hook, arelease_stream]},
            "transport": AsyncGuardedTransport(
                transport, max_response_bytes=max_response_bytes, rate_limiter=rate_limit
            ),
        }
        client_args = self._setup(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            httpx_args=httpx_args,
        )
        self._generated.set_async_httpx_client(AsyncStatelessClient(**client_args))

    async def _call(
        self,
        operation: Callable[..., Awaitable[Response[Any]]],
        decode: Callable[[Response[Any]], R],
        **kwargs: Any,
    ) -> R:
        """Send a request through a generated ``asyncio_detailed`` function: the only path to the network.

        Each attempt is retried as the shared :class:`~cloudcontracts.retry.RetryPolicy` decides.
        """
        # A partial, not a lambda: tenacity awaits only what it recognises as a coroutine function.
        return await self._retry.acall(functools.partial(self._attempt, operation, decode, kwargs))

    async def _attempt(
        self,
        operation: Callable[..., Awaitable[Response[Any]]],
        decode: Callable[[Response[Any]], R],
        kwargs: dict[str, Any],
    ) -> R:
        # Same shape as the sync attempt, including raising outside the ``except`` block.
        with watching_responses():
            try:
                return decode(await operation(client=self._generated, **kwargs))
            except Exception as exc:
                error: CloudContractsError | None = translate_exception(exc)
                if error is None:
                    raise
            raise error

    async def list_contracts(
        self, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> GetCustomerContractsListResponseModel:
        """One page of contracts, as the API returns it (``contracts`` and ``count``)."""
        page, per_page = check_page(page, per_page)
        return await self._call(_list_contracts.asyncio_detailed, _list_page, page=page, per_page=per_page)

    def iter_contracts(
        self, *, per_page: int = DEFAULT_PER_PAGE, concurrency: int = DEFAULT_CONCURRENCY
    ) -> AsyncIterator[CustomerContractFields]:
        """Every contract across all pages, each once, in page order (``async for``).

        Until the number of pages is known, pages are fetched one after another. Once a ``count`` proves
        to be a total, up to ``concurrency`` pages are in flight at a time, still yielded in page order;
        pages already requested when a page proves the end are cancelled and never yielded.
        """
        check_page(1, per_page)
        check_concurrency(concurrency)
        return self._iter_contracts(per_page, concurrency)

    async def _iter_contracts(self, per_page: int, concurrency: int) -> AsyncIterator[CustomerContractFields]:
        import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

        plan = contract_page_plan(per_page)
        window: deque[tuple[int, asyncio.Task[GetCustomerContractsListResponseModel]]] = deque()
        try:

            def start_what_may_start() -> None:
                for page in plan.schedule(max_in_flight=concurrency):
                    request = self.list_contracts(page=page, per_page=per_page)
                    window.append((page, asyncio.create_task(request)))

            start_what_may_start()
            while window:
                page, task = window.popleft()
                body = await task
                fresh = plan.accept(page, _page_items(body), _page_count(body))
                # The next pages are requested before this one is handed out, so that whatever the
                # consumer does with each contract overlaps with the fetching.
                start_what_may_start()
                for contract in fresh:
                    yield contract
                if plan.finished:
                    break
        finally:
            # Early exit (the end was proved, an error, the consumer stopped): no request outlives us.
            for _, pending in window:
                pending.cancel()
            if window:
                await asyncio.gather(*(pending for _, pending in window), return_exceptions=True)

    async def get_contract(self, contract_id: int) -> CustomerContractFields:
        """One contract with its discount plans (the response's ``contracts`` field, a single object)."""
        cid = check_contract_id(contract_id)
        from hyperstack_client.api.contracts import get_contract as _get_contract  # noqa: PLC0415

        return await self._call(_get_contract.asyncio_detailed, _contract_detail, contract_id=cid)

    async def gpu_allocation_graph(
        self, contract_id: int, *, start: DateLike | None = None, end: DateLike | None = None
    ) -> Contract:
        """The GPU allocation graph; arguments as in :meth:`HyperstackContracts.gpu_allocation_graph`."""
        cid = check_contract_id(contract_id)
        query = _graph_query(start, end)
        from hyperstack_client.api.contracts import (  # noqa: PLC0415
            get_contract_gpu_allocation_graph as _graph,
        )

        return await self._call(_graph.asyncio_detailed, _graph_contract, contract_id=cid, **query)

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        await self._generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> AsyncHyperstackContracts:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
