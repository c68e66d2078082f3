"""PagePlan, the I/O-free page walk both Hyperstack shells drive: scheduling, stopping, proving pages new."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from cloudcontracts.core.pagination import PagePlan
from cloudcontracts.errors import ResponseDecodeError


def plan(per_page: int = 2) -> PagePlan[int]:
    return PagePlan(per_page, key=lambda item: item)


def walk(
    pages: Mapping[int, tuple[list[int], int | None]], per_page: int = 2, window: int = 1
) -> tuple[list[int], list[int]]:
    """Drive a plan the way a shell does; returns (pages requested, items yielded)."""
    p = plan(per_page)
    requested: list[int] = []
    yielded: list[int] = []
    in_flight: list[int] = []
    while not p.finished:
        scheduled = p.schedule(window)
        requested += scheduled
        in_flight += scheduled
        page = in_flight.pop(0)
        items, count = pages.get(page, ([], None))
        yielded += p.accept(page, items, count)
    return requested, yielded


@pytest.mark.parametrize(
    ("pages", "requested", "yielded"),
    [
        ({1: ([1, 2], 5), 2: ([3, 4], 5), 3: ([5], 5)}, [1, 2, 3], [1, 2, 3, 4, 5]),
        ({1: ([1, 2], 2), 2: ([3, 4], 2), 3: ([5], 1)}, [1, 2, 3], [1, 2, 3, 4, 5]),
        ({1: ([1, 2], None), 2: ([3, 4], None), 3: ([5], None)}, [1, 2, 3], [1, 2, 3, 4, 5]),
        ({1: ([1, 2], 4), 2: ([3, 4], 4)}, [1, 2], [1, 2, 3, 4]),
        ({1: ([1, 2], None), 2: ([3, 4], None), 3: ([], None)}, [1, 2, 3], [1, 2, 3, 4]),
        ({1: ([], 0)}, [1], []),
    ],
    ids=[
        "total",
        "page size",
        "missing",
        "exact multiple total",
        "exact multiple unknown",
        "empty",
    ],
)
def test_walk_sequentially(pages: Any, requested: list[int], yielded: list[int]) -> None:
    assert walk(pages) == (requested, yielded)


def test_walk_with_a_window_requests_the_same_pages_once_the_total_is_known() -> None:
    pages: dict[int, tuple[list[int], int | None]] = {p: ([2 * p - 1, 2 * p], 13) for p in range(1, 7)}
    pages[7] = ([13], 13)
    assert walk(pages, window=3) == (list(range(1, 8)), list(range(1, 14)))


def test_nothing_ahead_of_page_one_and_nothing_ahead_without_a_total() -> None:
    p = plan()
    assert p.schedule(4) == [1]
    assert p.schedule(4) == []  # page 1 is outstanding; no total yet
    assert p.accept(1, [1, 2], 2) == [1, 2]  # count == page size: ambiguous, not a total
    assert p.total is None
    assert p.last_page is None
    assert p.schedule(4) == [2]


def test_window_is_bounded_and_stops_at_the_last_page() -> None:
    p = plan()
    assert p.schedule(3) == [1]
    p.accept(1, [1, 2], 11)  # 11 > 2 items: a total; 6 pages
    assert (p.total, p.last_page) == (11, 6)
    assert p.schedule(3) == [2, 3, 4]
    assert p.in_flight == 3
    assert p.schedule(3) == []
    p.accept(2, [3, 4], 11)
    assert p.schedule(3) == [5]
    p.accept(3, [5, 6], 11)
    assert p.schedule(3) == [6]
    p.accept(4, [7, 8], 11)
    assert p.schedule(3) == []  # page 7 would be past the last page
    p.accept(5, [9, 10], 11)
    assert p.accept(6, [11], 11) == [11]
    assert p.finished
    assert p.schedule(3) == []


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        # Offset shifts: an item inserted ahead of the walk pushes item 2 onto page 2 as well.
        ({1: ([1, 2], None), 2: ([2, 3], None)}, "page 2 repeats 1 item(s) already returned"),
        ({1: ([1, 2], 5), 2: ([2, 3], 5)}, "page 2 repeats 1 item(s) already returned"),
        ({1: ([1, 2], None), 2: ([3, 3], None)}, "page 2 repeats 1 item(s) already returned"),
        # A server that ignores `page`, or wraps around to page 1 after the last.
        ({1: ([1, 2], None), 2: ([1, 2], None)}, "page 2 repeats an earlier page"),
        ({1: ([1, 2], 2), 2: ([3, 4], 2), 3: ([1, 2], 2)}, "page 3 repeats an earlier page"),
        ({1: ([1, 2], None), 2: ([2, 1], None)}, "page 2 repeats 2 item(s) already returned"),
        # An item deleted ahead of the walk pulls one back past it: the count or the end gives it away.
        ({1: ([1, 2], 5), 2: ([4, 5], 4)}, "count changed from 5 to 4 on page 2"),
        ({1: ([1, 2], 9), 2: ([3, 4], 4)}, "count changed from 9 to 4 on page 2"),
        ({1: ([1, 2], 5), 2: ([3], 5)}, "the list ended after 3 of the 5 items its count announced"),
        ({1: ([1, 2], 5), 2: ([], 5)}, "the list ended after 2 of the 5 items its count announced"),
        ({1: ([1, 2], 3), 2: ([3, 4], 3)}, "the list ended after 4 of the 3 items its count announced"),
    ],
    ids=[
        "insertion",
        "insertion with a total",
        "the same key twice on a page",
        "server ignores page",
        "wrap-around",
        "loop",
        "deletion changes the count",
        "the list shrank",
        "ends short of the total",
        "empty before the total",
        "more than the total",
    ],
)
def test_a_page_that_is_not_new_or_contradicts_the_total_is_an_error(
    pages: dict[int, tuple[list[int], int | None]], message: str
) -> None:
    with pytest.raises(ResponseDecodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        walk(pages)


def test_after_an_error_the_walk_is_finished() -> None:
    p = plan()
    p.schedule(1)
    p.accept(1, [1, 2], None)
    p.schedule(1)
    with pytest.raises(ResponseDecodeError):
        p.accept(2, [1, 2], None)
    assert p.finished
    assert p.schedule(4) == []


def test_full_page_reaching_the_total_finishes_without_an_empty_page() -> None:
    p = plan()
    p.schedule(1)
    p.accept(1, [1, 2], 4)
    p.schedule(1)
    p.accept(2, [3, 4], 4)
    assert p.finished


def test_items_without_a_key_are_compared_page_by_page() -> None:
    p: PagePlan[dict[str, int]] = PagePlan(3, key=lambda item: item.get("id"))
    p.schedule(1)
    assert p.accept(1, [{"id": 1}, {"n": 1}, {"n": 1}], None) == [{"id": 1}, {"n": 1}, {"n": 1}]
    p.schedule(1)
    # Equal key-less items are not repeats by themselves (two rows may be alike) ...
    assert p.accept(2, [{"n": 1}, {"n": 2}, {"id": 2}], None) == [{"n": 1}, {"n": 2}, {"id": 2}]
    p.schedule(1)
    # ... but a page identical to an earlier one is (a server that ignores `page`).
    with pytest.raises(ResponseDecodeError, match="page 3 repeats an earlier page"):
        p.accept(3, [{"n": 1}, {"n": 2}, {"id": 2}], None)


def test_key_less_pages_with_new_content_for_ever_stop_at_max_pages() -> None:
    p: PagePlan[str] = PagePlan(2, key=lambda item: None, max_pages=3)
    for page in (1, 2):
        assert p.schedule(1) == [page]
        assert p.accept(page, [f"{page}a", f"{page}b"], None) == [f"{page}a", f"{page}b"]
    assert p.schedule(1) == [3]
    with pytest.raises(ResponseDecodeError, match="goes on past max_pages=3 pages"):
        p.accept(3, ["3a", "3b"], None)
    assert p.finished


def test_a_list_of_exactly_max_pages_with_a_total_ends_without_an_error() -> None:
    p: PagePlan[int] = PagePlan(2, key=lambda item: item, max_pages=2)
    p.schedule(1)
    p.accept(1, [1, 2], 4)
    p.schedule(1)
    assert p.accept(2, [3, 4], 4) == [3, 4]
    assert p.finished


def test_accept_out_of_order_or_unscheduled_is_a_bug() -> None:
    p = plan()
    with pytest.raises(RuntimeError, match="out of order"):
        p.accept(1, [1], None)  # never scheduled
    p.schedule(1)
    with pytest.raises(RuntimeError, match="out of order"):
        p.accept(2, [1], None)


def test_accept_after_the_end_is_a_bug() -> None:
    p = plan()
    p.schedule(1)
    p.accept(1, [], None)
    with pytest.raises(RuntimeError, match="finished"):
        p.accept(2, [1], None)


@pytest.mark.parametrize("per_page", [0, -1, True, 2.0, "2"])
def test_per_page_must_be_a_positive_int(per_page: Any) -> None:
    with pytest.raises(ValueError, match="per_page"):
        PagePlan(per_page, key=lambda item: item)


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        plan().schedule(0)


def test_empty_first_page_finishes_with_no_total() -> None:
    p = plan()
    p.schedule(1)
    assert p.accept(1, [], 0) == []
    assert p.finished
    assert p.last_page is None


@pytest.mark.parametrize("window", [1, 4])
def test_a_server_that_caps_the_page_size_is_walked_at_its_size(window: int) -> None:
    # Asked for 5 per page, the server gives 3 and numbers its pages by 3; count proves 8 in all.
    pages = {1: ([1, 2, 3], 8), 2: ([4, 5, 6], 8), 3: ([7, 8], 8)}
    requested, yielded = walk(pages, per_page=5, window=window)
    assert yielded == [1, 2, 3, 4, 5, 6, 7, 8]
    assert requested == [1, 2, 3]


def test_a_capped_walk_that_ends_short_of_the_total_is_an_error() -> None:
    # The server gives 3 of the 5 asked but skips by 5: items 4 and 5 would be lost without a word.
    pages = {1: ([1, 2, 3], 8), 2: ([6, 7, 8], 8), 3: ([], 8)}
    with pytest.raises(ResponseDecodeError, match="ended after 6 of the 8 items its count announced"):
        walk(pages, per_page=5)


def test_a_short_page_after_full_ones_ends_the_walk_when_count_is_not_a_total() -> None:
    # Hyperstack does not document what count means, so it alone is not trusted; without a proven total the end is the short page.
    requested, yielded = walk({1: ([1, 2], 2), 2: ([3, 4], 2), 3: ([5], 1)}, per_page=2)
    assert (requested, yielded) == ([1, 2, 3], [1, 2, 3, 4, 5])
