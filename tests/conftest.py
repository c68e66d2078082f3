"""Shared test helpers: paths and a request-capturing httpx transport."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

# The sandbox's fixtures: cloudcontracts_sandbox_server (one per session) and cloudcontracts_sandbox;
# the command-line tests' sb and run (a module that defines its own sb keeps it).
pytest_plugins = ["cloudcontracts.sandbox.pytest_plugin", "test_cli_support"]

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


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    """pytest-recording's configuration for every cassette test (see tests/cassette_support.py)."""
    from cassette_support import vcr_config as config  # noqa: PLC0415

    return config()


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    from cassette_support import scrubbed_query_matcher  # noqa: PLC0415

    vcr.register_matcher("scrubbed_query", scrubbed_query_matcher)
