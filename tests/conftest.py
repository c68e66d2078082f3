"""Shared test helpers: paths and a request-capturing httpx transport."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

# The test kit users get (cloudcontracts.testing): cassette scrubbing, matching and environment, and the
# sandbox's fixtures; the command-line tests' sb and run (a module that defines its own sb keeps it).
pytest_plugins = ["cloudcontracts.testing", "test_cli_support"]

ROOT = Path(__file__).resolve().parent.parent


class CapturingTransport(httpx2.MockTransport):
    """A MockTransport that remembers every request that reached it, as sent."""

    def __init__(self, handler: Callable[[httpx2.Request], httpx2.Response]) -> None:
        self.requests: list[httpx2.Request] = []

        def capture(request: httpx2.Request) -> httpx2.Response:
            request.read()
            self.requests.append(request)
            return handler(request)

        super().__init__(capture)


@pytest.fixture
def repo_root() -> Path:
    return ROOT
