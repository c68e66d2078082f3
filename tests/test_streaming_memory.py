"""The iterators stream: no response outlives its page, and the de-duplication memory is bounded.

With the garbage collector off, an object survives exactly as long as something refers to it, so these
tests see what an iteration retains (an async walk: the bounded pages it holds, no more), not what the collector happened to reclaim yet
(``benchmarks/bench_memory.py`` measures the same thing as peak memory). Before the transport's
``release_stream`` hook, every response of an iteration stayed alive in httpx's response <-> stream
reference cycle until a full collection: 20 of 20 here.
"""

from __future__ import annotations

import asyncio
import copy
import gc
import json
import weakref
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import FAKE_KEY, page_body, pages_handler
from support.narrowing import present
from support.ncp_fixtures import contract_usage_page

from cloudcontracts.core import pagination
from cloudcontracts.core.pagination import PagePlan
from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.hyperstack import AsyncHyperstackContracts, HyperstackContracts
from cloudcontracts.ncloud import AsyncNcloudBilling, NcloudBilling

PAGES = 20
# An async walk (concurrency 4) builds each page when it takes it up, so an answered response waits for
# that, among at most 2 * concurrency pages the walk holds (cloudcontracts.core.paging.awalk_windows);
# it is released as soon as its page is built. A sync walk releases each before handing out its page.
ASYNC_HELD = 2 * 4
ACCESS = "AKEXAMPLE123456789AB"
SECRET = "SKEXAMPLE1234567890abcdefghijklmnopqrstu"


@pytest.fixture
def no_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Live:
    """Every response the client received, weakly: how many of them are still alive."""

    def __init__(self) -> None:
        self.responses: weakref.WeakSet[httpx2.Response] = weakref.WeakSet()
        self.seen = 0
        self.most = 0

    def track(self, response: httpx2.Response) -> None:
        self.responses.add(response)
        self.seen += 1

    async def atrack(self, response: httpx2.Response) -> None:
        self.track(response)

    def sample(self) -> None:
        self.most = max(self.most, len(self.responses))


def hyperstack_pages() -> dict[int, dict[str, Any]]:
    return {page: page_body([2 * page - 1, 2 * page], 2 * PAGES) for page in range(1, PAGES + 1)}


def ncp_handler(request: httpx2.Request) -> httpx2.Response:
    page_no = int(request.url.params["pageNo"])
    page = copy.deepcopy(contract_usage_page(2, products=1, usages=1, seed=page_no))
    body = page["getContractUsageListResponse"]
    body["totalRows"] = 2 * PAGES
    for offset, contract in enumerate(body["contractList"]):
        contract["contractNo"] = str(2 * page_no - 1 + offset)
    return httpx2.Response(200, content=json.dumps(page).encode())


@pytest.mark.usefixtures("no_gc")
def test_sync_hyperstack_iteration_keeps_no_response_alive() -> None:
    live = Live()
    with HyperstackContracts(
        FAKE_KEY, transport=httpx2.MockTransport(pages_handler(hyperstack_pages()))
    ) as hs:
        hs.generated_client.get_httpx_client().event_hooks["response"].append(live.track)
        ids = []
        for contract in hs.iter_contracts(per_page=2):
            live.sample()
            ids.append(contract.id)
    assert ids == list(range(1, 2 * PAGES + 1))
    assert (live.seen, live.most, len(live.responses)) == (PAGES, 0, 0)


@pytest.mark.usefixtures("no_gc")
def test_async_hyperstack_iteration_keeps_no_response_alive() -> None:
    live = Live()

    async def walk() -> list[int]:
        transport = httpx2.MockTransport(pages_handler(hyperstack_pages()))
        async with AsyncHyperstackContracts(FAKE_KEY, transport=transport) as hs:
            hs.generated_client.get_async_httpx_client().event_hooks["response"].append(live.atrack)
            ids: list[int] = []
            async for contract in hs.iter_contracts(per_page=2, concurrency=4):
                live.sample()
                ids.append(present(contract.id))
            return ids

    assert asyncio.run(walk()) == list(range(1, 2 * PAGES + 1))
    assert (live.seen, len(live.responses)) == (PAGES, 0)
    assert 0 < live.most <= ASYNC_HELD


@pytest.mark.usefixtures("no_gc")
def test_sync_ncp_iteration_keeps_no_response_alive() -> None:
    live = Live()
    with NcloudBilling(ACCESS, SECRET, transport=httpx2.MockTransport(ncp_handler)) as ncp:
        ncp.generated_client.get_httpx_client().event_hooks["response"].append(live.track)
        numbers = []
        for contract in ncp.iter_contract_usage("202404", "202404", page_size=2):
            live.sample()
            numbers.append(contract.contract_no)
    assert numbers == [str(n) for n in range(1, 2 * PAGES + 1)]
    assert (live.seen, live.most, len(live.responses)) == (PAGES, 0, 0)


@pytest.mark.usefixtures("no_gc")
def test_async_ncp_iteration_keeps_no_response_alive() -> None:
    live = Live()

    async def walk() -> list[str]:
        transport = httpx2.MockTransport(ncp_handler)
        async with AsyncNcloudBilling(ACCESS, SECRET, transport=transport, concurrency=4) as ncp:
            ncp.generated_client.get_async_httpx_client().event_hooks["response"].append(live.atrack)
            numbers = []
            async for contract in ncp.iter_contract_usage("202404", "202404", page_size=2):
                live.sample()
                numbers.append(str(contract.contract_no))
            return numbers

    assert asyncio.run(walk()) == [str(n) for n in range(1, 2 * PAGES + 1)]
    assert (live.seen, len(live.responses)) == (PAGES, 0)
    assert 0 < live.most <= ASYNC_HELD


def test_a_released_response_reads_the_same() -> None:
    """What the hook leaves behind: the same body, by every way of reading it."""
    with HyperstackContracts(
        FAKE_KEY, transport=httpx2.MockTransport(pages_handler(hyperstack_pages()))
    ) as hs:
        response = hs.generated_client.get_httpx_client().get("/pricebook/contracts", params={"page": 1})
    assert response.json() == hyperstack_pages()[1]
    assert b"".join(response.iter_bytes()) == response.content == response.read()
    assert response.headers["content-length"] == str(len(response.content))


def remembered(plan: PagePlan[int]) -> set[object]:
    return plan._recent | plan._older


def test_dedup_memory_is_bounded_by_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generations of max(DEDUP_WINDOW // 2, 2 pages) = 4 keys: between 4 and 8 keys remembered."""
    monkeypatch.setattr(pagination, "DEDUP_WINDOW", 4)
    plan: PagePlan[int] = PagePlan(2, key=lambda item: item)
    accepted = []
    for page, items in enumerate([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [1, 11]], start=1):
        assert plan.schedule(1) == [page]
        accepted.append(plan.accept(page, items, None))
        assert len(plan._recent) <= 4
        assert len(plan._older) <= 4
    # 1 comes back ten keys later, beyond both generations: a new item as far as the walk can tell
    # (the window's documented limit); the memory stays at two generations however long the walk.
    assert accepted == [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [1, 11]]
    assert (plan._older, plan._recent) == ({5, 6, 7, 8}, {9, 10, 1, 11})


def test_a_repeat_within_the_window_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "DEDUP_WINDOW", 4)
    plan: PagePlan[int] = PagePlan(2, key=lambda item: item)
    for page, items in enumerate([[1, 2], [3, 4]], start=1):
        plan.schedule(1)
        plan.accept(page, items, None)
    plan.schedule(1)
    with pytest.raises(ResponseDecodeError, match="page 3 repeats 1 item"):
        plan.accept(3, [4, 5], None)


def test_a_key_seen_again_is_remembered_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeat found in the older generation joins the recent one, so it outlives that generation."""
    monkeypatch.setattr(pagination, "DEDUP_WINDOW", 4)
    plan: PagePlan[int] = PagePlan(1, key=lambda item: item)  # generations of max(2, 2) = 2 keys
    # 1 is in the older generation {1, 2} when it comes back after 3: a repeat, and remembered again,
    # so the last 1 is still recognised after the rotation that 4 causes (without the refresh it
    # would count as new there).
    assert [plan._is_new(key) for key in [1, 2, 3, 1, 4, 5, 1]] == [
        True,
        True,
        True,
        False,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(("per_page", "generation"), [(8000, 16000), (100, 5000), (2500, 5000), (2501, 5002)])
def test_the_window_holds_two_pages_at_least(per_page: int, generation: int) -> None:
    plan: PagePlan[int] = PagePlan(per_page, key=lambda item: item)
    assert plan._generation_size == generation
    assert pagination.DEDUP_WINDOW == 10_000


def test_every_key_of_the_last_generation_is_remembered() -> None:
    """However the rotation falls, the last generation's worth of keys (two pages at least) is caught."""
    plan: PagePlan[int] = PagePlan(1000, key=lambda item: item)
    keys = list(range(100_000, 100_000 + 23_456))
    for key in keys:
        plan._is_new(key)
    assert all(key in remembered(plan) for key in keys[-plan._generation_size :])
    assert len(remembered(plan)) <= 2 * plan._generation_size


def test_a_server_that_wraps_around_ends_the_walk_beyond_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """count missing and full pages throughout: the server answers page 4 with page 1 again. The keys
    of page 1 left the window long ago, but the page's fingerprint did not: the walk ends in an error
    after page 3, nothing is repeated (before page fingerprints, this walk never ended)."""
    monkeypatch.setattr(pagination, "DEDUP_WINDOW", 4)
    pages = [[1, 2], [3, 4], [5, 6]]
    plan: PagePlan[int] = PagePlan(2, key=lambda item: item)
    delivered: list[int] = []
    requested: list[int] = []

    def run() -> None:
        while not plan.finished and len(requested) < 50:
            (page,) = plan.schedule(1)
            requested.append(page)
            delivered.extend(plan.accept(page, pages[(page - 1) % len(pages)], None))

    with pytest.raises(ResponseDecodeError, match="page 4 repeats an earlier page"):
        run()
    assert (plan.finished, requested, delivered) == (True, [1, 2, 3, 4], [1, 2, 3, 4, 5, 6])
