"""Every HTTP exchange of an overlay-built client passes here: rate limit, body-size cap, DEBUG log line.

Both providers' clients, sync and async, wrap their httpx transport in :class:`GuardedTransport` /
:class:`AsyncGuardedTransport`. The rules below therefore hold for the wrappers and for generated
functions called through ``generated_client`` alike, and for every attempt of a retried request:

1. an optional client-side :class:`~cloudcontracts.rate_limit.RateLimiter` gives the request its slot;
2. the body is read here, capped at ``max_response_bytes`` of *decoded* bytes (a gzip bomb stops at the
   cap too). A ``Content-Length`` over the cap is refused before reading anything. Either way the result
   is :class:`~cloudcontracts.errors.ResponseTooLargeError`, never a half-read page, and memory stays
   bounded by the cap;
3. one DEBUG line per exchange on ``logging.getLogger("cloudcontracts")``: method, URL, status (or the
   failure's class), elapsed time and body size. Headers are never logged (they carry the keys and the
   signatures); in the URL's query only the values of :data:`LOGGED_QUERY_PARAMS` are shown, others
   (member numbers, contract numbers) as ``***``. The retry decision that follows a failure is logged
   by :mod:`cloudcontracts.retry`;
4. the provider's ``finish`` turns the response with its body into what httpx hands to the generated
   code: NCP decodes it once (or raises its typed error, :mod:`cloudcontracts.ncloud_responses`);
   Hyperstack keeps it as is (:func:`keep_body`).

Why a transport rather than httpx event hooks: a response hook runs before the body is read and never
sees a connection that failed, so it can neither cap the body nor time the whole exchange.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Final, TypeVar
from urllib.parse import parse_qsl, urlencode

import httpx

from .errors import ResponseTooLargeError
from .rate_limit import RateLimiter

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "LOGGED_QUERY_PARAMS",
    "AsyncGuardedTransport",
    "Finish",
    "GuardedTransport",
    "arelease_stream",
    "check_max_response_bytes",
    "keep_body",
    "loggable_url",
    "rebuilt_response",
    "release_stream",
]

logger = logging.getLogger("cloudcontracts")

R = TypeVar("R", bound=httpx.Response)

DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
"""32 MiB: four times a 1000-contract NCP page in XML with 2 products x 3 usages each (8.4 MB), the
largest body these endpoints are known to give. Raise it (or ask for JSON, 3x smaller) for bigger pages."""

LOGGED_QUERY_PARAMS: Final = frozenset(
    {
        # NCP getContractUsageList
        "startMonth",
        "endMonth",
        "pageNo",
        "pageSize",
        "responseFormatType",
        "isOrganization",
        "isPartner",
        "contractTypeCode",
        "contractStatusCode",
        "regionCode",
        # Hyperstack
        "page",
        "per_page",
        "start_date",
        "end_date",
    }
)

# Headers that described the body as it came off the wire; a rebuilt response carries decoded bytes.
_WIRE_HEADERS: Final = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})

Finish = Callable[[httpx.Response, httpx.Request, bytes], httpx.Response]
"""``finish(response, request, body)``: what the client receives, built from a response read in full."""


def check_max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"max_response_bytes must be a whole number >= 1, not {value!r}")
    return value


def loggable_url(url: httpx.URL) -> str:
    """``url`` with the values of query parameters outside :data:`LOGGED_QUERY_PARAMS` masked."""
    if not url.query:
        return str(url)
    pairs = [
        (name, value if name in LOGGED_QUERY_PARAMS else "***")
        for name, value in parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    ]
    return str(url.copy_with(query=urlencode(pairs, safe="*").encode("ascii")))


def keep_body(response: httpx.Response, request: httpx.Request, body: bytes) -> httpx.Response:
    """The response as the client should see it: same status, headers and extensions, body in memory."""
    return rebuilt_response(httpx.Response, response, request, body)


def rebuilt_response(cls: type[R], response: httpx.Response, request: httpx.Request, body: bytes) -> R:
    """A ``cls`` carrying ``body`` (already decoded), without the headers that described the wire form.

    It is what ``cls(status, headers=..., content=body)`` gives -- same headers, ``Content-Length``
    included, and the body readable at once -- without that constructor's second pass over the body
    through httpx's streaming machinery (about 20 us per response): the body is installed as the read
    content directly. Unlike a response built with ``content=``, it is not marked closed; nothing is
    open behind it (the transport read and closed the wire response).
    """
    headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _WIRE_HEADERS]
    if body:  # as httpx.Response(content=body) does: no Content-Length for an empty body
        headers.append((b"Content-Length", str(len(body)).encode("ascii")))
    rebuilt = cls(
        response.status_code,
        headers=headers,
        stream=httpx.ByteStream(body),
        request=request,
        extensions=response.extensions,
    )
    rebuilt._content = body  # what Response.read() stores; .content, .read() and iter_bytes() use it
    return rebuilt


def release_stream(response: httpx.Response) -> None:
    """A response event hook every overlay-built client installs: drop the reference cycle httpx makes
    around each response, so that the response -- and its body, which can be megabytes -- is freed as
    soon as nobody uses it, not at some later full run of the garbage collector.

    httpx's client replaces ``response.stream`` with a wrapper that refers back to the response (to time
    it on close). That cycle keeps every page alive until a full collection, and a page outlives the
    younger generations' collections while it is being decoded, so such pages pile up: iterating 100
    pages needed 1.8 times the memory of iterating 10 (``benchmarks/bench_memory.py``). A response from
    :class:`GuardedTransport` holds its whole body already, so the stream can be a plain one over it:
    reading it gives the same bytes.
    """
    try:
        body = response.content
    except httpx.ResponseNotRead:  # not from a guarded transport: leave it as httpx made it
        return
    response.stream = httpx.ByteStream(body)


async def arelease_stream(response: httpx.Response) -> None:
    """The async clients' :func:`release_stream` (httpx awaits an async client's hooks)."""
    release_stream(response)


def _too_large(request: httpx.Request, limit: int, seen: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"response body {seen} exceeds max_response_bytes={limit}; reading stopped "
        "(raise max_response_bytes, use a smaller page size, or ask NCP for JSON)",
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )


def _check_declared_length(response: httpx.Response, request: httpx.Request, limit: int) -> None:
    declared = response.headers.get("content-length", "")
    # Compressed bodies can only grow when decoded, so a declared length over the cap is final.
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(request, limit, f"of {declared} bytes (Content-Length)")


class _Capped:
    """Accumulates decoded chunks up to the cap: the one rule both shells' read loops apply."""

    __slots__ = ("chunks", "limit", "request", "size")

    def __init__(self, request: httpx.Request, limit: int) -> None:
        self.request = request
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.chunks.clear()
            raise _too_large(self.request, self.limit, f"of more than {self.limit} bytes")
        self.chunks.append(chunk)

    def body(self) -> bytes:
        return b"".join(self.chunks)


def _needs_decoding_reader(response: httpx.Response) -> bool:
    """Whether the body must be read through httpx's decoding reader: it is sent compressed (gzip,
    deflate, ...), or it was read already (an inner transport that built it with ``content=``; only
    that reader replays it). Otherwise the raw reader gives the very same bytes without the identity
    decoder and the re-chunking (about 7 us per response)."""
    return response.is_stream_consumed or "content-encoding" in response.headers


def _log_response(request: httpx.Request, status: int, started: float, size: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %d in %.1f ms (%d bytes)",
            request.method,
            loggable_url(request.url),
            status,
            elapsed_ms,
            size,
        )


def _log_failure(request: httpx.Request, error: BaseException, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed_ms = (time.perf_counter() - started) * 1000
        # The class only: an httpx error's text can quote the URL with its full query.
        logger.debug(
            "%s %s -> %s after %.1f ms",
            request.method,
            loggable_url(request.url),
            type(error).__name__,
            elapsed_ms,
        )


class _Guard:
    """The options and the per-exchange steps both guarded transports share; the shells only do I/O."""

    def __init__(self, *, finish: Finish, max_response_bytes: int, rate_limiter: RateLimiter | None) -> None:
        self._finish = finish
        self._limit = check_max_response_bytes(max_response_bytes)
        self._rate_limiter = rate_limiter

    def _reader(self, request: httpx.Request, response: httpx.Response) -> _Capped:
        """Before reading: refuse a declared length over the cap; else the accumulator to read into."""
        _check_declared_length(response, request, self._limit)
        return _Capped(request, self._limit)

    def _complete(
        self, request: httpx.Request, response: httpx.Response, body: _Capped, started: float
    ) -> httpx.Response:
        content = body.body()
        _log_response(request, response.status_code, started, len(content))
        return self._finish(response, request, content)


class GuardedTransport(_Guard, httpx.BaseTransport):
    """Wraps a sync transport with the rules in the module docstring."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        finish: Finish = keep_body,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(finish=finish, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter)
        self._inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._rate_limiter is not None:
            self._rate_limiter.wait()
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
            try:
                body = self._reader(request, response)
                for chunk in (
                    response.iter_bytes() if _needs_decoding_reader(response) else response.iter_raw()
                ):
                    body.add(chunk)
            finally:
                response.close()
        except Exception as exc:
            _log_failure(request, exc, started)
            raise
        return self._complete(request, response, body, started)

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(_Guard, httpx.AsyncBaseTransport):
    """The async shell of :class:`GuardedTransport`: same rules, same steps, awaiting I/O."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        finish: Finish = keep_body,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(finish=finish, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter)
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._rate_limiter is not None:
            await self._rate_limiter.await_slot()
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            try:
                body = self._reader(request, response)
                chunks = response.aiter_bytes() if _needs_decoding_reader(response) else response.aiter_raw()
                async for chunk in chunks:
                    body.add(chunk)
            finally:
                await response.aclose()
        except Exception as exc:
            _log_failure(request, exc, started)
            raise
        return self._complete(request, response, body, started)

    async def aclose(self) -> None:
        await self._inner.aclose()
