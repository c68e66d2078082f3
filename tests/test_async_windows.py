"""An async NCP walk over several three-month windows fetches the windows together.

Each window's first page is requested up front (as far as ``concurrency`` allows) and every page is
checked on arrival, yet the rows come out exactly as the sync walk yields them (window by window, page by
page), a failure is raised where the sync walk raises it (after the same rows), requests in flight never
exceed ``concurrency``, and nothing is left running once the walk ends. No timing is asserted: the fake
answers later windows and later pages sooner, so any reliance on arrival order shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable
from urllib.parse import parse_qsl

import httpx2
import pytest

from cloudcontracts.core.months import month_windows
from cloudcontracts.errors import ResponseDecodeError, ServerError
from cloudcontracts.ncloud import AsyncNcloudBilling, NcloudBilling
from cloudcontracts.retry import RetryPolicy

ACCESS = "AKEXAMPLE123456789AB"
SECRET = "SKEXAMPLE1234567890abcdefghijklmnopqrstu"
START, END = "202401", "202412"  # four windows
PAGE_SIZE = 10
WINDOWS = [(str(a), str(b)) for a, b in month_windows(START, END)]


class WindowedNcp:
    """Serves ``rows[w]`` contracts for window ``w``; ``fail(window, page)`` may replace an answer."""

    def __init__(
        self, rows: list[int], *, fail: Callable[[int, int], httpx2.Response | None] | None = None
    ) -> None:
        self.rows = rows
        self.fail = fail
        self.requests: list[tuple[int, int]] = []  # in the order they were answered
        self.started: list[tuple[int, int]] = []  # in the order they were sent (async)
        self.in_flight = 0
        self.max_in_flight = 0

    def contract_nos(self, window: int) -> list[str]:
        return [f"{window + 1}{index:05d}" for index in range(self.rows[window])]

    def answer(self, request: httpx2.Request) -> httpx2.Response:
        query = dict(parse_qsl(request.url.query.decode()))
        window = WINDOWS.index((query["startMonth"], query["endMonth"]))
        page, size = int(query["pageNo"]), int(query["pageSize"])
        self.requests.append((window, page))
        if self.fail is not None:
            failure = self.fail(window, page)
            if failure is not None:
                return failure
        numbers = self.contract_nos(window)[(page - 1) * size : page * size]
        body = {
            "getContractUsageListResponse": {
                "returnCode": "0",
                "returnMessage": "success",
                "totalRows": self.rows[window],
                "contractList": [{"contractNo": number, "regionCode": "KR"} for number in numbers],
            }
        }
        return httpx2.Response(200, json=body)

    async def arespond(self, request: httpx2.Request) -> httpx2.Response:
        query = dict(parse_qsl(request.url.query.decode()))
        window = WINDOWS.index((query["startMonth"], query["endMonth"]))
        self.started.append((window, int(query["pageNo"])))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            # Later windows and later pages answer sooner: order must come from the walk, not arrival.
            await asyncio.sleep(0.004 * (len(WINDOWS) - window) / int(query["pageNo"]))
            return self.answer(request)
        finally:
            self.in_flight -= 1


def _policy() -> RetryPolicy:
    async def asleep(seconds: float) -> None:
        pass

    return RetryPolicy(max_retries=0, sleep=lambda seconds: None, async_sleep=asleep)


def sync_rows(fake: WindowedNcp) -> tuple[list[str], BaseException | None]:
    rows: list[str] = []
    transport = httpx2.MockTransport(fake.answer)
    with NcloudBilling(ACCESS, SECRET, transport=transport, retry_policy=_policy()) as billing:
        try:
            for contract in billing.iter_contract_usage(START, END, page_size=PAGE_SIZE):
                rows.append(str(contract.contract_no))
        except Exception as exc:  # compared with the async walk's
            return rows, exc
    return rows, None


def async_rows(fake: WindowedNcp, concurrency: int) -> tuple[list[str], BaseException | None]:
    rows: list[str] = []

    async def run() -> BaseException | None:
        transport = httpx2.MockTransport(fake.arespond)
        async with AsyncNcloudBilling(
            ACCESS, SECRET, transport=transport, retry_policy=_policy(), concurrency=concurrency
        ) as billing:
            try:
                async for contract in billing.iter_contract_usage(START, END, page_size=PAGE_SIZE):
                    rows.append(str(contract.contract_no))
            except Exception as exc:  # compared with the sync walk's
                assert fake.in_flight == 0  # the error cancelled every request still in flight
                return exc
        return None

    return rows, asyncio.run(run())


@pytest.mark.parametrize("concurrency", [1, 2, 3, 4, 8])
def test_rows_are_exactly_the_sync_walks_in_window_and_page_order(concurrency: int) -> None:
    counts = [25, 7, 0, 31]
    expected = [number for window in range(4) for number in WindowedNcp(counts).contract_nos(window)]
    sync_fake, async_fake = WindowedNcp(counts), WindowedNcp(counts)
    assert sync_rows(sync_fake) == (expected, None)
    assert async_rows(async_fake, concurrency) == (expected, None)
    assert len(expected) == 63
    # The same pages, each requested once.
    assert sorted(async_fake.requests) == sorted(sync_fake.requests)
    assert len(set(async_fake.requests)) == len(async_fake.requests) == 3 + 1 + 1 + 4
    assert async_fake.max_in_flight <= concurrency
    assert gc.isenabled()  # the pause around each page's decoding ended with it


@pytest.mark.parametrize("concurrency", [2, 4, 8])
def test_every_windows_first_page_is_requested_up_front(concurrency: int) -> None:
    fake = WindowedNcp([25, 25, 25, 25])
    rows, error = async_rows(fake, concurrency)
    assert error is None
    assert len(rows) == 100
    # Before any window's second page: as many first pages as concurrency allows, in window order.
    first = min(concurrency, len(WINDOWS))
    assert fake.started[:first] == [(window, 1) for window in range(first)]
    assert fake.max_in_flight == concurrency if concurrency <= 4 else fake.max_in_flight <= concurrency


def test_one_request_at_a_time_with_concurrency_one_is_the_sync_order() -> None:
    fake = WindowedNcp([25, 7, 0, 31])
    sync_fake = WindowedNcp([25, 7, 0, 31])
    sync_rows(sync_fake)
    async_rows(fake, 1)
    assert fake.started == fake.requests == sync_fake.requests
    assert fake.max_in_flight == 1


@pytest.mark.parametrize("concurrency", [1, 3, 4])
@pytest.mark.parametrize("failing", [(0, 2), (2, 1), (3, 3)])
def test_a_failure_is_raised_after_the_same_rows_as_sync(concurrency: int, failing: tuple[int, int]) -> None:
    def fail(window: int, page: int) -> httpx2.Response | None:
        if (window, page) == failing:
            return httpx2.Response(503, json={"error": {"errorCode": "500", "message": "Endpoint Error"}})
        return None

    counts = [25, 25, 25, 25]
    expected_rows, expected_error = sync_rows(WindowedNcp(counts, fail=fail))
    rows, error = async_rows(WindowedNcp(counts, fail=fail), concurrency)
    assert isinstance(expected_error, ServerError)
    assert isinstance(error, ServerError)
    assert rows == expected_rows
    assert len(rows) == failing[0] * 25 + (failing[1] - 1) * PAGE_SIZE
    assert gc.isenabled()


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_page_check_failure_in_a_later_window_comes_after_earlier_windows(concurrency: int) -> None:
    """Window 3's second page announces another total: refused, after windows 1 and 2 and its first page."""
    fake_rows = [25, 25, 25, 25]

    def fail(window: int, page: int) -> httpx2.Response | None:
        if (window, page) != (2, 2):
            return None
        body = {
            "getContractUsageListResponse": {
                "returnCode": "0",
                "totalRows": 26,
                "contractList": [{"contractNo": f"x{i}"} for i in range(PAGE_SIZE)],
            }
        }
        return httpx2.Response(200, json=body)

    expected_rows, expected_error = sync_rows(WindowedNcp(fake_rows, fail=fail))
    rows, error = async_rows(WindowedNcp(fake_rows, fail=fail), concurrency)
    assert isinstance(expected_error, ResponseDecodeError)
    assert isinstance(error, ResponseDecodeError)
    assert str(error) == str(expected_error)
    assert rows == expected_rows
    assert len(rows) == 2 * 25 + PAGE_SIZE


def test_stopping_early_cancels_every_window_in_flight() -> None:
    fake = WindowedNcp([25, 25, 25, 25])

    async def run() -> list[str]:
        taken: list[str] = []
        transport = httpx2.MockTransport(fake.arespond)
        async with AsyncNcloudBilling(
            ACCESS, SECRET, transport=transport, retry_policy=_policy(), concurrency=4
        ) as billing:
            async with contextlib.aclosing(
                billing.iter_contract_usage(START, END, page_size=PAGE_SIZE)  # type: ignore[type-var]  # an async generator: it has aclose
            ) as rows:
                async for contract in rows:
                    taken.append(str(contract.contract_no))
                    if len(taken) == 12:
                        break
            assert fake.in_flight == 0
        return taken

    taken = asyncio.run(run())
    assert taken == WindowedNcp([25]).contract_nos(0)[:12]
    assert len(fake.requests) < 13  # 3 pages a window, 4 windows: not all of them


# --- what concurrency counts: requests on the network ----------------------------------------------------


class SlowPage:
    """One window of ``pages`` pages of ``PAGE_SIZE``; page ``slow`` stays on the network until the walk
    has sent ``expect`` more requests (or two seconds have passed), and a few loop turns after that."""

    def __init__(self, pages: int, slow: int, expect: int) -> None:
        self.fake = WindowedNcp([pages * PAGE_SIZE, 0, 0, 0])
        self.slow = slow
        self.expect = expect
        self.started_while_slow: list[int] = []  # pages sent while the slow one was on the network
        self.in_flight = 0
        self.max_in_flight = 0
        self.slow_in_flight = False

    async def arespond(self, request: httpx2.Request) -> httpx2.Response:
        page = int(dict(parse_qsl(request.url.query.decode()))["pageNo"])
        if self.slow_in_flight:
            self.started_while_slow.append(page)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if page == self.slow:
                self.slow_in_flight = True
                for _ in range(2000):
                    if len(self.started_while_slow) >= self.expect:
                        break
                    await asyncio.sleep(0.001)
                for _ in range(50):  # room for a request the walk should not send
                    await asyncio.sleep(0)
                self.slow_in_flight = False
            else:
                await asyncio.sleep(0)
            return self.fake.answer(request)
        finally:
            self.in_flight -= 1


def slow_page_walk(
    concurrency: int, expect: int, pages: int = 12, slow: int = 2
) -> tuple[SlowPage, list[str]]:
    server = SlowPage(pages, slow, expect)

    async def run() -> list[str]:
        transport = httpx2.MockTransport(server.arespond)
        async with AsyncNcloudBilling(
            ACCESS, SECRET, transport=transport, retry_policy=_policy(), concurrency=concurrency
        ) as billing:
            return [
                str(c.contract_no)
                async for c in billing.iter_contract_usage(START, WINDOWS[0][1], page_size=PAGE_SIZE)
            ]

    return server, asyncio.run(run())


@pytest.mark.parametrize("concurrency", [1, 2, 3])
def test_a_page_answered_early_does_not_hold_a_place_on_the_network(concurrency: int) -> None:
    """Page 2 is slow; the pages after it answer at once. Each answered page frees its place, so new
    requests go out while page 2 is still on the network -- until the walk holds ``2 * concurrency``
    pages (page 2 and the ones answered behind it, waiting for its check)."""
    # Page 1 is the consumer's (handed out next); the walk holds page 2 and the pages sent while it is
    # out: 2 * concurrency - 1 of them (none with concurrency 1: page 2 is the one request on the network).
    expected = list(range(3, 3 + 2 * concurrency - 1)) if concurrency > 1 else []
    server, rows = slow_page_walk(concurrency, len(expected))
    assert rows == server.fake.contract_nos(0)
    assert server.max_in_flight == concurrency
    assert server.started_while_slow == expected


def test_concurrency_one_keeps_one_request_on_the_network_with_windows() -> None:
    fake = WindowedNcp([25, 7, 0, 31])
    async_rows(fake, 1)
    assert fake.max_in_flight == 1
    assert fake.started == fake.requests  # each answered before the next was sent
