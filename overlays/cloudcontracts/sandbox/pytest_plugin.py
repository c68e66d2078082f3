"""pytest fixtures for testing code against the sandbox.

Enable them in a ``conftest.py`` with ``pytest_plugins = ["cloudcontracts.sandbox.pytest_plugin"]``
(they are not registered automatically, so installing the package never changes anyone's test run):

- ``cloudcontracts_sandbox_server`` (session): one :class:`~.server.Sandbox` for the whole run;
- ``cloudcontracts_sandbox`` (function): that sandbox, reset before each test to its default data and
  no faults, so tests cannot leak state into one another. Reseed within a test with
  ``cloudcontracts_sandbox.reset(seed=5, ncp_contracts=3)`` or script faults with
  ``cloudcontracts_sandbox.faults.script("503")``.

One server per session keeps the suite fast (starting uvicorn takes a fraction of a second); a test that
needs its own clock or credentials starts its own ``with Sandbox(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cloudcontracts.sandbox.server import Sandbox

__all__ = ["cloudcontracts_sandbox", "cloudcontracts_sandbox_server"]


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
