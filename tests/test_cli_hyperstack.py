"""`cloudcontracts hyperstack contracts|contract|gpu-graph` against the sandbox: every output format,
exact content (golden files, see support/cli_support.py for regenerating them), pagination, and round trips.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from support.cli_support import (
    SEED,
    Runner,
    check_golden,
    golden_text,
    hyperstack_models,
    requests_to,
    typed_csv,
)
from support.fixtures import sandbox_data
from support.narrowing import of_type

from cloudcontracts.exports import (
    FOCUS_COLUMNS,
    GPU_GRAPH_COLUMNS,
    HYPERSTACK_CONTRACT_COLUMNS,
    hyperstack_contract_rows,
)
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

GRAPH = ("hyperstack", "gpu-graph", "109", "--start", "2025-10-01", "--end", "2025-10-03")


@pytest.mark.parametrize(
    ("output", "golden"),
    [
        ("table", "hyperstack_contracts.table.txt"),
        ("csv", "hyperstack_contracts.csv"),
        ("json", "hyperstack_contracts.json"),
        ("jsonl", "hyperstack_contracts.jsonl"),
        ("focus-csv", "hyperstack_contracts.focus.csv"),
    ],
)
def test_contracts_in_every_text_format(run: Runner, output: str, golden: str) -> None:
    result = run("hyperstack", "contracts", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(golden, result.stdout)


def test_contracts_rows_are_the_sandbox_contracts_one_per_discount(run: Runner, sb: Sandbox) -> None:
    contracts = sb.state.hyperstack_contracts()
    result = run("hyperstack", "contracts", "-o", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == sum(max(1, len(c["discounts"])) for c in contracts) == 8
    assert [r["contract_id"] for r in rows] == [105, 105, 109, 112, 112, 114, 119, 119]
    # Contract 114 has no discount plans: one row, its discount columns null.
    (lonely,) = [r for r in rows if r["contract_id"] == 114]
    assert lonely["discount_id"] is None and lonely["resource_name"] is None
    assert lonely["start_date"] == "2024-03-11T06:55:40+00:00"
    # Empty description is null, not ""; microseconds are kept.
    assert {r["description"] for r in rows if r["contract_id"] == 112} == {None}
    assert rows[2]["created_at"] == "2025-09-05T20:25:42.134514+00:00"


def test_contracts_are_the_same_whatever_the_page_size(run: Runner, sb: Sandbox) -> None:
    result = run("hyperstack", "contracts", "-o", "csv", "--per-page", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("hyperstack_contracts.csv")
    assert requests_to(sb, "list_contracts") == 3  # 2 + 2 + 1 contracts: the short page is the last


def test_contracts_parquet_reads_back_as_the_csv_rows(run: Runner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "contracts.parquet"
    result = run("hyperstack", "contracts", "-o", "parquet", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    table = pq.read_table(target)
    assert table.schema.names == [c.name for c in HYPERSTACK_CONTRACT_COLUMNS]
    expected = typed_csv(golden_text("hyperstack_contracts.csv"), HYPERSTACK_CONTRACT_COLUMNS)
    assert table.to_pylist() == expected
    assert len(expected) == 8


def test_contracts_focus_parquet_reads_back_as_the_focus_csv_rows(run: Runner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "focus.parquet"
    result = run("hyperstack", "contracts", "-o", "focus-parquet", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    expected = typed_csv(golden_text("hyperstack_contracts.focus.csv"), FOCUS_COLUMNS)
    assert pq.read_table(target).to_pylist() == expected


def test_csv_out_file_equals_stdout_and_the_python_api(run: Runner, sb: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "contracts.csv"
    result = run("hyperstack", "contracts", "-o", "csv", "--out", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == golden_text("hyperstack_contracts.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["contracts.csv"]
    api_rows = list(hyperstack_contract_rows(hyperstack_models(sb)))
    assert typed_csv(target.read_text(encoding="utf-8"), HYPERSTACK_CONTRACT_COLUMNS) == api_rows


@pytest.mark.parametrize(
    ("output", "golden"),
    [("table", "hyperstack_contract_112.table.txt"), ("json", "hyperstack_contract_112.json")],
)
def test_one_contract(run: Runner, sb: Sandbox, output: str, golden: str) -> None:
    result = run("hyperstack", "contract", "112", "-o", output)
    assert result.exit_code == 0, result.stderr
    check_golden(golden, result.stdout)
    assert requests_to(sb, "get_contract") == 1
    assert requests_to(sb, "list_contracts") == 0


def test_one_contract_without_discounts_is_one_row(run: Runner) -> None:
    result = run("hyperstack", "contract", "114", "-o", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        '{"contract_id": 114, "org_id": 4821, "description": "RTX A6000 burst pool", "status": "pending", '
        '"start_date": "2024-03-11T06:55:40+00:00", "end_date": "2025-03-06T06:55:40+00:00", '
        '"created_at": "2024-03-02T12:36:20+00:00", "expiration_policy": 1, "discount_id": null, '
        '"resource_id": null, "resource_name": null, "discount_code": null, "discount_type": null, '
        '"discount_percent": null, "discount_amount": null, "discount_status": null, '
        '"resource_count": null, "remaining_count": null}\n'
    )


def test_gpu_graph_chart(run: Runner) -> None:
    result = run(*GRAPH, "--width", "60")
    assert result.exit_code == 0, result.stderr
    check_golden("gpu_graph_109.chart.txt", result.stdout)


def test_gpu_graph_chart_is_80_columns_when_not_on_a_terminal(run: Runner) -> None:
    result = run(*GRAPH)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # At 80 columns the 70-character title fits on one line (at --width 60 it wraps: see the golden file).
    assert lines[0] == "Contract 109: GPU allocation, 2025-10-01 00:00 to 2025-10-03 00:00 UTC"
    assert max(len(line) for line in lines) <= 80


def test_gpu_graph_rows(run: Runner, sb: Sandbox) -> None:
    result = run(*GRAPH, "-o", "csv")
    assert result.exit_code == 0, result.stderr
    check_golden("gpu_graph_109.csv", result.stdout)
    rows = typed_csv(result.stdout, GPU_GRAPH_COLUMNS)
    assert len(rows) == 48  # two days of hourly buckets
    assert {r["granularity_seconds"] for r in rows} == {3600}
    spans = [of_type(datetime, r["bucket_end"]) - of_type(datetime, r["bucket_start"]) for r in rows]
    assert {span.total_seconds() for span in spans} == {3600}


def test_gpu_graph_png(run: Runner, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "gpu.png"
    result = run(*GRAPH, "--png", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # the picture is the output
    assert result.stderr == f"wrote {target}\n"
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 600)


def test_gpu_graph_bad_period_is_refused_before_any_request(run: Runner, sb: Sandbox) -> None:
    result = run("hyperstack", "gpu-graph", "109", "--start", "2025-10-03", "--end", "2025-10-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "cloudcontracts hyperstack gpu-graph: bad arguments: --start/--end: start (2025-10-03T00:00:00) is "
        "after end (2025-10-01T00:00:00); both are UTC (see 'cloudcontracts hyperstack gpu-graph --help')\n"
    )
    assert sb.faults.history == []


def test_gpu_graph_has_no_focus_output(run: Runner, sb: Sandbox) -> None:
    result = run(*GRAPH, "-o", "focus-csv")
    assert result.exit_code == 2
    assert "bad arguments: Invalid value for '-o' / '--output': 'focus-csv' is not one of" in result.stderr
    assert sb.faults.history == []
