"""Soak: 200 pages of NCP usage and of Hyperstack contracts, sync and async, with 20 % of the sandbox's
responses faulted at random (seeded, retryable kinds only) -- exactly the sandbox's rows come back, in
order, none lost, none duplicated, and every page was answered exactly once.

The retry policy never sleeps (sleeps are recorded), so the soak costs only the requests themselves.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from typing import Any, Literal

import pytest
from support.fault_support import (
    SleepLog,
    hyperstack_async,
    hyperstack_sync,
    ncloud_async,
    ncloud_sync,
    payload,
)
from support.fixtures import sandbox_data

from cloudcontracts.core.options import DEFAULT_CONCURRENCY
from cloudcontracts.sandbox import FaultPlan, Sandbox

PAGES = 200
PER_PAGE = 5
HS_CONTRACTS = PAGES * PER_PAGE
# Seed 0: 445 contracts with usage from 202311 to 202401 and 555 from 202402 to 202404 -- the client's
# two three-month windows of START_MONTH..END_MONTH, 89 + 111 = 200 pages of 5.
NCP_CONTRACTS = 602
NCP_WINDOWS = (("202311", "202401"), ("202402", "202404"))
START_MONTH, END_MONTH = NCP_WINDOWS[0][0], NCP_WINDOWS[-1][1]
PROBABILITY = 0.2
SEED = 20240424
MAX_RETRIES = 8  # 0.2 ** 9: a page failing every attempt is practically impossible (and seeded)
# Every fault the client must ride through: retryable statuses, HTML pages, a dropped connection, a
# truncated body, and a Retry-After that must be honoured.
KINDS = ("429", "429:1", "throttle", "500", "502", "503", "504", "html", "html:503", "drop", "truncate")

Mode = Literal["sync", "async"]


pytestmark = [
    pytest.mark.slow,
    sandbox_data(
        hyperstack_contracts=HS_CONTRACTS,
        ncp_contracts=NCP_CONTRACTS,
        faults=FaultPlan.of(probability=PROBABILITY, kinds=KINDS, seed=SEED),
    ),
]


def assert_soaked(sb: Sandbox, operation: str, slept: list[float]) -> None:
    """Every page answered exactly once, every fault retried exactly once, and faults really happened."""
    history = sb.faults.history
    assert {op for op, _ in history} == {operation}
    answered = [fault for _, fault in history if fault is None]
    faulted = [fault for _, fault in history if fault is not None]
    assert len(answered) == PAGES  # no page fetched twice, none skipped
    assert len(history) == PAGES + len(faulted)  # one extra request per fault, no more
    assert len(history) > PAGES
    assert 0.12 * len(history) <= len(faulted) <= 0.28 * len(history)
    assert set(faulted) == set(KINDS)  # seeded: every kind was met at least once
    assert len(slept) == len(faulted)  # one (recorded, not slept) wait per retry
    assert slept.count(1.0) >= Counter(faulted)["429:1"]  # Retry-After: 1 honoured


def assert_exact_rows(got: list[dict[str, Any]], want: list[dict[str, Any]], key: str) -> None:
    ids = [row[key] for row in got]
    assert len(ids) == len(set(ids))  # none duplicated
    assert ids == [row[key] for row in want]  # none lost, in order
    assert got == want  # and every field exact


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_hyperstack_contracts_through_random_faults(sb: Sandbox, mode: Mode) -> None:
    want = sb.state.hyperstack_contracts()
    assert len(want) == PAGES * PER_PAGE
    log = SleepLog(MAX_RETRIES)
    if mode == "sync":
        with hyperstack_sync(sb, log.policy) as hs:
            got = [payload(c) for c in hs.iter_contracts(per_page=PER_PAGE)]
    else:

        async def pull() -> list[dict[str, Any]]:
            async with hyperstack_async(sb, log.policy) as hs:
                return [payload(c) async for c in hs.iter_contracts(per_page=PER_PAGE)]

        got = asyncio.run(pull())
    assert_exact_rows(got, want, "id")
    assert_soaked(sb, "list_contracts", log.slept)


@pytest.mark.parametrize("response_format", ["json", "xml"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_ncp_usage_through_random_faults(
    sb: Sandbox, mode: Mode, response_format: Literal["json", "xml"]
) -> None:
    windows = [sb.state.ncp_contracts(start, end) for start, end in NCP_WINDOWS]
    assert sum(math.ceil(len(rows) / PER_PAGE) for rows in windows) == PAGES
    log = SleepLog(MAX_RETRIES)
    if mode == "sync":
        with ncloud_sync(sb, log.policy, response_format) as ncp:
            got = [payload(c) for c in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE)]
    else:

        async def pull() -> list[dict[str, Any]]:
            async with ncloud_async(sb, log.policy, response_format, concurrency=DEFAULT_CONCURRENCY) as ncp:
                rows = ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE)
                return [payload(c) async for c in rows]

        got = asyncio.run(pull())
    assert len(got) == sum(len(rows) for rows in windows) == 1000
    # A contract with usage in both windows comes once per window (each with that window's usage).
    first = len(windows[0])
    assert_exact_rows(got[:first], windows[0], "contractNo")
    assert_exact_rows(got[first:], windows[1], "contractNo")
    assert_soaked(sb, "getContractUsageList", log.slept)
