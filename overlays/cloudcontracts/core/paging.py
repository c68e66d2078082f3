"""The generic pager: every list operation of either document, walked page by page, sync or async.

A walk is a plan (an I/O-free object deciding which pages to request and what each page may contain)
driven by one of two shells: :func:`walk` (sync, one page at a time) and :func:`awalk_windows` (async,
several walks -- an NCP period's windows -- at once, up to ``concurrency`` requests in flight, pages
yielded in walk and page order; requests still in flight when the walk ends are cancelled). There are
two plans, chosen from the document (see :mod:`cloudcontracts.core.operations`):

- :class:`TotalRowsPlan`, for NCP: the first page's ``totalRows`` fixes the number of pages and the
  rows on each; a page that holds another number of rows, announces another total, or repeats items of
  an earlier page (by the operation's item key; for an operation without one, a page identical to an
  earlier page, by fingerprint) is an error, never a silent short or doubled result;
- :class:`~cloudcontracts.core.pagination.PagePlan`, for numbered pages whose ``count`` has an undocumented
  meaning (Hyperstack): right whichever way ``count`` is meant.

Both refuse to walk more than ``max_pages`` pages, so a server that lies about its total, or sends new
items forever, cannot keep a walk going for days.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from cloudcontracts.core.pagination import PagePlan
from cloudcontracts.errors import ResponseDecodeError

if TYPE_CHECKING:
    import asyncio

__all__ = ["Page", "Plan", "TotalRowsPlan", "Walk", "awalk", "awalk_windows", "walk"]

T = TypeVar("T")
B = TypeVar("B")


class Plan(Protocol[T]):
    """What both shells drive (see :class:`TotalRowsPlan`)."""

    @property
    def finished(self) -> bool: ...

    def schedule(self, max_in_flight: int) -> list[int]: ...

    def accept(self, page: int, items: Sequence[T], total: int | None) -> list[T]: ...


@dataclass(frozen=True, slots=True)
class Page(Generic[B, T]):
    """One page of a walk: its number, the parsed body, and its items not seen before, in order.

    ``window`` is the ``(start_month, end_month)`` of an NCP query split into windows, else ``None``.
    """

    number: int
    body: B
    items: list[T]
    total: int | None
    window: tuple[str, str] | None = None


def _too_many(pages: int, max_pages: int) -> ResponseDecodeError:
    return ResponseDecodeError(
        f"the walk would need {pages} pages, more than max_pages={max_pages}: refusing to follow it "
        "(narrow the query, or raise max_pages)"
    )


class TotalRowsPlan(Generic[T]):
    """NCP's paging: ``totalRows`` on page 1 fixes every later page (see the module docstring)."""

    def __init__(self, page_size: int, *, key: Callable[[T], Hashable | None] | None, max_pages: int) -> None:
        self.page_size = page_size
        self._key = key
        self._max_pages = max_pages
        self._total: int | None = None
        self._pages = 1
        self._next_to_request = 1
        self._next_to_accept = 1
        self._seen: set[Hashable] = set()
        self._fingerprints: set[int] = set()
        self._finished = False

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def total(self) -> int | None:
        return self._total

    def schedule(self, max_in_flight: int) -> list[int]:
        pages: list[int] = []
        while (
            not self._finished
            and self._next_to_request <= self._pages
            and self._next_to_request - self._next_to_accept < max_in_flight
            and (self._next_to_request == 1 or self._total is not None)
        ):
            pages.append(self._next_to_request)
            self._next_to_request += 1
        return pages

    def _expected_rows(self, page: int) -> int:
        total = self._total or 0  # set by page 1, which is always accepted first
        return max(0, min(self.page_size, total - (page - 1) * self.page_size))

    def accept(self, page: int, items: Sequence[T], total: int | None) -> list[T]:
        if page != self._next_to_accept:
            raise RuntimeError(f"page {page} accepted out of order (expected {self._next_to_accept})")
        self._next_to_accept += 1
        if page == 1:
            if total is None or total < 0:
                if len(items) < self.page_size:
                    self._total = len(items)  # a lone short page is complete whatever its total says
                else:
                    raise ResponseDecodeError(
                        "the first page has no totalRows: cannot tell whether the result is complete"
                    )
            else:
                self._total = total
            self._pages = max(1, math.ceil(self._total / self.page_size))
            if self._pages > self._max_pages:
                self._finished = True
                raise _too_many(self._pages, self._max_pages)
        elif total != self._total:
            raise ResponseDecodeError(
                f"totalRows changed from {self._total} to {total} on page {page}: "
                "the data changed during the pull; run it again"
            )
        expected = self._expected_rows(page)
        if len(items) != expected:
            raise ResponseDecodeError(
                f"page {page} holds {len(items)} rows but totalRows={self._total} with "
                f"pageSize={self.page_size} means {expected}: refusing to return partial data"
            )
        self._check_new(page, items)
        if page >= self._pages:
            self._finished = True
        return list(items)

    def _check_new(self, page: int, items: Sequence[T]) -> None:
        key = self._key
        keys = [None if key is None else key(item) for item in items]
        # Every page leaves a fingerprint (one hash): an exact repeat of an earlier page (a server that
        # ignores ``pageNo``) is caught even for rows without a key, or an operation without one.
        fingerprint = hash(tuple(repr(item) if k is None else k for item, k in zip(items, keys, strict=True)))
        if items and fingerprint in self._fingerprints:
            self._finished = True
            raise ResponseDecodeError(
                f"page {page} repeats an earlier page exactly: the server ignores the page number; "
                "refusing to return its rows twice (and other rows not at all)"
            )
        self._fingerprints.add(fingerprint)
        known = [k for k in keys if k is not None]
        if len(set(known)) != len(known) or not self._seen.isdisjoint(known):
            self._finished = True
            raise ResponseDecodeError(
                f"page {page} repeats rows already returned (the same key twice): the pages overlap, "
                "which would double some rows and lose others; run the pull again"
            )
        self._seen.update(known)


def walk(
    plan: Plan[T],
    fetch: Callable[[int], B],
    read: Callable[[B], tuple[Sequence[T], int | None]],
    *,
    window: tuple[str, str] | None = None,
) -> Iterator[Page[B, T]]:
    """Drive ``plan`` synchronously: ``fetch(page)`` a body, ``read(body)`` its items and total."""
    while not plan.finished:
        for number in plan.schedule(1):
            body = fetch(number)
            items, total = read(body)
            fresh = plan.accept(number, items, total)
            yield Page(number, body, fresh, total, window)


@dataclass(slots=True)
class Walk(Generic[B, T]):
    """One window of an async walk: its plan, how to fetch one of its pages, and its months."""

    plan: Plan[T]
    fetch: Callable[[int], Awaitable[B]]
    window: tuple[str, str] | None = None


@dataclass(slots=True)
class _Lane(Generic[B, T]):
    """What :func:`awalk_windows` holds for one walk: requests not yet accepted, in page order; pages
    accepted and not yet handed out; the error that ends it, handed out after those pages."""

    walk: Walk[B, T]
    requested: deque[tuple[int, asyncio.Task[B]]]
    ready: deque[Page[B, T]]
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.error is None and not self.requested and not self.ready and self.walk.plan.finished


async def awalk(
    plan: Plan[T],
    fetch: Callable[[int], Awaitable[B]],
    read: Callable[[B], tuple[Sequence[T], int | None]],
    *,
    concurrency: int,
    window: tuple[str, str] | None = None,
) -> AsyncGenerator[Page[B, T], None]:
    """Drive one ``plan`` with up to ``concurrency`` requests in flight, yielding pages in order
    (:func:`awalk_windows` with one walk)."""
    pages = awalk_windows([Walk(plan, fetch, window)], read, concurrency=concurrency)
    try:
        async for page in pages:
            yield page
    finally:
        await pages.aclose()


async def awalk_windows(
    walks: Sequence[Walk[B, T]],
    read: Callable[[B], tuple[Sequence[T], int | None]],
    *,
    concurrency: int,
) -> AsyncGenerator[Page[B, T], None]:
    """Drive several walks (an NCP period's three-month windows) as one: pages come out in walk order,
    then page order -- exactly what the sync shell yields one walk after another -- while up to
    ``concurrency`` requests are in flight across all of them.

    Each walk's first page is requested up front, as far as ``concurrency`` allows (a walk cannot plan
    its later pages before its first page's total arrives), and every page is checked by its walk's
    plan as soon as it arrives, so a later window's pages are planned while an earlier one is still
    being read. Beyond the requests in flight, at most ``concurrency`` pages of later walks are held
    ready ahead of the consumer. A failure (a request's error, a page a plan refuses) is raised where
    the sync shell would raise it: after every page before it has been handed out; the walks after it
    are cancelled at once. Whatever ends the walk (its end, an error, the consumer stopping), no
    request outlives it.
    """
    import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

    state = _Lanes(walks, read, concurrency)
    try:
        while state.current < len(state.lanes):
            state.accept_arrived()
            state.start()
            lane = state.lanes[state.current]
            if lane.ready:
                yield lane.ready.popleft()
                continue
            if lane.error is not None:
                error, lane.error = lane.error, None
                raise error
            if lane.done:
                state.current += 1
                continue
            pending = [task for later in state.lanes[state.current :] for _, task in later.requested]
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    finally:
        tasks = [task for lane in state.lanes for _, task in lane.requested] + state.dropped
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


class _Lanes(Generic[B, T]):
    """The decisions of :func:`awalk_windows`, which only waits and hands out pages."""

    def __init__(
        self,
        walks: Sequence[Walk[B, T]],
        read: Callable[[B], tuple[Sequence[T], int | None]],
        concurrency: int,
    ) -> None:
        self.lanes: list[_Lane[B, T]] = [_Lane(walk, deque(), deque()) for walk in walks]
        self.read = read
        self.concurrency = concurrency
        self.current = 0  # the walk whose pages are handed out now
        self.dropped: list[asyncio.Task[B]] = []  # cancelled, awaited when the walk ends

    def _drop(self, lane: _Lane[B, T]) -> None:
        for _, task in lane.requested:
            task.cancel()
            self.dropped.append(task)
        lane.requested.clear()

    def _requested(self) -> int:
        """Requests not yet accepted, answered or not (an answered one holds its body)."""
        return sum(len(lane.requested) for lane in self.lanes)

    def _held(self) -> int:
        return sum(len(lane.requested) + len(lane.ready) for lane in self.lanes[self.current + 1 :])

    def start(self) -> None:
        """Start what may start: the current walk first, then later walks' pages, in walk order."""
        import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

        # Pages of the current walk ready to hand out, beyond the one handed out next, count as in
        # flight: at most ``concurrency`` of its pages are ahead of the consumer, as with one walk.
        waiting = max(0, len(self.lanes[self.current].ready) - 1)
        for index in range(self.current, len(self.lanes)):
            lane = self.lanes[index]
            if lane.error is not None or lane.walk.plan.finished:
                continue
            room = self.concurrency - self._requested() - waiting
            if index > self.current:  # later walks only download so far ahead of the consumer
                room = min(room, self.concurrency - self._held())
            if room <= 0:
                return
            for number in lane.walk.plan.schedule(len(lane.requested) + room):
                lane.requested.append((number, asyncio.ensure_future(lane.walk.fetch(number))))

    def _fail(self, index: int, error: BaseException) -> None:
        """End walk ``index`` with ``error``; the walks after it will never be reached."""
        self.lanes[index].error = error
        for lane in self.lanes[index:]:
            self._drop(lane)
        del self.lanes[index + 1 :]

    def accept_arrived(self) -> None:
        """Check, in each walk's page order, every page that has arrived."""
        index = self.current
        while index < len(self.lanes):
            lane = self.lanes[index]
            plan = lane.walk.plan
            while lane.error is None and lane.requested and lane.requested[0][1].done():
                number, task = lane.requested.popleft()
                try:
                    body = task.result()
                    items, total = self.read(body)
                    fresh = plan.accept(number, items, total)
                except Exception as exc:  # handed out after the pages before it
                    self._fail(index, exc)
                    return
                lane.ready.append(Page(number, body, fresh, total, lane.walk.window))
                if plan.finished:  # pages requested beyond the end, if any, are not needed
                    self._drop(lane)
            index += 1


def numbered_pages_plan(
    per_page: int, *, key: Callable[[Any], Hashable | None] | None, max_pages: int
) -> PagePlan[Any]:
    """The plan for numbered pages with an undocumented ``count`` (:mod:`cloudcontracts.core.pagination`)."""
    return PagePlan(per_page, key=key or (lambda item: None), max_pages=max_pages)
