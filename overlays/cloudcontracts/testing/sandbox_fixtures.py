"""pytest fixtures for code under test against the sandbox: on 127.0.0.1, or in-process with no socket.

- ``cloudcontracts_sandbox_server`` (session): one :class:`~cloudcontracts.sandbox.Sandbox` served on
  127.0.0.1 for the whole run; ``cloudcontracts_sandbox`` (function): that sandbox, reset before each
  test to its default data and no faults, so tests cannot leak state into one another;
- ``cloudcontracts_sandbox_app`` (function): a fresh sandbox app for in-process use
  (:class:`~.inprocess.InProcessSandbox`: URLs, keys, ``environment()``);
- ``cloudcontracts_sandbox_transport`` / ``cloudcontracts_sandbox_async_transport``: httpx transports
  to that app, for the clients' ``transport=`` argument (closed after the test).

One server per session keeps the suite fast; a test that needs its own clock or credentials starts its own
``with Sandbox(...)``. The in-process fixtures cost no port and no thread per request.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from cloudcontracts.sandbox.server import Sandbox
from cloudcontracts.testing.inprocess import InProcessSandbox, SyncASGITransport

__all__ = [
    "cloudcontracts_sandbox",
    "cloudcontracts_sandbox_app",
    "cloudcontracts_sandbox_async_transport",
    "cloudcontracts_sandbox_server",
    "cloudcontracts_sandbox_transport",
]


@pytest.fixture(scope="session")
def cloudcontracts_sandbox_server() -> Iterator[Sandbox]:
    """A sandbox served for the whole session (prefer ``cloudcontracts_sandbox``, which resets it)."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def cloudcontracts_sandbox(cloudcontracts_sandbox_server: Sandbox) -> Sandbox:
    """The session's sandbox, reset to its default data and fault-free before this test."""
    cloudcontracts_sandbox_server.reset()
    return cloudcontracts_sandbox_server


@pytest.fixture
def cloudcontracts_sandbox_app() -> InProcessSandbox:
    """A fresh sandbox app for this test, reached in-process (no socket)."""
    return InProcessSandbox.create()


@pytest.fixture
def cloudcontracts_sandbox_transport(
    cloudcontracts_sandbox_app: InProcessSandbox,
) -> Iterator[SyncASGITransport]:
    """A sync httpx transport to ``cloudcontracts_sandbox_app``."""
    with cloudcontracts_sandbox_app.transport() as transport:
        yield transport


@pytest.fixture
def cloudcontracts_sandbox_async_transport(
    cloudcontracts_sandbox_app: InProcessSandbox,
) -> httpx2.ASGITransport:
    """An async httpx transport (httpx's own ``ASGITransport``) to ``cloudcontracts_sandbox_app``."""
    return cloudcontracts_sandbox_app.async_transport()
