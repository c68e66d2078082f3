"""A call's deadline, carried below httpx so that socket operations can end by it.

httpx's timeouts bound each *read*: a server that sends one byte every half second -- of the status
line, the headers or the body -- answers every read in time and could hold a call for ever. The
pipeline (:mod:`cloudcontracts.core.http`) therefore gives each call a deadline, carried on every
attempt's request as the :data:`DEADLINE_EXTENSION` extension, and:

- the async clients run each attempt under ``asyncio.wait_for`` with the time left (cancellation ends
  the exchange whatever it is waiting for);
- the sync clients cannot cancel a blocking read from outside, so their default network transport,
  :class:`~cloudcontracts.core.deadline_transport.DeadlineTransport`, clamps the timeout of every socket
  operation to the time left (:func:`clamped`). The guarded transport
  (:mod:`cloudcontracts.core.transport`) publishes the request's deadline for the calling thread for
  the length of the exchange, body included (:func:`deadline_scope`): that is how a network stream --
  shared by the requests of a kept-alive connection -- knows the deadline of the request it serves.
  A thread-local, not a context variable: a sync exchange runs in one thread, and ``contextvars``
  stays out of ``import cloudcontracts``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Final

import httpx2

__all__ = ["DEADLINE_EXTENSION", "clamped", "deadline_scope"]

DEADLINE_EXTENSION: Final = "cloudcontracts.deadline"
"""The request extension holding the call's deadline (a ``time.monotonic()`` value)."""


class _Deadline(threading.local):
    value: float | None = None


_CURRENT = _Deadline()


@contextlib.contextmanager
def deadline_scope(request: httpx2.Request) -> Iterator[None]:
    """Within this block, in this thread, :func:`clamped` ends by ``request``'s deadline."""
    deadline = request.extensions.get(DEADLINE_EXTENSION)
    previous = _CURRENT.value
    _CURRENT.value = deadline if isinstance(deadline, float) else None
    try:
        yield
    finally:
        _CURRENT.value = previous


def clamped(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` shortened to the time left before the current deadline; ``error`` once it passed."""
    deadline = _CURRENT.value
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the call's deadline passed")
    return left if timeout is None else min(timeout, left)
