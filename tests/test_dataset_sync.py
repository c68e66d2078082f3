# ruff: noqa: S608 -- SQL over the test's own table names
"""The sync engine against the sandbox: first run, incremental run, restated months, stops and resumes.

Every expectation is read from the sandbox's state (what it serves), never pinned: rows and quantity
sums per account and month, and the number of requests a run makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.dataset_support import (
    SINCE,
    TODAY,
    accounts,
    all_months,
    hyperstack_expected,
    ncp_expected,
    open_months,
    per_month,
    planned_pages,
    requests,
    resources,
)

from cloudcontracts.dataset import Month, SyncReport, UnitResult, open_sink, sync
from cloudcontracts.errors import ServerError
from cloudcontracts.sandbox import Sandbox

duckdb = pytest.importorskip("duckdb")


def _sync(sb: Sandbox, target: Path, **kwargs: object) -> SyncReport:
    sink = open_sink(target)
    try:
        return sync(accounts(sb), resources(), sink, today=TODAY, since=SINCE, **kwargs)  # type: ignore[arg-type]
    finally:
        sink.close()


def _expected_ncp(sb: Sandbox) -> dict[tuple[str, str], tuple[int, float]]:
    expected = {}
    for account in ("master", "members"):
        for month in all_months():
            rows, quantity, _ = ncp_expected(sb, account, month)
            if rows:
                expected[(account, month.key)] = (rows, quantity)
    return expected


def _check_contents(sb: Sandbox, con: object) -> None:
    expected = _expected_ncp(sb)
    for table, column in (("ncp_usage", "usage_quantity"), ("focus", "ConsumedQuantity")):
        got = per_month(con, table, column)
        assert set(got) == set(expected)
        for key, (rows, quantity) in expected.items():
            assert got[key][0] == rows, (table, key)
            assert got[key][1] == pytest.approx(quantity, rel=1e-12), (table, key)
    hs_rows, _ = hyperstack_expected(sb)
    for table in ("hyperstack_contracts", "focus"):
        assert con.execute(  # type: ignore[attr-defined]
            f"SELECT account, month, count(*) FROM {table} WHERE provider = 'hyperstack' GROUP BY ALL"
        ).fetchall() == [("main", TODAY.key, hs_rows)]


def test_first_run_loads_every_month_of_every_account(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    report = _sync(sb, tmp_path / "costs.duckdb")
    units = planned_pages(sb, all_months())
    assert requests(sb) == report.pages == sum(pages for _, _, pages in units)
    assert report.fetched == report.count("new") == len(units) == 2 * len(all_months()) + 1
    assert report.skipped_final == 0
    con = duckdb.connect(str(tmp_path / "costs.duckdb"))
    _check_contents(sb, con)
    # The state: every unit, final exactly when older than two complete months.
    state = con.execute(
        "SELECT account, month, final, row_count FROM _cloudcontracts_sync ORDER BY ALL"
    ).fetchall()
    final_before = TODAY.shifted(-2).key
    for account, month, final, row_count in state:
        assert final == (account != "main" and month < final_before)
        if account != "main":
            rows = ncp_expected(sb, account, Month.parse(month))[0]
            assert row_count == 2 * rows  # flat and FOCUS rows


def test_second_run_fetches_only_open_months_and_changes_nothing(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    con = duckdb.connect(str(target))
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("ncp_usage", "focus")}
    con.close()
    sent = requests(sb)
    report = _sync(sb, target)
    open_units = planned_pages(sb, open_months())
    assert requests(sb) - sent == sum(pages for _, _, pages in open_units)
    assert report.fetched == len(open_units) == report.count("unchanged")
    assert report.skipped_final == 2 * (len(all_months()) - len(open_months()))
    assert report.rows_written == 0
    con = duckdb.connect(str(target))
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in before} == before


def _restate(sb: Sandbox, month: Month) -> tuple[str, float]:
    """Change one usage record of ``month`` in the sandbox's served data; (its contractNo, the increase)."""
    for record in sb.state.ncp_records():
        if record.member_no != sb.state.ncp_members[0]:
            continue
        for product in record.products:
            for usage_month, usage in product.usages:
                if usage_month == month.compact:
                    usage["usageQuantity"] += 1000
                    return record.contract_no, 1000.0
    raise AssertionError("no usage to restate")


def test_a_restated_open_month_is_replaced_and_the_others_untouched(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    con = duckdb.connect(str(target))
    before = per_month(con, "ncp_usage", "usage_quantity")
    others = con.execute(
        "SELECT * FROM ncp_usage WHERE NOT (account = 'master' AND month = '2024-04') ORDER BY ALL"
    )
    others_before = others.fetchall()
    con.close()
    restated = Month.parse("2024-04")
    _, increase = _restate(sb, restated)
    report = _sync(sb, target)
    assert [(r.unit.account, r.unit.month.key) for r in report.results if r.outcome == "restated"] == [
        ("master", "2024-04")
    ]
    assert report.count("unchanged") == report.fetched - 1
    con = duckdb.connect(str(target))
    after = per_month(con, "ncp_usage", "usage_quantity")
    assert after[("master", "2024-04")][0] == before[("master", "2024-04")][0]
    assert after[("master", "2024-04")][1] == pytest.approx(before[("master", "2024-04")][1] + increase)
    assert after[("master", "2024-04")][1] == pytest.approx(ncp_expected(sb, "master", restated)[1])
    assert {k: v for k, v in after.items() if k != ("master", "2024-04")} == {
        k: v for k, v in before.items() if k != ("master", "2024-04")
    }
    again = con.execute(
        "SELECT * FROM ncp_usage WHERE NOT (account = 'master' AND month = '2024-04') ORDER BY ALL"
    )
    assert again.fetchall() == others_before


def _completed_final_pages(units: list[tuple[str, str, int]], pages_before_fault: int) -> tuple[int, int]:
    """(units completed, pages of the completed ones that are final) when page ``pages_before_fault + 1``
    fails."""
    done = 0
    final_pages = 0
    fetched = 0
    final_before = TODAY.shifted(-2).key
    for account, month, pages in units:
        if fetched + pages > pages_before_fault:
            break
        fetched += pages
        done += 1
        if account != "main" and month < final_before:
            final_pages += pages
    return done, final_pages


@pytest.mark.parametrize("sink_name", ["costs.duckdb", "costs"])
def test_an_api_giving_up_mid_way_keeps_whole_months_and_the_next_run_resumes(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path, sink_name: str
) -> None:
    sb = cloudcontracts_sandbox
    units = planned_pages(sb, all_months())
    total = sum(pages for _, _, pages in units)
    after = total // 2
    sb.faults.script(*["ok"] * after, "500")
    target = tmp_path / sink_name
    sink = open_sink(target)
    report = SyncReport()
    with pytest.raises(ServerError):
        sync(accounts(sb, max_retries=0), resources(), sink, today=TODAY, since=SINCE, report=report)
    sink.close()
    done, final_pages = _completed_final_pages(units, after)
    assert 0 < done < len(units)
    assert report.fetched == done
    assert {u.key for u in (r.unit for r in report.results)} == set(open_sink(target).state())
    sb.faults.clear()
    sent = requests(sb)
    resumed = _sync(sb, target)
    assert requests(sb) - sent == total - final_pages
    assert resumed.count("new") == len(units) - done
    clean = tmp_path / ("clean.duckdb" if sink_name.endswith(".duckdb") else "clean")
    _sync(sb, clean)
    assert _dump(target) == _dump(clean)


def _dump(target: Path) -> dict[str, object]:
    """Every table's rows (DuckDB) or every file's bytes (Parquet)."""
    if target.suffix == ".duckdb":
        con = duckdb.connect(str(target))
        try:
            tables = ("ncp_usage", "focus", "hyperstack_contracts", "_cloudcontracts_sync")
            return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        finally:
            con.close()
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


class _InterruptAfter:
    """Ctrl-C after ``pages`` pages, as SIGINT would arrive in the middle of a month."""

    def __init__(self, pages: int) -> None:
        self.left = pages

    def planned(self, units: int) -> None:
        return None

    def page(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise KeyboardInterrupt

    def unit_done(self, result: UnitResult) -> None:
        return None


def test_ctrl_c_mid_month_writes_nothing_of_that_month(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    units = planned_pages(sb, all_months())
    first_multi = next(i for i, (_, _, pages) in enumerate(units) if pages > 1)
    stop_after = sum(pages for _, _, pages in units[:first_multi]) + 1  # one page into a multi-page month
    target = tmp_path / "costs"
    sink = open_sink(target)
    with pytest.raises(KeyboardInterrupt):
        sync(accounts(sb), resources(), sink, today=TODAY, since=SINCE, observer=_InterruptAfter(stop_after))
    sink.close()
    state = open_sink(target).state()
    assert len(state) == first_multi
    account, month, _ = units[first_multi]
    assert (account, "ncp_usage", month) not in state
    assert not list((target / "ncp_usage").glob(f"provider=ncloud/month={month}/{account}.*"))
    assert not [p for p in target.rglob("*") if p.name.endswith(".partial")]
    _sync(sb, target)
    clean = tmp_path / "clean"
    _sync(sb, clean)
    assert _dump(target) == _dump(clean)


def test_parquet_is_byte_for_byte_reproducible_and_readable_as_hive_partitions(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    _sync(sb, tmp_path / "one")
    _sync(sb, tmp_path / "two")
    first = _dump(tmp_path / "one")
    assert first == _dump(tmp_path / "two")
    _sync(sb, tmp_path / "one")  # a second run over the same data: nothing rewritten
    assert _dump(tmp_path / "one") == first
    files = [name for name in first if name.endswith(".parquet")]
    assert "ncp_usage/provider=ncloud/month=2024-04/master.ncp_usage.parquet" in files
    assert "focus/provider=hyperstack/month=2024-05/main.hyperstack_contracts.parquet" in files
    con = duckdb.connect()
    glob = str(tmp_path / "one" / "{}" / "**" / "*.parquet")
    for table in ("ncp_usage", "focus", "hyperstack_contracts"):
        con.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob.format(table)}', hive_partitioning = true)"
        )
    _check_contents(sb, con)


def test_a_month_turning_final_is_fetched_once_more_then_never(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    target = tmp_path / "costs.duckdb"
    _sync(sb, target)
    june = TODAY.shifted(1)
    sink = open_sink(target)
    try:
        report = sync(accounts(sb), resources(), sink, today=june, since=SINCE)
        # March turns final in June: fetched, unchanged, and only its state updated.
        march = [r for r in report.results if r.unit.month.key == "2024-03"]
        assert [(r.unit.account, r.outcome, r.final) for r in march] == [
            ("master", "unchanged", True),
            ("members", "unchanged", True),
        ]
        assert {k: v.final for k, v in sink.state().items() if k[2] == "2024-03"} == {
            ("master", "ncp_usage", "2024-03"): True,
            ("members", "ncp_usage", "2024-03"): True,
        }
        sent = requests(sb)
        again = sync(accounts(sb), resources(), sink, today=june, since=SINCE)
    finally:
        sink.close()
    assert "2024-03" not in {r.unit.month.key for r in again.results}
    assert sorted({r.unit.month.key for r in again.results}) == ["2024-04", "2024-05", "2024-06"]
    assert requests(sb) - sent == again.pages
