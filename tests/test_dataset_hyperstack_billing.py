# ruff: noqa: S608 -- SQL over the test's own table names
"""Hyperstack billing in the data set (``hyperstack_billing``): flat rows and FOCUS rows, month by month.

Every expectation is read from what the sandbox serves for each month, asked as the resource asks it
(first instant to last second): rows and exact sums (``math.fsum``) of ``incurred_bill`` and FOCUS
``BilledCost`` per account and month, Purchase rows per contract plan, and the requests a run makes.
Runs: a first load, an incremental run, a restated month and an emptied one, an API giving up mid-way,
Parquet twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support.dataset_support import (
    HS_BILLING_PAGE,
    HS_BILLING_SINCE,
    HS_BILLING_TODAY,
    billing_requests,
    hyperstack_billing_expected,
    hyperstack_period,
    requests,
)

from cloudcontracts.dataset import (
    DATASET_FOCUS_COLUMNS,
    Account,
    Month,
    SyncReport,
    hyperstack_billing,
    month_range,
    open_sink,
    sync,
)
from cloudcontracts.errors import ServerError
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS
from cloudcontracts.exports.focus_hyperstack_export import hyperstack_billing_focus_rows
from cloudcontracts.exports.hyperstack_money_rows import BILLING_COLUMNS
from cloudcontracts.hyperstack.client import HyperstackContracts
from cloudcontracts.sandbox import Sandbox

duckdb = pytest.importorskip("duckdb")
pq = pytest.importorskip("pyarrow.parquet")

MONTHS = month_range(HS_BILLING_SINCE, HS_BILLING_TODAY)
OPEN = month_range(HS_BILLING_TODAY.shifted(-2), HS_BILLING_TODAY)  # final after two complete months


def _accounts(sb: Sandbox, *, max_retries: int = 2) -> list[Account]:
    def connect() -> HyperstackContracts:
        return HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url, max_retries=max_retries)

    return [Account("hyperstack", "main", connect), Account("hyperstack", "second", connect)]


def _sync(sb: Sandbox, target: Path, **kwargs: Any) -> SyncReport:
    sink = open_sink(target)
    try:
        return sync(
            kwargs.pop("accounts", None) or _accounts(sb),
            [hyperstack_billing(per_page=HS_BILLING_PAGE)],
            sink,
            today=HS_BILLING_TODAY,
            since=HS_BILLING_SINCE,
            **kwargs,
        )
    finally:
        sink.close()


def _money(con: Any) -> dict[tuple[str, str, str], tuple[int, float]]:
    """(rows, exact sum) per (table/charge, account, month) of the Hyperstack tables."""
    got: dict[tuple[str, str, str], tuple[int, float]] = {}
    flat = con.execute(
        "SELECT account, month, list(incurred_bill) FROM hyperstack_billing GROUP BY ALL"
    ).fetchall()
    for account, month, bills in flat:
        got[("flat", account, month)] = (len(bills), math.fsum(bills))
    focus = con.execute(
        'SELECT "ChargeCategory", account, month, list("BilledCost") FROM focus '
        "WHERE provider = 'hyperstack' GROUP BY ALL"
    ).fetchall()
    for charge, account, month, costs in focus:
        got[(charge, account, month)] = (len(costs), math.fsum(costs))
    return got


def _expected(sb: Sandbox, months: list[Month]) -> dict[tuple[str, str, str], tuple[int, float]]:
    expected: dict[tuple[str, str, str], tuple[int, float]] = {}
    for account in ("main", "second"):
        for month in months:
            served = hyperstack_billing_expected(sb, month)
            if served.entries:
                expected[("flat", account, month.key)] = (len(served.entries), served.billed)
                expected[("Usage", account, month.key)] = (len(served.entries), served.billed)
            if served.purchases:
                expected[("Purchase", account, month.key)] = (served.purchases, 0.0)
    return expected


def _check_money(sb: Sandbox, target: Path) -> None:
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert _money(con) == _expected(sb, MONTHS)
        # What FOCUS bills is what the flat rows say was incurred, to the last digit, overall too.
        flat = con.execute("SELECT list(incurred_bill) FROM hyperstack_billing").fetchone()[0]
        focus = con.execute(
            "SELECT list(\"BilledCost\") FROM focus WHERE provider = 'hyperstack'"
        ).fetchone()[0]
        assert math.fsum(focus) == math.fsum(flat) > 0
        # Each row carries its month as its period, the month's end exclusive as FOCUS has it.
        periods = con.execute(
            'SELECT DISTINCT month, "BillingPeriodStart", "BillingPeriodEnd" FROM focus ORDER BY ALL'
        ).fetchall()
        assert [(m, s, e) for m, s, e in periods] == [
            (month.key, month.first_instant, month.next_instant) for month in MONTHS
        ]
        flat_periods = con.execute(
            "SELECT DISTINCT month, period_start, period_end FROM hyperstack_billing ORDER BY ALL"
        ).fetchall()
        billed = [m for m in MONTHS if hyperstack_billing_expected(sb, m).entries]
        assert flat_periods == [(m.key, m.first_instant, m.next_instant) for m in billed]
        assert con.execute(
            "SELECT count(*) FROM focus WHERE x_BillingPeriodStatus IS NOT NULL"
        ).fetchone() == (0,)
    finally:
        con.close()


def test_the_month_is_asked_from_its_first_instant_to_the_next_months() -> None:
    resource = hyperstack_billing(per_page=50)
    assert resource.query(Month.parse("2024-02")) == {
        "per_page": 50,
        "start_date": "2024-02-01T00:00:00",
        "end_date": "2024-03-01T00:00:00",
    }
    assert resource.query(Month.parse("2025-12"))["end_date"] == "2026-01-01T00:00:00"
    # The inputs without a period are asked without the month.
    contracts, machines, pricebook = resource.inputs
    assert resource.input_query(contracts, Month.parse("2024-02")) == {"per_page": 50}
    assert resource.input_query(pricebook, Month.parse("2024-02")) == {}
    assert (machines.paged, machines.items_field, pricebook.paged) == (False, "instances", False)
    assert [t.name for t in resource.tables] == ["hyperstack_billing", "focus"]
    assert resource.tables[0].columns == BILLING_COLUMNS
    assert resource.tables[1].columns == DATASET_FOCUS_COLUMNS == (*FOCUS_COLUMNS, DATASET_FOCUS_COLUMNS[-1])


def test_first_run_loads_every_month_with_its_money(cloudcontracts_sandbox: Sandbox, tmp_path: Path) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    report = _sync(sb, target)
    served = [hyperstack_billing_expected(sb, month) for month in MONTHS]
    assert report.fetched == report.count("new") == 2 * len(MONTHS)
    assert requests(sb) == report.pages == 2 * sum(month.requests for month in served)
    assert billing_requests(sb) == 2 * sum(month.billing_pages for month in served)
    _check_money(sb, target)
    con = duckdb.connect(str(target), read_only=True)
    state = con.execute(
        "SELECT account, month, final, row_count FROM _cloudcontracts_sync ORDER BY ALL"
    ).fetchall()
    con.close()
    by_month = dict(zip((m.key for m in MONTHS), served, strict=True))
    assert [(a, m) for a, m, _, _ in state] == [(a, m.key) for a in ("main", "second") for m in MONTHS]
    for _, month, final, row_count in state:
        assert final == (month < OPEN[0].key)
        assert row_count == 2 * len(by_month[month].entries) + by_month[month].purchases


def test_focus_rows_are_the_cli_exports_for_the_same_query(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target, accounts=_accounts(sb)[:1])
    month = Month.parse("2026-04")
    start, end = (moment.strftime("%Y-%m-%dT%H:%M:%S") for moment in hyperstack_period(month))
    with HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
        exported = [
            row
            for row in hyperstack_billing_focus_rows(client, start, end)
            if row["ChargeCategory"] == "Usage"
        ]
    names = [c.name for c in FOCUS_COLUMNS if c.name not in ("BillingPeriodEnd", "ChargePeriodEnd")]
    selected = ", ".join('"' + name + '"' for name in names)
    con = duckdb.connect(str(target), read_only=True)
    stored = con.execute(
        f"SELECT {selected} FROM focus WHERE month = ? AND \"ChargeCategory\" = 'Usage'", [month.key]
    )
    got = sorted(_comparable(row) for row in stored.fetchall())
    con.close()
    assert len(got) == len(exported) == len(hyperstack_billing_expected(sb, month).entries)
    assert any(row["ContractApplied"] for row in exported) and any(row["ListCost"] for row in exported)
    assert got == sorted(_comparable(tuple(row[name] for name in names)) for row in exported)


def _comparable(values: tuple[Any, ...]) -> str:
    """A row as text both sides agree on: instants in UTC, numbers as floats (DuckDB's DOUBLE)."""

    def one(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    return repr(tuple(one(value) for value in values))


def test_second_run_fetches_only_open_months_and_changes_nothing(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    before = _contents(target)
    sent, billed = requests(sb), billing_requests(sb)
    report = _sync(sb, target)
    served = [hyperstack_billing_expected(sb, month) for month in OPEN]
    assert billing_requests(sb) - billed == 2 * sum(month.billing_pages for month in served)
    assert requests(sb) - sent == report.pages == 2 * sum(month.requests for month in served)
    assert report.fetched == report.count("unchanged") == 2 * len(OPEN)
    assert report.skipped_final == 2 * (len(MONTHS) - len(OPEN))
    assert report.rows_written == 0
    assert _contents(target) == before


def _contents(target: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(target), read_only=True)
    try:
        return {
            table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("hyperstack_billing", "focus", "_cloudcontracts_sync")
        }
    finally:
        con.close()


def _serve(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch, change: Callable[[datetime, list[Any]], list[Any]]
) -> None:
    """Serve the billing history through ``change(start, entries)`` from now on."""
    served = sb.state.hyperstack_billing_history

    def history(start: datetime, end: datetime, search: str | None = None) -> list[dict[str, Any]]:
        return change(start, served(start, end, search))

    monkeypatch.setattr(sb.state, "hyperstack_billing_history", history)


def test_a_restated_month_is_replaced_whole_and_an_emptied_one_removed(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    before = _contents(target)
    restated, emptied = OPEN[0], OPEN[1]

    def change(start: datetime, entries: list[Any]) -> list[Any]:
        if start == hyperstack_period(restated)[0]:
            late = dict(entries[1], metrics={**entries[1]["metrics"], "incurred_bill": 1234.5678})
            return [late, *entries[2:]]  # one machine dropped, one re-billed
        return [] if start == hyperstack_period(emptied)[0] else entries

    _serve(sb, monkeypatch, change)
    report = _sync(sb, target)
    assert {(r.unit.account, r.unit.month, r.outcome) for r in report.results} == {
        (account, month, "unchanged" if month not in (restated, emptied) else "restated")
        for account in ("main", "second")
        for month in OPEN
    }
    _check_money(sb, target)  # now the restated sandbox's values
    con = duckdb.connect(str(target), read_only=True)
    rows = con.execute(
        "SELECT count(*) FROM hyperstack_billing WHERE month = ? AND incurred_bill = 1234.5678",
        [restated.key],
    ).fetchone()
    gone = con.execute("SELECT count(*) FROM hyperstack_billing WHERE month = ?", [emptied.key]).fetchone()
    usage = con.execute(
        "SELECT count(*) FROM focus WHERE month = ? AND \"ChargeCategory\" = 'Usage'", [emptied.key]
    ).fetchone()
    con.close()
    assert (rows, gone, usage) == ((2,), (0,), (0,))
    after = _contents(target)
    untouched = [m.key for m in MONTHS if m not in (restated, emptied)]
    for table in ("hyperstack_billing", "focus"):
        month_at = 3  # provider, account, resource, month
        assert [r for r in after[table] if r[month_at] in untouched] == [
            r for r in before[table] if r[month_at] in untouched
        ]


def test_an_api_giving_up_mid_way_keeps_whole_months_and_the_next_run_resumes(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    served = [hyperstack_billing_expected(sb, month) for month in MONTHS]
    # The billing history fails on the second page of the third month of the first account.
    before = sum(month.billing_pages for month in served[:2]) + 1
    sb.faults.script(*["ok"] * before, "500", operation="get_vm_billing_history")
    target = tmp_path / "costs"
    report = SyncReport()
    with pytest.raises(ServerError):
        _sync(sb, target, accounts=_accounts(sb, max_retries=0), report=report)
    assert [(r.unit.account, r.unit.month) for r in report.results] == [("main", m) for m in MONTHS[:2]]
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.parquet"))
    assert written == sorted(
        f"{table}/provider=hyperstack/month={m.key}/main.hyperstack_billing.parquet"
        for table in ("hyperstack_billing", "focus")
        for m in MONTHS[:2]
    )
    for path in written:
        month = Month.parse(path.split("month=")[1][:7])
        entries = hyperstack_billing_expected(sb, month)
        rows = len(entries.entries) + (entries.purchases if path.startswith("focus/") else 0)
        assert pq.read_metadata(target / path).num_rows == rows
    sb.faults.clear()
    sent = billing_requests(sb)
    resumed = _sync(sb, target)
    # Final months already written are skipped; everything else is fetched.
    assert resumed.skipped_final == 2
    assert billing_requests(sb) - sent == sum(m.billing_pages for m in served[2:]) + sum(
        m.billing_pages for m in served
    )
    clean = tmp_path / "clean"
    _sync(sb, clean)
    assert _files(target) == _files(clean)
    assert _files(target)  # the second sync of a clean folder changes no byte either
    _sync(sb, clean)
    assert _files(target) == _files(clean)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parquet_is_byte_identical_on_a_rerun_and_hive_readable(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs"
    _sync(sb, target)
    first = _files(target)
    _sync(sb, target)
    assert _files(target) == first
    con = duckdb.connect()
    got = con.execute(
        "SELECT account, month, list(incurred_bill) FROM read_parquet(?, hive_partitioning = true) GROUP BY ALL",
        [str(target / "hyperstack_billing" / "**" / "*.parquet")],
    ).fetchall()
    con.close()
    expected = {k[1:]: v for k, v in _expected(sb, MONTHS).items() if k[0] == "flat"}
    assert {(a, m): (len(b), math.fsum(b)) for a, m, b in got} == expected
