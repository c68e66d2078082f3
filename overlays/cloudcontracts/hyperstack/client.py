"""Hyperstack: sync and async clients over the generated ``hyperstack_client``.

::

    from cloudcontracts.hyperstack.client import HyperstackContracts

    with HyperstackContracts() as hs:                  # key from HYPERSTACK_API_KEY
        for contract in hs.iter_contracts():
            print(contract.id, contract.status)
        graph = hs.gpu_allocation_graph(42, start="2026-05-01", end="2026-05-31T23:59:59")

Both are the shared clients of :mod:`cloudcontracts.core.client` set up for Hyperstack's document: the
key from the argument or ``HYPERSTACK_API_KEY`` sent in the ``api_key`` header
(:mod:`cloudcontracts.hyperstack.settings`), the shared options, and Hyperstack's ``finish`` step
(:mod:`cloudcontracts.hyperstack.responses`: typed errors for every non-2xx and unreadable body).
``call``, ``iter_pages`` and ``iter_items`` reach any operation of the document; the pager walks
``page``/``per_page`` lists right whatever ``count`` means (:mod:`cloudcontracts.core.pagination`).
``list_contracts``, ``iter_contracts``, ``get_contract``, ``gpu_allocation_graph``, ``iter_vm_billing``,
``contract_machines`` and ``pricebook`` are shortcuts with precise signatures; the list shortcuts accept
any other parameter the document declares. Date-times are
sent exactly as ``YYYY-MM-DDTHH:MM:SS`` UTC (:mod:`cloudcontracts.hyperstack.timestamps`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, ClassVar

import httpx2

from hyperstack_client import AuthenticatedClient

if TYPE_CHECKING:
    from hyperstack_client.models import (
        Contract,
        ContractInstanceFields,
        CustomerContractFields,
        GetCustomerContractsListResponseModel,
        PricebookModel,
        ResourceLevelBillingHistoryResources,
    )

from cloudcontracts.core.client import AsyncApi, SyncApi
from cloudcontracts.core.http import AsyncPipelineClient, Pipeline, PipelineClient, generated_client_class
from cloudcontracts.core.options import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    client_options,
)
from cloudcontracts.core.security import ApiKeyHeaderAuth
from cloudcontracts.core.validation import positive_int
from cloudcontracts.hyperstack.graph import graph_period, graph_points
from cloudcontracts.hyperstack.responses import finish_hyperstack_response
from cloudcontracts.hyperstack.settings import resolve_api_key, resolve_base_url
from cloudcontracts.hyperstack.timestamps import DateLike, check_time_range
from cloudcontracts.rate_limit import RateLimiter
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.specs import DocumentName

__all__ = [
    "DEFAULT_PER_PAGE",
    "AsyncHyperstackContracts",
    "HyperstackContracts",
    "check_contract_id",
    "graph_period",
    "graph_points",
]

DEFAULT_PER_PAGE = 100
"""Contracts per page for :meth:`~HyperstackContracts.iter_contracts`. The API's default and maximum are
undocumented; 100 is a common ceiling, and a server that returns fewer per page than asked would make
every page look like the last one."""

_HEADERS = {"Accept": "application/json"}
_HyperstackClient = generated_client_class(AuthenticatedClient)


def check_contract_id(contract_id: object) -> int:
    """A contract id as the API accepts it: a whole number >= 1 (``True`` is not an id)."""
    return positive_int("contract_id", contract_id, maximum=2**63 - 1)


def _graph_query(start: DateLike | None, end: DateLike | None) -> dict[str, object]:
    start_text, end_text = check_time_range(start, end)
    return {"start_date": start_text, "end_date": end_text}


def _billing_query(start: DateLike, end: DateLike, per_page: int) -> dict[str, object]:
    if start is None or end is None:
        raise ValueError("the billing history needs both start and end")
    return {**_graph_query(start, end), "per_page": positive_int("per_page", per_page)}


def _instances(body: object) -> list[ContractInstanceFields]:
    instances = getattr(body, "instances", None)
    return list(instances) if isinstance(instances, list) else []


class _Hyperstack:
    """Hyperstack's set-up, shared by both shells."""

    _document: ClassVar[DocumentName] = "hyperstack"

    def _setup(
        self,
        api_key: str | None,
        *,
        base_url: str | None,
        timeout: float | httpx2.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        deadline: float,
        concurrency: int,
        max_response_bytes: int,
        max_pages: int,
        rate_limit: RateLimiter | None,
    ) -> tuple[Pipeline, httpx2.Auth]:
        url = resolve_base_url(base_url)  # a refused http:// URL is reported even when the key is missing
        key = resolve_api_key(api_key)
        self._options = client_options(
            base_url=url,
            what="the Hyperstack API key",
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=concurrency,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        self._generated = _HyperstackClient(
            base_url=url,
            # The key travels in the auth below, not in the generated client's token or headers, which
            # its attrs repr would print (see security.ApiKeyHeaderAuth).
            token="",
            auth_header_name="api_key",
            prefix="",
            timeout=self._options.timeout,
            headers=dict(_HEADERS),
        )
        # Hyperstack reads the raw key from a header named api_key: no "Bearer " prefix.
        return Pipeline("Hyperstack", self._options, finish_hyperstack_response), ApiKeyHeaderAuth(
            "api_key", key
        )

    @property
    def generated_client(self) -> AuthenticatedClient:
        """The generated client this wrapper calls, for using generated functions directly: they go
        through the same pipeline (retries, deadline, typed errors).

        Its ``token`` is empty: the key is added by an ``httpx2.Auth`` whose ``repr`` hides it, so logging
        this client leaks nothing.
        """
        return self._generated

    @property
    def base_url(self) -> str:
        """The API root requests go to."""
        return self._options.base_url

    @property
    def timeout(self) -> httpx2.Timeout:
        """The httpx timeout applied to every request."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried (connection errors, timeouts, 429, 5xx)."""
        return self._options.retry.max_retries


class HyperstackContracts(_Hyperstack, SyncApi):
    """Synchronous Hyperstack client.

    ``api_key`` defaults to ``$HYPERSTACK_API_KEY`` and ``base_url`` to ``$HYPERSTACK_API_ADDRESS``, then
    to ``https://infrahub-api.nexgencloud.com/v1``. ``timeout`` is seconds for every phase or an
    ``httpx2.Timeout`` (default: 5 s to connect, 60 s otherwise); ``deadline`` bounds a whole call, retries
    included (300 s). Connection errors, timeouts, 429 and 5xx are retried up to ``max_retries`` times;
    ``retry_policy`` replaces that policy whole. A body over ``max_response_bytes`` (32 MiB) is refused
    with ``ResponseTooLargeError``; a walk longer than ``max_pages`` pages is refused. ``rate_limit`` paces
    every request, e.g. ``RateLimiter.per_minute(500)``, Hyperstack's published limit per IP (off by
    default). ``transport`` replaces httpx's network transport, for tests (``httpx2.MockTransport``) and
    advanced use (proxies, custom TLS).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx2.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_pages: int = DEFAULT_MAX_PAGES,
        rate_limit: RateLimiter | None = None,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        pipeline, auth = self._setup(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=1,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        self._generated.set_httpx_client(
            PipelineClient(pipeline, auth=auth, transport=transport, headers=dict(_HEADERS))
        )

    def __enter__(self) -> HyperstackContracts:
        return self

    def list_contracts(
        self, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE, **params: object
    ) -> GetCustomerContractsListResponseModel:
        """One page of contracts, as the API returns it (``contracts`` and ``count``)."""
        return self.call(  # type: ignore[no-any-return]
            "list_contracts",
            page=positive_int("page", page),
            per_page=positive_int("per_page", per_page),
            **params,
        )

    def iter_contracts(
        self, *, per_page: int = DEFAULT_PER_PAGE, **params: object
    ) -> Iterator[CustomerContractFields]:
        """Every contract across all pages, each once (first occurrence kept), in page order.

        Stops on an empty or short page, or once a ``count`` that proved to be a total is reached; see
        :mod:`cloudcontracts.core.pagination` for the rules.
        """
        return self.iter_items("list_contracts", per_page=positive_int("per_page", per_page), **params)

    def get_contract(self, contract_id: int) -> CustomerContractFields:
        """One contract with its discount plans (the response's ``contracts`` field, a single object)."""
        cid = check_contract_id(contract_id)
        return self.call_for("get_contract", "contracts", "CustomerContractFields", contract_id=cid)  # type: ignore[no-any-return]

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
        return self.call_for(  # type: ignore[no-any-return]
            "get_contract_gpu_allocation_graph", "contract", "Contract", contract_id=cid, **query
        )

    def iter_vm_billing(
        self, start: DateLike, end: DateLike, *, per_page: int = DEFAULT_PER_PAGE, **params: object
    ) -> Iterator[ResourceLevelBillingHistoryResources]:
        """Every virtual machine's bill for the period (``attributes``: the machine and its contract;
        ``metrics``: ``incurred_bill``, ``price_per_hour``, ``usage_time``, USD and hours), all pages.

        ``start``/``end`` as for :meth:`gpu_allocation_graph`; ``search`` and any other declared
        parameter may be given.
        """
        return self.iter_items("get_vm_billing_history", **_billing_query(start, end, per_page), **params)

    def contract_machines(self, contract_id: int) -> list[ContractInstanceFields]:
        """The virtual machines under a contract (running or terminated)."""
        cid = check_contract_id(contract_id)
        return _instances(self.call("list_contract_virtual_machines", contract_id=cid))

    def pricebook(self) -> list[PricebookModel]:
        """Hourly list prices (USD) of every flavour."""
        return list(self.call("list_pricebook"))


class AsyncHyperstackContracts(_Hyperstack, AsyncApi):
    """Asynchronous Hyperstack client; same set-up and behaviour as :class:`HyperstackContracts`, with
    at most ``concurrency`` requests on the network when a walk knows its pages.

    ``transport`` takes an ``httpx2.AsyncBaseTransport`` (``httpx2.MockTransport`` works for both).
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx2.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        deadline: float = DEFAULT_DEADLINE,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_pages: int = DEFAULT_MAX_PAGES,
        rate_limit: RateLimiter | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        pipeline, auth = self._setup(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=concurrency,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        self._generated.set_async_httpx_client(
            AsyncPipelineClient(pipeline, auth=auth, transport=transport, headers=dict(_HEADERS))
        )

    async def __aenter__(self) -> AsyncHyperstackContracts:
        return self

    async def list_contracts(
        self, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE, **params: object
    ) -> GetCustomerContractsListResponseModel:
        """One page of contracts, as the API returns it (``contracts`` and ``count``)."""
        return await self.call(  # type: ignore[no-any-return]
            "list_contracts",
            page=positive_int("page", page),
            per_page=positive_int("per_page", per_page),
            **params,
        )

    def iter_contracts(
        self, *, per_page: int = DEFAULT_PER_PAGE, concurrency: int | None = None, **params: object
    ) -> AsyncIterator[CustomerContractFields]:
        """Every contract across all pages, each once, in page order (``async for``).

        Until the number of pages is known, pages are fetched one after another. Once a ``count`` proves
        to be a total, up to ``concurrency`` pages are in flight at a time, still yielded in page order;
        pages already requested when a page proves the end are cancelled and never yielded.
        """
        return self.iter_items(
            "list_contracts", concurrency=concurrency, per_page=positive_int("per_page", per_page), **params
        )

    async def get_contract(self, contract_id: int) -> CustomerContractFields:
        """One contract with its discount plans (the response's ``contracts`` field, a single object)."""
        cid = check_contract_id(contract_id)
        return await self.call_for("get_contract", "contracts", "CustomerContractFields", contract_id=cid)  # type: ignore[no-any-return]

    async def gpu_allocation_graph(
        self, contract_id: int, *, start: DateLike | None = None, end: DateLike | None = None
    ) -> Contract:
        """The GPU allocation graph; arguments as in :meth:`HyperstackContracts.gpu_allocation_graph`."""
        cid = check_contract_id(contract_id)
        query = _graph_query(start, end)
        return await self.call_for(  # type: ignore[no-any-return]
            "get_contract_gpu_allocation_graph", "contract", "Contract", contract_id=cid, **query
        )

    def iter_vm_billing(
        self,
        start: DateLike,
        end: DateLike,
        *,
        per_page: int = DEFAULT_PER_PAGE,
        concurrency: int | None = None,
        **params: object,
    ) -> AsyncIterator[ResourceLevelBillingHistoryResources]:
        """Every virtual machine's bill for the period; as :meth:`HyperstackContracts.iter_vm_billing`."""
        query = _billing_query(start, end, per_page)
        return self.iter_items("get_vm_billing_history", concurrency=concurrency, **query, **params)

    async def contract_machines(self, contract_id: int) -> list[ContractInstanceFields]:
        """The virtual machines under a contract (running or terminated)."""
        cid = check_contract_id(contract_id)
        return _instances(await self.call("list_contract_virtual_machines", contract_id=cid))

    async def pricebook(self) -> list[PricebookModel]:
        """Hourly list prices (USD) of every flavour."""
        return list(await self.call("list_pricebook"))
