"""Bounded, order-preserving concurrency for the async page iterators of both providers.

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

__all__ = ["DEFAULT_CONCURRENCY", "check_concurrency", "ordered_bounded"]

T = TypeVar("T")

DEFAULT_CONCURRENCY = 4


def check_concurrency(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"concurrency must be a whole number >= 1, not {limit!r}")
    return limit


async def ordered_bounded(
    factories: Iterable[Callable[[], Awaitable[T]]], *, limit: int = DEFAULT_CONCURRENCY
) -> AsyncIterator[T]:
    """Await each factory's result with at most ``limit`` in flight; yield results in input order."""
    import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

    check_concurrency(limit)
    pending = iter(factories)
    in_flight: deque[asyncio.Future[T]] = deque()

    def refill() -> None:
        while len(in_flight) < limit:
            factory = next(pending, None)
            if factory is None:
                return
            in_flight.append(asyncio.ensure_future(factory()))

    try:
        refill()
        while in_flight:
            result = await in_flight.popleft()
            refill()
            yield result
    finally:
        for future in in_flight:
            future.cancel()
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
