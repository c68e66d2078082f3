"""The one retry policy of cloudcontracts, for both providers and both sync and async.

What is retried (every operation here is an idempotent GET): connection errors, timeouts, and HTTP 429,
500, 502, 503 and 504. Delays follow openai-python's schedule (``_calculate_retry_timeout`` in its
``_base_client.py``): exponential backoff from ``initial_backoff`` doubling per attempt, capped at
``max_backoff``, with random jitter (up to ``jitter`` of the delay taken off, so concurrent clients
spread out). A ``Retry-After`` header, in seconds or as an HTTP date, is honoured instead when present --
up to ``max_retry_after``, beyond which the error is raised rather than slept on (a client should not
hang for an hour because a gateway said so). ``max_retries=0`` disables retries.

Each attempt calls the operation again from the top, so the request goes through httpx's auth flow again
and the NCP signer signs it afresh with a new timestamp; responses are read and closed before the error
reaches this module, so nothing is held open while sleeping. A call may be given the time it has left
(the client's total deadline): a wait that would outlast it is not started, and the last error is
raised instead. ``sleep``, ``async_sleep``, ``clock`` and ``random`` are injectable so that tests do not
wait.

The loop is a plain ``while``: the decisions are plain methods, and both shells (:meth:`RetryPolicy.call`
and :meth:`RetryPolicy.acall`) differ only in how they sleep.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar

from cloudcontracts.core.validation import whole_number
from cloudcontracts.errors import APIConnectionError, APIStatusError, CloudContractsError

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "parse_retry_after"]

T = TypeVar("T")

logger = logging.getLogger("cloudcontracts")

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date), or None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # HTTP dates are GMT; a zone-less one is taken as such
            return None
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


async def _asyncio_sleep(delay: float) -> None:
    """``asyncio.sleep``, imported when first awaited so that sync users never import asyncio."""
    import asyncio  # noqa: PLC0415 - deferred on purpose (~60 ms of `import cloudcontracts`)

    await asyncio.sleep(delay)


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry and how long to wait. Immutable; share one per client."""

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = RETRYABLE_STATUSES
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=_asyncio_sleep, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        whole_number("max_retries", self.max_retries, minimum=0)
        for name in ("initial_backoff", "max_backoff", "max_retry_after", "jitter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, not {value!r}")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("backoff and Retry-After caps must be >= 0")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    # -- decisions (plain functions of the error and the attempt number) --------------------------

    def retry_after(self, error: BaseException) -> float | None:
        """The delay a ``Retry-After`` header on ``error`` asks for, if any."""
        if isinstance(error, APIStatusError):
            return parse_retry_after(error.retry_after, now=self.clock())
        return None

    def should_retry_status(self, error: BaseException) -> bool:
        """Whether ``error``'s status alone is retryable (ignoring any ``Retry-After`` cap)."""
        return isinstance(error, APIStatusError) and error.status_code in self.retry_statuses

    def should_retry(self, error: BaseException) -> bool:
        if isinstance(error, APIConnectionError):  # includes timeouts
            return True
        if self.should_retry_status(error):
            asked = self.retry_after(error)
            return asked is None or asked <= self.max_retry_after
        return False

    def delay(self, attempt: int, error: BaseException) -> float:
        """Seconds to sleep after failed attempt number ``attempt`` (1-based)."""
        asked = self.retry_after(error)
        if asked is not None:
            return asked
        base = min(self.max_backoff, self.initial_backoff * 2.0 ** (attempt - 1))
        return float(base * (1 - self.jitter * self.random()))

    def next_wait(
        self, attempt: int, error: CloudContractsError, time_left: Callable[[], float] | None
    ) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or ``None`` when the call must end with
        ``error`` (logging why, at DEBUG)."""
        if not self.should_retry(error):
            if self.max_retries == 0:
                why = "not retried (max_retries=0)"
            elif self.should_retry_status(error):
                why = f"not retried: Retry-After exceeds max_retry_after={self.max_retry_after:g} s"
            else:
                why = "not retried: not a retryable failure"
            logger.debug("%s; %s: %s", why, type(error).__name__, error)
            return None
        if attempt > self.max_retries:
            logger.debug(
                "giving up after %d attempts (max_retries=%d); %s: %s",
                attempt,
                self.max_retries,
                type(error).__name__,
                error,
            )
            return None
        wait = self.delay(attempt, error)
        if time_left is not None and wait >= time_left():
            logger.debug(
                "giving up after %d attempts: waiting %.2f s would pass the call's deadline; %s: %s",
                attempt,
                wait,
                type(error).__name__,
                error,
            )
            return None
        logger.debug(
            "retrying in %.2f s (attempt %d of %d failed: %s)", wait, attempt, self.max_retries + 1, error
        )
        return wait

    # -- the two shells ------------------------------------------------------------------------------

    def call(self, operation: Callable[[], T], *, time_left: Callable[[], float] | None = None) -> T:
        """Run ``operation`` (which builds and sends a fresh request each time) with retries.

        Only this package's errors are retried; anything else propagates at once.
        """
        attempt = 1
        while True:
            try:
                return operation()
            except CloudContractsError as error:
                wait = self.next_wait(attempt, error, time_left)
                if wait is None:
                    raise
            self.sleep(wait)
            attempt += 1

    async def acall(
        self, operation: Callable[[], Awaitable[T]], *, time_left: Callable[[], float] | None = None
    ) -> T:
        """The async shell of :meth:`call`: same decisions, awaiting ``async_sleep``."""
        attempt = 1
        while True:
            try:
                return await operation()
            except CloudContractsError as error:
                wait = self.next_wait(attempt, error, time_left)
                if wait is None:
                    raise
            await self.async_sleep(wait)
            attempt += 1
