# ruff: noqa: S608 -- SQL over the test's own table names
"""The dlt source: the sandbox loaded into a local DuckDB through dlt, twice; the second run adds nothing.
Hyperstack billing the same way, then a month upstream empties: its rows are deleted."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.dataset_support import (
    HS_BILLING_PAGE,
    HS_BILLING_SINCE,
    HS_BILLING_TODAY,
    SINCE,
    TODAY,
    accounts,
    all_months,
    billing_requests,
    hyperstack_billing_expected,
    hyperstack_expected,
    hyperstack_period,
    ncp_expected,
    requests,
    resources,
)

from cloudcontracts.dataset import hyperstack_billing, month_range
from cloudcontracts.sandbox import Sandbox

pytestmark = pytest.mark.slow  # dlt pipelines into DuckDB

dlt = pytest.importorskip("dlt")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(autouse=True)
def _no_telemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")


def _load(sb: Sandbox, tmp_path: Path) -> object:
    from cloudcontracts.dlt import cloudcontracts_source  # noqa: PLC0415 -- needs the dlt extra

    pipeline = dlt.pipeline(
        pipeline_name="cloudcontracts_test",
        pipelines_dir=str(tmp_path / "pipelines"),
        destination=dlt.destinations.duckdb(str(tmp_path / "dlt.duckdb")),
        dataset_name="costs",
    )
    return pipeline.run(cloudcontracts_source(accounts(sb), resources(), since=SINCE, today=TODAY))


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = ("ncp_usage", "focus", "hyperstack_contracts")
        return {
            t: con.execute(f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM costs.{t} ORDER BY ALL").fetchall()
            for t in tables
        }
    finally:
        con.close()


def test_loading_twice_through_dlt_adds_nothing_the_second_time(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    _load(sb, tmp_path)
    first = _tables(tmp_path / "dlt.duckdb")
    con = duckdb.connect(str(tmp_path / "dlt.duckdb"), read_only=True)
    for account in ("master", "members"):
        got = con.execute(
            "SELECT month, count(*), sum(usage_quantity) FROM costs.ncp_usage WHERE account = ? GROUP BY ALL",
            [account],
        ).fetchall()
        expected = {m.key: ncp_expected(sb, account, m) for m in all_months()}
        assert {m: n for m, n, _ in got} == {m: e[0] for m, e in expected.items() if e[0]}
        for month, _, quantity in got:
            assert quantity == pytest.approx(expected[month][1], rel=1e-12)
        focus = con.execute(
            "SELECT count(*) FROM costs.focus WHERE account = ? AND provider = 'ncloud'", [account]
        ).fetchall()
        assert focus == [(sum(e[0] for e in expected.values()),)]
    assert con.execute("SELECT count(*) FROM costs.hyperstack_contracts").fetchall() == [
        (hyperstack_expected(sb)[0],)
    ]
    loads = con.execute("SELECT count(*) FROM costs._dlt_loads").fetchall()
    con.close()
    sent = requests(sb)
    _load(sb, tmp_path)
    # Only the open months were asked for again (two NCP accounts, three months; one Hyperstack snapshot)...
    assert (
        requests(sb) - sent
        == sum(ncp_expected(sb, a, m)[2] for a in ("master", "members") for m in all_months()[-3:])
        + hyperstack_expected(sb)[1]
    )
    # ...and, unchanged, they loaded nothing: same rows, same load ids.
    assert _tables(tmp_path / "dlt.duckdb") == first
    con = duckdb.connect(str(tmp_path / "dlt.duckdb"), read_only=True)
    assert con.execute("SELECT count(DISTINCT _dlt_load_id) FROM costs.ncp_usage").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM costs._dlt_loads").fetchall() >= loads
    con.close()


def _load_billing(sb: Sandbox, tmp_path: Path) -> None:
    from cloudcontracts.dlt import cloudcontracts_source  # noqa: PLC0415 -- needs the dlt extra

    pipeline = dlt.pipeline(
        pipeline_name="cloudcontracts_billing",
        pipelines_dir=str(tmp_path / "pipelines"),
        destination=dlt.destinations.duckdb(str(tmp_path / "billing.duckdb")),
        dataset_name="costs",
    )
    hyperstack = [account for account in accounts(sb) if account.provider == "hyperstack"]
    source = cloudcontracts_source(
        hyperstack,
        [hyperstack_billing(per_page=HS_BILLING_PAGE)],
        since=HS_BILLING_SINCE,
        today=HS_BILLING_TODAY,
    )
    pipeline.run(source)


def _billing_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM costs.{t} ORDER BY ALL").fetchall()
            for t in ("hyperstack_billing", "focus")
        }
    finally:
        con.close()


def _billing_money(path: Path) -> dict[tuple[str, str], tuple[int, float]]:
    """(rows, exact sum) per (table or FOCUS charge category, month)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        flat = con.execute(
            "SELECT 'flat', month, list(incurred_bill) FROM costs.hyperstack_billing GROUP BY ALL"
        ).fetchall()
        focus = con.execute(
            "SELECT charge_category, month, list(billed_cost) FROM costs.focus GROUP BY ALL"
        ).fetchall()
        tombstones = con.execute(
            "SELECT count(*) FROM costs.hyperstack_billing WHERE month_tombstone IS NOT NULL"
        ).fetchone()
    finally:
        con.close()
    assert tombstones == (0,)  # a month's tombstone deletes, and is never stored
    return {(kind, month): (len(values), math.fsum(values)) for kind, month, values in [*flat, *focus]}


def _billing_expected(sb: Sandbox) -> dict[tuple[str, str], tuple[int, float]]:
    expected: dict[tuple[str, str], tuple[int, float]] = {}
    for month in month_range(HS_BILLING_SINCE, HS_BILLING_TODAY):
        served = hyperstack_billing_expected(sb, month)
        if served.entries:
            expected[("flat", month.key)] = expected[("Usage", month.key)] = (
                len(served.entries),
                served.billed,
            )
        if served.purchases:
            expected[("Purchase", month.key)] = (served.purchases, 0.0)
    return expected


def test_hyperstack_billing_through_dlt_twice_then_an_emptied_month_is_deleted(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sb = cloudcontracts_sandbox
    _load_billing(sb, tmp_path)
    database = tmp_path / "billing.duckdb"
    assert _billing_money(database) == _billing_expected(sb)
    first = _billing_tables(database)
    sent = billing_requests(sb)
    _load_billing(sb, tmp_path)
    # Only the open months were asked for again, and, unchanged, they loaded nothing.
    open_months = month_range(HS_BILLING_TODAY.shifted(-2), HS_BILLING_TODAY)
    assert billing_requests(sb) - sent == sum(
        hyperstack_billing_expected(sb, m).billing_pages for m in open_months
    )
    assert _billing_tables(database) == first
    # Upstream empties an open month: its rows go from the table it no longer has rows in (its usage
    # FOCUS rows too); the contracts' purchases of that month stay, and every other month is untouched.
    emptied = open_months[1]
    served = sb.state.hyperstack_billing_history

    def history(start: datetime, end: datetime, search: str | None = None) -> list[dict[str, Any]]:
        return [] if start == hyperstack_period(emptied)[0] else served(start, end, search)

    monkeypatch.setattr(sb.state, "hyperstack_billing_history", history)
    _load_billing(sb, tmp_path)
    expected = _billing_expected(sb)
    assert ("flat", emptied.key) not in expected and ("Purchase", emptied.key) in expected
    assert _billing_money(database) == expected
    after = _billing_tables(database)
    for table in ("hyperstack_billing", "focus"):
        kept = [row for row in after[table] if emptied.key not in row]
        assert kept == [row for row in first[table] if emptied.key not in row]
