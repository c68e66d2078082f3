"""The one request path of every overlay-built client: the httpx clients behind ``generated_client``.

Generated functions call ``client.get_httpx_client().request(...)``; the wrappers call generated
functions. Both therefore end in :meth:`PipelineClient.send` (or its async twin), where every decision
that is not the provider's own is made once, for every operation of both documents:

- the provider's ``prepare`` step (NCP: ask for JSON when the caller chose no format);
- a total **deadline** per call (:data:`~cloudcontracts.core.options.DEFAULT_DEADLINE`), retries and
  their waits included: each attempt's httpx timeouts are clamped to the time left; an async attempt
  runs under ``asyncio.wait_for`` with the time left, and a sync one's socket operations are clamped to
  it by the default network transport (:mod:`cloudcontracts.core.deadline`), so a server trickling its
  headers or body one byte at a time cannot hold a call past it; a retry never starts a new deadline;
- **retries** with backoff (:class:`~cloudcontracts.retry.RetryPolicy`); each attempt goes through
  httpx's auth flow again, so an NCP request is signed afresh;
- **typed errors**: a transport failure becomes :class:`~cloudcontracts.errors.APIConnectionError` /
  :class:`~cloudcontracts.errors.APITimeoutError` (a body that fails to decompress,
  :class:`~cloudcontracts.errors.ResponseDecodeError`), raised outside the ``except`` block so that the
  httpx exception -- whose request holds the credentials' headers -- is neither its ``__context__`` nor
  its ``__cause__``; error statuses and bad bodies were raised already by the provider's ``finish`` in
  the transport (:mod:`cloudcontracts.core.transport`);
- **redaction**: every error raised here has the client's own credentials (and the failed request's
  credential headers) replaced by ``***`` in its text and attributes, before the retry policy logs it,
  whatever a server echoed back (:mod:`cloudcontracts.core.redaction`);
- a closed client raises :class:`~cloudcontracts.errors.ClientClosedError`.

Below it, :class:`~cloudcontracts.core.transport.GuardedTransport` applies the rate limit, the body cap and
the decoding; above it, the generated client's ``response_shape_error`` (see
:func:`generated_client_class`) turns a body without the documented shape into ``ResponseDecodeError``.
The clients keep no response cookies (:mod:`cloudcontracts.core.stateless`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import httpx2

from cloudcontracts.core.decoding import shape_error, where
from cloudcontracts.core.options import ClientOptions
from cloudcontracts.core.redaction import REDACTOR_EXTENSION, Redactor
from cloudcontracts.core.stateless import AsyncStatelessClient, StatelessClient
from cloudcontracts.core.transport import (
    DEADLINE_EXTENSION,
    AsyncGuardedTransport,
    Finish,
    GuardedTransport,
    arelease_stream,
    release_stream,
)
from cloudcontracts.errors import (
    APITimeoutError,
    ClientClosedError,
    CloudContractsError,
    ResponseDecodeError,
    from_transport_error,
)

__all__ = [
    "AsyncPipelineClient",
    "Pipeline",
    "PipelineClient",
    "generated_client_class",
]

C = TypeVar("C", bound=type)

# A socket timeout clamped to the deadline fires at it, give or take the clock's resolution.
_DEADLINE_SLACK = 0.01


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What one client's requests go through: its options and the provider's own steps."""

    provider: str  # for messages: "NCP", "Hyperstack"
    options: ClientOptions
    finish: Finish
    prepare: Callable[[httpx2.Request], None] | None = None


class _Call:
    """One call's deadline: the time left, and each attempt's timeouts clamped to it."""

    __slots__ = ("_deadline", "_seconds", "_timeouts")

    def __init__(self, request: httpx2.Request, seconds: float) -> None:
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds
        timeouts = request.extensions.get("timeout")
        self._timeouts: dict[str, float | None] = dict(timeouts) if isinstance(timeouts, dict) else {}

    def time_left(self) -> float:
        return self._deadline - time.monotonic()

    def timed_out(self, request: httpx2.Request) -> APITimeoutError:
        method, url = where(request)
        return APITimeoutError(
            f"request timed out: the call's deadline of {self._seconds:g} s passed ({method} {url})",
            method=method,
            url=url,
        )

    def start_attempt(self, request: httpx2.Request, redactor: Redactor) -> httpx2.Request:
        """A fresh copy of ``request`` for the next attempt (signed anew by the auth flow; each attempt's
        request is its own object, as it would be if the caller had sent it again), its timeouts clamped
        to the time left."""
        left = self.time_left()
        if left <= 0:
            raise self.timed_out(request)
        extensions = dict(request.extensions)
        extensions["timeout"] = {
            phase: left if value is None else min(value, left) for phase, value in self._timeouts.items()
        }
        extensions[DEADLINE_EXTENSION] = self._deadline
        extensions[REDACTOR_EXTENSION] = redactor
        return httpx2.Request(
            request.method, request.url, headers=request.headers, stream=request.stream, extensions=extensions
        )


def _translated(exc: Exception, request: httpx2.Request, call: _Call) -> CloudContractsError | None:
    """This package's error for what escaped one attempt, or ``None`` to let it propagate."""
    if isinstance(exc, httpx2.TimeoutException) and call.time_left() < _DEADLINE_SLACK:
        return call.timed_out(request)  # a read clamped to the deadline: say which limit it was
    method, url = where(request)
    if isinstance(exc, httpx2.DecodingError):  # a bad Content-Encoding: the body, not the network
        return ResponseDecodeError(
            f"the body could not be decoded ({type(exc).__name__})", method=method, url=url
        )
    if isinstance(exc, (httpx2.TransportError, httpx2.StreamError)):
        return from_transport_error(exc, method=method, url=url)
    return None


def _closed_loop(exc: Exception, pipeline: Pipeline) -> ClientClosedError | None:
    """An async client used again after its event loop closed (a second ``asyncio.run``) fails deep in
    its connection pool with a bare ``RuntimeError``: said plainly instead."""
    if isinstance(exc, RuntimeError) and "Event loop is closed" in str(exc):
        return ClientClosedError(
            f"this async {pipeline.provider} client was used in an event loop that has since closed; "
            "create one client per event loop (asyncio.run)"
        )
    return None


def _closed(pipeline: Pipeline) -> ClientClosedError:
    return ClientClosedError(
        f"this {pipeline.provider} client has been closed; create a new one (or use it in a `with` block)"
    )


class PipelineClient(StatelessClient):
    """The ``httpx2.Client`` of every sync overlay client (see the module docstring)."""

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        auth: httpx2.Auth,
        transport: httpx2.BaseTransport | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        options = pipeline.options
        super().__init__(
            base_url=options.base_url,
            timeout=options.timeout,
            auth=auth,
            headers=headers,
            transport=GuardedTransport(
                transport,
                finish=pipeline.finish,
                max_response_bytes=options.max_response_bytes,
                rate_limiter=options.rate_limit,
            ),
            event_hooks={"response": [release_stream]},
        )
        self._pipeline = pipeline
        self._redactor = Redactor.for_auth(auth)

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        pipeline = self._pipeline
        if self.is_closed:
            raise _closed(pipeline)
        if pipeline.prepare is not None:
            pipeline.prepare(request)
        call = _Call(request, pipeline.options.deadline)

        def attempt() -> httpx2.Response:
            attempt_request = call.start_attempt(request, self._redactor)
            try:
                return super(PipelineClient, self).send(attempt_request, **kwargs)
            except CloudContractsError as exc:
                self._redactor.with_headers(attempt_request.headers).error(exc)
                raise
            except Exception as exc:
                error = _translated(exc, request, call)
                if error is None:
                    raise
            raise error  # outside the except block: no __context__ holding the request's headers

        return pipeline.options.retry.call(attempt, time_left=call.time_left)


class AsyncPipelineClient(AsyncStatelessClient):
    """The ``httpx2.AsyncClient`` of every async overlay client: :class:`PipelineClient`, awaiting."""

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        auth: httpx2.Auth,
        transport: httpx2.AsyncBaseTransport | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        options = pipeline.options
        super().__init__(
            base_url=options.base_url,
            timeout=options.timeout,
            auth=auth,
            headers=headers,
            transport=AsyncGuardedTransport(
                transport,
                finish=pipeline.finish,
                max_response_bytes=options.max_response_bytes,
                rate_limiter=options.rate_limit,
            ),
            limits=httpx2.Limits(max_connections=max(options.concurrency, 1)),
            event_hooks={"response": [arelease_stream]},
        )
        self._pipeline = pipeline
        self._redactor = Redactor.for_auth(auth)

    async def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        pipeline = self._pipeline
        if self.is_closed:
            raise _closed(pipeline)
        if pipeline.prepare is not None:
            pipeline.prepare(request)
        call = _Call(request, pipeline.options.deadline)

        import asyncio  # noqa: PLC0415 -- deferred: keeps asyncio out of `import cloudcontracts`

        async def attempt() -> httpx2.Response:
            attempt_request = call.start_attempt(request, self._redactor)
            exchange = super(AsyncPipelineClient, self).send(attempt_request, **kwargs)
            error: CloudContractsError | None
            try:
                # Cancelled when the deadline passes, whatever the exchange waits for (a trickled
                # status line or header reads in time, one byte after another).
                return await asyncio.wait_for(exchange, timeout=call.time_left())
            except CloudContractsError as exc:
                self._redactor.with_headers(attempt_request.headers).error(exc)
                raise
            except TimeoutError:
                error = call.timed_out(request)
            except Exception as exc:
                error = _translated(exc, request, call) or _closed_loop(exc, pipeline)
                if error is None:
                    raise
            raise error  # outside the except block: no __context__ holding the request's headers

        return await pipeline.options.retry.acall(attempt, time_left=call.time_left)


def generated_client_class(base: C) -> C:
    """A subclass of a generated ``Client``/``AuthenticatedClient`` whose functions raise
    :class:`~cloudcontracts.errors.ResponseDecodeError` for a body without the documented shape (the
    generated code asks its client, through ``response_shape_error``, what to raise)."""

    def response_shape_error(self: object, response: httpx2.Response, error: Exception) -> Exception:
        return shape_error(response, error)

    return cast(
        "C",
        type(base.__name__, (base,), {"response_shape_error": response_shape_error, "__module__": __name__}),
    )
