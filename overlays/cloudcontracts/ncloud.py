"""``NcloudBilling`` and ``AsyncNcloudBilling``: NCP contract usage in one call, every page, XML or JSON.

Both wrap the *generated* ``ncloud_billing_client`` (its ``Client`` and ``get_contract_usage_list``),
configured with the overlay's pieces: :class:`~cloudcontracts.ncloud_signing.NcpSignatureV2Auth` as the
httpx ``auth`` (wire-form query, signature v2) and
:class:`~cloudcontracts.ncloud_responses.NcpDecodingTransport` as the transport (XML decoding, typed
errors for unreadable bodies). ``.generated_client`` hands that configured client to users who prefer
the generated functions: ``get_contract_usage_list.sync(client=billing.generated_client, ...)`` returns
typed models for XML responses too.

Every decision -- validating the query, splitting a range into three-month windows, the page plan from
``totalRows``, checking a page against it, mapping a response to a page or an error, and retrying -- is a
plain function or small class below, called by both the sync and the async shell.
"""

from __future__ import annotations

import functools
import math
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import httpx

from ncloud_billing_client import Client
from ncloud_billing_client.api.cost import get_contract_usage_list
from ncloud_billing_client.models import GetContractUsageListResponseEnvelope  # loaded by the operation
from ncloud_billing_client.types import UNSET, Response, Unset

if TYPE_CHECKING:  # the page models load with the first page (the models package imports on first use)
    from collections.abc import Awaitable  # noqa: F401 -- named in AsyncNcloudBilling's quoted base

    from ncloud_billing_client.models import Contract, GetContractUsageListResponse

from .concurrency import DEFAULT_CONCURRENCY, OrderedBounded, check_concurrency
from .errors import CloudContractsError, ResponseDecodeError, from_transport_error
from .frozen_value import FrozenValue
from .ncloud_credentials import NcpCredentials, resolve_ncp_credentials
from .ncloud_dates import MAX_MONTHS_PER_QUERY, YearMonth, month_windows
from .ncloud_responses import AsyncNcpDecodingTransport, NcpDecodingTransport
from .ncloud_signing import NcpSignatureV2Auth, wire_url
from .rate_limit import RateLimiter
from .retry import RetryPolicy
from .security import require_secure_url
from .specs import openapi_document
from .stateless import AsyncStatelessClient, StatelessClient
from .transport import DEFAULT_MAX_RESPONSE_BYTES, arelease_stream, check_max_response_bytes, release_stream

__all__ = [
    "DEFAULT_NCP_TIMEOUT",
    "AsyncNcloudBilling",
    "NcloudBilling",
    "UsageQuery",
    "indexed_list_parameters",
]

# A short connect timeout; a read timeout that suits a 1000-contract XML page from a slow gateway.
DEFAULT_NCP_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
MAX_PAGE_SIZE = 1000
ResponseFormat = Literal["json", "xml"]
_PATH = "/cost/getContractUsageList"
PageT = TypeVar("PageT")
IterT = TypeVar("IterT")


@functools.cache
def indexed_list_parameters() -> frozenset[str]:
    """Query parameters the NCP document marks ``x-ncp-list-style: indexed`` (sent as ``name.N``)."""
    names = set()
    for item in openapi_document("ncloud-billing")["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("x-ncp-list-style") == "indexed":
                    names.add(parameter["name"])
    return frozenset(names)


def _check_page_size(page_size: int) -> int:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}, not {page_size!r}")
    return page_size


def _optional_text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, not {value!r}")
    return value


class UsageQuery(FrozenValue):
    """A validated ``getContractUsageList`` query over any number of months (split into windows).

    Immutable and compared by value; a :class:`~cloudcontracts.frozen_value.FrozenValue` rather than a
    frozen dataclass, for import time. Built by :meth:`build`, which validates.
    """

    __slots__ = __match_args__ = (
        "windows",
        "member_nos",
        "contract_no",
        "contract_type_code",
        "contract_status_code",
        "region_code",
        "is_organization",
        "is_partner",
        "page_size",
        "response_format",
    )

    windows: tuple[tuple[YearMonth, YearMonth], ...]
    member_nos: tuple[str, ...] | None
    contract_no: str | None
    contract_type_code: str | None
    contract_status_code: str | None
    region_code: str | None
    is_organization: bool
    is_partner: bool
    page_size: int
    response_format: ResponseFormat

    def __init__(  # noqa: PLR0917 -- positional, as FrozenValue's copy and pickle rebuild it
        self,
        windows: tuple[tuple[YearMonth, YearMonth], ...],
        member_nos: tuple[str, ...] | None,
        contract_no: str | None,
        contract_type_code: str | None,
        contract_status_code: str | None,
        region_code: str | None,
        is_organization: bool,
        is_partner: bool,
        page_size: int,
        response_format: ResponseFormat,
    ) -> None:
        self._init_fields(
            windows,
            member_nos,
            contract_no,
            contract_type_code,
            contract_status_code,
            region_code,
            is_organization,
            is_partner,
            page_size,
            response_format,
        )

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"UsageQuery({fields})"

    @classmethod
    def build(
        cls,
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
        response_format: ResponseFormat = "json",
    ) -> UsageQuery:
        """Validate everything before any request: months, flags, page size, member numbers."""
        windows = tuple(month_windows(start_month, end_month))
        if not isinstance(is_organization, bool) or not isinstance(is_partner, bool):
            raise TypeError("is_organization and is_partner must be True or False")
        if is_organization and is_partner:
            raise ValueError("is_organization and is_partner cannot both be true (NCP rejects the query)")
        if response_format not in ("json", "xml"):
            raise ValueError(f"response_format must be 'json' or 'xml', not {response_format!r}")
        members: tuple[str, ...] | None = None
        if member_nos is not None:
            if isinstance(member_nos, str):
                raise TypeError("member_nos must be a sequence of member numbers, not a single string")
            members = tuple(_optional_text("a member number", m) or "" for m in member_nos)
            if not members:
                raise ValueError("member_nos is empty: pass None to query every member")
        return cls(
            windows=windows,
            member_nos=members,
            contract_no=_optional_text("contract_no", contract_no),
            contract_type_code=_optional_text("contract_type_code", contract_type_code),
            contract_status_code=_optional_text("contract_status_code", contract_status_code),
            region_code=_optional_text("region_code", region_code),
            is_organization=is_organization,
            is_partner=is_partner,
            page_size=_check_page_size(page_size),
            response_format=response_format,
        )

    def single_window(self) -> tuple[YearMonth, YearMonth]:
        if len(self.windows) != 1:
            first, last = self.windows[0][0], self.windows[-1][1]
            raise ValueError(
                f"{first}..{last} spans more than {MAX_MONTHS_PER_QUERY} months: one page belongs to one "
                "query of at most three months (iter_contract_usage splits longer ranges)"
            )
        return self.windows[0]

    def request_kwargs(self, window: tuple[YearMonth, YearMonth], page_no: int) -> dict[str, Any]:
        """Arguments for the generated ``get_contract_usage_list`` (unset ones are not sent)."""
        return {
            "start_month": str(window[0]),
            "end_month": str(window[1]),
            "page_no": page_no,
            "page_size": self.page_size,
            "member_no_list": list(self.member_nos) if self.member_nos else UNSET,
            "contract_no": self.contract_no or UNSET,
            "contract_type_code": self.contract_type_code or UNSET,
            "contract_status_code": self.contract_status_code or UNSET,
            "region_code": self.region_code or UNSET,
            "is_organization": True if self.is_organization else UNSET,
            "is_partner": True if self.is_partner else UNSET,
            "response_format_type": self.response_format,
        }


def _contracts_of(page: GetContractUsageListResponse) -> list[Contract]:
    return [] if isinstance(page.contract_list, Unset) else page.contract_list


class _PagePlan(FrozenValue):
    """What ``totalRows`` on the first page promises: how many pages, and how many rows on each."""

    __slots__ = __match_args__ = ("total_rows", "page_size")

    total_rows: int
    page_size: int

    def __init__(self, total_rows: int, page_size: int) -> None:
        self._init_fields(total_rows, page_size)

    def __repr__(self) -> str:
        return f"_PagePlan(total_rows={self.total_rows!r}, page_size={self.page_size!r})"

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total_rows / self.page_size))

    def remaining(self) -> range:
        return range(2, self.page_count + 1)

    def expected_rows(self, page_no: int) -> int:
        return max(0, min(self.page_size, self.total_rows - (page_no - 1) * self.page_size))

    def check(self, page: GetContractUsageListResponse, page_no: int) -> list[Contract]:
        """The page's contracts, or an error if they contradict ``totalRows`` (never a short result)."""
        contracts = _contracts_of(page)
        total = page.total_rows
        if not isinstance(total, int) or isinstance(total, bool):
            if page_no == 1 and len(contracts) < self.page_size:
                return contracts  # a lone short page is complete whatever its total says
            raise ResponseDecodeError("NCP page has no totalRows: cannot tell whether the result is complete")
        if total != self.total_rows:
            raise ResponseDecodeError(
                f"totalRows changed from {self.total_rows} to {total} on page {page_no}: "
                "the data changed during the pull; run it again"
            )
        expected = self.expected_rows(page_no)
        if len(contracts) != expected:
            raise ResponseDecodeError(
                f"page {page_no} holds {len(contracts)} contracts but totalRows={total} with "
                f"pageSize={self.page_size} means {expected}: refusing to return partial data"
            )
        return contracts

    @classmethod
    def from_first(cls, page: GetContractUsageListResponse, page_size: int) -> _PagePlan:
        total = page.total_rows
        if isinstance(total, int) and not isinstance(total, bool) and total >= 0:
            return cls(total_rows=total, page_size=page_size)
        contracts = _contracts_of(page)
        return cls(total_rows=len(contracts), page_size=page_size)


def _page_from(response: Response[Any]) -> GetContractUsageListResponse:
    """The page of a generated response. Errors were raised by the decoding transport already."""
    envelope = response.parsed
    if not isinstance(envelope, GetContractUsageListResponseEnvelope):
        raise ResponseDecodeError(
            "NCP response could not be read as a page", status_code=int(response.status_code)
        )
    return envelope.get_contract_usage_list_response


def _translated(exc: Exception, url: str) -> CloudContractsError | None:
    """The typed error for what escaped one generated call (sync or async), or ``None`` to re-raise it.

    Callers raise the result *outside* their ``except`` block, so that it carries no ``__context__``
    pointing at the httpx exception, whose request holds the access key and signature headers.
    """
    if isinstance(exc, CloudContractsError):  # typed already (by the transport); ConfigurationError too
        return None
    if isinstance(exc, httpx.TransportError):
        return from_transport_error(exc, method="GET", url=url)
    if isinstance(exc, (KeyError, TypeError, AttributeError, ValueError)):
        # The generated from_dict met the right envelope with a wrong inner shape.
        return ResponseDecodeError(
            f"NCP response has an unexpected shape ({type(exc).__name__})", method="GET", url=url
        )
    return None


def _wire_url_for(client: httpx.Client | httpx.AsyncClient, url: object, params: object) -> httpx.URL | None:
    """The ready-made URL for a request of ``client`` (see :func:`~cloudcontracts.ncloud_signing.wire_url`),
    or ``None`` to let httpx build it: when the client has query params of its own to merge, or an auth
    other than the NCP signer (then nobody rewrites the query to NCP's wire form)."""
    auth = client.auth
    if client.params or not isinstance(auth, NcpSignatureV2Auth):
        return None
    return wire_url(client.base_url, url, params, indexed_list_params=auth.indexed_list_params)


def _build_request(
    client: httpx.Client | httpx.AsyncClient,
    build: Callable[..., httpx.Request],
    method: str,
    url: httpx.URL | str,
    *,
    params: Any,
    kwargs: dict[str, Any],
) -> httpx.Request:
    """httpx's ``build_request`` (``build``), given the ready-made wire URL when there is one."""
    wire = _wire_url_for(client, url, params)
    if wire is None:
        return build(method, url, params=params, **kwargs)
    return build(method, wire, **kwargs)


class _NcpHttpxClient(StatelessClient):
    """``httpx.Client`` that builds a request's URL, NCP wire query included, without parsing it (see
    ``wire_url``), and keeps no response cookies (see :mod:`~cloudcontracts.stateless`)."""

    def build_request(
        self, method: str, url: httpx.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx.Request:
        return _build_request(self, super().build_request, method, url, params=params, kwargs=kwargs)


class _AsyncNcpHttpxClient(AsyncStatelessClient):
    """The async shell of :class:`_NcpHttpxClient` (httpx's build_request is the same for both)."""

    def build_request(
        self, method: str, url: httpx.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx.Request:
        return _build_request(self, super().build_request, method, url, params=params, kwargs=kwargs)


class _NcloudBase(Generic[PageT, IterT]):
    """Everything shared by both shells: configuration (credentials, URL checks, auth, retry policy) and
    the public methods, which validate and then hand a :class:`UsageQuery` to the shell's ``_fetch`` or
    ``_iterate`` -- the only places where sync and async differ."""

    def __init__(
        self,
        access_key: str | None,
        secret_key: str | None,
        *,
        site: str | None,
        base_url: str | None,
        profile: str | None,
        response_format: ResponseFormat,
        timeout: float | httpx.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        concurrency: int,
        max_response_bytes: int,
        rate_limit: RateLimiter | None,
    ) -> None:
        credentials: NcpCredentials = resolve_ncp_credentials(
            access_key, secret_key, site=site, base_url=base_url, profile=profile
        )
        self._base_url = require_secure_url(credentials.base_url, what="NCP credentials")
        self._auth = NcpSignatureV2Auth(
            credentials.access_key, credentials.secret_key, indexed_list_params=indexed_list_parameters()
        )
        self._source = credentials.source
        if response_format not in ("json", "xml"):
            raise ValueError(f"response_format must be 'json' or 'xml', not {response_format!r}")
        self._response_format: ResponseFormat = response_format
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        # A given policy is used whole (its own max_retries), as in the Hyperstack client.
        self._retry = retry_policy if retry_policy is not None else RetryPolicy(max_retries=max_retries)
        self._concurrency = check_concurrency(concurrency)
        self._max_response_bytes = check_max_response_bytes(max_response_bytes)
        self._rate_limit = rate_limit
        self._url = self._base_url + _PATH
        # The generated client; each shell installs its own httpx client (sync or async) into it.
        self._client = Client(
            base_url=self._base_url, timeout=self._timeout, raise_on_unexpected_status=False
        )

    def _transport_options(self) -> dict[str, Any]:
        return {"max_response_bytes": self._max_response_bytes, "rate_limiter": self._rate_limit}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, credentials_from={self._source!r}, "
            f"response_format={self._response_format!r}, max_retries={self._retry.max_retries})"
        )

    @property
    def generated_client(self) -> Client:
        """The generated client, signed and XML-aware, for calling generated functions directly."""
        return self._client

    def _fetch(self, query: UsageQuery, window: tuple[YearMonth, YearMonth], page_no: int) -> PageT:
        raise NotImplementedError

    def _iterate(self, query: UsageQuery) -> IterT:
        raise NotImplementedError

    def contract_usage_page(
        self, start_month: str | date, end_month: str | date, *, page_no: int = 1, **options: Any
    ) -> PageT:
        """One page of one query (at most three months); ``options`` as for :meth:`iter_contract_usage`.

        Validated before any request; the async client returns an awaitable.
        """
        if isinstance(page_no, bool) or not isinstance(page_no, int) or page_no < 1:
            raise ValueError(f"page_no must be a whole number >= 1, not {page_no!r}")
        query = self._query(start_month, end_month, **options)
        return self._fetch(query, query.single_window(), page_no)

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
    ) -> IterT:
        """Every contract of every page of every three-month window from ``start_month`` to ``end_month``.

        Validated now, before any request. Sync: an iterator; async: an async iterator whose pages after
        the first are fetched ``concurrency`` at a time and yielded in page order.
        """
        query = self._query(
            start_month,
            end_month,
            member_nos=member_nos,
            contract_no=contract_no,
            contract_type_code=contract_type_code,
            contract_status_code=contract_status_code,
            region_code=region_code,
            is_organization=is_organization,
            is_partner=is_partner,
            page_size=page_size,
        )
        return self._iterate(query)

    def _query(self, start_month: str | date, end_month: str | date, **options: Any) -> UsageQuery:
        options.setdefault("response_format", self._response_format)
        return UsageQuery.build(start_month, end_month, **options)


# The type arguments are strings: evaluated, they would import the page models with this module.
class NcloudBilling(_NcloudBase["GetContractUsageListResponse", "Iterator[Contract]"]):
    """Synchronous NCP billing client. Use as a context manager, or call :meth:`close`.

    Credentials come from the arguments, then the environment, then ``~/.ncloud/configure`` (see
    :mod:`cloudcontracts.ncloud_credentials`). ``timeout`` is seconds or an ``httpx.Timeout`` (default 5 s
    to connect, 60 s otherwise). Connection errors, timeouts, 429 and 5xx are retried ``max_retries``
    times (``retry_policy`` replaces the policy whole). A body over ``max_response_bytes`` (32 MiB) is
    refused with ``ResponseTooLargeError``; ``rate_limit`` (a :class:`~cloudcontracts.RateLimiter`,
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
        timeout: float | httpx.Timeout = DEFAULT_NCP_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            access_key,
            secret_key,
            site=site,
            base_url=base_url,
            profile=profile,
            response_format=response_format,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            concurrency=1,
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
        )
        self._client.set_httpx_client(
            _NcpHttpxClient(
                base_url=self._base_url,
                timeout=self._timeout,
                auth=self._auth,
                transport=NcpDecodingTransport(transport, **self._transport_options()),
                event_hooks={"response": [release_stream]},
            )
        )

    def __enter__(self) -> NcloudBilling:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def _fetch(
        self, query: UsageQuery, window: tuple[YearMonth, YearMonth], page_no: int
    ) -> GetContractUsageListResponse:
        kwargs = query.request_kwargs(window, page_no)

        def attempt() -> GetContractUsageListResponse:
            try:
                return _page_from(get_contract_usage_list.sync_detailed(client=self._client, **kwargs))
            except Exception as exc:
                error = _translated(exc, self._url)
                if error is None:
                    raise
            raise error

        return self._retry.call(attempt)

    def _iterate(self, query: UsageQuery) -> Iterator[Contract]:
        for window in query.windows:
            first = self._fetch(query, window, 1)
            plan = _PagePlan.from_first(first, query.page_size)
            yield from plan.check(first, 1)
            del first  # not kept while the other pages are fetched
            for page_no in plan.remaining():
                yield from plan.check(self._fetch(query, window, page_no), page_no)


class AsyncNcloudBilling(_NcloudBase["Awaitable[GetContractUsageListResponse]", "AsyncIterator[Contract]"]):
    """Asynchronous NCP billing client: pages after the first are fetched ``concurrency`` at a time and
    yielded in page order. Use with ``async with``, or call :meth:`aclose`."""

    def __init__(
        self,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        site: str | None = None,
        base_url: str | None = None,
        profile: str | None = None,
        response_format: ResponseFormat = "json",
        timeout: float | httpx.Timeout = DEFAULT_NCP_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limit: RateLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            access_key,
            secret_key,
            site=site,
            base_url=base_url,
            profile=profile,
            response_format=response_format,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            concurrency=concurrency,
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
        )
        self._client.set_async_httpx_client(
            _AsyncNcpHttpxClient(
                base_url=self._base_url,
                timeout=self._timeout,
                auth=self._auth,
                transport=AsyncNcpDecodingTransport(transport, **self._transport_options()),
                limits=httpx.Limits(max_connections=max(concurrency, 1)),
                event_hooks={"response": [arelease_stream]},
            )
        )

    async def __aenter__(self) -> AsyncNcloudBilling:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def _fetch(
        self, query: UsageQuery, window: tuple[YearMonth, YearMonth], page_no: int
    ) -> GetContractUsageListResponse:
        kwargs = query.request_kwargs(window, page_no)

        async def attempt() -> GetContractUsageListResponse:
            try:
                return _page_from(
                    await get_contract_usage_list.asyncio_detailed(client=self._client, **kwargs)
                )
            except Exception as exc:
                error = _translated(exc, self._url)
                if error is None:
                    raise
            raise error

        return await self._retry.acall(attempt)

    async def _iterate(self, query: UsageQuery) -> AsyncIterator[Contract]:
        for window in query.windows:
            first = await self._fetch(query, window, 1)
            plan = _PagePlan.from_first(first, query.page_size)
            contracts = plan.check(first, 1)
            del first  # not kept while the other pages are fetched
            factories = [functools.partial(self._fetch, query, window, n) for n in plan.remaining()]
            # The next pages are requested before the first is handed out, so that whatever the
            # consumer does with each contract overlaps with the fetching.
            pages = OrderedBounded(factories, limit=self._concurrency)
            try:
                for contract in contracts:
                    yield contract
                del contracts
                page_no = 1
                async for page in pages:
                    page_no += 1
                    for contract in plan.check(page, page_no):
                        yield contract
            finally:
                await pages.aclose()
