"""What every overlay client does with any operation of its document: call it, page it, close.

:class:`SyncApi` and :class:`AsyncApi` are the bases of both providers' clients. Given an
``operationId`` and keyword parameters (the generated function's names), they check the parameters
against the document (:mod:`cloudcontracts.core.params`), call the generated function through the
client's one request pipeline (:mod:`cloudcontracts.core.http`: signing, retries, deadline, typed errors)
and return the documented success body. For list operations :meth:`SyncApi.iter_pages` and
:meth:`SyncApi.iter_items` walk every page (:mod:`cloudcontracts.core.paging`), splitting NCP's periods
into three-month windows where the operation declares months. A provider subclass supplies only its
document, its set-up and, optionally, rules of its own for parameters (``_check_rules``).

So an operation added to a document is callable and pageable through any client with no code change::

    billing.call("getContractUsageList", start_month="202401", end_month="202403")
    for contract in billing.iter_items("getContractUsageList", start_month="202401", end_month="202412"):
        ...
"""

from __future__ import annotations

import importlib
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Hashable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import aclosing
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from cloudcontracts.core.decoding import gc_paused
from cloudcontracts.core.months import month_windows
from cloudcontracts.core.operations import OperationSpec, Paging, operation
from cloudcontracts.core.options import ClientOptions
from cloudcontracts.core.paging import (
    Page,
    Plan,
    TotalRowsPlan,
    Walk,
    awalk_windows,
    numbered_pages_plan,
    walk,
)
from cloudcontracts.core.params import check_params
from cloudcontracts.core.validation import positive_int
from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.specs import DocumentName

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["AsyncApi", "SyncApi"]


def _attribute_path(body: object, path: Sequence[str]) -> object:
    for name in path:
        body = getattr(body, name, None)
    return body


def read_items(paging: Paging) -> Callable[[object], tuple[Sequence[Any], int | None]]:
    """How to read a page body's items and total along the paths the document gives."""

    def read(body: object) -> tuple[Sequence[Any], int | None]:
        items = _attribute_path(body, paging.items_path)
        total = _attribute_path(body, paging.total_path) if paging.total_path else None
        return (
            items if isinstance(items, list) else [],
            total if isinstance(total, int) and not isinstance(total, bool) else None,
        )

    return read


def _key(paging: Paging) -> Callable[[Any], Hashable | None] | None:
    path = paging.item_key
    if path is None:
        return None

    def key(item: Any) -> Hashable | None:
        value = item
        for name in path:
            value = getattr(value, name, None)
        return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None

    return key


def _request_and_build(spec: OperationSpec) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The two halves of a generated ``sync_detailed``/``asyncio_detailed``: the request's arguments
    (``_get_kwargs``) and the typed response built from the answer (``_build_response``), so that a
    pager can pause the garbage collector around the building alone, not around the request. Both are
    part of every endpoint module the project's templates generate (``openapi/templates/``)."""
    module = importlib.import_module(spec.module_name)
    return module._get_kwargs, module._build_response


class _Api:
    """State and decisions shared by the two shells; no I/O here."""

    _document: ClassVar[DocumentName]
    _options: ClientOptions

    def _spec(self, operation_id: str) -> OperationSpec:
        return operation(self._document, operation_id)

    def _check_rules(self, spec: OperationSpec, params: Mapping[str, object]) -> None:
        """A provider's own rules for parameters (NCP: not both is_organization and is_partner)."""

    def _arguments(
        self, spec: OperationSpec, params: Mapping[str, object], *, supplied: Sequence[str] = ()
    ) -> dict[str, object]:
        checked = check_params(spec, params, supplied=supplied)
        self._check_rules(spec, checked)
        return checked

    def _decode_error(
        self, spec: OperationSpec, arguments: Mapping[str, object], message: str, status: int | None = None
    ) -> ResponseDecodeError:
        """A decode error naming the call (method and URL without the query)."""
        path = spec.path
        for parameter in spec.parameters:
            if parameter.location == "path":
                path = path.replace("{" + parameter.name + "}", str(arguments.get(parameter.keyword, "")))
        return ResponseDecodeError(
            f"{spec.operation_id}: {message}",
            status_code=status,
            method=spec.method,
            url=self._options.base_url + path,
        )

    def _success(self, spec: OperationSpec, arguments: Mapping[str, object], response: Any) -> Any:
        parsed = response.parsed
        if parsed is None:
            status = int(response.status_code)
            raise self._decode_error(spec, arguments, f"HTTP {status} is not a documented success", status)
        return parsed

    def _part(
        self, spec: OperationSpec, arguments: Mapping[str, object], body: Any, field: str, kind: str
    ) -> Any:
        """``body.<field>``, which must be a ``kind`` model (a single object the wrappers return)."""
        value = getattr(body, field, None)
        if type(value).__name__ != kind:
            raise self._decode_error(spec, arguments, f"{type(body).__name__} has no {field!r} field", 200)
        return value

    def _walk_plan(self, spec: OperationSpec, page_size: int) -> Plan[Any]:
        paging = spec.paging
        if paging is None:  # not reached: _walks refused the operation
            raise ValueError(f"{spec.operation_id} is not a list operation")
        if paging.style == "ncp":
            return TotalRowsPlan(page_size, key=_key(paging), max_pages=self._options.max_pages)
        return numbered_pages_plan(page_size, key=_key(paging), max_pages=self._options.max_pages)

    def _walks(
        self, operation_id: str, params: Mapping[str, object]
    ) -> tuple[OperationSpec, Paging, int, list[tuple[dict[str, object], tuple[str, str] | None]]]:
        """Validate a walk: the spec, its paging, the page size, and the queries (one per window)."""
        spec = self._spec(operation_id)
        paging = spec.paging
        if paging is None:
            raise ValueError(f"{operation_id} is not a list operation the pager knows how to walk")
        given = dict(params)
        if given.get(paging.page_param) is not None:
            raise ValueError(f"{operation_id}: {paging.page_param} is set by the pager; leave it out")
        given.pop(paging.page_param, None)
        size = given.get(paging.size_param)
        if size is None:
            size = paging.max_size or 100
            given[paging.size_param] = size
        windows: list[tuple[str, str] | None] = [None]
        if paging.months:
            start, end = given.pop("start_month", None), given.pop("end_month", None)
            if start is None or end is None:
                raise ValueError(f"{operation_id}: start_month and end_month are required")
            if not isinstance(start, (str, date)) or not isinstance(end, (str, date)):
                raise ValueError(f"{operation_id}: start_month and end_month must be yyyyMM strings or dates")
            windows = [(str(a), str(b)) for a, b in month_windows(start, end)]
        queries: list[tuple[dict[str, object], tuple[str, str] | None]] = []
        for window in windows:
            query = dict(given)
            if window is not None:
                query["start_month"], query["end_month"] = window
            queries.append((self._arguments(spec, query, supplied=(paging.page_param,)), window))
        if not isinstance(size, int):  # not reached: check_params checked it against the document
            raise ValueError(f"{operation_id}: {paging.size_param} must be a whole number")
        return spec, paging, size, queries

    def __repr__(self) -> str:
        options = self._options
        return (
            f"{type(self).__name__}(base_url={options.base_url!r}, timeout={options.timeout!r}, "
            f"max_retries={options.retry.max_retries!r})"
        )


class SyncApi(_Api):
    """The sync shell: :meth:`call`, :meth:`iter_pages`, :meth:`iter_items`, :meth:`close`."""

    _generated: Any

    def call(self, operation_id: str, /, **params: object) -> Any:
        """The documented success body of one call of ``operation_id`` (a generated model)."""
        spec = self._spec(operation_id)
        arguments = self._arguments(spec, params)
        return self._success(
            spec, arguments, spec.function("sync_detailed")(client=self._generated, **arguments)
        )

    def call_for(self, operation_id: str, field: str, kind: str, /, **params: object) -> Any:
        """The ``field`` of one call's success body, which must be a ``kind`` model."""
        spec = self._spec(operation_id)
        arguments = self._arguments(spec, params)
        body = self._success(
            spec, arguments, spec.function("sync_detailed")(client=self._generated, **arguments)
        )
        return self._part(spec, arguments, body, field, kind)

    def iter_pages(self, operation_id: str, /, **params: object) -> Iterator[Page[Any, Any]]:
        """Every page of a list operation, in order, each proved new (validated before any request)."""
        spec, paging, size, queries = self._walks(operation_id, params)
        return self._pages(spec, paging, size, queries)

    def iter_items(self, operation_id: str, /, **params: object) -> Iterator[Any]:
        """Every item of every page of a list operation, in order (validated before any request)."""
        pages = self.iter_pages(operation_id, **params)
        return (item for page in pages for item in page.items)

    def _pages(
        self,
        spec: OperationSpec,
        paging: Paging,
        size: int,
        queries: list[tuple[dict[str, object], tuple[str, str] | None]],
    ) -> Iterator[Page[Any, Any]]:
        request, build = _request_and_build(spec)
        read = read_items(paging)
        for query, window in queries:

            def fetch(number: int, query: dict[str, object] = query) -> Any:
                response = self._generated.get_httpx_client().request(
                    **request(**query, **{paging.page_param: number})
                )
                with gc_paused():  # building the page's models: no I/O here
                    built = build(client=self._generated, response=response)
                return self._success(spec, query, built)

            yield from walk(self._walk_plan(spec, size), fetch, read, window=window)

    def close(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        self._generated.get_httpx_client().close()

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncApi(_Api):
    """The async shell: :meth:`call`, :meth:`iter_pages`, :meth:`iter_items`, :meth:`aclose`."""

    _generated: Any

    async def call(self, operation_id: str, /, **params: object) -> Any:
        """The documented success body of one call of ``operation_id`` (a generated model)."""
        spec = self._spec(operation_id)
        arguments = self._arguments(spec, params)
        response = await spec.function("asyncio_detailed")(client=self._generated, **arguments)
        return self._success(spec, arguments, response)

    async def call_for(self, operation_id: str, field: str, kind: str, /, **params: object) -> Any:
        """The ``field`` of one call's success body, which must be a ``kind`` model."""
        spec = self._spec(operation_id)
        arguments = self._arguments(spec, params)
        response = await spec.function("asyncio_detailed")(client=self._generated, **arguments)
        return self._part(spec, arguments, self._success(spec, arguments, response), field, kind)

    def iter_pages(
        self, operation_id: str, /, *, concurrency: int | None = None, **params: object
    ) -> AsyncGenerator[Page[Any, Any], None]:
        """Every page of a list operation, in order, up to ``concurrency`` requests on the network (the
        client's own by default) once the walk knows which pages exist; answered pages wait apart, at
        most ``2 * concurrency`` pages held in all. An NCP period's three-month windows are fetched
        together (:func:`~cloudcontracts.core.paging.awalk_windows`)."""
        limit = self._options.concurrency if concurrency is None else positive_int("concurrency", concurrency)
        spec, paging, size, queries = self._walks(operation_id, params)
        return self._pages(spec, paging, size, queries, limit)

    def iter_items(
        self, operation_id: str, /, *, concurrency: int | None = None, **params: object
    ) -> AsyncIterator[Any]:
        """Every item of every page of a list operation, in order (validated before any request)."""
        return self._items(self.iter_pages(operation_id, concurrency=concurrency, **params))

    @staticmethod
    async def _items(pages: AsyncGenerator[Page[Any, Any], None]) -> AsyncGenerator[Any, None]:
        async with aclosing(pages):  # closed with this iterator: no page request outlives it
            async for page in pages:
                for item in page.items:
                    yield item

    async def _pages(
        self,
        spec: OperationSpec,
        paging: Paging,
        size: int,
        queries: list[tuple[dict[str, object], tuple[str, str] | None]],
        concurrency: int,
    ) -> AsyncGenerator[Page[Any, Any], None]:
        request, build = _request_and_build(spec)

        def walk(query: dict[str, object], window: tuple[str, str] | None) -> Walk[Any, Any]:
            async def fetch(number: int) -> Any:
                return await self._generated.get_async_httpx_client().request(
                    **request(**query, **{paging.page_param: number})
                )

            def built(response: Any) -> Any:
                # The walk builds a page when it takes it up, after sending the requests the pages
                # before it made possible: the models of one page are built while the next are fetched.
                with gc_paused():  # building the page's models: no await inside, the loop is not left
                    body = build(client=self._generated, response=response)
                return self._success(spec, query, body)

            return Walk(self._walk_plan(spec, size), fetch, window, built)

        # Every window at once: each window's first page is requested up front (as far as concurrency
        # allows), so a 12-month NCP pull waits for one lone first page, not four in a row.
        walks = [walk(query, window) for query, window in queries]
        pages = awalk_windows(walks, read_items(paging), concurrency=concurrency)
        async with aclosing(pages):  # closed with this iterator: no page request outlives it
            async for page in pages:
                yield page

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        await self._generated.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
