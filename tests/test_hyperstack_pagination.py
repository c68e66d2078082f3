"""iter_contracts, sync and async: exact pages requested and exact ids yielded, whatever ``count`` means."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import httpx2
import pytest
from support.hyperstack_fakes import BASE, FAKE_KEY, ConcurrencyProbe, Recorder, page_body, pages_handler
from support.narrowing import present

from cloudcontracts.core.operations import operation
from cloudcontracts.errors import ResponseDecodeError, ServerError
from cloudcontracts.hyperstack import AsyncHyperstackContracts, HyperstackContracts

Pages = dict[int, dict[str, Any]]


def table(spec: Mapping[int, tuple[list[int], int | None]]) -> Pages:
    return {page: page_body(ids, count) for page, (ids, count) in spec.items()}


# (case, pages served with per_page=2, pages that must be requested, ids that must be yielded)
CASES: list[tuple[str, Pages, list[int], list[int]]] = [
    ("count is the total", table({1: ([1, 2], 5), 2: ([3, 4], 5), 3: ([5], 5)}), [1, 2, 3], [1, 2, 3, 4, 5]),
    (
        "count is the page size",
        table({1: ([1, 2], 2), 2: ([3, 4], 2), 3: ([5], 1)}),
        [1, 2, 3],
        [1, 2, 3, 4, 5],
    ),
    (
        "count missing",
        table({1: ([1, 2], None), 2: ([3, 4], None), 3: ([5], None)}),
        [1, 2, 3],
        [1, 2, 3, 4, 5],
    ),
    # An exact multiple: a proven total ends the walk on a full page; otherwise an empty page must.
    ("exact multiple, count is the total", table({1: ([1, 2], 4), 2: ([3, 4], 4)}), [1, 2], [1, 2, 3, 4]),
    (
        "exact multiple, count is the page size",
        table({1: ([1, 2], 2), 2: ([3, 4], 2), 3: ([], 0)}),
        [1, 2, 3],
        [1, 2, 3, 4],
    ),
    (
        "exact multiple, count missing",
        table({1: ([1, 2], None), 2: ([3, 4], None), 3: ([], None)}),
        [1, 2, 3],
        [1, 2, 3, 4],
    ),
    ("empty first page", table({1: ([], 0)}), [1], []),
    ("empty first page, count missing", table({1: ([], None)}), [1], []),
    ("one short page, count is the total", table({1: ([9], 1)}), [1], [9]),
    ("count is zero but items came", table({1: ([1, 2], 0), 2: ([3], 0)}), [1, 2], [1, 2, 3]),
]
IDS = [case[0] for case in CASES]


def sync_walk(pages: Pages, per_page: int = 2) -> tuple[list[int], list[int]]:
    transport = Recorder(pages_handler(pages))
    with HyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
        ids = [present(contract.id) for contract in client.iter_contracts(per_page=per_page)]
    assert all(r.url.params["per_page"] == str(per_page) for r in transport.requests)
    return transport.pages, ids


def async_walk(pages: Pages, per_page: int = 2, concurrency: int = 4) -> tuple[list[int], list[int]]:
    transport = Recorder(pages_handler(pages))

    async def main() -> list[int]:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            return [
                present(c.id) async for c in client.iter_contracts(per_page=per_page, concurrency=concurrency)
            ]

    ids = asyncio.run(main())
    return transport.pages, ids


# (case, pages served with per_page=2, pages that must be requested, the error's words): a page that is
# not new, or a walk that contradicts a proven total, is an error -- never a silent duplicate or a
# silent short result (core/pagination.py).
ERRORS: list[tuple[str, Pages, list[int], str]] = [
    (
        "duplicate across pages, count missing",
        table({1: ([1, 2], None), 2: ([2, 3], None), 3: ([4], None)}),
        [1, 2],
        "page 2 repeats 1 item(s) already returned",
    ),
    (
        "duplicate across pages, count is the total",
        table({1: ([1, 2], 5), 2: ([2, 3], 5), 3: ([4], 5)}),
        [1, 2],
        "page 2 repeats 1 item(s) already returned",
    ),
    (
        "server ignores page",
        table({1: ([1, 2], 2), 2: ([1, 2], 2)}),
        [1, 2],
        "page 2 repeats an earlier page",
    ),
    (
        "walk ends short of the total",
        table({1: ([1, 2], 6), 2: ([3, 4], 6), 3: ([5], 6)}),
        [1, 2, 3],
        "the list ended after 5 of the 6 items its count announced",
    ),
    (
        "count changes mid-walk",
        table({1: ([1, 2], 6), 2: ([3, 4], 5), 3: ([5], 5)}),
        [1, 2],
        "count changed from 6 to 5 on page 2",
    ),
]


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
@pytest.mark.parametrize(("case", "pages", "requested", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_pages_that_are_not_new_or_contradict_the_total_are_errors(
    case: str, pages: Pages, requested: list[int], message: str, sync: bool
) -> None:
    transport = Recorder(pages_handler(pages))
    yielded: list[int] = []

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            async for contract in client.iter_contracts(per_page=2, concurrency=1):
                yielded.append(present(contract.id))

    def run() -> None:
        if sync:
            with HyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
                yielded.extend(present(contract.id) for contract in client.iter_contracts(per_page=2))
        else:
            asyncio.run(main())

    with pytest.raises(ResponseDecodeError) as caught:
        run()
    assert message in str(caught.value)
    assert transport.pages == requested
    assert len(yielded) == 2 * (len(requested) - 1)  # the pages before the bad one, nothing of it


@pytest.mark.parametrize(("case", "pages", "requested", "yielded"), CASES, ids=IDS)
def test_sync_pages_and_ids(case: str, pages: Pages, requested: list[int], yielded: list[int]) -> None:
    assert sync_walk(pages) == (requested, yielded)


@pytest.mark.parametrize(("case", "pages", "requested", "yielded"), CASES, ids=IDS)
def test_async_pages_and_ids(case: str, pages: Pages, requested: list[int], yielded: list[int]) -> None:
    assert async_walk(pages) == (requested, yielded)


def test_exact_request_lines() -> None:
    transport = Recorder(pages_handler(table({1: ([1, 2], 3), 2: ([3], 3)})))
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        assert [c.id for c in client.iter_contracts(per_page=2)] == [1, 2, 3]
    assert transport.lines == [
        f"GET {BASE}/pricebook/contracts?page=1&per_page=2",
        f"GET {BASE}/pricebook/contracts?page=2&per_page=2",
    ]
    assert all(r.headers["api_key"] == FAKE_KEY for r in transport.requests)


def test_default_per_page_is_100() -> None:
    transport = Recorder(pages_handler(table({1: ([1], None)})))
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        list(client.iter_contracts())
    assert transport.lines == [f"GET {BASE}/pricebook/contracts?page=1&per_page=100"]


def test_sync_iteration_is_lazy() -> None:
    transport = Recorder(pages_handler(table({1: ([1, 2], None), 2: ([3, 4], None), 3: ([], None)})))
    with HyperstackContracts(FAKE_KEY, transport=transport) as client:
        iterator = client.iter_contracts(per_page=2)
        assert transport.requests == []
        assert next(iterator).id == 1
        assert transport.pages == [1]


# --- async overlap -----------------------------------------------------------------------------------------

TEN_PAGES = table({p: ([2 * p - 1, 2 * p], 19) for p in range(1, 10)} | {10: ([19], 19)})


def probe_walk(probe: ConcurrencyProbe, concurrency: int) -> list[int]:
    async def main() -> list[int]:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=probe) as client:
            return [present(c.id) async for c in client.iter_contracts(per_page=2, concurrency=concurrency)]

    return asyncio.run(main())


def test_async_overlaps_pages_when_count_is_a_total_and_keeps_page_order() -> None:
    probe = ConcurrencyProbe(TEN_PAGES)
    assert probe_walk(probe, concurrency=4) == list(range(1, 20))
    assert probe.started == list(range(1, 11))
    assert probe.max_active == 4  # bounded, and the bound was reached
    assert probe.finished != sorted(probe.finished)  # later pages answered first, yet order held


def test_async_concurrency_one_is_sequential() -> None:
    probe = ConcurrencyProbe(TEN_PAGES)
    assert probe_walk(probe, concurrency=1) == list(range(1, 20))
    assert probe.max_active == 1


def test_async_is_sequential_while_the_number_of_pages_is_unknown() -> None:
    probe = ConcurrencyProbe(table({p: ([2 * p - 1, 2 * p], 2) for p in range(1, 6)} | {6: ([11], 1)}))
    assert probe_walk(probe, concurrency=4) == list(range(1, 12))
    assert probe.started == [1, 2, 3, 4, 5, 6]
    assert probe.max_active == 1


def test_async_stale_total_is_an_error_and_prefetched_pages_are_dropped() -> None:
    # count says 10 (5 pages) but page 2 is short: pages 3-5 may already be in flight; they are cancelled
    # or ignored, nothing after page 2 is yielded, and the short result is an error, not the result.
    pages = table({1: ([1, 2], 10), 2: ([3], 10), 3: ([], 10), 4: ([], 10), 5: ([], 10)})
    for walker in (async_walk, sync_walk):
        with pytest.raises(ResponseDecodeError, match="ended after 3 of the 10 items"):
            walker(pages)
    transport = Recorder(pages_handler(pages))
    seen: list[int] = []

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            async for contract in client.iter_contracts(per_page=2, concurrency=4):
                seen.append(present(contract.id))

    with pytest.raises(ResponseDecodeError):
        asyncio.run(main())
    assert seen == [1, 2]
    assert transport.pages[:2] == [1, 2]
    assert set(transport.pages) <= {1, 2, 3, 4, 5}


def test_async_early_exit_cancels_pages_in_flight() -> None:
    probe = ConcurrencyProbe(TEN_PAGES, delay=0.05)

    async def main() -> list[int]:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=probe) as client:
            taken: list[int] = []
            walk = client.iter_contracts(per_page=2)
            assert isinstance(walk, AsyncGenerator)  # what aclosing needs: an aclose() to call
            async with contextlib.aclosing(walk) as contracts:
                async for contract in contracts:
                    taken.append(present(contract.id))
                    if len(taken) == 3:
                        break
            assert probe.active == 0  # nothing left running behind the caller
            return taken

    assert asyncio.run(main()) == [1, 2, 3]
    assert len(probe.started) < 10


def test_async_error_in_a_prefetched_page_is_raised_in_order() -> None:
    pages = table({1: ([1, 2], 8), 2: ([3, 4], 8), 4: ([7, 8], 8)})  # page 3 is missing: the fake answers 500
    transport = Recorder(pages_handler(pages))
    taken: list[int] = []

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            async for contract in client.iter_contracts(per_page=2):
                taken.append(present(contract.id))

    with pytest.raises(ServerError, match="test asked for page 3"):
        asyncio.run(main())
    assert taken == [1, 2, 3, 4]


def test_async_requests_the_next_pages_before_handing_out_a_page() -> None:
    """count proves a total of 9 on page 1: pages 2-4 (concurrency 3) are requested before the consumer
    gets page 1's first contract, so its work on each contract overlaps with the fetching."""
    probe = ConcurrencyProbe(
        table({1: ([1, 2], 9), 2: ([3, 4], 9), 3: ([5, 6], 9), 4: ([7, 8], 9), 5: ([9], 9)})
    )
    started_at_first: list[list[int]] = []

    async def main() -> list[int]:
        ids: list[int] = []
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=probe) as client:
            async for contract in client.iter_contracts(per_page=2, concurrency=3):
                if not ids:
                    for _ in range(5):
                        await asyncio.sleep(0)
                    started_at_first.append(list(probe.started))
                ids.append(present(contract.id))
        return ids

    assert asyncio.run(main()) == list(range(1, 10))
    assert started_at_first == [[1, 2, 3, 4]]


def _billing_page(entries: list[tuple[str, float]], page: int, total: int) -> dict[str, Any]:
    return {
        "status": True,
        "message": "ok",
        "billing_history_vm": {
            "org_id": 7,
            "total_count": total,
            "pagination": {"page": page, "pages": 2, "per_page": 2},
            "billing_history": [
                {"attributes": {"id": vm, "contract_id": 11}, "metrics": {"incurred_bill": bill}}
                for vm, bill in entries
            ],
        },
    }


def test_the_billing_history_is_keyed_one_level_down() -> None:
    """The document names ``attributes.id`` as the entries' identity: read as a path of model attributes."""
    paging = operation("hyperstack", "get_vm_billing_history").paging
    assert paging is not None and paging.item_key == ("attributes", "id")


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_a_billing_page_repeating_a_machine_is_refused(sync: bool) -> None:
    """Page 2 bills machine ``vm-b`` again with other figures (so the page is not an exact repeat): the
    key one level down catches it, and nothing of page 2 is returned."""
    bodies = {
        1: _billing_page([("vm-a", 1.5), ("vm-b", 2.5)], 1, 4),
        2: _billing_page([("vm-b", 9.0), ("vm-c", 3.5)], 2, 4),
    }
    transport = Recorder(lambda request: httpx2.Response(200, json=bodies[int(request.url.params["page"])]))
    seen: list[str] = []

    def vm_id(entry: Any) -> str:
        return str(entry.attributes.id)

    async def main() -> None:
        async with AsyncHyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
            async for entry in client.iter_items("get_vm_billing_history", per_page=2, concurrency=1):
                seen.append(vm_id(entry))

    def run() -> None:
        if sync:
            with HyperstackContracts(FAKE_KEY, max_retries=0, transport=transport) as client:
                seen.extend(vm_id(e) for e in client.iter_items("get_vm_billing_history", per_page=2))
        else:
            asyncio.run(main())

    with pytest.raises(ResponseDecodeError, match="page 2 repeats 1 item"):
        run()
    assert seen == ["vm-a", "vm-b"]
    assert transport.pages == [1, 2]
