"""The mutable part of one sandbox instance: its current state, clock, credentials and request counter.

Handlers read ``runtime.state`` once per request; :meth:`Runtime.reset` builds a new
:class:`~.state.SandboxState` and swaps it in with one assignment, so a request sees either the old
state or the new one, never a mix. Nothing is global: two sandboxes share nothing.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.credentials import DEFAULT_CREDENTIALS, SandboxCredentials
from cloudcontracts.sandbox.state import SandboxState

__all__ = ["Clock", "Runtime"]

Clock = Callable[[], float]
"""Seconds since the Unix epoch, like ``time.time`` (the default); inject one to freeze time."""


class Runtime:
    """State holder shared by the handlers of one sandbox."""

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        credentials: SandboxCredentials = DEFAULT_CREDENTIALS,
        clock: Clock = time.time,
    ) -> None:
        self.base_config = config or SandboxConfig()
        self.credentials = credentials
        self.clock = clock
        self._lock = threading.Lock()
        self._requests = 0
        self._state = SandboxState(self.base_config)

    @property
    def state(self) -> SandboxState:
        return self._state

    @property
    def config(self) -> SandboxConfig:
        return self._state.config

    def reset(self, **changes: Any) -> SandboxState:
        """Reseed from the instance's own config with ``changes`` (not from the current one), so a reset
        gives the same data whatever happened before it; the request counter restarts too."""
        state = SandboxState(self.base_config.replace(**changes))
        with self._lock:
            self._state = state
            self._requests = 0
        return state

    def now_ms(self) -> int:
        """The clock in whole milliseconds (exact decimal scaling: no float rounding down a millisecond)."""
        return int(Decimal(repr(self.clock())) * 1000)

    def now(self) -> datetime:
        """The clock as a naive UTC datetime (Hyperstack's convention)."""
        return datetime.fromtimestamp(self.clock(), tz=UTC).replace(tzinfo=None)

    def next_request_id(self) -> str:
        """A UUID-shaped ``requestId``, unique per request and reproducible: derived from the seed and the
        number of the request since the last reset."""
        with self._lock:
            self._requests += 1
            number = self._requests
        digest = hashlib.blake2b(f"{self.config.seed}:{number}".encode(), digest_size=16).digest()
        return str(uuid.UUID(bytes=digest, version=4))
