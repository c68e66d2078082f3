"""`make demo` runs `python -m cloudcontracts.demo`: it must work offline, with no credentials, and exit 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # the demo in a subprocess


def test_demo_runs_offline_and_reports_identical_xml_and_json() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NCLOUD_", "HYPERSTACK_"))}
    result = subprocess.run(
        [sys.executable, "-m", "cloudcontracts.demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^cloudcontracts demo: sandbox on http://127\.0\.0\.1:\d+ ", out, re.M)
    assert "Hyperstack contracts (30, fetched 10 per page)" in out
    assert re.search(r"^Contract \d+: GPU allocation, ", out, re.M)
    # After the graph, the same contract's cost and utilisation over the graph's period.
    graph = re.search(r"^Contract (\d+): GPU allocation, (\S+ \S+) to (\S+ \S+) UTC$", out, re.M)
    assert graph is not None
    cost = out.index(f"Contract {graph[1]}: cost and utilisation, {graph[2]} to {graph[3]} UTC\n")
    assert cost > graph.end()
    header, _rule, figures = out[cost:].splitlines()[1:4]
    assert header.split("  ")[0] == "contracted GPU-h"
    contracted, allocated, unused, percent = figures.split()[:4]
    assert abs(float(contracted) - float(allocated) - float(unused)) <= 0.011  # each to the cent
    assert abs(float(percent.rstrip("%")) - 100 * float(allocated) / float(contracted)) < 0.01
    assert "NCP contract usage 202402..202404: 38 contracts, 317 usage rows" in out
    assert "XML and JSON decoded identically: yes (38 contracts from XML, 38 from JSON)\n" in out
    # Last, the sync into a temporary DuckDB file and one query over it: cost per provider and month.
    sync = out.split("XML and JSON decoded identically", 1)[1]
    assert re.search(
        r"^cloudcontracts sync --to costs\.duckdb: \d+ months of 2 accounts, \d+ rows", sync, re.M
    )
    lines = sync.rstrip().splitlines()
    header_at = lines.index(next(line for line in lines if line.startswith("provider")))
    assert lines[header_at].split() == ["provider", "month", "currency", "rows", "billed"]
    table = [line.split() for line in lines[header_at + 2 :]]
    assert [row[:3] for row in table if row[0] == "ncloud"] == [
        ["ncloud", f"{m[:4]}-{m[4:]}", "KRW"]
        for m in ("202311", "202312", "202401", "202402", "202403", "202404")
    ]
    # Hyperstack's VM billing, in US dollars, for each month of the sync it billed machines in.
    hyperstack = [row for row in table if row[0] == "hyperstack"]
    assert hyperstack and {row[2] for row in hyperstack} == {"USD"}
    assert all(float(row[4]) > 0 for row in table)
    assert result.stderr == ""
