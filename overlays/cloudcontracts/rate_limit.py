"""An optional client-side rate limit, so bulk pulls stay under a provider's published limit.

Hyperstack documents 500 requests per minute per IP; NCP's gateway throttles too (error ``410``). A
:class:`RateLimiter` spaces requests evenly: the generic cell rate algorithm (GCRA, the "virtual
scheduling" form of ATM's leaky bucket, as in redis-cell and Envoy's local rate limit) with a burst of
one by default, so that *any* window of ``per`` seconds holds at most ``requests`` (+1) requests. A larger
``burst`` lets that many go at once after a quiet spell, at the price of that guarantee.

Every HTTP request of a client passes :class:`~cloudcontracts.core.transport.GuardedTransport`, which waits
for its turn here before sending: retries, concurrent async pages and generated functions called through
``generated_client`` all count. One limiter may be shared by several clients (sync and async alike) that
leave from the same IP. The decision (:meth:`RateLimiter.reserve`) is a plain, thread-safe function of
the clock; the sync and async shells only differ in how they wait. ``clock``, ``sleep`` and
``async_sleep`` are injectable so tests never wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable

from cloudcontracts.core.validation import positive_int

__all__ = ["RateLimiter"]


async def _asyncio_sleep(delay: float) -> None:
    import asyncio  # noqa: PLC0415 - deferred: keeps asyncio out of `import cloudcontracts`

    await asyncio.sleep(delay)


class RateLimiter:
    """At most ``requests`` per ``per`` seconds, spaced evenly (GCRA); ``burst`` requests may go at once."""

    def __init__(
        self,
        requests: float,
        per: float = 60.0,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep,
    ) -> None:
        if isinstance(requests, bool) or not isinstance(requests, (int, float)) or not requests > 0:
            raise ValueError(f"requests must be a number > 0, not {requests!r}")
        if isinstance(per, bool) or not isinstance(per, (int, float)) or not per > 0:
            raise ValueError(f"per must be a number of seconds > 0, not {per!r}")
        positive_int("burst", burst)
        self.requests = float(requests)
        self.per = float(per)
        self.burst = burst
        self._interval = self.per / self.requests
        self._tolerance = (burst - 1) * self._interval
        self._clock = clock
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._lock = threading.Lock()
        self._theoretical_arrival = float("-inf")

    @classmethod
    def per_minute(cls, requests: float, *, burst: int = 1) -> RateLimiter:
        """``RateLimiter.per_minute(500)``: Hyperstack's published limit."""
        return cls(requests, 60.0, burst=burst)

    def reserve(self) -> float:
        """Take the next slot; return how many seconds to wait before sending (0.0 if none)."""
        with self._lock:
            now = self._clock()
            arrival = max(self._theoretical_arrival, now)
            delay = max(0.0, arrival - self._tolerance - now)
            self._theoretical_arrival = arrival + self._interval
            return delay

    def wait(self) -> None:
        """Block until this request's slot (sync clients)."""
        delay = self.reserve()
        if delay > 0:
            self._sleep(delay)

    async def await_slot(self) -> None:
        """Wait for this request's slot without blocking the event loop (async clients)."""
        delay = self.reserve()
        if delay > 0:
            await self._async_sleep(delay)

    def __repr__(self) -> str:
        return f"RateLimiter(requests={self.requests:g}, per={self.per:g}, burst={self.burst})"
