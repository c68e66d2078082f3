"""``NcloudBilling`` and ``AsyncNcloudBilling``: every NCP billing operation, every page, XML or JSON.

Both are the shared clients of :mod:`cloudcontracts.core.client` set up for NCP's billing document:

- credentials from the arguments, the environment or ``~/.ncloud/configure``
  (:mod:`cloudcontracts.ncloud.credentials`), the shared options checked by
  :func:`~cloudcontracts.core.options.client_options`;
- signature v2 as the httpx ``auth`` (:class:`~cloudcontracts.ncloud.signing.NcpSignatureV2Auth`, which
  also writes list parameters in NCP's indexed form, ``memberNoList.1=...``);
- the NCP ``finish`` step (:mod:`cloudcontracts.ncloud.responses`): XML or JSON decoded once, typed
  errors for gateway and billing errors;
- a request that does not choose ``responseFormatType`` asks for the client's ``response_format``
  (JSON by default), so XML is decoded only where a user asks for it.

``call``, ``iter_pages`` and ``iter_items`` reach any operation of the document (the generic pager splits
a period into three-month windows and checks every page against ``totalRows``); ``iter_contract_usage``
and ``contract_usage_page`` are shortcuts with precise signatures for ``getContractUsageList``, and
accept any other parameter the document declares for it; ``iter_contract_demand_costs`` and
``iter_demand_costs`` name the two money operations and ask for the client's format.
``generated_client`` hands the configured generated client to users who prefer the generated
functions: they go through the same pipeline.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import aclosing
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

import httpx2

from ncloud_billing_client import Client

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from cloudcontracts.exports.columns import Row
    from ncloud_billing_client.models import (
        Contract,
        ContractDemandCost,
        DemandCost,
        GetContractUsageListResponse,
    )

from cloudcontracts.core.client import AsyncApi, SyncApi
from cloudcontracts.core.http import AsyncPipelineClient, Pipeline, PipelineClient, generated_client_class
from cloudcontracts.core.operations import OperationSpec, operations
from cloudcontracts.core.options import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    client_options,
)
from cloudcontracts.core.params import check_params
from cloudcontracts.core.validation import positive_int
from cloudcontracts.errors import ConfigurationError, ResponseDecodeError
from cloudcontracts.ncloud.credentials import resolve_ncp_credentials
from cloudcontracts.ncloud.dates import MAX_MONTHS_PER_QUERY, month_windows
from cloudcontracts.ncloud.responses import finish_ncp_response
from cloudcontracts.ncloud.signing import NcpSignatureV2Auth
from cloudcontracts.rate_limit import RateLimiter
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.specs import DocumentName

__all__ = [
    "MAX_PAGE_SIZE",
    "AsyncNcloudBilling",
    "NcloudBilling",
    "check_usage_query",
    "indexed_list_parameters",
]

MAX_PAGE_SIZE = 1000
ResponseFormat = Literal["json", "xml"]
_USAGE = "getContractUsageList"
_COSTS = "getContractDemandCostList"
_INVOICES = "getDemandCostList"
_FORMAT_PARAM = "responseFormatType"


@functools.cache
def indexed_list_parameters() -> frozenset[str]:
    """Query parameters the NCP document marks ``x-ncp-list-style: indexed`` (sent as ``name.N``)."""
    return frozenset(
        parameter.name
        for spec in operations("ncloud-billing").values()
        for parameter in spec.parameters
        if parameter.indexed_list
    )


_NcpClient = generated_client_class(Client)


def _asking_for(response_format: ResponseFormat) -> Any:
    """The pipeline's ``prepare`` step: a request that names no format asks for ``response_format``."""

    def prepare(request: httpx2.Request) -> None:
        if not request.url.params.get(_FORMAT_PARAM):
            request.url = request.url.copy_merge_params({_FORMAT_PARAM: response_format})

    return prepare


def _usage_params(  # noqa: PLR0917 -- the shortcuts' own parameters, in their order
    member_nos: Sequence[str] | None,
    contract_no: str | None,
    contract_type_code: str | None,
    contract_status_code: str | None,
    region_code: str | None,
    is_organization: bool,
    is_partner: bool,
    page_size: int,
    params: Mapping[str, object],
) -> dict[str, Any]:
    """The named shortcuts' arguments as the generated function's keywords (``None``/``False``: not sent)."""
    for name, flag in (("is_organization", is_organization), ("is_partner", is_partner)):
        if not isinstance(flag, bool):
            raise ValueError(f"{name} must be True or False, not {type(flag).__name__} {flag!r}")
    if isinstance(member_nos, str):
        raise ValueError("member_nos must be a sequence of member numbers, not a single string")
    return {
        # Not list(): the document check says what is wrong with a non-sequence (ValueError, not TypeError).
        "member_no_list": member_nos,
        "contract_no": contract_no,
        "contract_type_code": contract_type_code,
        "contract_status_code": contract_status_code,
        "region_code": region_code,
        "is_organization": is_organization or None,
        "is_partner": is_partner or None,
        "page_size": positive_int("page_size", page_size, maximum=MAX_PAGE_SIZE),
        **params,
    }


def _check_ncp_rules(params: Mapping[str, object]) -> None:
    if params.get("is_organization") is True and params.get("is_partner") is True:
        raise ValueError("is_organization and is_partner cannot both be true (NCP rejects the query)")


def check_usage_query(
    start_month: str | date,
    end_month: str | date,
    *,
    member_nos: Sequence[str] | None = None,
    contract_no: str | None = None,
    contract_type_code: str | None = None,
    contract_status_code: str | None = None,
    region_code: str | None = None,
    is_organization: bool = False,
    is_partner: bool = False,
    page_size: int = MAX_PAGE_SIZE,
    **params: object,
) -> list[tuple[str, str]]:
    """Check an :meth:`~NcloudBilling.iter_contract_usage` query without a client (no credentials
    needed): ``ValueError`` for anything the document or NCP's rules refuse; else the three-month
    windows the period is split into."""
    query = _usage_params(
        member_nos, contract_no, contract_type_code, contract_status_code, region_code,
        is_organization, is_partner, page_size, params,
    )  # fmt: skip
    spec = operations("ncloud-billing")[_USAGE]
    windows = [(str(first), str(last)) for first, last in month_windows(start_month, end_month)]
    checked = check_params(spec, {**query, "start_month": windows[0][0], "end_month": windows[0][1]})
    _check_ncp_rules(checked)
    return windows


class _Ncp:
    """NCP's set-up and rules, shared by both shells."""

    _document: ClassVar[DocumentName] = "ncloud-billing"

    def _setup(
        self,
        access_key: str | None,
        secret_key: str | None,
        *,
        site: str | None,
        base_url: str | None,
        profile: str | None,
        response_format: ResponseFormat,
        timeout: float | httpx2.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        deadline: float,
        concurrency: int,
        max_response_bytes: int,
        max_pages: int,
        rate_limit: RateLimiter | None,
    ) -> tuple[Pipeline, NcpSignatureV2Auth]:
        credentials = resolve_ncp_credentials(
            access_key, secret_key, site=site, base_url=base_url, profile=profile
        )
        if response_format not in ("json", "xml"):
            raise ConfigurationError(f"response_format must be 'json' or 'xml', not {response_format!r}")
        self._response_format: ResponseFormat = response_format
        self._source = credentials.source
        self._options = client_options(
            base_url=credentials.base_url,
            what="NCP credentials",
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=concurrency,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        auth = NcpSignatureV2Auth(
            credentials.access_key, credentials.secret_key, indexed_list_params=indexed_list_parameters()
        )
        pipeline = Pipeline("NCP", self._options, finish_ncp_response, _asking_for(response_format))
        self._generated = _NcpClient(
            base_url=self._options.base_url, timeout=self._options.timeout, raise_on_unexpected_status=False
        )
        return pipeline, auth

    def _check_rules(self, spec: OperationSpec, params: Mapping[str, object]) -> None:
        _check_ncp_rules(params)

    def _usage_query(self, params: dict[str, Any]) -> dict[str, Any]:
        params.setdefault("response_format_type", self._response_format)
        return params

    @property
    def generated_client(self) -> Client:
        """The generated client, signed, XML-aware and retrying, for calling generated functions directly."""
        return self._generated

    @property
    def base_url(self) -> str:
        return self._options.base_url

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._options.base_url!r}, credentials_from={self._source!r}, "
            f"response_format={self._response_format!r}, max_retries={self._options.retry.max_retries})"
        )


class NcloudBilling(_Ncp, SyncApi):
    """Synchronous NCP billing client. Use as a context manager, or call :meth:`close`.

    Credentials come from the arguments, then the environment, then ``~/.ncloud/configure`` (see
    :mod:`cloudcontracts.ncloud.credentials`). ``timeout`` is seconds or an ``httpx2.Timeout`` (default 5 s
    to connect, 60 s otherwise); ``deadline`` bounds a whole call, retries included (300 s). Connection
    errors, timeouts, 429 and 5xx are retried ``max_retries`` times (``retry_policy`` replaces the policy
    whole). A body over ``max_response_bytes`` (32 MiB) is refused with ``ResponseTooLargeError``; a walk
    longer than ``max_pages`` pages is refused; ``rate_limit`` (a :class:`~cloudcontracts.RateLimiter`,
    shareable between clients) paces every request. ``transport`` replaces httpx's network transport.
    """

    def __init__(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        site: str | None = None,
        base_url: str | None = None,
        profile: str | None = None,
        response_format: ResponseFormat = "json",
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
            access_key,
            secret_key,
            site=site,
            base_url=base_url,
            profile=profile,
            response_format=response_format,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=1,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        self._generated.set_httpx_client(PipelineClient(pipeline, auth=auth, transport=transport))

    def __enter__(self) -> NcloudBilling:
        return self

    def contract_usage_page(
        self,
        start_month: str | date,
        end_month: str | date,
        *,
        page_no: int = 1,
        member_nos: Sequence[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
        is_organization: bool = False,
        is_partner: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        **params: object,
    ) -> GetContractUsageListResponse:
        """One page of one ``getContractUsageList`` query (at most three months), as NCP returns it.

        ``params`` takes any other parameter the document declares (by the generated function's name).
        """
        query = _usage_params(
            member_nos, contract_no, contract_type_code, contract_status_code, region_code,
            is_organization, is_partner, page_size, params,
        )  # fmt: skip
        envelope = self.call(
            _USAGE,
            **self._usage_query(query),
            **_single_window(start_month, end_month),
            page_no=positive_int("page_no", page_no),
        )
        return _usage_page(envelope)

    def iter_contract_usage(
        self,
        start_month: str | date,
        end_month: str | date,
        *,
        member_nos: Sequence[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
        is_organization: bool = False,
        is_partner: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        **params: object,
    ) -> Iterator[Contract]:
        """Each contract's usage within each three-month window from ``start_month`` to ``end_month``.

        The unit is a contract *in one query window*: NCP answers at most three months per query, so a
        contract with usage in several windows is yielded once per window, each time with that window's
        usage records only. To count contracts, key them by ``contract_no``; for each usage record once,
        use :meth:`iter_usage_rows`. Validated now, before any request.
        """
        query = _usage_params(
            member_nos, contract_no, contract_type_code, contract_status_code, region_code,
            is_organization, is_partner, page_size, params,
        )  # fmt: skip
        return self.iter_items(
            _USAGE, **self._usage_query(query), start_month=start_month, end_month=end_month
        )

    def iter_usage_rows(
        self, start_month: str | date, end_month: str | date, **filters: object
    ) -> Iterator[Row]:
        """Every usage record from ``start_month`` to ``end_month`` once, as a flat row: the contract's and
        the product's fields beside one usage record (the columns of
        :data:`cloudcontracts.exports.ncp_rows.NCP_USAGE_COLUMNS`, as the CSV export writes them).
        ``filters`` are those of :meth:`iter_contract_usage`; validated now, before any request."""
        from cloudcontracts.exports.ncp_rows import ncp_usage_rows  # noqa: PLC0415 -- reads the document

        return ncp_usage_rows(self.iter_contract_usage(start_month, end_month, **filters))  # type: ignore[arg-type]

    def iter_contract_demand_costs(
        self, start_month: str | date, end_month: str | date, **params: object
    ) -> Iterator[ContractDemandCost]:
        """Every ``getContractDemandCostList`` row from ``start_month`` to ``end_month`` (split into
        three-month windows; every page checked against ``totalRows``). ``params``: any parameter the
        document declares, by the generated function's name (``member_no_list``, ``contract_no``, ...)."""
        params.setdefault("response_format_type", self._response_format)
        return self.iter_items(_COSTS, start_month=start_month, end_month=end_month, **params)

    def iter_demand_costs(
        self, start_month: str | date, end_month: str | date, **params: object
    ) -> Iterator[DemandCost]:
        """Every monthly invoice (``getDemandCostList``) from ``start_month`` to ``end_month``."""
        params.setdefault("response_format_type", self._response_format)
        return self.iter_items(_INVOICES, start_month=start_month, end_month=end_month, **params)


class AsyncNcloudBilling(_Ncp, AsyncApi):
    """Asynchronous NCP billing client: pages are fetched with up to ``concurrency`` requests on the
    network (the windows of a period together) and yielded in page order. Use with ``async with``, or
    call :meth:`aclose`. Options as for :class:`NcloudBilling`."""

    def __init__(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        site: str | None = None,
        base_url: str | None = None,
        profile: str | None = None,
        response_format: ResponseFormat = "json",
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
            access_key,
            secret_key,
            site=site,
            base_url=base_url,
            profile=profile,
            response_format=response_format,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            deadline=deadline,
            concurrency=concurrency,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            rate_limit=rate_limit,
        )
        self._generated.set_async_httpx_client(AsyncPipelineClient(pipeline, auth=auth, transport=transport))

    async def __aenter__(self) -> AsyncNcloudBilling:
        return self

    def contract_usage_page(
        self,
        start_month: str | date,
        end_month: str | date,
        *,
        page_no: int = 1,
        member_nos: Sequence[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
        is_organization: bool = False,
        is_partner: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        **params: object,
    ) -> Awaitable[GetContractUsageListResponse]:
        """As :meth:`NcloudBilling.contract_usage_page`; validated now, the request when awaited."""
        query = _usage_params(
            member_nos, contract_no, contract_type_code, contract_status_code, region_code,
            is_organization, is_partner, page_size, params,
        )  # fmt: skip
        query = self._usage_query(query)
        query.update(
            **_single_window(start_month, end_month),
            page_no=positive_int("page_no", page_no),
        )
        self._arguments(self._spec(_USAGE), query)  # validated now, before the coroutine is awaited
        return self._page(query)

    async def _page(self, query: dict[str, object]) -> GetContractUsageListResponse:
        return _usage_page(await self.call(_USAGE, **query))

    def iter_contract_usage(
        self,
        start_month: str | date,
        end_month: str | date,
        *,
        member_nos: Sequence[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
        is_organization: bool = False,
        is_partner: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        **params: object,
    ) -> AsyncIterator[Contract]:
        """As :meth:`NcloudBilling.iter_contract_usage`, with ``async for``."""
        query = _usage_params(
            member_nos, contract_no, contract_type_code, contract_status_code, region_code,
            is_organization, is_partner, page_size, params,
        )  # fmt: skip
        return self.iter_items(
            _USAGE, **self._usage_query(query), start_month=start_month, end_month=end_month
        )

    def iter_usage_rows(
        self, start_month: str | date, end_month: str | date, **filters: object
    ) -> AsyncIterator[Row]:
        """As :meth:`NcloudBilling.iter_usage_rows`, with ``async for``."""
        return _usage_rows(self.iter_contract_usage(start_month, end_month, **filters))  # type: ignore[arg-type]

    def iter_contract_demand_costs(
        self, start_month: str | date, end_month: str | date, **params: Any
    ) -> AsyncIterator[ContractDemandCost]:
        """Every ``getContractDemandCostList`` row from ``start_month`` to ``end_month`` (split into
        three-month windows), with ``async for``; as :meth:`NcloudBilling.iter_contract_demand_costs`."""
        params.setdefault("response_format_type", self._response_format)
        return self.iter_items(_COSTS, start_month=start_month, end_month=end_month, **params)

    def iter_demand_costs(
        self, start_month: str | date, end_month: str | date, **params: Any
    ) -> AsyncIterator[DemandCost]:
        """As :meth:`NcloudBilling.iter_demand_costs`, with ``async for``."""
        params.setdefault("response_format_type", self._response_format)
        return self.iter_items(_INVOICES, start_month=start_month, end_month=end_month, **params)


async def _usage_rows(contracts: AsyncIterator[Contract]) -> AsyncIterator[Row]:
    from cloudcontracts.exports.ncp_rows import ncp_usage_rows  # noqa: PLC0415 -- reads the document

    async with aclosing(contracts):  # type: ignore[type-var]
        async for contract in contracts:
            for row in ncp_usage_rows([contract]):
                yield row


def _usage_page(envelope: Any) -> GetContractUsageListResponse:
    page = getattr(envelope, "get_contract_usage_list_response", None)
    if type(page).__name__ != "GetContractUsageListResponse":
        raise ResponseDecodeError("NCP response has no getContractUsageListResponse")
    return cast("GetContractUsageListResponse", page)


def _single_window(start_month: str | date, end_month: str | date) -> dict[str, object]:
    """One page belongs to one query of at most three months: its months, as ``yyyyMM``."""
    windows = month_windows(start_month, end_month)
    if len(windows) != 1:
        first, last = windows[0][0], windows[-1][1]
        raise ValueError(
            f"{first}..{last} spans more than {MAX_MONTHS_PER_QUERY} months: one page belongs to one "
            "query of at most three months (iter_contract_usage splits longer ranges)"
        )
    return {"start_month": str(windows[0][0]), "end_month": str(windows[0][1])}
