"""The generic pager: every list operation of either document, walked page by page, sync or async.

A walk is a plan (an I/O-free object deciding which pages to request and what each page may contain)
driven by one of two shells: :func:`walk` (sync, one page at a time) and :func:`awalk_windows` (async,
several walks -- an NCP period's windows -- at once, up to ``concurrency`` requests on the network, pages
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
    """One window of an async walk: its plan, how to fetch one of its pages, and its months.

    ``fetch(page)`` awaits the answer; ``build(answer)``, when given, turns it into the page's body (no
    I/O, no await). The walk builds each page when it takes it up, between sending requests, so that the
    requests a page makes possible go out before the next page is built; without ``build`` the answer is
    the body.
    """

    plan: Plan[T]
    fetch: Callable[[int], Awaitable[Any]]
    window: tuple[str, str] | None = None
    build: Callable[[Any], B] | None = None


@dataclass(slots=True)
class _Lane(Generic[B, T]):
    """What :func:`awalk_windows` holds for one walk: requests not yet accepted, in page order; pages
    accepted and not yet handed out; the error that ends it, handed out after those pages."""

    walk: Walk[B, T]
    requested: deque[tuple[int, asyncio.Task[Any]]]
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
    walk: Walk[B, T] = Walk(plan, fetch, window)
    pages = awalk_windows([walk], read, concurrency=concurrency)
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
    being read. ``concurrency`` counts requests on the network only: a page answered and waiting for
    its check or for the consumer (a later page that came back before an earlier one, the pages ahead
    of the consumer) holds no place, so the next requests go out at once. Those pages are held apart
    and bounded: a request starts only while the walk holds fewer than ``2 * concurrency`` pages, in
    flight or answered, so memory stays bounded. With ``concurrency=1`` one request is on the network
    at a time, in the sync walk's order. A failure (a request's error, a page a plan refuses) is raised
    where the sync shell would raise it: after every page before it has been handed out; the walks after it
    are cancelled at once. Whatever ends the walk (its end, an error, the consumer stopping), no
    request outlives it.
    """
    import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

    state = _Lanes(walks, read, concurrency)
    try:
        while state.current < len(state.lanes):
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
            if state.accept_one():
                continue
            pending = state.unanswered()
            if not pending:  # nothing to wait for would spin: the accounting above has gone wrong
                raise RuntimeError("the async walk has nothing in flight and nothing to hand out")
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
        self.dropped: list[asyncio.Task[Any]] = []  # cancelled, awaited when the walk ends

    def _drop(self, lane: _Lane[B, T]) -> None:
        for _, task in lane.requested:
            task.cancel()
            self.dropped.append(task)
        lane.requested.clear()

    def start(self) -> None:
        """Start what may start: the current walk first, then later walks' pages, in walk order.

        ``concurrency`` bounds the requests on the network (not yet answered). Answered pages waiting to
        be checked or handed out are held apart: a request starts only while the walk holds fewer than
        ``2 * concurrency`` pages, in flight or answered (the page handed out next is the consumer's),
        so at most ``concurrency`` more than the requests in flight. Later walks leave the last of those
        places to the current one, which therefore can always go on.
        """
        import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

        lanes = self.lanes[self.current :]
        in_flight = sum(not task.done() for lane in lanes for _, task in lane.requested)
        held = sum(len(lane.requested) + len(lane.ready) for lane in lanes) - (1 if lanes[0].ready else 0)
        budget = 2 * self.concurrency
        for index, lane in enumerate(lanes):
            if lane.error is not None or lane.walk.plan.finished:
                continue
            limit = budget if index == 0 else budget - 1
            room = min(self.concurrency - in_flight, limit - held)
            if room <= 0:
                return
            numbers = lane.walk.plan.schedule(len(lane.requested) + room)
            for number in numbers:
                lane.requested.append((number, asyncio.ensure_future(lane.walk.fetch(number))))
            in_flight += len(numbers)
            held += len(numbers)

    def unanswered(self) -> list[asyncio.Task[Any]]:
        """The requests still on the network, of the current walk and the ones after it."""
        return [task for lane in self.lanes[self.current :] for _, task in lane.requested if not task.done()]

    def _fail(self, index: int, error: BaseException) -> None:
        """End walk ``index`` with ``error``; the walks after it will never be reached."""
        self.lanes[index].error = error
        for lane in self.lanes[index:]:
            self._drop(lane)
        del self.lanes[index + 1 :]

    def accept_one(self) -> bool:
        """Build and check one answered page, the current walk's first, in each walk's page order; say
        whether there was one. One at a time, so that the requests each page allows start before the
        next is built."""
        for index in range(self.current, len(self.lanes)):
            lane = self.lanes[index]
            if lane.error is not None or not lane.requested or not lane.requested[0][1].done():
                continue
            number, task = lane.requested.popleft()
            walk = lane.walk
            try:
                answer = task.result()
                body = answer if walk.build is None else walk.build(answer)
                items, total = self.read(body)
                fresh = walk.plan.accept(number, items, total)
            except Exception as exc:  # handed out after the pages before it
                self._fail(index, exc)
                return True
            lane.ready.append(Page(number, body, fresh, total, walk.window))
            if walk.plan.finished:  # pages requested beyond the end, if any, are not needed
                self._drop(lane)
            return True
        return False


def numbered_pages_plan(
    per_page: int, *, key: Callable[[Any], Hashable | None] | None, max_pages: int
) -> PagePlan[Any]:
    """The plan for numbered pages with an undocumented ``count`` (:mod:`cloudcontracts.core.pagination`)."""
    return PagePlan(per_page, key=key or (lambda item: None), max_pages=max_pages)
