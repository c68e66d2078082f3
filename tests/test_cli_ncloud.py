"""`cloudcontracts ncloud usage` against the sandbox: every output format with exact content (golden files;
see support/cli_support.py for regenerating them), XML = JSON, paging, windows, filters, profiles, round trips.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.cli_support import (
    MONTHS,
    SEED,
    Runner,
    check_golden,
    golden_text,
    ncp_models,
    requests_to,
    typed_csv,
)
from support.fixtures import sandbox_data

from cloudcontracts.exports import FOCUS_COLUMNS, NCP_USAGE_COLUMNS, ncp_usage_rows
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

USAGE = ("ncloud", "usage", *MONTHS)
OPERATION = "getContractUsageList"


@pytest.mark.parametrize(
    ("output", "golden"),
    [
        ("table", "ncloud_usage.table.txt"),
        ("csv", "ncloud_usage.csv"),
        ("json", "ncloud_usage.json"),
        ("jsonl", "ncloud_usage.jsonl"),
        ("focus-csv", "ncloud_usage.focus.csv"),
    ],
)
def test_usage_in_every_text_format(run: Runner, output: str, golden: str) -> None:
    result = run(*USAGE, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(golden, result.stdout)


def test_usage_rows_are_the_sandbox_records(run: Runner, sb: Sandbox) -> None:
    result = run(*USAGE, "-o", "csv")
    rows = typed_csv(result.stdout, NCP_USAGE_COLUMNS)
    assert rows == list(ncp_usage_rows(ncp_models(sb)))
    expected = sum(
        len(p["usageList"])
        for c in sb.state.ncp_contracts("202402", "202404")
        for p in c["contractProductList"]
    )
    assert len(rows) == expected == 22
    older = [r for r in rows if r["login_id"] is not None]
    assert {(r["member_no"], r["login_id"], r["contract_no"]) for r in older} == {
        (None, "sandbox-user-1", "9202964")
    }
    assert [r["use_month"] for r in rows].count(None) == 1  # NCP's empty useMonth, as null


def test_xml_answers_give_the_same_rows_as_json(run: Runner) -> None:
    result = run(*USAGE, "-o", "csv", "--format", "xml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("ncloud_usage.csv")


def test_every_page_is_fetched(run: Runner, sb: Sandbox) -> None:
    result = run(*USAGE, "-o", "csv", "--page-size", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("ncloud_usage.csv")
    assert requests_to(sb, OPERATION) == 3  # 5 contracts, 2 per page


def test_a_long_range_is_split_into_three_month_windows(run: Runner, sb: Sandbox) -> None:
    # 202311..202404 is two windows; the seeded usage is all in the second.
    result = run("ncloud", "usage", "--start-month", "202311", "--end-month", "202404", "-o", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("ncloud_usage.csv")
    assert requests_to(sb, OPERATION) == 2


@pytest.mark.parametrize(
    ("options", "filters"),
    [
        (("--member", "4578668"), {"member_nos": ["4578668"]}),
        (("--member", "4578668", "--member", "8852953"), {"member_nos": ["4578668", "8852953"]}),
        (("--contract-no", "9201168"), {"contract_no": "9201168"}),
        (("--contract-type", "BST"), {"contract_type_code": "BST"}),
        (("--status", "NLEND"), {"contract_status_code": "NLEND"}),
        (("--region", "KR"), {"region_code": "KR"}),
    ],
)
def test_filters_reach_the_api(
    run: Runner, sb: Sandbox, options: tuple[str, ...], filters: dict[str, Any]
) -> None:
    result = run(*USAGE, *options, "-o", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = list(ncp_usage_rows(ncp_models(sb, **filters)))
    assert [r["contract_no"] for r in rows] == [r["contract_no"] for r in expected]
    assert 0 < len(rows) < 22


def test_no_matching_contract_is_an_empty_result(run: Runner) -> None:
    table = run(*USAGE, "--region", "USW")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[-1] == "0 rows"
    as_json = run(*USAGE, "--region", "USW", "-o", "json")
    assert as_json.stdout == "[]\n"
    as_csv = run(*USAGE, "--region", "USW", "-o", "csv")
    assert as_csv.stdout == ",".join(c.name for c in NCP_USAGE_COLUMNS) + "\n"


def test_organization_and_partner_together_are_refused_before_any_request(run: Runner, sb: Sandbox) -> None:
    result = run(*USAGE, "--organization", "--partner")
    assert result.exit_code == 2
    assert result.stderr == (
        "cloudcontracts ncloud usage: bad arguments: --organization and --partner cannot be used together "
        "(NCP refuses it) (see 'cloudcontracts ncloud usage --help')\n"
    )
    assert sb.faults.history == []


@pytest.mark.parametrize("flag", ["--organization", "--partner"])
def test_organization_or_partner_alone_is_sent(run: Runner, sb: Sandbox, flag: str) -> None:
    result = run(*USAGE, flag, "-o", "csv")
    assert result.exit_code == 0, result.stderr
    assert requests_to(sb, OPERATION) == 1


def test_usage_parquet_reads_back_as_the_csv_rows(run: Runner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "usage.parquet"
    result = run(*USAGE, "-o", "parquet", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(target)
    assert table.schema.field("product_size").type == "int64"
    assert str(table.schema.field("contract_start_date").type) == "timestamp[us, tz=UTC]"
    assert table.to_pylist() == typed_csv(golden_text("ncloud_usage.csv"), NCP_USAGE_COLUMNS)


def test_focus_parquet_reads_back_as_the_focus_csv_rows(run: Runner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "focus.parquet"
    result = run(*USAGE, "-o", "focus-parquet", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert pq.read_table(target).to_pylist() == typed_csv(
        golden_text("ncloud_usage.focus.csv"), FOCUS_COLUMNS
    )


def test_credentials_from_a_configure_profile(run: Runner, sb: Sandbox) -> None:
    configure = run.home / ".ncloud" / "configure"
    configure.parent.mkdir(parents=True)
    configure.write_text(
        "[DEFAULT]\nncloud_access_key_id = NOT-THIS-ONE\nncloud_secret_access_key = nor-this\n\n"
        f"[work]\nncloud_access_key_id = {sb.ncp_access_key}\n"
        f"ncloud_secret_access_key = {sb.ncp_secret_key}\nncloud_api_url = {sb.ncloud_url}\n",
        encoding="utf-8",
    )
    no_env = {"NCLOUD_ACCESS_KEY_ID": None, "NCLOUD_SECRET_ACCESS_KEY": None, "NCLOUD_API_GW": None}
    result = run(*USAGE, "--profile", "work", "-o", "csv", env=no_env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("ncloud_usage.csv")
    # A named profile wins over key variables in the environment (here: keys the sandbox refuses).
    stale = {"NCLOUD_ACCESS_KEY_ID": "AKSTALE0000000000001", "NCLOUD_SECRET_ACCESS_KEY": "stale-secret"}
    result = run(*USAGE, "--profile", "work", "-o", "csv", env=stale)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden_text("ncloud_usage.csv")
    unknown = run(*USAGE, "--profile", "play", env=stale)
    assert unknown.exit_code == 3
    assert unknown.stderr == (
        f"cloudcontracts: missing credentials: profile 'play' not found in {configure} "
        "(profiles there: DEFAULT, work)\n"
    )
