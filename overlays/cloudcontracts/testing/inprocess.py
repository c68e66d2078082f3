"""The sandbox in-process, without a socket: httpx transports that call its ASGI app directly.

Async clients take httpx's own :class:`httpx2.ASGITransport`. httpx has no sync ASGI transport, so
:class:`SyncASGITransport` runs the app on an event loop in one background thread and hands each
request to it: the sync clients, unchanged, talk to the same app. Faults that act on the connection
itself (``drop``, ``truncate``) need a real server (:class:`~cloudcontracts.sandbox.Sandbox`).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

import httpx2

from cloudcontracts.sandbox import SandboxApp, create_app
from cloudcontracts.sandbox.endpoints import SandboxEndpoints

__all__ = ["IN_PROCESS_URL", "InProcessSandbox", "SyncASGITransport"]

IN_PROCESS_URL = "https://sandbox.invalid"
"""The origin in-process clients use: ``.invalid`` never resolves, so a request that misses the
transport fails instead of reaching anything."""


class SyncASGITransport(httpx2.BaseTransport):
    """A sync httpx transport serving requests from an ASGI app on a private event-loop thread.

    The thread starts with the first request and stops on :meth:`close` (which a client's ``close``
    calls); a later request starts it again, so one transport can serve one client after another.
    """

    def __init__(self, app: Any) -> None:
        self._asgi = httpx2.ASGITransport(app=app)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def _handle(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        return httpx2.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx2.ByteStream(body),
            extensions=response.extensions,
        )

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="sandbox-asgi", daemon=True
                )
                self._thread.start()
            return self._loop

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = request.read()  # a sync stream: read here, handed to the app as bytes
        forwarded = httpx2.Request(
            request.method, request.url, headers=request.headers, stream=httpx2.ByteStream(body)
        )
        return asyncio.run_coroutine_threadsafe(self._handle(forwarded), self._running_loop()).result()

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


@dataclass
class InProcessSandbox(SandboxEndpoints):
    """A sandbox app with what a client needs to reach it in-process: URLs, keys and transports."""

    app: SandboxApp

    @classmethod
    def create(cls, **changes: Any) -> InProcessSandbox:
        """A fresh app (``changes``: :func:`~cloudcontracts.sandbox.create_app`'s arguments)."""
        return cls(create_app(**changes))

    @property
    def root_url(self) -> str:
        return IN_PROCESS_URL

    def transport(self) -> SyncASGITransport:
        """A sync transport to this app (close it, or use the fixture that does)."""
        return SyncASGITransport(self.app)

    def async_transport(self) -> httpx2.ASGITransport:
        return httpx2.ASGITransport(app=self.app)
