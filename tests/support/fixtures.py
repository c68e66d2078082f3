"""The suite's shared sandbox fixtures, registered by ``tests/conftest.py`` (``pytest_plugins``).

- ``sandbox_server``: the sandbox ``sb`` resets; the test kit's session server by default. A module whose
  tests need a sandbox of their own (a frozen clock, other documents) overrides this one fixture.
- ``sb``: ``sandbox_server`` reset before each test to the data of the closest ``sandbox_data`` marker
  (``pytestmark = sandbox_data(seed=7, ncp_contracts=60)``, or on one test), or to its
  default data with no marker; the marker's ``faults=`` sets the fault plan. One definition, so no test
  can leak data or faults into the next.
- ``run``: the command line, in-process, against ``sb`` (:class:`support.cli_support.Runner`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudcontracts.sandbox import Sandbox
from support.cli_support import Runner

__all__ = ["run", "sandbox_data", "sandbox_server", "sb"]

MARKER = "sandbox_data"


def sandbox_data(**changes: Any) -> pytest.MarkDecorator:
    """The ``sandbox_data`` marker with ``changes`` (typed, unlike ``pytest.mark.sandbox_data(**changes)``)."""
    marker: pytest.MarkDecorator = getattr(pytest.mark, MARKER)(**changes)
    return marker


@pytest.fixture(scope="session")
def sandbox_server(cloudcontracts_sandbox_server: Sandbox) -> Sandbox:
    """The sandbox ``sb`` resets (override it in a module that needs its own clock or documents)."""
    return cloudcontracts_sandbox_server


@pytest.fixture
def sb(request: pytest.FixtureRequest, sandbox_server: Sandbox) -> Sandbox:
    """``sandbox_server`` reset to the closest ``sandbox_data`` marker's data and faults (or its defaults)."""
    marker = request.node.get_closest_marker(MARKER)
    changes = dict(marker.kwargs) if marker is not None else {}
    sandbox_server.reset(**changes)
    return sandbox_server


@pytest.fixture
def run(sb: Sandbox, tmp_path: Path) -> Runner:
    """A command runner against ``sb``, with an empty home directory of its own."""
    return Runner(sb, tmp_path / "home")
