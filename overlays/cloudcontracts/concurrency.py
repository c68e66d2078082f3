"""Bounded, order-preserving concurrency: ``DEFAULT_CONCURRENCY`` and its check for both providers'
async iterators, and :class:`OrderedBounded`, the fetch window of NCP's (whose page count is known
from the first page; Hyperstack's window follows its page plan, see ``hyperstack.py``).

Pages are fetched ``limit`` at a time but yielded in the order asked, so an async iteration yields
exactly what the sync one does, only sooner. If the consumer stops early or a fetch fails, every
pending fetch is cancelled before the error (or the close) propagates: nothing keeps running behind
the caller's back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # asyncio costs ~60 ms to import: only async callers pay for it (see benchmarks/)
    import asyncio

__all__ = ["DEFAULT_CONCURRENCY", "OrderedBounded", "check_concurrency"]

T = TypeVar("T")

DEFAULT_CONCURRENCY = 4


def check_concurrency(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"concurrency must be a whole number >= 1, not {limit!r}")
    return limit


class OrderedBounded(AsyncIterator[T]):
    """Each factory's result, in input order, with at most ``limit`` in flight; the first ``limit``
    fetches start when this is built, not when iteration begins.

    So a caller can start the next pages, *then* hand out the page it already has: a consumer that works
    on each row overlaps with the fetching. Whoever builds one must :meth:`aclose` it (in a ``finally``),
    iterated or not: that cancels every fetch still pending and waits for them to finish.
    """

    def __init__(self, factories: Iterable[Callable[[], Awaitable[T]]], *, limit: int) -> None:
        import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

        check_concurrency(limit)
        self._asyncio = asyncio
        self._pending = iter(factories)
        self._limit = limit
        self._in_flight: deque[asyncio.Future[T]] = deque()
        self._refill()

    def _refill(self) -> None:
        while len(self._in_flight) < self._limit:
            factory = next(self._pending, None)
            if factory is None:
                return
            self._in_flight.append(self._asyncio.ensure_future(factory()))

    def __aiter__(self) -> OrderedBounded[T]:
        return self

    async def __anext__(self) -> T:
        if not self._in_flight:
            raise StopAsyncIteration
        result = await self._in_flight.popleft()
        self._refill()
        return result

    async def aclose(self) -> None:
        """Cancel what is still in flight (and start nothing more), then wait for it to end."""
        self._pending = iter(())
        in_flight, self._in_flight = list(self._in_flight), deque()
        for future in in_flight:
            future.cancel()
        if in_flight:
            await self._asyncio.gather(*in_flight, return_exceptions=True)
