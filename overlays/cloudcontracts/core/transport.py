"""Every HTTP exchange of an overlay-built client passes here: rate limit, deadline, body cap, decoding, log.

Both providers' clients, sync and async, wrap their httpx transport in :class:`GuardedTransport` /
:class:`AsyncGuardedTransport`. The rules below therefore hold for the wrappers and for generated
functions called through ``generated_client`` alike, and for every attempt of a retried request:

1. an optional client-side :class:`~cloudcontracts.rate_limit.RateLimiter` gives the request its slot;
2. the body is read here, raw, and decompressed here (``gzip`` or ``deflate``, one layer) a bounded
   amount at a time, so at most ``max_response_bytes`` of *decoded* bytes are ever held: a gzip bomb
   stops at the cap, and stacked or unknown encodings (``gzip, gzip``, which can expand a few kilobytes
   to gigabytes) are refused. A ``Content-Length`` over the cap is refused before reading anything.
   Either way the result is :class:`~cloudcontracts.errors.ResponseTooLargeError` or
   :class:`~cloudcontracts.errors.ResponseDecodeError`, never a half-read page;
3. the call's total deadline (put on the request by :mod:`cloudcontracts.core.http`) is checked
   between reads, so a server that trickles a body one byte at a time cannot hold a call past it; the
   sync shell also publishes it for the whole exchange (:func:`~cloudcontracts.core.deadline.deadline_scope`),
   so that its default network transport (:mod:`cloudcontracts.core.deadline_transport`) ends every
   socket read by it, status line and headers included;
4. one DEBUG line per exchange on ``logging.getLogger("cloudcontracts")``: method, URL, status (or the
   failure's class), elapsed time and body size. Headers are never logged (they carry the keys and the
   signatures); in the URL's query only the values of :func:`logged_query_params` are shown, others
   (member numbers, contract numbers, anything undeclared) as ``***``;
5. the provider's ``finish`` turns the response with its body into what httpx hands to the generated
   code: it decodes the body once, or raises the typed error the response stands for.

Why a transport rather than httpx event hooks: a response hook runs before the body is read and never
sees a connection that failed, so it can neither cap the body nor time the whole exchange.
"""

from __future__ import annotations

import functools
import logging
import re
import time
import zlib
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import httpx2

from cloudcontracts.core.deadline import DEADLINE_EXTENSION, deadline_scope
from cloudcontracts.core.options import DEFAULT_MAX_RESPONSE_BYTES
from cloudcontracts.errors import APITimeoutError, ResponseDecodeError, ResponseTooLargeError
from cloudcontracts.specs import DOCUMENT_NAMES, openapi_document, resolve

__all__ = [
    "DEADLINE_EXTENSION",
    "AsyncGuardedTransport",
    "Finish",
    "GuardedTransport",
    "arelease_stream",
    "loggable_url",
    "logged_query_params",
    "release_stream",
]

logger = logging.getLogger("cloudcontracts")

# A string parameter named like this names one record (contractNo, memberNo, loginId): masked in logs.
_RECORD_IDENTIFIER: Final = re.compile(r".*(No|Id)(List)?")


@functools.cache
def logged_query_params() -> frozenset[str]:
    """The query parameters whose values a log line shows, read from the shipped OpenAPI documents.

    Every declared query parameter, except account identifiers (``x-cloudcontracts-account-id: true``:
    member numbers, login ids) and strings naming one record (a name ending in ``No``/``Id``, or a list
    of them: contract numbers). Months, dates, paging, flags and category codes stay readable; a
    parameter added to a document is logged or masked by the same rule, with no list to keep up to date.
    """
    declared: set[str] = set()
    masked: set[str] = set()  # one declaration that must be masked masks the name everywhere
    for name in DOCUMENT_NAMES:
        document = openapi_document(name)
        for item in (document.get("paths") or {}).values():
            nodes = [*item.get("parameters", ())]
            for operation in item.values():
                if isinstance(operation, Mapping):
                    nodes.extend(operation.get("parameters") or ())
            for node in nodes:
                parameter = resolve(document, node)
                if parameter.get("in") == "query":
                    declared.add(str(parameter["name"]))
                    if not _loggable(document, parameter):
                        masked.add(str(parameter["name"]))
    return frozenset(declared - masked)


def _loggable(document: Mapping[str, Any], parameter: Mapping[str, Any]) -> bool:
    if parameter.get("x-cloudcontracts-account-id") is True:
        return False
    schema = resolve(document, parameter.get("schema") or {})
    if schema.get("type") == "array":
        schema = resolve(document, schema.get("items") or {})
    return not (schema.get("type") == "string" and _RECORD_IDENTIFIER.fullmatch(str(parameter["name"])))


Finish = Callable[[httpx2.Response, httpx2.Request, bytes], httpx2.Response]
"""``finish(response, request, body)``: what the client receives, built from a response read in full
(``body`` decoded from its Content-Encoding); raises the typed error the response stands for."""

# One layer of these is decoded; anything else (br, zstd, stacked layers) is refused.
_DECODERS: Final = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def loggable_url(url: httpx2.URL) -> str:
    """``url`` with the values of query parameters outside :func:`logged_query_params` masked."""
    if not url.query:
        return str(url)
    logged = logged_query_params()
    pairs = [
        (name, value if name in logged else "***")
        for name, value in parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    ]
    return str(url.copy_with(query=urlencode(pairs, safe="*").encode("ascii")))


def release_stream(response: httpx2.Response) -> None:
    """A response event hook every overlay-built client installs: drop the reference cycle httpx makes
    around each response, so that the response -- and its body, which can be megabytes -- is freed as
    soon as nobody uses it, not at some later full run of the garbage collector.

    httpx's client replaces ``response.stream`` with a wrapper that refers back to the response (to time
    it on close). A response from :class:`GuardedTransport` holds its whole body already, so the stream
    can be a plain one over it: reading it gives the same bytes.
    """
    try:
        body = response.content
    except httpx2.ResponseNotRead:  # not from a guarded transport: leave it as httpx made it
        return
    response.stream = httpx2.ByteStream(body)


async def arelease_stream(response: httpx2.Response) -> None:
    """The async clients' :func:`release_stream` (httpx awaits an async client's hooks)."""
    release_stream(response)


def _where(request: httpx2.Request) -> str:
    return loggable_url(request.url)


class _Reader:
    """Accumulates one response's body: decoded a bounded piece at a time, capped, within the deadline.
    The one rule both shells' read loops apply; the shells only do I/O."""

    __slots__ = ("chunks", "decoder", "encoding", "limit", "request", "size")

    def __init__(self, request: httpx2.Request, response: httpx2.Response, limit: int) -> None:
        self.request = request
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        declared = response.headers.get("content-length", "")
        # Compressed bodies can only grow when decoded, so a declared length over the cap is final.
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(f"of {declared} bytes (Content-Length)")
        layers = [
            part.strip().lower()
            for part in response.headers.get("content-encoding", "").split(",")
            if part.strip() and part.strip().lower() != "identity"
        ]
        if len(layers) > 1 or (layers and layers[0] not in _DECODERS):
            raise ResponseDecodeError(
                f"unsupported Content-Encoding {', '.join(layers)!r}: only one layer of gzip or deflate "
                "is accepted",
                status_code=response.status_code,
                method=request.method,
                url=_where(request),
            )
        self.encoding = layers[0] if layers else None
        self.decoder = zlib.decompressobj(_DECODERS[self.encoding]) if self.encoding else None

    def _too_large(self, seen: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"response body {seen} exceeds max_response_bytes={self.limit}; reading stopped "
            "(raise max_response_bytes, use a smaller page size, or ask NCP for JSON)",
            method=self.request.method,
            url=_where(self.request),
        )

    def _bad_encoding(self) -> ResponseDecodeError:
        return ResponseDecodeError(
            f"the body is not valid {self.encoding} data although Content-Encoding says so",
            method=self.request.method,
            url=_where(self.request),
        )

    def check_deadline(self) -> None:
        deadline = self.request.extensions.get(DEADLINE_EXTENSION)
        if isinstance(deadline, float) and time.monotonic() > deadline:
            raise APITimeoutError(
                "request timed out: the call's deadline passed while the body was being read "
                f"({self.request.method} {_where(self.request)})",
                method=self.request.method,
                url=_where(self.request),
            )

    def _keep(self, piece: bytes) -> None:
        if not piece:
            return
        self.size += len(piece)
        if self.size > self.limit:
            self.chunks.clear()
            raise self._too_large(f"of more than {self.limit} bytes")
        self.chunks.append(piece)

    def add(self, raw: bytes) -> None:
        self.check_deadline()
        decoder = self.decoder
        if decoder is None:
            self._keep(raw)
            return
        data = raw
        try:
            while data:
                # Never more than the room left under the cap (plus one byte, to notice going over).
                self._keep(decoder.decompress(data, self.limit - self.size + 1))
                data = decoder.unconsumed_tail
        except zlib.error:
            raise self._bad_encoding() from None

    def body(self) -> bytes:
        if self.decoder is not None and not self.decoder.eof and (self.size or self.decoder.unconsumed_tail):
            raise self._bad_encoding()  # a compressed stream cut short
        return b"".join(self.chunks)


def _log_response(request: httpx2.Request, status: int, started: float, size: int) -> None:
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


def _log_failure(request: httpx2.Request, error: BaseException, started: float) -> None:
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


def _keep_body(response: httpx2.Response, request: httpx2.Request, body: bytes) -> httpx2.Response:
    return httpx2.Response(
        response.status_code,
        headers=[(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-encoding"],
        content=body,
        request=request,
        extensions=response.extensions,
    )


class _Guard:
    """The options both guarded transports share; the shells only do I/O."""

    def __init__(self, *, finish: Finish, max_response_bytes: int, rate_limiter: object) -> None:
        from cloudcontracts.rate_limit import RateLimiter  # noqa: PLC0415 -- a type check only

        if rate_limiter is not None and not isinstance(rate_limiter, RateLimiter):
            raise TypeError("rate_limiter must be a RateLimiter")
        self._finish = finish
        self._limit = max_response_bytes
        self._rate_limiter: RateLimiter | None = rate_limiter

    def _complete(
        self, request: httpx2.Request, response: httpx2.Response, reader: _Reader, started: float
    ) -> httpx2.Response:
        content = reader.body()
        _log_response(request, response.status_code, started, len(content))
        return self._finish(response, request, content)


class GuardedTransport(_Guard, httpx2.BaseTransport):
    """Wraps a sync transport with the rules in the module docstring."""

    def __init__(
        self,
        inner: httpx2.BaseTransport | None = None,
        *,
        finish: Finish = _keep_body,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: object = None,
    ) -> None:
        super().__init__(finish=finish, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter)
        if inner is None:
            from cloudcontracts.core.deadline_transport import DeadlineTransport  # noqa: PLC0415 -- httpcore

            inner = DeadlineTransport()
        self._inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._rate_limiter is not None:
            self._rate_limiter.wait()
        with deadline_scope(request):
            return self._exchange(request)

    def _exchange(self, request: httpx2.Request) -> httpx2.Response:
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
            try:
                reader = _Reader(request, response, self._limit)
                if response.is_stream_consumed:  # built with its body already read: nothing on the wire
                    reader.decoder = None
                    reader.add(response.content)
                else:
                    for chunk in response.iter_raw():
                        reader.add(chunk)
            finally:
                response.close()
        except Exception as exc:
            _log_failure(request, exc, started)
            raise
        return self._complete(request, response, reader, started)

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(_Guard, httpx2.AsyncBaseTransport):
    """The async shell of :class:`GuardedTransport`: same rules, same steps, awaiting I/O."""

    def __init__(
        self,
        inner: httpx2.AsyncBaseTransport | None = None,
        *,
        finish: Finish = _keep_body,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: object = None,
    ) -> None:
        super().__init__(finish=finish, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter)
        self._inner = inner if inner is not None else httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._rate_limiter is not None:
            await self._rate_limiter.await_slot()
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            try:
                reader = _Reader(request, response, self._limit)
                if response.is_stream_consumed:
                    reader.decoder = None
                    reader.add(response.content)
                else:
                    async for chunk in response.aiter_raw():
                        reader.add(chunk)
            finally:
                await response.aclose()
        except Exception as exc:
            _log_failure(request, exc, started)
            raise
        return self._complete(request, response, reader, started)

    async def aclose(self) -> None:
        await self._inner.aclose()
