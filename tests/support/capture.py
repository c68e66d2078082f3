"""A request-capturing httpx transport: what a client sent, exactly as it went out."""

from __future__ import annotations

from collections.abc import Callable

import httpx2


class CapturingTransport(httpx2.MockTransport):
    """A MockTransport that remembers every request that reached it, as sent."""

    def __init__(self, handler: Callable[[httpx2.Request], httpx2.Response]) -> None:
        self.requests: list[httpx2.Request] = []

        def capture(request: httpx2.Request) -> httpx2.Response:
            request.read()
            self.requests.append(request)
            return handler(request)

        super().__init__(capture)
