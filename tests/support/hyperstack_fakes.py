"""Fakes for the Hyperstack wrapper tests: a recording transport (sync and async) and page servers.

No network: every client in these tests gets an ``httpx2.MockTransport``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx2

FAKE_KEY = "hs-fake-key-0000-not-real"
BASE = "https://infrahub-api.nexgencloud.com/v1"


def contract(contract_id: int) -> dict[str, Any]:
    return {"id": contract_id, "org_id": 7, "status": "active", "discounts": []}


def page_body(ids: list[int], count: int | None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": True, "message": "ok", "contracts": [contract(i) for i in ids]}
    if count is not None:
        body["count"] = count
    return body


class Recorder(httpx2.MockTransport):
    """A MockTransport (usable by sync and async clients) that records what reached it."""

    def __init__(self, handler: Callable[[httpx2.Request], httpx2.Response]) -> None:
        self.requests: list[httpx2.Request] = []

        def record(request: httpx2.Request) -> httpx2.Response:
            self.requests.append(request)
            return handler(request)

        super().__init__(record)

    @property
    def lines(self) -> list[str]:
        """``METHOD full-url`` for each request, in order."""
        return [f"{r.method} {r.url}" for r in self.requests]

    @property
    def pages(self) -> list[int]:
        return [int(r.url.params["page"]) for r in self.requests]


def respond(
    status: int = 200, body: Any = None, **kwargs: Any
) -> Callable[[httpx2.Request], httpx2.Response]:
    """A handler answering every request the same way (JSON ``body`` unless ``content``/``text`` given)."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        if body is not None:
            return httpx2.Response(status, json=body, **kwargs)
        return httpx2.Response(status, **kwargs)

    return handler


def pages_handler(pages: Mapping[int, dict[str, Any]]) -> Callable[[httpx2.Request], httpx2.Response]:
    """Serve ``pages[page]``; a page not in the table is a test failure (500 with a marker)."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        page = int(request.url.params["page"])
        if page not in pages:
            return httpx2.Response(500, json={"status": False, "message": f"test asked for page {page}"})
        return httpx2.Response(200, content=json.dumps(pages[page]).encode())

    return handler


class ConcurrencyProbe(httpx2.AsyncBaseTransport):
    """An async transport that serves pages after yielding to the loop, counting overlapping requests."""

    def __init__(self, pages: Mapping[int, dict[str, Any]], *, delay: float = 0.01) -> None:
        self._handler = pages_handler(pages)
        self._delay = delay
        self.active = 0
        self.max_active = 0
        self.started: list[int] = []
        self.finished: list[int] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        page = int(request.url.params["page"])
        self.started.append(page)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            # Later pages answer sooner, so the wrapper must restore page order itself.
            await asyncio.sleep(self._delay / page)
            return self._handler(request)
        finally:
            self.active -= 1
            self.finished.append(page)
