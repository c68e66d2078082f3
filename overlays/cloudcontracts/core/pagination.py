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
  ``per_page`` (Hyperstack's maximum is undocumented): the walk goes on at the size it gives;
- once ``count`` has proved to be a total, the walk must deliver exactly that many items: a walk that
  ends early (a short or empty page before the total) or late, or a later page whose ``count`` differs,
  raises :class:`~cloudcontracts.errors.ResponseDecodeError` rather than present 3 of 12 items as all
  of them. Without a proven total, a short page after full ones ends the walk (Hyperstack's API
  reference does not say what ``count`` means, so it alone is not trusted);
- each page is proved new before any of its items is yielded: an item whose key was seen before (on
  this page or an earlier one), or a page whose items carry no keys and whose content equals an
  earlier page's (a page fingerprint: one hash per page), raises ``ResponseDecodeError``. Never a
  silent duplicate: that is also what ends a walk against a server that ignores ``page`` or wraps
  around to page 1, whatever its items hold, and ``max_pages`` ends one that sends new items for ever.

  **Offset shifts.** Page-numbered lists are offsets: an item inserted ahead of the walk's position
  between two requests pushes the last item of one page onto the next, where it arrives a second time;
  an item deleted ahead pulls one item back past the walk, which never sees it. PagePlan does not try
  to repair either (dropping the repeat would hide the loss that usually comes with it): a repeat is an
  error, and so, once ``count`` has proved a total, is the short walk or the changed ``count`` that a
  deletion causes. Run the walk again. A deletion in a list whose ``count`` is not a total cannot be
  seen in the pages at all; nothing here can prove such a walk complete.

  A walk remembers the most recent keys only -- at least half of :data:`DEDUP_WINDOW` or two pages'
  worth, whichever is more, and at most twice that -- so its memory does not grow with the number of
  items: a repeat is caught unless the list shifted by more than that many items between the two
  appearances. Page fingerprints are kept for every page (one integer each);
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

    ``key`` returns the identity that proves an item new, or ``None`` for an item without one (such items
    are compared page by page, by fingerprint: there is no identity to compare).
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
        """Record page ``page`` (the oldest in flight) and return its items, each proved new.

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
        total = self._total
        if count is not None and total is not None and count != total:
            self._finished = True
            raise ResponseDecodeError(
                f"count changed from {total} to {count} on page {page}: the list changed during the walk, "
                "so items may be missing or doubled; run it again"
            )
        if total is None and count is not None and count > size:
            # More items than this page holds: count cannot be the page's size, so it is the total.
            self._total = total = count
            if -(-count // self._page_size) > self._max_pages:
                self._finished = True
                raise ResponseDecodeError(
                    f"count={count} means more than max_pages={self._max_pages} pages of {self._page_size}: "
                    "refusing to follow it (narrow the query, or raise max_pages)"
                )
        self._check_new(page, batch)
        self._delivered += size
        if page == 1 and total is not None and 0 < size < self._page_size and self._delivered < total:
            # A short *first* page although the total says more exist: the server caps the page size
            # (Hyperstack's maximum is undocumented). Walk on at the size it gives.
            self._page_size = size
            return batch
        if size == 0 or size < self._page_size or (total is not None and self._delivered >= total):
            self._finished = True
            if total is not None and self._delivered != total:
                raise ResponseDecodeError(
                    f"the list ended after {self._delivered} of the {total} items its count announced "
                    f"(page {page} held {size}); refusing to present a short (or doubled) result as complete"
                )
        elif page >= self._max_pages:
            # Another page would be needed: refused now rather than after one more request.
            self._finished = True
            raise ResponseDecodeError(
                f"the list goes on past max_pages={self._max_pages} pages, each with new items: refusing "
                "to follow it further (raise max_pages if the list is really that long)"
            )
        return batch

    def _check_new(self, page: int, batch: list[T]) -> None:
        """Raise unless every item of ``batch`` is new (by key; by page fingerprint for key-less items)."""
        keys = [self._key(item) for item in batch]
        if self._repeats_a_page(batch, keys):
            self._finished = True
            raise ResponseDecodeError(
                f"page {page} repeats an earlier page: the server ignores the page number or wrapped "
                "around; refusing to return its items twice (and the rest not at all)"
            )
        repeated = sum(1 for key in keys if not self._is_new(key))
        if repeated:
            self._finished = True
            raise ResponseDecodeError(
                f"page {page} repeats {repeated} item(s) already returned: the list shifted during the walk "
                "(offset paging then doubles some items and loses others); run it again"
            )

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
