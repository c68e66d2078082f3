"""The sync clients' default network transport: httpx's own, each socket operation ending by the deadline.

``httpx.HTTPTransport`` rebuilt from public parts -- an ``httpcore`` connection pool behind an
``httpx.BaseTransport`` -- with one difference: its network backend hands out streams whose ``read``,
``write``, connect and TLS handshake use ``min(timeout, time left)`` and fail as a timeout once the
call's deadline has passed (:func:`cloudcontracts.core.deadline.clamped`). So a server that trickles
its status line or headers one byte at a time cannot hold a sync call past its deadline, which httpx's
per-read timeouts alone allow.

A ``transport=`` of your own replaces this one: the deadline is then still checked between reads of
the body and between attempts, but a read that never completes is bounded by that transport's own
timeouts only. Libraries that record or mock httpx by replacing
``httpx.HTTPTransport.handle_request`` (vcrpy, pytest-httpx) keep working: while it is replaced,
requests go through ``httpx.HTTPTransport``; respx, which mocks the ``httpcore`` pool, works as it is.

Imported when a sync client is built without a transport (``httpcore`` stays out of
``import cloudcontracts``).
"""

from __future__ import annotations

import contextlib
import ssl
import typing
from collections.abc import Iterable, Iterator
from typing import Final

import httpcore
import httpx

from cloudcontracts.core.deadline import clamped

__all__ = ["DeadlineTransport"]


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the deadline of the request it serves."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, clamped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, clamped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, clamped(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend, its streams wrapped in :class:`_DeadlineStream`."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, clamped(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, clamped(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


# httpcore's exceptions as httpx's public ones (the same pairs httpx's own transport maps), most
# specific first, so that everything above this transport sees what httpx.HTTPTransport would raise.
_EXCEPTIONS: Final[tuple[tuple[type[Exception], type[httpx.TransportError]], ...]] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
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


class _ResponseStream(httpx.SyncByteStream):
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
    """Whether ``httpx.HTTPTransport.handle_request`` is no longer httpx's own (a test double)."""
    method = httpx.HTTPTransport.handle_request
    # A replacement made with functools.wraps copies httpx's __module__ but says what it wraps.
    return hasattr(method, "__wrapped__") or not getattr(method, "__module__", "").startswith("httpx.")


class DeadlineTransport(httpx.BaseTransport):
    """The sync clients' network transport: ``httpx.HTTPTransport``'s defaults (certificate checks,
    HTTP/1.1, keep-alive of 20 connections for 5 s), every socket operation clamped to the deadline."""

    def __init__(self, *, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(
            max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0
        )
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend(),
        )
        self._recorded: httpx.HTTPTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _httpx_transport_replaced():
            # A recorder or mock (vcrpy, pytest-httpx) has replaced httpx's own transport method: let
            # it answer, as it would for any httpx client. Its answers do not trickle.
            if self._recorded is None:
                self._recorded = httpx.HTTPTransport()
            return self._recorded.handle_request(request)
        if not isinstance(request.stream, httpx.SyncByteStream):  # an async body on a sync client
            raise httpx.LocalProtocolError("a sync transport needs a sync request body")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
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
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(typing.cast("Iterable[bytes]", response.stream)),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
        if self._recorded is not None:
            self._recorded.close()
