"""The sync clients' default network transport: httpx's own, each socket operation ending by the deadline.

``httpx2.HTTPTransport`` rebuilt from public parts -- an ``httpcore2`` connection pool behind an
``httpx2.BaseTransport`` -- with one difference: its network backend hands out streams whose ``read``,
``write``, connect and TLS handshake use ``min(timeout, time left)`` and fail as a timeout once the
call's deadline has passed (:func:`cloudcontracts.core.deadline.clamped`). So a server that trickles
its status line or headers one byte at a time cannot hold a sync call past its deadline, which httpx's
per-read timeouts alone allow.

A ``transport=`` of your own replaces this one: the deadline is then still checked between reads of
the body and between attempts, but a read that never completes is bounded by that transport's own
timeouts only. Libraries that record or mock httpx by replacing
``httpx2.HTTPTransport.handle_request`` (vcrpy, pytest-httpx) keep working: while it is replaced,
requests go through ``httpx2.HTTPTransport``; respx, which mocks the ``httpcore2`` pool, works as it is.

Imported when a sync client is built without a transport (``httpcore2`` stays out of
``import cloudcontracts``).
"""

from __future__ import annotations

import contextlib
import ssl
import typing
from collections.abc import Iterable, Iterator
from typing import Final

import httpcore2
import httpx2

from cloudcontracts.core.deadline import clamped

__all__ = ["DeadlineTransport"]


class _DeadlineStream(httpcore2.NetworkStream):
    """A network stream whose every operation ends by the deadline of the request it serves."""

    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, clamped(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, clamped(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, clamped(timeout, httpcore2.ConnectTimeout)
        )
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore2.NetworkBackend):
    """httpcore's own sync backend, its streams wrapped in :class:`_DeadlineStream`."""

    def __init__(self) -> None:
        self._inner = httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, clamped(timeout, httpcore2.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, clamped(timeout, httpcore2.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


# httpcore's exceptions as httpx's public ones (the same pairs httpx's own transport maps), most
# specific first, so that everything above this transport sees what httpx2.HTTPTransport would raise.
_EXCEPTIONS: Final[tuple[tuple[type[Exception], type[httpx2.TransportError]], ...]] = (
    (httpcore2.ConnectTimeout, httpx2.ConnectTimeout),
    (httpcore2.ReadTimeout, httpx2.ReadTimeout),
    (httpcore2.WriteTimeout, httpx2.WriteTimeout),
    (httpcore2.PoolTimeout, httpx2.PoolTimeout),
    (httpcore2.TimeoutException, httpx2.TimeoutException),
    (httpcore2.ConnectError, httpx2.ConnectError),
    (httpcore2.ReadError, httpx2.ReadError),
    (httpcore2.WriteError, httpx2.WriteError),
    (httpcore2.NetworkError, httpx2.NetworkError),
    (httpcore2.ProxyError, httpx2.ProxyError),
    (httpcore2.UnsupportedProtocol, httpx2.UnsupportedProtocol),
    (httpcore2.LocalProtocolError, httpx2.LocalProtocolError),
    (httpcore2.RemoteProtocolError, httpx2.RemoteProtocolError),
    (httpcore2.ProtocolError, httpx2.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for source, target in _EXCEPTIONS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


class _ResponseStream(httpx2.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


def _httpx_transport_replaced() -> bool:
    """Whether ``httpx2.HTTPTransport.handle_request`` is no longer httpx's own (a test double)."""
    method = httpx2.HTTPTransport.handle_request
    # A replacement made with functools.wraps copies httpx's __module__ but says what it wraps.
    return hasattr(method, "__wrapped__") or not getattr(method, "__module__", "").startswith("httpx2.")


class DeadlineTransport(httpx2.BaseTransport):
    """The sync clients' network transport: ``httpx2.HTTPTransport``'s defaults (certificate checks,
    HTTP/1.1, keep-alive of 20 connections for 5 s), every socket operation clamped to the deadline."""

    def __init__(self, *, limits: httpx2.Limits | None = None) -> None:
        limits = limits or httpx2.Limits(
            max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0
        )
        self._pool = httpcore2.ConnectionPool(
            ssl_context=httpx2.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend(),
        )
        self._recorded: httpx2.HTTPTransport | None = None

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if _httpx_transport_replaced():
            # A recorder or mock (vcrpy, pytest-httpx) has replaced httpx's own transport method: let
            # it answer, as it would for any httpx client. Its answers do not trickle.
            if self._recorded is None:
                self._recorded = httpx2.HTTPTransport()
            return self._recorded.handle_request(request)
        if not isinstance(request.stream, httpx2.SyncByteStream):  # an async body on a sync client
            raise httpx2.LocalProtocolError("a sync transport needs a sync request body")
        core_request = httpcore2.Request(
            method=request.method,
            url=httpcore2.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._pool.handle_request(core_request)
        return httpx2.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(typing.cast("Iterable[bytes]", response.stream)),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
        if self._recorded is not None:
            self._recorded.close()
