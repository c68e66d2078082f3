"""Overlay-built clients keep no cookies from responses (``cloudcontracts.core.stateless``).

A gateway or load balancer that sets a cookie must not change what the next request sends: each test
answers the first request with ``Set-Cookie`` and checks that the second one goes out without a
``Cookie`` header -- for both providers, sync and async -- while cookies a caller sets on purpose still
go out. A stock ``httpx2.Client`` on the same transport does send the cookie back, so these tests see
the difference they claim.
"""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest
from support.hyperstack_fakes import FAKE_KEY, page_body
from support.ncp_fixtures import contract_usage_page

from cloudcontracts import AsyncHyperstackContracts, AsyncNcloudBilling, HyperstackContracts, NcloudBilling
from cloudcontracts.core.stateless import AsyncStatelessClient, StatelessClient

ACCESS = "AKEXAMPLE123456789AB"
SECRET = "SKEXAMPLE1234567890abcdefghijklmnopqrstu"
SET_COOKIE = {"Set-Cookie": "AWSALB=sticky-node-3; Path=/"}
NCP_PAGE = json.dumps(contract_usage_page(contracts=1, products=1, usages=1)).encode()
HYPERSTACK_PAGE = json.dumps(page_body([1], count=1)).encode()


class CookieEcho(httpx2.MockTransport):
    """Answers ``body`` with a ``Set-Cookie``; remembers each request's ``Cookie`` header (or None)."""

    def __init__(self, body: bytes) -> None:
        self.cookie_headers: list[str | None] = []

        def handler(request: httpx2.Request) -> httpx2.Response:
            self.cookie_headers.append(request.headers.get("cookie"))
            return httpx2.Response(200, headers=SET_COOKIE, content=body)

        super().__init__(handler)


def test_a_stock_httpx_client_sends_the_cookie_back() -> None:
    """The behaviour the overlay's clients do not have (so the tests below can fail)."""
    echo = CookieEcho(b"{}")
    with httpx2.Client(transport=echo) as client:
        client.get("http://127.0.0.1/a")
        client.get("http://127.0.0.1/b")
    assert echo.cookie_headers == [None, "AWSALB=sticky-node-3"]


def test_ncp_client_keeps_no_response_cookie() -> None:
    echo = CookieEcho(NCP_PAGE)
    with NcloudBilling(ACCESS, SECRET, base_url="http://127.0.0.1:9", transport=echo) as billing:
        for _ in range(2):
            billing.contract_usage_page("202404", "202404", page_size=1)
        assert len(billing.generated_client.get_httpx_client().cookies) == 0
    assert echo.cookie_headers == [None, None]


def test_async_ncp_client_keeps_no_response_cookie() -> None:
    echo = CookieEcho(NCP_PAGE)

    async def run() -> None:
        async with AsyncNcloudBilling(
            ACCESS, SECRET, base_url="http://127.0.0.1:9", transport=echo
        ) as billing:
            for _ in range(2):
                await billing.contract_usage_page("202404", "202404", page_size=1)

    asyncio.run(run())
    assert echo.cookie_headers == [None, None]


def test_hyperstack_client_keeps_no_response_cookie() -> None:
    echo = CookieEcho(HYPERSTACK_PAGE)
    with HyperstackContracts(FAKE_KEY, base_url="http://127.0.0.1:9", transport=echo) as client:
        for _ in range(2):
            client.list_contracts(page=1, per_page=1)
        assert len(client.generated_client.get_httpx_client().cookies) == 0
    assert echo.cookie_headers == [None, None]


def test_async_hyperstack_client_keeps_no_response_cookie() -> None:
    echo = CookieEcho(HYPERSTACK_PAGE)

    async def run() -> None:
        async with AsyncHyperstackContracts(
            FAKE_KEY, base_url="http://127.0.0.1:9", transport=echo
        ) as client:
            for _ in range(2):
                await client.list_contracts(page=1, per_page=1)

    asyncio.run(run())
    assert echo.cookie_headers == [None, None]


def test_hyperstack_requests_are_unchanged_by_building_the_httpx_client_here() -> None:
    """The overlay now builds the httpx client the generated one used to build: same headers out."""
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, content=HYPERSTACK_PAGE)

    transport = httpx2.MockTransport(answer)
    with HyperstackContracts(FAKE_KEY, base_url="http://127.0.0.1:9", transport=transport) as client:
        client.list_contracts(page=2, per_page=5)
    (request,) = seen
    assert str(request.url) == "http://127.0.0.1:9/pricebook/contracts?page=2&per_page=5"
    assert request.headers["api_key"] == FAKE_KEY
    assert request.headers.get_list("api_key") == [FAKE_KEY]
    assert request.headers["accept"] == "application/json"
    assert "cookie" not in request.headers


@pytest.mark.parametrize("how", ["constructor", "setter", "jar"])
def test_cookies_a_caller_sets_still_go_out(how: str) -> None:
    echo = CookieEcho(b"{}")
    client = StatelessClient(transport=echo, cookies={"team": "finops"} if how == "constructor" else None)
    if how == "setter":
        client.cookies = {"team": "finops"}
    elif how == "jar":
        client.cookies.set("team", "finops")
    with client:
        client.get("http://127.0.0.1/a")
        client.get("http://127.0.0.1/b")
    assert echo.cookie_headers == ["team=finops", "team=finops"]
    assert dict(client.cookies) == {"team": "finops"}


def test_async_stateless_client_ignores_response_cookies() -> None:
    echo = CookieEcho(b"{}")

    async def run() -> dict[str, str]:
        async with AsyncStatelessClient(transport=echo) as client:
            await client.get("http://127.0.0.1/a")
            await client.get("http://127.0.0.1/b")
            return dict(client.cookies)

    assert asyncio.run(run()) == {}
    assert echo.cookie_headers == [None, None]
