"""Helpers of the command-line tests (tests/test_cli_*.py, test_exports_*.py, test_focus*.py).

Golden files live in tests/golden/cli/ and are compared byte for byte. After an intended change of
output, regenerate them and review the diff::

    CLOUDCONTRACTS_UPDATE_GOLDEN=1 PYTHONPATH=overlays:generated .venv/bin/pytest \\
        tests/test_cli_*.py tests/test_exports_*.py tests/test_focus*.py -p no:cacheprovider

A test that rewrites a golden file still fails (with a message saying so), so that a regeneration run is
never mistaken for a passing one.

The seeded data: :data:`SEED` (``pytestmark = sandbox_data(**SEED)``) makes the sandbox
small and varied (seed 190 has a Hyperstack contract without discounts, one with an empty description,
one with a non-ASCII description and a ``created_at`` with microseconds; NCP contracts with ``loginId``
instead of ``memberNo``, a usage record with an empty ``useMonth``, an empty code object, GB and count
units, a > 32-bit ``productSize``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cloudcontracts.cli import cli
from cloudcontracts.exports import Column, Row
from cloudcontracts.sandbox import Sandbox
from hyperstack_client.models import CustomerContractFields
from ncloud_billing_client.models import Contract as NcpContract

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "cli"
UPDATE = os.environ.get("CLOUDCONTRACTS_UPDATE_GOLDEN") == "1"

SEED: dict[str, Any] = {
    "seed": 190,
    "hyperstack_contracts": 5,
    "hyperstack_discounts": 2,
    "ncp_contracts": 5,
    "ncp_months": 3,
    "ncp_products": 2,
    "ncp_usage_rows": 2,
}
MONTHS = ("--start-month", "2024-02", "--end-month", "2024-04")


def check_golden(name: str, actual: str | bytes) -> None:
    """``actual`` must equal tests/golden/cli/``name`` byte for byte (or rewrite it when updating)."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        pytest.fail(f"rewrote {path.relative_to(GOLDEN.parent.parent)}: review the diff, then rerun")
    assert path.exists(), f"missing golden file {path}; create it with CLOUDCONTRACTS_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    assert data == expected, f"output differs from {path.name}:\n{data.decode('utf-8', 'replace')}"


def golden_text(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


def seeded(sandbox: Sandbox) -> Sandbox:
    sandbox.reset(**SEED)
    return sandbox


def environment(sandbox: Sandbox, home: Path) -> dict[str, str | None]:
    """The environment a command runs with: only the sandbox's credentials, an empty home directory."""
    env: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith(("NCLOUD_", "HYPERSTACK_"))
    }
    env.update(sandbox.environment())
    env["HOME"] = str(home)
    return env


class Runner:
    """Runs the command line in-process (click's CliRunner) against a sandbox, stderr kept apart."""

    def __init__(self, sandbox: Sandbox, home: Path) -> None:
        self.sandbox = sandbox
        self.home = home

    def __call__(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
        environ = environment(self.sandbox, self.home)
        environ.update(env or {})
        return CliRunner().invoke(cli, list(args), env=environ, catch_exceptions=False)


def requests_to(sandbox: Sandbox, operation: str) -> int:
    """How many requests for ``operation`` (an operationId) the sandbox saw since its last reset."""
    return sum(1 for seen, _fault in sandbox.faults.history if seen == operation)


def ncp_models(
    sandbox: Sandbox, start: str = "202402", end: str = "202404", **filters: Any
) -> list[NcpContract]:
    return [NcpContract.from_dict(item) for item in sandbox.state.ncp_contracts(start, end, **filters)]


def hyperstack_models(sandbox: Sandbox) -> list[CustomerContractFields]:
    return [CustomerContractFields.from_dict(item) for item in sandbox.state.hyperstack_contracts()]


def typed_csv(text: str, columns: Sequence[Column]) -> list[Row]:
    """CSV text read back into typed values (empty: None), for comparison with Parquet or rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == [c.name for c in columns]
    return [{c.name: _typed(record[c.name], c) for c in columns} for record in reader]


def _typed(text: str, column: Column) -> Any:
    if text == "":
        return None
    if column.kind == "integer":
        return int(text)
    if column.kind == "decimal":
        return float(text)  # compares equal to the int or float it was written from
    if column.kind in ("datetime", "utc_datetime"):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return text
