# ruff: noqa: S608 -- SQL over the test's own table names
"""NCP money in the data set (``ncp_billing``): contract costs, invoices and FOCUS with cost, per month.

Every expectation is read from what the sandbox serves (its cost rows and invoices, per account and
month): row counts and exact sums of ``demandAmount`` (costs, FOCUS ``BilledCost``) and
``thisMonthDemandAmount`` (invoices), whether each month's bill is written, and the requests a run makes.
Runs: a first load, an incremental run, a month restated after the first load, a month whose bill is
written between two runs, and a key that may read usage but not cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from support.dataset_support import (
    HS_PAGE,
    NCP_PAGE,
    SINCE,
    TODAY,
    accounts,
    all_months,
    bill_open,
    hyperstack_expected,
    ncp_billing_expected,
    ncp_expected,
    requests,
)

from cloudcontracts.dataset import (
    Month,
    Resource,
    SyncReport,
    hyperstack_contracts,
    ncp_billing,
    open_sink,
    sync,
)
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.credentials import SandboxCredentials

duckdb = pytest.importorskip("duckdb")

ACCOUNTS = ("master", "members")
OPEN_MONTH = Month.parse("2024-04")  # the sandbox's last month: its bill is not written yet
SUMS = {
    "ncp_usage": "usage_quantity",
    "ncp_contract_costs": "demand_amount",
    "ncp_invoices": "this_month_demand_amount",
    "focus": "BilledCost",
}


def _resources() -> list[Resource]:
    return [ncp_billing(page_size=NCP_PAGE), hyperstack_contracts(per_page=HS_PAGE)]


def _members(sb: Sandbox, account: str) -> list[str]:
    members = list(sb.state.ncp_members)
    return members[:1] if account == "master" else members[1:]


def _sync(sb: Sandbox, target: Path, warnings: list[str] | None = None, **kwargs: Any) -> SyncReport:
    sink = open_sink(target)
    collected = warnings if warnings is not None else []
    try:
        return sync(
            accounts(sb), _resources(), sink, today=TODAY, since=SINCE, warn=collected.append, **kwargs
        )
    finally:
        sink.close()


def _got(con: Any, table: str) -> dict[tuple[str, str], tuple[int, float]]:
    rows = con.execute(
        f'SELECT account, month, count(*), coalesce(sum("{SUMS[table]}"), 0) FROM {table} '
        "WHERE provider = 'ncloud' GROUP BY ALL"
    ).fetchall()
    return {(a, m): (n, s) for a, m, n, s in rows}


def _expected(sb: Sandbox, table: str) -> dict[tuple[str, str], tuple[int, float]]:
    expected = {}
    for account in ACCOUNTS:
        for month in all_months():
            rows, total = ncp_billing_expected(sb, month, _members(sb, account))[table]
            if rows:
                expected[(account, month.key)] = (rows, total)
    return expected


def _check_money(sb: Sandbox, target: Path) -> None:
    con = duckdb.connect(str(target), read_only=True)
    try:
        for table in SUMS:
            got, expected = _got(con, table), _expected(sb, table)
            assert set(got) == set(expected), table
            for key, (rows, total) in expected.items():
                assert got[key][0] == rows, (table, key)
                if table == "ncp_usage":
                    assert got[key][1] == pytest.approx(total, rel=1e-12), (table, key)
                else:  # won: whole numbers, summed exactly
                    assert got[key][1] == total, (table, key)
        # What each member is billed for a month: the FOCUS rows add up to the invoices, to the won.
        billed, invoiced = _got(con, "focus"), _got(con, "ncp_invoices")
        assert {k: v[1] for k, v in billed.items() if k in invoiced} == {k: v[1] for k, v in invoiced.items()}
        statuses = con.execute(
            "SELECT account, month, list(DISTINCT x_BillingPeriodStatus ORDER BY x_BillingPeriodStatus) "
            "FROM focus WHERE provider = 'ncloud' GROUP BY ALL"
        ).fetchall()
        for account, month, status in statuses:
            written = not bill_open(sb, Month.parse(month), _members(sb, account))
            assert status == (["Closed"] if written else ["Open"]), (account, month)
        assert {(a, m) for a, m, _ in statuses} == set(_expected(sb, "focus"))
    finally:
        con.close()


def _state(target: Path) -> dict[tuple[str, str], bool]:
    con = duckdb.connect(str(target), read_only=True)
    try:
        rows = con.execute(
            "SELECT account, month, final FROM _cloudcontracts_sync WHERE resource = 'ncp_billing'"
        ).fetchall()
    finally:
        con.close()
    return {(a, m): f for a, m, f in rows}


def test_first_run_loads_costs_invoices_and_focus_with_cost(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    warnings: list[str] = []
    report = _sync(sb, target, warnings)
    assert warnings == []
    assert requests(sb) == report.pages
    assert report.count("new") == report.fetched == 2 * len(all_months()) + 1
    _check_money(sb, target)
    # Final exactly when the month's bill is written (or, with no bill, after two complete months).
    assert _state(target) == {
        (account, month.key): not bill_open(sb, month, _members(sb, account))
        for account in ACCOUNTS
        for month in all_months()
    }
    assert _state(target)[("master", "2024-03")] is True  # written: final one month after it ended
    assert _state(target)[("master", OPEN_MONTH.key)] is False


def test_an_incremental_run_fetches_only_months_whose_bill_is_not_written(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    sent = requests(sb)
    report = _sync(sb, target)
    open_units = [
        (account, month.key)
        for account in ACCOUNTS
        for month in all_months()
        if bill_open(sb, month, _members(sb, account))
    ]
    assert sorted(
        (r.unit.account, r.unit.month.key) for r in report.results if r.unit.resource == "ncp_billing"
    ) == sorted(open_units)
    assert report.count("unchanged") == report.fetched == len(open_units) + 1
    assert report.skipped_final == 2 * len(all_months()) - len(open_units)
    assert requests(sb) - sent == report.pages
    assert report.rows_written == 0
    _check_money(sb, target)


def _cost_bodies(sb: Sandbox, month: Month, members: Sequence[str]) -> list[dict[str, Any]]:
    money = sb.state.ncp_money
    return [row.body for row in money.cost_rows if row.month == month.compact and row.member_no in members]


def _invoice_bodies(sb: Sandbox, month: Month, members: Sequence[str]) -> list[dict[str, Any]]:
    money = sb.state.ncp_money
    return [body for member, m, body in money.invoices if m == month.compact and member in members]


def test_a_month_restated_after_the_first_load_is_replaced(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    con = duckdb.connect(str(target), read_only=True)
    before = {table: _got(con, table) for table in SUMS}
    con.close()
    # NCP restates the open month of the master member: one cost row and its invoice gain 1,000 won.
    master = _members(sb, "master")
    cost = _cost_bodies(sb, OPEN_MONTH, master)[0]
    invoice = _invoice_bodies(sb, OPEN_MONTH, master)[0]
    cost["demandAmount"] += 1000
    invoice["thisMonthDemandAmount"] += 1000
    report = _sync(sb, target)
    assert [(r.unit.account, r.unit.month.key) for r in report.results if r.outcome == "restated"] == [
        ("master", OPEN_MONTH.key)
    ]
    _check_money(sb, target)
    con = duckdb.connect(str(target), read_only=True)
    after = {table: _got(con, table) for table in SUMS}
    con.close()
    key = ("master", OPEN_MONTH.key)
    for table in ("ncp_contract_costs", "ncp_invoices", "focus"):
        assert after[table][key] == (before[table][key][0], before[table][key][1] + 1000), table
        assert {k: v for k, v in after[table].items() if k != key} == {
            k: v for k, v in before[table].items() if k != key
        }
    assert after["ncp_usage"] == before["ncp_usage"]


def test_a_month_whose_bill_is_written_between_runs_closes_and_is_not_fetched_again(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    assert not any(final for (_, month), final in _state(target).items() if month == OPEN_MONTH.key)
    members = list(sb.state.ncp_members)
    for body in (*_cost_bodies(sb, OPEN_MONTH, members), *_invoice_bodies(sb, OPEN_MONTH, members)):
        body["writeDate"] = "2024-05-01T04:12:37+0900"  # NCP writes April's bill on 1 May
    closing = _sync(sb, target)
    april = [r for r in closing.results if r.unit.month == OPEN_MONTH]
    # The bill's date is in the rows (write_date, x_BillingPeriodStatus): restated once, now final.
    assert [(r.unit.account, r.outcome, r.final) for r in april] == [
        ("master", "restated", True),
        ("members", "restated", True),
    ]
    _check_money(sb, target)
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute(
        "SELECT DISTINCT x_BillingPeriodStatus FROM focus WHERE provider = 'ncloud' AND month = ?",
        [OPEN_MONTH.key],
    ).fetchall() == [("Closed",)]
    con.close()
    sent = requests(sb)
    again = _sync(sb, target)
    assert sorted({r.unit.month.key for r in again.results}) == [TODAY.key]
    assert again.skipped_final == 2 * (len(all_months()) - 1)
    assert requests(sb) - sent == again.pages


def test_a_key_without_the_cost_permission_still_gets_usage_with_one_warning(tmp_path: Path) -> None:
    denied = SandboxCredentials(
        ncp_denied_operations=frozenset({"getContractDemandCostList", "getDemandCostList"})
    )
    target = tmp_path / "costs.duckdb"
    warnings: list[str] = []
    with Sandbox(seed=0, credentials=denied) as sb:
        report = _sync(sb, target, warnings)
        # One line per account, naming what was refused; no cost call after the first refusal.
        assert len(warnings) == 2
        for account, warning in zip(ACCOUNTS, warnings, strict=True):
            assert warning.startswith(f"account {account} may not call getContractDemandCostList")
            assert "permission denied, code 210" in warning
        usage_pages = sum(ncp_expected(sb, a, m)[2] for a in ACCOUNTS for m in all_months())
        assert report.pages == usage_pages + hyperstack_expected(sb)[1]
        # The refused calls: each cost operation once per account, in its first month; none after.
        assert requests(sb) == report.pages + 2 * len(ACCOUNTS)
        con = duckdb.connect(str(target), read_only=True)
        try:
            for table in ("ncp_contract_costs", "ncp_invoices"):
                assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
            usage = {
                (account, month.key): ncp_expected(sb, account, month)[:2]
                for account in ACCOUNTS
                for month in all_months()
                if ncp_expected(sb, account, month)[0]
            }
            for table, column in (("ncp_usage", "usage_quantity"), ("focus", "ConsumedQuantity")):
                got = con.execute(
                    f'SELECT account, month, count(*), sum("{column}") FROM {table} '
                    "WHERE provider = 'ncloud' GROUP BY ALL"
                ).fetchall()
                assert {(a, m): n for a, m, n, _ in got} == {k: n for k, (n, _) in usage.items()}
                for a, m, _, total in got:
                    assert total == pytest.approx(usage[(a, m)][1], rel=1e-12)
            assert con.execute(
                "SELECT count(*), count(BilledCost), count(x_BillingPeriodStatus) FROM focus "
                "WHERE provider = 'ncloud'"
            ).fetchone() == (sum(n for n, _ in usage.values()), 0, 0)
        finally:
            con.close()
    # Without bills, months are final by usage's rule: older than two complete months.
    assert _state(target) == {
        (account, month.key): month.ordinal < TODAY.ordinal - 2
        for account in ACCOUNTS
        for month in all_months()
    }


@pytest.mark.slow  # dlt pipelines into DuckDB
def test_the_dlt_source_loads_the_same_money_and_then_only_open_months(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dlt = pytest.importorskip("dlt")
    from cloudcontracts.dlt import cloudcontracts_source  # noqa: PLC0415 -- needs the dlt extra

    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")
    sb = cloudcontracts_sandbox
    database = tmp_path / "dlt.duckdb"

    def load() -> None:
        pipeline = dlt.pipeline(
            pipeline_name="cloudcontracts_costs_test",
            pipelines_dir=str(tmp_path / "pipelines"),
            destination=dlt.destinations.duckdb(str(database)),
            dataset_name="costs",
        )
        pipeline.run(cloudcontracts_source(accounts(sb), _resources(), since=SINCE, today=TODAY))

    load()
    names = {"ncp_contract_costs": "demand_amount", "ncp_invoices": "this_month_demand_amount"}
    names["focus"] = "billed_cost"  # dlt's snake_case of BilledCost
    con = duckdb.connect(str(database), read_only=True)
    try:
        for table, column in names.items():
            got = con.execute(
                f"SELECT account, month, count(*), sum({column}) FROM costs.{table} "
                "WHERE provider = 'ncloud' GROUP BY ALL"
            ).fetchall()
            assert {(a, m): (n, s) for a, m, n, s in got} == _expected(sb, table), table
        assert con.execute(
            "SELECT DISTINCT x_billing_period_status FROM costs.focus WHERE month = ?", [OPEN_MONTH.key]
        ).fetchall() == [("Open",)]
    finally:
        con.close()
    sent = requests(sb)
    load()
    open_pages = 0
    for account in ACCOUNTS:
        for month in all_months():
            if bill_open(sb, month, _members(sb, account)):
                usage_pages = ncp_expected(sb, account, month)[2]
                rows = ncp_billing_expected(sb, month, _members(sb, account))
                money_pages = sum(
                    max(1, -(-rows[t][0] // NCP_PAGE)) for t in ("ncp_contract_costs", "ncp_invoices")
                )
                open_pages += usage_pages + money_pages
    assert requests(sb) - sent == open_pages + hyperstack_expected(sb)[1]
