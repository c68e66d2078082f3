"""The one retry policy of cloudcontracts, for both providers and both sync and async.

What is retried (every operation here is an idempotent GET): connection errors, timeouts, and HTTP 429,
500, 502, 503 and 504. Delays follow openai-python's schedule: exponential backoff from
``initial_backoff`` doubling per attempt, capped at ``max_backoff``, with random jitter (up to
``jitter`` of the delay taken off, so concurrent clients spread out). A ``Retry-After`` header, in
seconds or as an HTTP date, is honoured instead when present -- up to ``max_retry_after``, beyond which
the error is raised rather than slept on (a client should not hang for an hour because a gateway said
so). ``max_retries=0`` disables retries.

Each attempt calls the operation again from the top, so the request is rebuilt and the NCP signer runs
again with a fresh timestamp; responses are read and closed before the error reaches this module, so
nothing is held open while sleeping. ``sleep``, ``async_sleep``, ``clock`` and ``random`` are injectable
so that tests do not wait.

The loop itself is tenacity's (``Retrying``/``AsyncRetrying``; see the README for why tenacity over
stamina and httpx-retries); this module only supplies the decisions, as plain methods both shells use.
tenacity is imported on first use, keeping ``import cloudcontracts`` light. A call's first attempt is
made before any tenacity loop (most calls succeed, and a loop costs about 20 us a call); if it fails,
its error is handed to a tenacity loop as that loop's attempt 1, so every decision, wait and log line
after a failure is the same as if tenacity had made that attempt itself. The loop's options are built
once per policy.
"""

from __future__ import annotations

import functools
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, TypeVar

from .errors import APIConnectionError, APIStatusError

if TYPE_CHECKING:
    import tenacity

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


def _replaying(failed: BaseException, operation: Callable[[], T]) -> Callable[[], T]:
    """``operation`` whose first call raises ``failed`` again: hands a first attempt made outside
    tenacity to its loop as that loop's attempt 1, so that every decision, wait and log line after a
    failure is tenacity's and the policy's, exactly as if tenacity had made that attempt itself."""
    pending = [failed]

    def attempt() -> T:
        if pending:
            raise pending.pop()
        return operation()

    return attempt


def _areplaying(failed: BaseException, operation: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """The async shell of :func:`_replaying`."""
    pending = [failed]

    async def attempt() -> T:
        if pending:
            raise pending.pop()
        return await operation()

    return attempt


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
        retries = self.max_retries
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"max_retries must be a whole number >= 0, not {self.max_retries!r}")
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

    # -- the two shells ------------------------------------------------------------------------------

    def _log_final(self, error: BaseException, attempts: int, *, retrying: bool) -> None:
        """The DEBUG line for a failure that ends the call: why no further attempt is made."""
        if retrying:
            why = f"giving up after {attempts} attempts (max_retries={self.max_retries})"
        elif self.max_retries == 0:
            why = "not retried (max_retries=0)"
        elif self.should_retry_status(error):
            why = f"not retried: Retry-After exceeds max_retry_after={self.max_retry_after:g} s"
        else:
            why = "not retried: not a retryable failure"
        logger.debug("%s; %s: %s", why, type(error).__name__, error)

    def should_retry_status(self, error: BaseException) -> bool:
        """Whether ``error``'s status alone is retryable (ignoring any ``Retry-After`` cap)."""
        return isinstance(error, APIStatusError) and error.status_code in self.retry_statuses

    def __getstate__(self) -> dict[str, object]:
        # The cached tenacity options are closures (not picklable); a copy rebuilds them on first use.
        state = dict(self.__dict__)
        state.pop("_tenacity_kwargs", None)
        return state

    @functools.cached_property
    def _tenacity_kwargs(self) -> dict[str, object]:
        """The options of every tenacity loop of this policy, built on first use and then reused: they
        hold no per-call state (tenacity keeps that in each ``Retrying``, made per call, because one
        object cannot serve concurrent async calls)."""
        import tenacity  # noqa: PLC0415 -- imported on first use, not at `import cloudcontracts`

        def retry(state: tenacity.RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome is not None else None
            if not isinstance(error, BaseException):
                return False
            retrying = self.should_retry(error)
            if not retrying or state.attempt_number > self.max_retries:
                self._log_final(error, state.attempt_number, retrying=retrying)
            return retrying

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome is not None else None
            if not isinstance(error, BaseException):  # not reached: wait follows a failure retry() took
                return 0.0
            return self.delay(state.attempt_number, error)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome is not None else None
            sleep_for = state.next_action.sleep if state.next_action is not None else 0.0
            logger.debug(
                "retrying in %.2f s (attempt %d of %d failed: %s)",
                sleep_for,
                state.attempt_number,
                self.max_retries + 1,
                error,
            )

        return {
            "stop": tenacity.stop_after_attempt(self.max_retries + 1),
            "retry": retry,
            "wait": wait,
            "before_sleep": before_sleep,
            "reraise": True,
        }

    def call(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` (which builds and sends a fresh request each time) with retries."""
        if self.max_retries == 0:
            try:
                return operation()
            except Exception as exc:
                self._log_final(exc, 1, retrying=False)
                raise
        try:  # the first attempt runs outside tenacity: most calls succeed, and its loop costs ~20 us
            return operation()
        except BaseException as exc:  # handed to tenacity below, which decides what follows
            failed: BaseException = exc
        import tenacity  # noqa: PLC0415

        retrying = tenacity.Retrying(sleep=self.sleep, **self._tenacity_kwargs)  # type: ignore[arg-type]
        return retrying(_replaying(failed, operation))

    async def acall(self, operation: Callable[[], Awaitable[T]]) -> T:
        """The async shell of :meth:`call`: same decisions, awaiting ``async_sleep``."""
        if self.max_retries == 0:
            try:
                return await operation()
            except Exception as exc:
                self._log_final(exc, 1, retrying=False)
                raise
        try:
            return await operation()
        except BaseException as exc:  # handed to tenacity below, which decides what follows
            failed: BaseException = exc
        import tenacity  # noqa: PLC0415

        retrying = tenacity.AsyncRetrying(sleep=self.async_sleep, **self._tenacity_kwargs)  # type: ignore[arg-type]
        return await retrying(_areplaying(failed, operation))
