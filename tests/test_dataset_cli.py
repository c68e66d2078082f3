"""``cloudcontracts sync`` as a user runs it: several accounts, a summary, and a process killed by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.dataset_support import (
    SINCE,
    TODAY,
    all_months,
    bill_open,
    hyperstack_billing_expected,
    hyperstack_expected,
    ncp_billing_expected,
    requests,
)

from cloudcontracts.dataset import Month
from cloudcontracts.sandbox import Sandbox

duckdb = pytest.importorskip("duckdb")
pq = pytest.importorskip("pyarrow.parquet")


def _environment(sb: Sandbox, home: Path) -> dict[str, str]:
    """The sandbox's variables, a HOME whose ~/.ncloud/configure has two profiles of fake credentials."""
    (home / ".ncloud").mkdir(parents=True, exist_ok=True)
    profile = f"ncloud_access_key_id = {sb.ncp_access_key}\nncloud_secret_access_key = {sb.ncp_secret_key}\n"
    (home / ".ncloud" / "configure").write_text(
        f"[DEFAULT]\n{profile}\n[prod]\n{profile}\n[research]\n{profile}"
    )
    env = {**os.environ, **sb.environment(), "HOME": str(home), "SECOND_HS_KEY": sb.hyperstack_api_key}
    for name in ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_SECRET_ACCESS_KEY"):
        env.pop(name)  # the profiles are read from the file
    return env


def _run(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cloudcontracts.cli", "sync", "--as-of", TODAY.key, "--since", SINCE.key]
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_several_accounts_in_one_run_each_row_carrying_its_account(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    env = _environment(sb, tmp_path / "home")
    target = tmp_path / "costs.duckdb"
    args = ["--to", str(target), "--ncp-profile", "prod", "--ncp-profile", "research"]
    args += ["--hyperstack-env", "HYPERSTACK_API_KEY", "--hyperstack-env", "SECOND_HS_KEY"]
    result = _run(env, *args)
    assert result.returncode == 0, result.stderr
    months = len(all_months())
    # Per NCP account a unit per month; per Hyperstack account the contracts' snapshot and a billing unit
    # per month.
    units = 2 * months + 2 * (1 + months)
    assert result.stdout.startswith(f"synced {units} month(s) of 4 account(s) into {target} in ")
    assert f"{units} new, 0 restated, 0 unchanged; 0 final month(s) skipped;" in result.stdout
    con = duckdb.connect(str(target), read_only=True)
    expected = {}
    for month in all_months():
        contracts = sb.state.ncp_contracts(month.compact, month.compact)
        usages = [u for c in contracts for p in c["contractProductList"] for u in p["usageList"]]
        if usages:
            expected[month.key] = (len(usages), sum(u["usageQuantity"] for u in usages))
    for account in ("prod", "research"):
        got = con.execute(
            "SELECT month, count(*), sum(usage_quantity) FROM ncp_usage WHERE account = ? GROUP BY ALL",
            [account],
        ).fetchall()
        assert {m: n for m, n, _ in got} == {m: n for m, (n, _) in expected.items()}
        for month, _, quantity in got:
            assert quantity == pytest.approx(expected[month][1], rel=1e-12)
    hs_rows, _ = hyperstack_expected(sb)
    assert con.execute(
        "SELECT account, count(*) FROM hyperstack_contracts GROUP BY ALL ORDER BY ALL"
    ).fetchall() == [("HYPERSTACK_API_KEY", hs_rows), ("SECOND_HS_KEY", hs_rows)]
    con.close()
    again = _run(env, *args)
    assert again.returncode == 0, again.stderr
    # Months whose bill is written are final at once; the others are fetched again.
    still_open = sum(bill_open(sb, month) for month in all_months())
    assert still_open == 2  # the sandbox's last month (no writeDate yet) and the current one
    billing_open = 3  # Hyperstack billing: the current month and the two complete ones before it
    assert (
        f"0 new, 0 restated, {2 * still_open + 2 * (1 + billing_open)} unchanged; "
        f"{2 * (months - still_open) + 2 * (months - billing_open)} final month(s) skipped;" in again.stdout
    )


def test_accounts_file_and_bad_arguments(cloudcontracts_sandbox: Sandbox, tmp_path: Path) -> None:
    sb = cloudcontracts_sandbox
    env = _environment(sb, tmp_path / "home")
    members = list(sb.state.ncp_members)
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text(
        f"ncloud:\n  - name: master\n    profile: prod\n    members: ['{members[0]}']\n"
        "hyperstack:\n  - name: main\n    key_env: SECOND_HS_KEY\n"
    )
    target = tmp_path / "costs"
    result = _run(env, "--to", str(target), "--accounts", str(accounts))
    assert result.returncode == 0, result.stderr
    state = json.loads((target / "_sync_state.json").read_text())
    assert {(u["account"], u["resource"]) for u in state["units"]} == {
        ("master", "ncp_billing"),
        ("main", "hyperstack_contracts"),
        ("main", "hyperstack_billing"),
    }
    month = Month.parse("2024-04")
    expected = ncp_billing_expected(sb, month, members[:1])
    assert next(
        u["rows"] for u in state["units"] if (u["resource"], u["month"]) == ("ncp_billing", month.key)
    ) == sum(rows for rows, _ in expected.values())
    bad = _run(env, "--to", str(target), "--since", "2025-01")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "--since 2025-01 is after the current month 2024-05" in bad.stderr
    accounts.write_text("ncloud:\n  - name: x\n    secret: nope\n")
    refused = _run(env, "--to", str(target), "--accounts", str(accounts))
    assert refused.returncode == 3
    assert "unknown setting(s) of a ncloud account: secret" in refused.stderr


@pytest.mark.slow  # a sync in a subprocess, interrupted, then run again
def test_sigterm_mid_sync_leaves_whole_months_and_the_next_run_completes_it(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    env = _environment(sb, tmp_path / "home")
    env["NCLOUD_ACCESS_KEY_ID"], env["NCLOUD_SECRET_ACCESS_KEY"] = sb.ncp_access_key, sb.ncp_secret_key
    target = tmp_path / "costs"
    sb.faults.script(*["latency:0.25"] * 100)  # slow enough to be caught in the middle
    command = [sys.executable, "-m", "cloudcontracts.cli", "sync", "--as-of", TODAY.key, "--since", SINCE.key]
    process = subprocess.Popen(
        [*command, "--to", str(target)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    state_file = target / "_sync_state.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if state_file.exists() and len(json.loads(state_file.read_text())["units"]) >= 2:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "sync stopped;" in stderr
    units = json.loads(state_file.read_text())["units"]
    # The default NCP account's months, then the Hyperstack account's snapshot and billing months.
    assert 2 <= len(units) < 2 * len(all_months()) + 1
    # Every month recorded is whole on disk, and nothing else is.
    files = sorted(p for p in target.rglob("*.parquet"))
    recorded = {(u["resource"], u["month"]) for u in units if u["rows"]}
    assert {(p.name.split(".")[1], p.parent.name.removeprefix("month=")) for p in files} == recorded
    for unit in units:
        on_disk = sum(
            pq.read_metadata(p).num_rows
            for p in files
            if p.parent.name == f"month={unit['month']}"
            and p.name == f"{unit['account']}.{unit['resource']}.parquet"
        )
        assert on_disk == unit["rows"]
    assert not [p for p in target.rglob("*") if p.name.endswith(".partial")]
    sb.faults.clear()
    sent = requests(sb)
    resumed = _run(env, "--to", str(target))
    assert resumed.returncode == 0, resumed.stderr
    skipped = sum(1 for u in units if u["final"])
    assert skipped == sum(1 for u in units if not bill_open(sb, Month.parse(u["month"])))
    assert f"{skipped} final month(s) skipped" in resumed.stdout
    # At the default page size: one page of usage, of costs and of invoices per NCP month, one of contracts,
    # and what each Hyperstack billing month asks.
    ncp_skipped = sum(1 for u in units if u["final"] and u["resource"] == "ncp_billing")
    billing_skipped = {u["month"] for u in units if u["final"] and u["resource"] == "hyperstack_billing"}
    billing = sum(
        hyperstack_billing_expected(sb, month, per_page=100).requests
        for month in all_months()
        if month.key not in billing_skipped
    )
    assert requests(sb) - sent == 3 * (len(all_months()) - ncp_skipped) + 1 + billing
    clean = tmp_path / "clean"
    assert _run(env, "--to", str(clean)).returncode == 0
    assert _files(target) == _files(clean)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
