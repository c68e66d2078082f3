"""The page plan: which page to request next, how many may be in flight, when to stop, what is new.

Page-numbered APIs whose ``count`` has an undocumented meaning (Hyperstack's contract list: the total over
all pages, or the number on this page?) are walked by one plain, I/O-free object that both the sync and
the async wrappers drive; neither shell decides anything itself. This follows openai-python's "one small
pagination class per style", minus its copied sync/async twins.

The rules, each safe whichever way ``count`` is meant:

- an **empty** page ends the walk; so does a **short** page (fewer items than ``per_page``);
- ``count`` is taken as a total only when it *proves* to be one: a page that holds fewer items than
  ``count`` says. Then the number of pages is known (``ceil(total / per_page)``): the walk stops once
  ``total`` items have arrived, even on a full page (no extra request for an empty one), and pages up to
  the last may be requested ahead of time (the async shell overlaps them);
- otherwise (``count`` missing, or equal to the page's size) only one page is in flight at a time and a
  page is requested only after the previous one showed there may be more;
- a short *first* page while ``count`` proves a larger total means the server caps the page size below
  ``per_page`` (Hyperstack's maximum is undocumented): the walk goes on at the size it gives, and if it
  then ends short of that total it raises :class:`~cloudcontracts.errors.ResponseDecodeError` rather
  than present 3 of 12 items as all of them. A short page after full ones ends the walk as above
  (apis.md: ``count`` alone is not trusted);
- items are de-duplicated by key, the first occurrence kept (offset pagination repeats an item when
  the list shifts between requests); a non-empty page that brings nothing new ends the walk, which
  guarantees termination against a server that ignores ``page``. A walk remembers the most recent
  keys only -- at least half of :data:`DEDUP_WINDOW` or two pages' worth, whichever is more, and at
  most twice that -- so its memory does not grow with the number of items: a repeat is caught unless
  the list shifted by more than that many items between the two appearances (an item repeats on a
  later page only when items were inserted ahead of it).
  Termination does not depend on that window: each page's keys also leave a fingerprint (one hash per
  page), and a page identical to any earlier one ends the walk, so a server that wraps around to page
  1 after the last page stops the walk however long the list is;
- pages are accepted strictly in order, so items come out in page order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from cloudcontracts.errors import ResponseDecodeError

__all__ = ["DEDUP_WINDOW", "PagePlan"]

T = TypeVar("T")

DEDUP_WINDOW = 10_000
"""How many of the most recently seen keys a walk remembers to recognise repeats, at most (at least half
as many; with more than ``DEDUP_WINDOW // 4`` items per page, two to four pages' worth instead): about
1 MB of sets, the same for 10 pages as for 10,000."""


class PagePlan(Generic[T]):
    """State of one walk over a page-numbered list (pages numbered from 1).

    Drive it like this, with ``max_in_flight=1`` in a sync shell::

        plan = PagePlan(per_page=100, key=lambda item: item.id)
        while not plan.finished:
            for page in plan.schedule(max_in_flight):    # start these requests
                ...
            # then, for the oldest page in flight, in order:
            new_items = plan.accept(page, items, count)  # yield these

    ``key`` returns the identity used for de-duplication, or ``None`` for an item without one (such
    items are never treated as duplicates: there is nothing to compare).
    """

    def __init__(
        self, per_page: int, *, key: Callable[[T], Hashable | None], max_pages: int = 10_000
    ) -> None:
        if isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1:
            raise ValueError(f"per_page must be an integer >= 1, got {per_page!r}")
        self.per_page = per_page
        self._max_pages = max_pages
        self._key = key
        self._next_to_request = 1
        self._next_to_accept = 1
        self._page_size = per_page  # what a full page holds: per_page, or less if the server caps it
        self._delivered = 0
        self._capped = False
        self._total: int | None = None
        # Keys seen, in two generations: a key is remembered while it is in either (see _is_new).
        self._recent: set[Hashable] = set()
        self._older: set[Hashable] = set()
        self._generation_size = max(DEDUP_WINDOW // 2, 2 * per_page)
        self._page_fingerprints: set[int] = set()
        self._finished = False

    @property
    def finished(self) -> bool:
        """True once a page proved the end; nothing more may be requested or accepted."""
        return self._finished

    @property
    def total(self) -> int | None:
        """The total item count, once ``count`` has proved to be one; otherwise ``None``."""
        return self._total

    @property
    def last_page(self) -> int | None:
        """The number of the last page, when the total is known."""
        if self._total is None:
            return None
        return max(1, -(-self._total // self._page_size))

    @property
    def in_flight(self) -> int:
        """Pages handed out by :meth:`schedule` and not yet accepted."""
        return self._next_to_request - self._next_to_accept

    def schedule(self, max_in_flight: int) -> list[int]:
        """Pages to request now, in order, so that at most ``max_in_flight`` are outstanding.

        Beyond the next page to accept, a page is handed out only if it is known to exist (it is not
        past :attr:`last_page`); without a proven total that means strictly one page at a time.
        """
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be >= 1, got {max_in_flight!r}")
        pages: list[int] = []
        if self._finished:
            return pages
        last = self.last_page
        while self.in_flight < max_in_flight:
            page = self._next_to_request
            if self.in_flight and (last is None or page > last):
                break
            pages.append(page)
            self._next_to_request += 1
        return pages

    def accept(self, page: int, items: Iterable[T], count: int | None) -> list[T]:
        """Record page ``page`` (the oldest in flight) and return its items not seen before.

        ``count`` is the page's ``count`` field, or ``None`` when it is missing or not an integer.
        """
        if self._finished:
            raise RuntimeError("the walk is finished; no page may be accepted")
        if page != self._next_to_accept or page >= self._next_to_request:
            raise RuntimeError(f"page {page} accepted out of order (expected {self._next_to_accept})")
        self._next_to_accept += 1
        if page > self._max_pages:
            self._finished = True
            raise ResponseDecodeError(
                f"the list goes on past max_pages={self._max_pages} pages, each with new items: refusing "
                "to follow it further (raise max_pages if the list is really that long)"
            )
        batch = list(items)
        size = len(batch)
        if count is not None and count > size:
            # More items than this page holds: count cannot be the page's size, so it is the total.
            self._total = count
            if -(-count // self._page_size) > self._max_pages:
                self._finished = True
                raise ResponseDecodeError(
                    f"count={count} means more than max_pages={self._max_pages} pages of {self._page_size}: "
                    "refusing to follow it (narrow the query, or raise max_pages)"
                )
        keys = [self._key(item) for item in batch]
        if self._repeats_a_page(batch, keys):
            fresh: list[T] = []
        else:
            fresh = [item for item, key in zip(batch, keys, strict=True) if self._is_new(key)]
        self._delivered += len(fresh)
        total = self._total
        if page == 1 and total is not None and 0 < size < self._page_size and self._delivered < total:
            # A short *first* page although the total says more exist: the server caps the page size
            # (Hyperstack's maximum is undocumented). Walk on at the size it gives; the end is then
            # checked against the total below.
            self._page_size = size
            self._capped = True
            return fresh
        if (
            size == 0
            or size < self._page_size
            or not fresh
            or (total is not None and self._delivered >= total)
        ):
            self._finished = True
            if self._capped and total is not None and self._delivered < total:
                raise ResponseDecodeError(
                    f"the list ended after {self._delivered} of the {total} items its count announced "
                    f"(page {page} held {size}); refusing to present a short result as complete"
                )
        return fresh

    def _repeats_a_page(self, batch: list[T], keys: list[Hashable | None]) -> bool:
        """Whether this page holds exactly the keys of an earlier page (a wrap-around or ignored ``page``)."""
        if not keys:
            return False
        # Items without a key are fingerprinted by their whole content (their repr shows every field),
        # so a server that ignores ``page`` and sends key-less items ends the walk too.
        fingerprint = hash(
            tuple(repr(item) if key is None else key for item, key in zip(batch, keys, strict=True))
        )
        if fingerprint in self._page_fingerprints:
            return True
        self._page_fingerprints.add(fingerprint)
        return False

    def _is_new(self, key: Hashable | None) -> bool:
        """Whether ``key`` was not among the keys remembered, which it joins.

        Two generations of keys instead of one ordered window: when the recent one is full it becomes
        the older one and the previous older one is dropped, so a walk remembers between one and two
        generations' worth of keys (at least two pages' worth), and a key seen again is remembered
        afresh. Sets rotated whole keep the memory a walk holds flat: an ordered dict that drops its
        oldest key on every insertion grows its tables as it churns (``benchmarks/bench_memory.py``).
        """
        if key is None:
            return True
        if key in self._recent:
            return False
        if key in self._older:
            self._remember(key)  # seen again: remembered from this appearance on
            return False
        self._remember(key)
        return True

    def _remember(self, key: Hashable) -> None:
        if len(self._recent) >= self._generation_size:
            self._older = self._recent
            self._recent = set()
        self._recent.add(key)
