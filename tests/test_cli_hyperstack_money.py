"""`cloudcontracts hyperstack billing|machines|pricebook|commitments` against the sandbox: every output
format carries the same rows as the Python API, and the FOCUS outputs are the FOCUS exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from cloudcontracts import HyperstackContracts
from cloudcontracts.cli.app import cli
from cloudcontracts.exports import (
    BILLING_COLUMNS,
    CONTRACT_COMMITMENT_COLUMNS,
    FOCUS_COLUMNS,
    MACHINE_COLUMNS,
    PRICEBOOK_COLUMNS,
    Column,
    billing_rows,
    contract_commitment_rows,
    machine_rows,
    pricebook_rows,
)
from cloudcontracts.exports.columns import json_object
from cloudcontracts.exports.focus_hyperstack_export import hyperstack_billing_focus_rows
from cloudcontracts.hyperstack.timestamps import parse_hyperstack_datetime
from cloudcontracts.sandbox import Sandbox

PERIOD = ("--start", "2026-04-01", "--end", "2026-04-08")


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=0) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def hs(sb: Sandbox) -> Iterator[HyperstackContracts]:
    with HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
        yield client


def run(sb: Sandbox, *args: str) -> Result:
    env = {**sb.environment(), "HOME": "/nonexistent-home"}
    return CliRunner().invoke(cli, ["hyperstack", *args], env=env, catch_exceptions=False)


def expected(
    sb: Sandbox, hs: HyperstackContracts, command: str
) -> tuple[tuple[Column, ...], list[dict[str, Any]]]:
    if command == "billing":
        start, end = parse_hyperstack_datetime("2026-04-01"), parse_hyperstack_datetime("2026-04-08")
        rows = billing_rows(hs.iter_vm_billing(start, end), start=start, end=end)
        return BILLING_COLUMNS, [json_object(r, BILLING_COLUMNS) for r in rows]
    if command == "machines":
        rows = machine_rows(131, hs.contract_machines(131))
        return MACHINE_COLUMNS, [json_object(r, MACHINE_COLUMNS) for r in rows]
    if command == "pricebook":
        return PRICEBOOK_COLUMNS, [json_object(r, PRICEBOOK_COLUMNS) for r in pricebook_rows(hs.pricebook())]
    rows = contract_commitment_rows(hs.iter_contracts())
    return CONTRACT_COMMITMENT_COLUMNS, [json_object(r, CONTRACT_COMMITMENT_COLUMNS) for r in rows]


COMMANDS = {
    "billing": ("billing", *PERIOD),
    "machines": ("machines", "131"),
    "pricebook": ("pricebook",),
    "commitments": ("commitments",),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_json_jsonl_csv_and_parquet_carry_the_python_apis_rows(
    sb: Sandbox, hs: HyperstackContracts, command: str, tmp_path: Path
) -> None:
    columns, rows = expected(sb, hs, command)
    assert rows
    names = [c.name for c in columns]
    result = run(sb, *COMMANDS[command], "-o", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == rows
    result = run(sb, *COMMANDS[command], "-o", "jsonl")
    assert [json.loads(line) for line in result.stdout.splitlines()] == rows
    result = run(sb, *COMMANDS[command], "-o", "csv")
    records = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(records[0]) == names and len(records) == len(rows)
    target = tmp_path / "out.parquet"
    result = run(sb, *COMMANDS[command], "-o", "parquet", "--out", str(target))
    assert result.exit_code == 0
    table = pq.read_table(target)
    assert table.column_names == names and table.num_rows == len(rows)
    result = run(sb, *COMMANDS[command])
    assert result.exit_code == 0 and f"{len(rows)} row" in result.stdout


def test_billing_focus_csv_is_the_focus_export(sb: Sandbox, hs: HyperstackContracts, tmp_path: Path) -> None:
    rows = list(hyperstack_billing_focus_rows(hs, "2026-04-01", "2026-04-08"))
    result = run(sb, "billing", *PERIOD, "-o", "focus-csv")
    assert result.exit_code == 0
    records = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(records[0]) == [c.name for c in FOCUS_COLUMNS]
    assert [r["ResourceId"] for r in records] == [r["ResourceId"] for r in rows]
    assert {r["BillingCurrency"] for r in records} == {"USD"}
    target = tmp_path / "focus.parquet"
    assert run(sb, "billing", *PERIOD, "-o", "focus-parquet", "--out", str(target)).exit_code == 0
    assert pq.read_table(target).num_rows == len(rows)


def test_billing_search_and_bad_periods(sb: Sandbox) -> None:
    result = run(sb, "billing", *PERIOD, "--search", "ctr110-", "-o", "jsonl")
    assert {json.loads(line)["contract_id"] for line in result.stdout.splitlines()} == {110}
    result = run(sb, "billing", "--start", "2026-04-08", "--end", "2026-04-01")
    assert result.exit_code == 2 and "--start/--end" in result.stderr
    result = run(sb, "billing", *PERIOD, "--search", "x", "-o", "focus-csv")
    assert result.exit_code == 2 and "--search" in result.stderr


def test_machines_of_an_unknown_contract_is_a_not_found_error(sb: Sandbox) -> None:
    result = run(sb, "machines", "99")
    assert result.exit_code != 0 and "404" in result.stderr
