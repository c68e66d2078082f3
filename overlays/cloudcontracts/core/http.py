"""The one request path of every overlay-built client: the httpx clients behind ``generated_client``.

Generated functions call ``client.get_httpx_client().request(...)``; the wrappers call generated
functions. Both therefore end in :meth:`PipelineClient.send` (or its async twin), where every decision
that is not the provider's own is made once, for every operation of both documents:

- the provider's ``prepare`` step (NCP: ask for JSON when the caller chose no format);
- a total **deadline** per call (:data:`~cloudcontracts.core.options.DEFAULT_DEADLINE`), retries and
  their waits included: each attempt's httpx timeouts are clamped to the time left, and the guarded
  transport checks it between reads;
- **retries** with backoff (:class:`~cloudcontracts.retry.RetryPolicy`); each attempt goes through
  httpx's auth flow again, so an NCP request is signed afresh;
- **typed errors**: a transport failure becomes :class:`~cloudcontracts.errors.APIConnectionError` /
  :class:`~cloudcontracts.errors.APITimeoutError` (a body that fails to decompress,
  :class:`~cloudcontracts.errors.ResponseDecodeError`), raised outside the ``except`` block so that the
  httpx exception -- whose request holds the credentials' headers -- is neither its ``__context__`` nor
  its ``__cause__``; error statuses and bad bodies were raised already by the provider's ``finish`` in
  the transport (:mod:`cloudcontracts.core.transport`);
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

    def start_attempt(self, request: httpx2.Request) -> httpx2.Request:
        """A fresh copy of ``request`` for the next attempt (signed anew by the auth flow; each attempt's
        request is its own object, as it would be if the caller had sent it again), its timeouts clamped
        to the time left."""
        left = self.time_left()
        if left <= 0:
            method, url = where(request)
            raise APITimeoutError(
                f"request timed out: the call's deadline of {self._seconds:g} s passed ({method} {url})",
                method=method,
                url=url,
            )
        extensions = dict(request.extensions)
        extensions["timeout"] = {
            phase: left if value is None else min(value, left) for phase, value in self._timeouts.items()
        }
        extensions[DEADLINE_EXTENSION] = self._deadline
        return httpx2.Request(
            request.method, request.url, headers=request.headers, stream=request.stream, extensions=extensions
        )


def _translated(exc: Exception, request: httpx2.Request) -> CloudContractsError | None:
    """This package's error for what escaped one attempt, or ``None`` to let it propagate."""
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

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        pipeline = self._pipeline
        if self.is_closed:
            raise _closed(pipeline)
        if pipeline.prepare is not None:
            pipeline.prepare(request)
        call = _Call(request, pipeline.options.deadline)

        def attempt() -> httpx2.Response:
            attempt_request = call.start_attempt(request)
            try:
                return super(PipelineClient, self).send(attempt_request, **kwargs)
            except Exception as exc:
                error = _translated(exc, request)
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

    async def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        pipeline = self._pipeline
        if self.is_closed:
            raise _closed(pipeline)
        if pipeline.prepare is not None:
            pipeline.prepare(request)
        call = _Call(request, pipeline.options.deadline)

        async def attempt() -> httpx2.Response:
            attempt_request = call.start_attempt(request)
            try:
                return await super(AsyncPipelineClient, self).send(attempt_request, **kwargs)
            except Exception as exc:
                error = _translated(exc, request) or _closed_loop(exc, pipeline)
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
